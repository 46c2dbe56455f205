/**
 * Every user-visible string goes through `t` (UI) or the core's `msg` (engine), both resolved by the browser.
 * Keys live in public/_locales/<locale>/messages.json. Outside an extension (unit tests) or in a dead context,
 * `t` returns the key itself rather than throwing.
 */
import { compiledTranslator, installTranslator, plural, type CompiledMessage, type PluralMessage } from '../core/i18n/index';
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

/** Substitution slots: private-use characters no message contains, one per `$1`…`$9`. */
const SLOTS = Array.from({ length: 9 }, (_, index) => String.fromCharCode(0xe000 + index));
const SLOT_PATTERN = /[\ue000-\ue008]/;

/** A message as the browser resolved it with the slots as substitutions, split at the slots. */
function compileResolved(template: string): CompiledMessage {
  const parts: Array<string | number> = [];
  let literal = '';
  for (const char of template) {
    if (SLOT_PATTERN.test(char)) {
      parts.push(literal, char.charCodeAt(0) - 0xe000);
      literal = '';
    } else {
      literal += char;
    }
  }
  parts.push(literal);
  return parts;
}

/**
 * Gives the core (validation engines, audit rules, bulk planning, the Workbooks client) the browser's
 * translations. Each extension context calls this once at start, before any engine message is made.
 *
 * `i18n.getMessage` costs ~5 µs a call in Chromium and the IP engine makes thousands of messages for a long
 * list, so each message is asked for once with slot characters as substitutions; later uses fill the slots
 * (the browser has already resolved the locale, the named placeholders and `$$`). The e2e suite compares the
 * result with `getMessage` for every message.
 */
export function installBrowserTranslator(): void {
  let locale = 'en-GB';
  try {
    locale = browser.i18n.getUILanguage() || locale;
  } catch {
    // A dead context keeps the default: messages come back as keys anyway.
  }
  installTranslator(
    compiledTranslator(locale, (key) => {
      const template = getMessage(key, SLOTS);
      // Unknown key or dead context: nothing to keep (a dead context never comes back to life).
      return template ? compileResolved(template) : null;
    }),
  );
}

/**
 * A message with plural forms (`<base>_one`, `<base>_other`, …) for `count`: `$1` is the count formatted
 * for en-GB, `substitutions` follow as `$2`…. Same rules as the core's `plural`.
 */
export function tPlural(base: PluralMessage, count: number, substitutions: readonly string[] = []): string {
  return plural(base, count, ...substitutions);
}
