/**
 * How core code speaks. Every sentence the engine produces (findings, fix labels, errors shown to the admin)
 * is a message of `public/_locales`, resolved through the translator the running context installed:
 * `browser.i18n` in the extension (installed by the platform layer), the en-GB catalogue in Node (unit tests,
 * the bench, tools). Core stays pure: it never touches `browser.*`, it only asks for messages by key.
 *
 * Substitutions are strings on purpose: a year or a key id must never pick up digit grouping; counts are
 * formatted with `formatCount` by the caller.
 */
import type enGB from '../../../public/_locales/en_GB/messages.json';

export type MessageKey = keyof typeof enGB;

/** A message with singular/plural forms: `<base>_one`, `<base>_other` (and `_few`, `_many`… where a locale needs them). */
export type PluralMessage = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

export interface Translator {
  /** The locale whose plural rules apply (BCP 47). */
  readonly locale: string;
  /** The message with its substitutions, or '' when the catalogue has no such message. */
  message(key: string, substitutions: readonly string[]): string;
}

/** A message split into literal text and substitution slots (0-based), so each use is a plain join. */
export type CompiledMessage = ReadonlyArray<string | number>;

/**
 * A translator that compiles each message once (`compile` answers null for a message it does not have; that is
 * not remembered) and then only fills its slots: the IP engine makes thousands of messages for a long list.
 */
export function compiledTranslator(locale: string, compile: (key: string) => CompiledMessage | null): Translator {
  const compiled = new Map<string, CompiledMessage>();
  return {
    locale,
    message(key, substitutions) {
      let parts = compiled.get(key);
      if (!parts) {
        const fresh = compile(key);
        if (!fresh) return '';
        parts = fresh;
        compiled.set(key, parts);
      }
      let out = '';
      for (const part of parts) out += typeof part === 'number' ? (substitutions[part] ?? '') : part;
      return out;
    },
  };
}

let active: Translator | null = null;

/** Installs the translator every later message goes through (once per context, at start). */
export function installTranslator(translator: Translator): void {
  active = translator;
}

/** The installed translator, for code that needs its locale. */
export function currentTranslator(): Translator | null {
  return active;
}

/**
 * The message for `key`. Without a translator (a context that forgot to install one) or for a key the
 * catalogue lacks, the key itself comes back: visible in testing, never a crash.
 */
export function msg(key: MessageKey, ...substitutions: string[]): string {
  if (!active) return key;
  return active.message(key, substitutions) || key;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      rules = new Intl.PluralRules('en-GB');
    }
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/**
 * The plural form of `base` for `count`: `$1` is the count (formatted), further substitutions follow.
 * A locale category the catalogue has no form for falls back to `_other`.
 */
export function plural(base: PluralMessage, count: number, ...substitutions: string[]): string {
  const all = [formatCount(count), ...substitutions];
  if (!active) return `${base}_other`;
  const category = pluralCategory(active.locale, count);
  return active.message(`${base}_${category}`, all) || active.message(`${base}_other`, all) || `${base}_other`;
}

const countFormat = new Intl.NumberFormat('en-GB');

/** Numbers the admin reads are formatted for en-GB (1,234), as dates are (2 May 2027). */
export function formatCount(count: number): string {
  return countFormat.format(count);
}
