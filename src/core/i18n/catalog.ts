/**
 * A translator over a `messages.json` catalogue, following the WebExtension `i18n.getMessage` rules: named
 * `$PLACEHOLDER$`s (case-insensitive) take their `content`, `$1`…`$9` take the substitutions (missing ones
 * become empty), `$$` is a dollar sign. Used where `browser.i18n` does not exist: unit tests, the bench and
 * tools. Inside the extension the browser's own implementation is used.
 */
import { compiledTranslator, type CompiledMessage, type Translator } from './index';

export interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type Catalog = Record<string, CatalogEntry>;

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
  // Compiled once per message, as browsers resolve named placeholders when they load the catalogue.
  return compiledTranslator(locale, (key) => {
    const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
    return entry ? compile(entry) : null;
  });
}
