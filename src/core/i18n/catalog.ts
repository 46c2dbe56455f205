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

export function createCatalogTranslator(catalog: Catalog, locale: string): Translator {
  // Named placeholders are resolved once per message (as browsers do when they load the catalogue).
  const templates = new Map<string, string>();
  const templateOf = (key: string): string | null => {
    const cached = templates.get(key);
    if (cached !== undefined) return cached;
    const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
    if (!entry) return null;
    const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, value]) => [name.toLowerCase(), value.content]));
    const template = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole);
    templates.set(key, template);
    return template;
  };
  return {
    locale,
    message(key, substitutions) {
      const template = templateOf(key);
      if (template === null) return '';
      return template.replace(/\$(\$|[1-9])/g, (_whole, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
    },
  };
}
