/**
 * platform/settings against an in-memory browser: saves are whole or nothing, loads repair what an older
 * version left, imports never half-save, and the reminder permissions are requested and handed back exactly.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browserModule from 'webextension-polyfill';
import type { FakeBrowser } from './fake-browser';
import { DEFAULT_SETTINGS, settingsToFile } from '../../../src/core/settings';
import {
  SETTINGS_STORAGE_KEY,
  exportSettingsFile,
  importSettingsFile,
  loadSettingsWithProblems,
  reminderPermissionsGranted,
  removeReminderPermissions,
  requestReminderPermissions,
  resetSettings,
  saveSettings,
  settingsValidationOptions,
  storageUsage,
} from '../../../src/platform/settings';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).createFakeBrowser() }));
const fake = browserModule as unknown as FakeBrowser;

beforeEach(() => fake.reset());

const stored = () => fake.storage.local.data.get(SETTINGS_STORAGE_KEY);

describe('save', () => {
  it('writes nothing when any field is invalid, and the whole object in one write when all are valid', async () => {
    const invalid = await saveSettings({ ...DEFAULT_SETTINGS, logRetentionDays: 9, expiryWarningDays: 0 });
    expect(invalid.ok).toBe(false);
    expect(fake.storage.local.writes).toBe(0);
    expect(stored()).toBeUndefined();

    const result = await saveSettings({ ...DEFAULT_SETTINGS, logRetentionDays: '9', allowedRanges: ['2001:DB8::/32'] });
    expect(result.ok).toBe(true);
    expect(fake.storage.local.writes).toBe(1);
    expect(stored()).toEqual({ ...DEFAULT_SETTINGS, logRetentionDays: 9, allowedRanges: ['2001:db8::/32'] });
  });

  it('accepts loopback hosts only when the manifest grants loopback', async () => {
    expect(settingsValidationOptions()).toEqual({ allowLoopbackHosts: false });
    expect((await saveSettings({ ...DEFAULT_SETTINGS, hosts: ['127.0.0.1:4000'] })).ok).toBe(false);
    fake.runtime.manifest.host_permissions = ['https://*.workbooks.com/*', 'http://127.0.0.1/*'];
    expect((await saveSettings({ ...DEFAULT_SETTINGS, hosts: ['127.0.0.1:4000'] })).ok).toBe(true);
  });
});

describe('load', () => {
  it('gives the defaults when nothing is stored, and writes nothing', async () => {
    expect(await loadSettingsWithProblems()).toEqual({ settings: DEFAULT_SETTINGS, resetFields: [] });
    expect(fake.storage.local.writes).toBe(0);
  });

  it('keeps valid stored fields, defaults missing ones and names the invalid ones it reset', async () => {
    fake.storage.local.data.set(SETTINGS_STORAGE_KEY, { connectionMode: 'api-key', expiryWarningDays: 40, expiryInfoDays: 35, maxLifetimeDays: 'forever', hugeRangeIpv4Prefix: 16, hugeRangeIpv6Prefix: 48, logRetentionDays: 30 });
    const loaded = await loadSettingsWithProblems();
    // expiryInfoDays (35) is below the warning window (40): reset to its default 30, still below → warning reset too.
    expect(loaded.resetFields.sort()).toEqual(['expiryInfoDays', 'expiryWarningDays', 'maxLifetimeDays']);
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS, connectionMode: 'api-key' });
    expect(fake.storage.local.writes).toBe(0);
  });
});

describe('import, export and reset', () => {
  const custom = { ...DEFAULT_SETTINGS, manyKeysPerUser: 8, hosts: ['acme.workbooks.com'], allowedRanges: ['198.51.100.0/24'] };

  it('exports what is stored and imports it back', async () => {
    await saveSettings(custom);
    const { fileName, text } = await exportSettingsFile(new Date('2027-05-06T07:08:09Z'));
    expect(fileName).toBe('workbooks-key-assistant-settings-2027-05-06.json');
    await saveSettings(DEFAULT_SETTINGS);
    expect(await importSettingsFile(text)).toEqual({ ok: true, settings: custom, remindersNeedPermission: false });
    expect(stored()).toEqual(custom);
  });

  it('an invalid file writes nothing at all', async () => {
    await saveSettings(custom);
    const writes = fake.storage.local.writes;
    const text = settingsToFile({ ...custom, manyKeysPerUser: 2 }, new Date()).replace('"logRetentionDays": 30', '"logRetentionDays": 0');
    const result = await importSettingsFile(text);
    expect(result.ok).toBe(false);
    expect(fake.storage.local.writes).toBe(writes);
    expect(stored()).toEqual(custom);
  });

  it('a file cannot switch reminders on without this browser having granted their permissions', async () => {
    const text = settingsToFile({ ...custom, reminders: { enabled: true, hour: 8 } }, new Date());
    expect(await importSettingsFile(text)).toEqual({ ok: true, settings: { ...custom, reminders: { enabled: false, hour: 8 } }, remindersNeedPermission: true });
    fake.permissions.granted = new Set(['alarms', 'notifications']);
    expect(await importSettingsFile(text)).toEqual({ ok: true, settings: { ...custom, reminders: { enabled: true, hour: 8 } }, remindersNeedPermission: false });
  });

  it('reset stores the defaults and hands the reminder permissions back', async () => {
    fake.permissions.granted = new Set(['alarms', 'notifications']);
    await saveSettings({ ...custom, reminders: { enabled: true } });
    expect(await resetSettings()).toEqual(DEFAULT_SETTINGS);
    expect(stored()).toEqual(DEFAULT_SETTINGS);
    expect(fake.permissions.granted.size).toBe(0);
  });
});

describe('reminder permissions', () => {
  it('asks for both optional permissions and reports whether both are held', async () => {
    expect(await reminderPermissionsGranted()).toBe(false);
    fake.permissions.answer = false;
    expect(await requestReminderPermissions()).toBe(false);
    fake.permissions.answer = true;
    expect(await requestReminderPermissions()).toBe(true);
    expect(fake.permissions.requested).toEqual([
      ['alarms', 'notifications'],
      ['alarms', 'notifications'],
    ]);
    expect(await reminderPermissionsGranted()).toBe(true);
    expect(await removeReminderPermissions()).toBe(true);
    expect(await reminderPermissionsGranted()).toBe(false);
  });

  it('never requests or removes a permission the manifest does not declare optional (Firefox lists alarms as required)', async () => {
    fake.runtime.manifest.optional_permissions = ['notifications'];
    fake.permissions.granted = new Set(['alarms']);
    fake.permissions.answer = true;
    expect(await requestReminderPermissions()).toBe(true);
    expect(fake.permissions.requested).toEqual([['notifications']]);
    await removeReminderPermissions();
    expect(fake.permissions.removed).toEqual([['notifications']]);
    expect(fake.permissions.granted.has('alarms')).toBe(true);
  });
});

describe('storage usage', () => {
  it('reports storage.local bytes where the browser can, and null where it cannot', async () => {
    await saveSettings(DEFAULT_SETTINGS);
    const usage = await storageUsage();
    expect(usage.localBytes).toBe(JSON.stringify({ settings: DEFAULT_SETTINGS }).length);
    delete fake.storage.local.getBytesInUse;
    expect((await storageUsage()).localBytes).toBeNull();
  });
});
