/**
 * Every user-visible string goes through `t` (UI) or the core's `msg` (engine), both resolved by the browser.
 * Keys live in public/_locales/<locale>/messages.json. Outside an extension (unit tests) or in a dead context,
 * `t` returns the key itself rather than throwing.
 */
import { installTranslator, plural, type PluralMessage } from '../core/i18n/index';
import { browser, isExtensionContextAlive } from './browser';
import type enGB from '../../public/_locales/en_GB/messages.json';

export type MessageKey = keyof typeof enGB;

function getMessage(key: string, substitutions?: string | string[]): string {
  if (!isExtensionContextAlive()) return '';
  try {
    return browser.i18n.getMessage(key, substitutions);
  } catch {
    return '';
  }
}

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return getMessage(key, substitutions) || key;
}

/**
 * Gives the core (validation engines, audit rules, bulk planning, the Workbooks client) the browser's
 * translations. Each extension context calls this once at start, before any engine message is made.
 */
export function installBrowserTranslator(): void {
  let locale = 'en-GB';
  try {
    locale = browser.i18n.getUILanguage() || locale;
  } catch {
    // A dead context keeps the default: messages come back as keys anyway.
  }
  installTranslator({ locale, message: (key, substitutions) => getMessage(key, [...substitutions]) });
}

/**
 * A message with plural forms (`<base>_one`, `<base>_other`, …) for `count`: `$1` is the count formatted
 * for en-GB, `substitutions` follow as `$2`…. Same rules as the core's `plural`.
 */
export function tPlural(base: PluralMessage, count: number, substitutions: readonly string[] = []): string {
  return plural(base, count, ...substitutions);
}
