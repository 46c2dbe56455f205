/**
 * Settings live in storage.local (not sync: sync quotas silently drop writes). They are validated as a whole
 * and saved as a whole, so an invalid form or file is never half-saved. Also here: the optional permissions
 * expiry reminders need, and what the extension stores (for the options page).
 */
import type { Permissions } from 'webextension-polyfill';
import { browser } from './browser';
import {
  DEFAULT_SETTINGS,
  parseSettingsFile,
  settingsFileName,
  settingsToFile,
  validateSettings,
  withDefaults,
  type Settings,
  type SettingsField,
  type SettingsImport,
  type SettingsValidation,
  type SettingsValidationOptions,
} from '../core/settings';
import { REMINDER_ALARM_NAME, REMINDER_PERMISSIONS } from '../core/reminders';

export const SETTINGS_STORAGE_KEY = 'settings';

/** Loopback hosts are acceptable exactly when this build may talk to loopback (the test build). */
export function settingsValidationOptions(): SettingsValidationOptions {
  let hostPermissions: string[] = [];
  try {
    hostPermissions = (browser.runtime.getManifest().host_permissions ?? []) as string[];
  } catch {
    // No manifest (unit tests): store-build rules.
  }
  return { allowLoopbackHosts: hostPermissions.some((pattern) => /^http:\/\/(127\.0\.0\.1|localhost)\//.test(pattern)) };
}

export interface LoadedSettings {
  settings: Settings;
  /** Stored fields that no longer validated (older version, hand edit) and were read as their defaults. */
  resetFields: SettingsField[];
}

/**
 * Reads the stored settings. Fields missing from an older version take their defaults; a stored field that is
 * invalid is read as its default and named in `resetFields`, so the options page can say so rather than the
 * settings changing silently. Nothing is written here: the admin's next save writes the repaired whole.
 */
export async function loadSettingsWithProblems(): Promise<LoadedSettings> {
  const stored = (await browser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY];
  const options = settingsValidationOptions();
  const candidate = withDefaults(stored);
  const resetFields: SettingsField[] = [];
  // A second round catches the pair rule: a reset expiryInfoDays can still be below a stored warning window,
  // so that error resets both fields of the pair (their defaults agree).
  for (let round = 0; round < 3; round++) {
    const checked = validateSettings(candidate, options);
    if (checked.ok) return { settings: checked.settings, resetFields };
    for (const error of checked.errors) {
      const fields: SettingsField[] = error.messageKey === 'optionsErrorInfoBelowWarning' ? ['expiryWarningDays', 'expiryInfoDays'] : [error.field];
      for (const field of fields) {
        candidate[field] = DEFAULT_SETTINGS[field];
        if (!resetFields.includes(field)) resetFields.push(field);
      }
    }
  }
  return { settings: DEFAULT_SETTINGS, resetFields };
}

export async function loadSettings(): Promise<Settings> {
  return (await loadSettingsWithProblems()).settings;
}

/** Validates the whole candidate first; writes only a fully valid object, in one storage write. */
export async function saveSettings(candidate: unknown): Promise<SettingsValidation> {
  const checked = validateSettings(candidate, settingsValidationOptions());
  if (checked.ok) await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: checked.settings });
  return checked;
}

/** Back to the defaults. Reminders go off with them, so their optional permissions are handed back too. */
export async function resetSettings(): Promise<Settings> {
  await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: DEFAULT_SETTINGS });
  await removeReminderPermissions().catch(() => false);
  return DEFAULT_SETTINGS;
}

export async function exportSettingsFile(now = new Date()): Promise<{ fileName: string; text: string }> {
  const settings = await loadSettings();
  return { fileName: settingsFileName(now), text: settingsToFile(settings, now) };
}

/**
 * Validates an imported file as a whole and saves it only when all of it is valid. Reminders switched on in
 * the file stay on only if this browser already granted their permissions (a file cannot grant them).
 */
export async function importSettingsFile(text: string): Promise<SettingsImport & { remindersNeedPermission?: boolean }> {
  const parsed = parseSettingsFile(text, settingsValidationOptions());
  if (!parsed.ok) return parsed;
  let settings = parsed.settings;
  let remindersNeedPermission = false;
  if (settings.reminders.enabled && !(await reminderPermissionsGranted())) {
    settings = { ...settings, reminders: { ...settings.reminders, enabled: false } };
    remindersNeedPermission = true;
  }
  await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: settings });
  return { ok: true, settings, remindersNeedPermission };
}

// ------------------------------------------------------------------------------ reminder permissions

type PermissionList = NonNullable<Permissions.Permissions['permissions']>;

/**
 * The reminder permissions this build declares optional. Firefox does not accept `alarms` as an optional
 * permission (it has no prompt there); a Firefox manifest lists it as required, and requesting or removing a
 * required permission throws. So only the declared-optional ones are ever requested or removed.
 */
function optionalReminderPermissions(): PermissionList {
  let declared: string[] = [];
  try {
    declared = (browser.runtime.getManifest().optional_permissions ?? []) as string[];
  } catch {
    declared = [];
  }
  return REMINDER_PERMISSIONS.filter((name) => declared.includes(name)) as unknown as PermissionList;
}

export async function reminderPermissionsGranted(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: [...REMINDER_PERMISSIONS] as unknown as PermissionList });
  } catch {
    return false;
  }
}

/**
 * Must be called synchronously from the click handler that turns reminders on (no await before it): browsers
 * require a user gesture and show their prompt. Resolves whether ALL reminder permissions are now held.
 */
export function requestReminderPermissions(): Promise<boolean> {
  const wanted = optionalReminderPermissions();
  const asked = wanted.length > 0 ? browser.permissions.request({ permissions: wanted }) : Promise.resolve(true);
  return asked.then((granted) => (granted ? reminderPermissionsGranted() : false));
}

/** Clears the daily alarm while its API is still reachable, then hands the optional permissions back. */
export async function removeReminderPermissions(): Promise<boolean> {
  const alarms = (browser as unknown as { alarms?: { clear(name: string): Promise<boolean> } }).alarms;
  await alarms?.clear(REMINDER_ALARM_NAME).catch(() => false);
  const optional = optionalReminderPermissions();
  return optional.length > 0 ? browser.permissions.remove({ permissions: optional }) : true;
}

// ------------------------------------------------------------------------------------- storage usage

export interface StorageUsage {
  /** storage.local bytes (settings, remembered API keys, small state); null where the browser cannot say. */
  localBytes: number | null;
  /** The extension origin's IndexedDB and caches (navigator.storage.estimate); null where unavailable. */
  originUsageBytes: number | null;
  originQuotaBytes: number | null;
}

export async function storageUsage(): Promise<StorageUsage> {
  let localBytes: number | null = null;
  // Firefox has long lacked getBytesInUse on storage.local; the options page then says "not available".
  const local = browser.storage.local as { getBytesInUse?: (keys?: null) => Promise<number> };
  if (typeof local.getBytesInUse === 'function') {
    try {
      localBytes = await local.getBytesInUse(null);
    } catch {
      localBytes = null;
    }
  }
  let originUsageBytes: number | null = null;
  let originQuotaBytes: number | null = null;
  if (typeof navigator !== 'undefined' && typeof navigator.storage?.estimate === 'function') {
    try {
      const estimate = await navigator.storage.estimate();
      originUsageBytes = estimate.usage ?? null;
      originQuotaBytes = estimate.quota ?? null;
    } catch {
      // Private windows and some policies refuse estimates.
    }
  }
  return { localBytes, originUsageBytes, originQuotaBytes };
}
