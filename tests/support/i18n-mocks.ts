/**
 * Stand-ins for src/platform/i18n in UI unit tests, where `browser.i18n` does not exist. Use with
 * `vi.mock('…/src/platform/i18n', async () => (await import('…/tests/support/i18n-mocks')).echoI18n())`.
 * Plural messages always resolve like tPlural does, through the core over the en-GB catalogue the test setup
 * installs (tests/support/install-en-gb.ts).
 */
import enGB from '../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../src/core/i18n/catalog';
import { plural, type PluralMessage } from '../../src/core/i18n/index';

type Substitutions = string | string[] | undefined;
const list = (substitutions: Substitutions): string[] => (substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);

const shared = {
  tPlural: (base: PluralMessage, count: number, substitutions: readonly string[] = []) => plural(base, count, ...substitutions),
  installBrowserTranslator: () => undefined,
};

/** `t()` answers `key(sub1|sub2)`: tests see which message was chosen and with what. */
export function echoI18n() {
  return {
    ...shared,
    t: (key: string, substitutions?: Substitutions) => (substitutions === undefined ? key : `${key}(${list(substitutions).join('|')})`),
  };
}

/** `t()` answers the real en-GB text, as admins read it. */
export function englishI18n() {
  const translator = createCatalogTranslator(enGB as Catalog, 'en-GB');
  return {
    ...shared,
    t: (key: string, substitutions?: Substitutions) => translator.message(key, list(substitutions)) || key,
  };
}
