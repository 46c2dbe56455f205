/**
 * Every user-visible string goes through `t`. Keys live in public/_locales/<locale>/messages.json.
 * Outside an extension (unit tests) or in a dead context, the key itself is returned rather than throwing.
 */
import { browser, isExtensionContextAlive } from './browser';
import type enGB from '../../public/_locales/en_GB/messages.json';

export type MessageKey = keyof typeof enGB;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  if (!isExtensionContextAlive()) return key;
  try {
    return browser.i18n.getMessage(key, substitutions) || key;
  } catch {
    return key;
  }
}
