/**
 * The one entry to the WebExtension APIs. Everything else imports `browser` from here, so tests and the
 * dead-context guard have a single seam.
 */
import browser from 'webextension-polyfill';
import { errorMessage } from '../core/error-message';

export { browser };

/**
 * After the extension is updated or reloaded, content scripts of the old version keep running with a dead
 * `runtime`: `runtime.id` becomes undefined and every call throws "Extension context invalidated".
 */
interface ChromeRuntimeLike {
  runtime?: { id?: string };
}

export function isExtensionContextAlive(): boolean {
  try {
    // The raw `chrome` global, not the polyfill: the polyfill caches objects that outlive the context.
    const chromeGlobal = (globalThis as { chrome?: ChromeRuntimeLike }).chrome;
    return Boolean(chromeGlobal?.runtime?.id);
  } catch {
    return false;
  }
}

export function isContextInvalidatedError(error: unknown): boolean {
  const message = errorMessage(error);
  return /context invalidated|Extension context|receiving end does not exist/i.test(message);
}
