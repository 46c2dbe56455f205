/**
 * A translator over a `messages.json` catalogue, following the WebExtension `i18n.getMessage` rules: named
 * `$PLACEHOLDER$`s (case-insensitive) take their `content`, `$1`…`$9` take the substitutions (missing ones
 * become empty), `$$` is a dollar sign. Used where `browser.i18n` does not exist: unit tests, the bench and
 * tools. Inside the extension the browser's own implementation is used.
 */
import type { Translator } from './index';

export interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type Catalog = Record<string, CatalogEntry>;

/** A message split once into literal text and substitution slots (0-based), so each use is a plain join. */
type CompiledMessage = ReadonlyArray<string | number>;

function compile(entry: CatalogEntry): CompiledMessage {
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, value]) => [name.toLowerCase(), value.content]));
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole);
  const parts: Array<string | number> = [];
  let literal = '';
  for (let i = 0; i < named.length; i++) {
    const char = named[i]!;
    const next = named[i + 1];
    if (char === '$' && next === '$') {
      literal += '$';
      i++;
    } else if (char === '$' && next !== undefined && next >= '1' && next <= '9') {
      parts.push(literal, Number(next) - 1);
      literal = '';
      i++;
    } else {
      literal += char;
    }
  }
  parts.push(literal);
  return parts;
}

export function createCatalogTranslator(catalog: Catalog, locale: string): Translator {
  // Compiled once per message (as browsers resolve named placeholders when they load the catalogue).
  const compiled = new Map<string, CompiledMessage>();
  return {
    locale,
    message(key, substitutions) {
      let parts = compiled.get(key);
      if (!parts) {
        const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
        if (!entry) return '';
        parts = compile(entry);
        compiled.set(key, parts);
      }
      let out = '';
      for (const part of parts) out += typeof part === 'number' ? (substitutions[part] ?? '') : part;
      return out;
    },
  };
}
