/**
 * A `chrome` global whose `i18n.getMessage` answers from the en-GB catalogue exactly as browsers do (through
 * createCatalogTranslator), for UI tests that render through the real src/platform/i18n. webextension-polyfill
 * reads `chrome` when it is imported, so install this from `vi.hoisted`:
 * `await vi.hoisted(async () => (await import('…/tests/support/fake-chrome-i18n')).installFakeChromeI18n());`
 */
import enGB from '../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../src/core/i18n/catalog';

export function installFakeChromeI18n(): void {
  const translator = createCatalogTranslator(enGB as Catalog, 'en-GB');
  (globalThis as { chrome?: unknown }).chrome = {
    runtime: { id: 'unit-test' },
    i18n: {
      getMessage: (key: string, substitutions?: string | string[]) =>
        translator.message(key, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]),
      getUILanguage: () => 'en-GB',
    },
  };
}
