/**
 * Settings live in storage.local (not sync: sync quotas silently drop writes). They are validated as a whole
 * and saved as a whole, so an invalid form is never half-saved.
 */
import { browser } from './browser';
import { validateSettings, DEFAULT_SETTINGS, type Settings, type SettingsValidation } from '../core/settings';

const STORAGE_KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
  const checked = validateSettings({ ...DEFAULT_SETTINGS, ...(typeof stored === 'object' && stored !== null ? stored : {}) });
  // A stored value that no longer validates (older version, hand edit) falls back to defaults, visibly.
  return checked.ok ? checked.settings : DEFAULT_SETTINGS;
}

export async function saveSettings(candidate: unknown): Promise<SettingsValidation> {
  const checked = validateSettings(candidate);
  if (checked.ok) await browser.storage.local.set({ [STORAGE_KEY]: checked.settings });
  return checked;
}
