/**
 * Where API keys live (worker only). By default in storage.session: in memory, forgotten when the browser
 * closes, and not readable by content scripts (its default access level is trusted contexts only). Only when
 * the admin ticks "remember on this device" does a key go to storage.local. Keys are per Workbooks origin.
 */
import { browser } from './browser';
import { maskSecret } from './secrets';
import type { ApiKeyStatus } from './api-messages';

const storageKey = (origin: string) => `apiKey:${origin}`;

export async function getApiKey(origin: string): Promise<string | null> {
  const key = storageKey(origin);
  const fromSession = (await browser.storage.session.get(key))[key];
  if (typeof fromSession === 'string' && fromSession) return fromSession;
  const fromLocal = (await browser.storage.local.get(key))[key];
  return typeof fromLocal === 'string' && fromLocal ? fromLocal : null;
}

export async function setApiKey(origin: string, apiKey: string, remember: boolean): Promise<void> {
  const key = storageKey(origin);
  await browser.storage.session.set({ [key]: apiKey });
  if (remember) await browser.storage.local.set({ [key]: apiKey });
  else await browser.storage.local.remove(key);
}

export async function forgetApiKey(origin: string): Promise<void> {
  const key = storageKey(origin);
  await browser.storage.session.remove(key);
  await browser.storage.local.remove(key);
}

export async function apiKeyStatus(origin: string): Promise<ApiKeyStatus> {
  const key = storageKey(origin);
  const remembered = typeof (await browser.storage.local.get(key))[key] === 'string';
  const value = await getApiKey(origin);
  return { present: value !== null, masked: value ? maskSecret(value) : null, remembered };
}
