/**
 * Expiry reminders in the real service worker. Headless Chromium cannot answer the permission prompt, so the
 * optional `alarms` and `notifications` APIs are absent here: the handler must then do nothing (no request to
 * Workbooks, no throw). The data path is exercised through the worker's own hooks: keys fetched fresh from the
 * simulator with a remembered API key, the audit-cache fallback in the extension's IndexedDB, and the click
 * that leaves a pending audit filter and opens the Workbooks tab. Selection and wording are unit-tested.
 */
import type { Worker } from '@playwright/test';
import { expect, panelLocator, test } from './harness';

interface ReminderKeyView {
  keyId: number;
  daysLeft: number;
}
interface CollectedView {
  today: string;
  sources: Array<{ origin: string; host: string; database: string | null; via: string; keys: number }>;
  problems: string[];
  reminder: null | { windowDays: number; groups: Array<{ origin: string; host: string; database: string | null; via: string; expiring: ReminderKeyView[]; recentlyExpired: ReminderKeyView[] }> };
}

type Hooks = {
  runCheck(): Promise<{ status: string }>;
  syncAlarm(reschedule?: boolean): Promise<string>;
  collect(): Promise<CollectedView>;
  openFromNotification(id: string): Promise<string | null>;
};

async function callHook<T>(worker: Worker, name: keyof Hooks, arg?: string): Promise<T> {
  return worker.evaluate(
    async ([hook, value]) => {
      const hooks = (globalThis as unknown as { wbkaWorker: { reminders: Record<string, (arg?: string) => Promise<unknown>> } }).wbkaWorker.reminders;
      return hooks[hook]!(value);
    },
    [name, arg] as const,
  ) as Promise<T>;
}

async function setLocal(worker: Worker, items: Record<string, unknown>): Promise<void> {
  await worker.evaluate(async (values) => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome;
    await api.storage.local.set(values);
  }, items);
}

function settingsWith(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    connectionMode: 'session',
    expiryWarningDays: 14,
    expiryInfoDays: 30,
    maxLifetimeDays: 366,
    hugeRangeIpv4Prefix: 16,
    hugeRangeIpv6Prefix: 48,
    manyKeysPerUser: 5,
    logRetentionDays: 30,
    allowedRanges: [],
    hosts: ['secure.workbooks.com'],
    reminders: { enabled: false },
    autoRetryUnchangedIpConflicts: false,
    ...overrides,
  };
}

/** London's calendar date, computed here independently of the extension. */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function daysFrom(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

test('without the optional permissions the handler does nothing, contacts nobody and does not throw', async ({ extensionWorker: worker, sim }) => {
  const absent = await worker.evaluate(() => {
    const api = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
    return { alarms: api.alarms === undefined, notifications: api.notifications === undefined };
  });
  expect(absent).toEqual({ alarms: true, notifications: true });

  expect(await callHook<{ status: string }>(worker, 'runCheck')).toEqual({ status: 'disabled' });
  expect(await callHook<string>(worker, 'syncAlarm')).toBe('off');

  // On in the settings, a key remembered for the simulator: still no permission, so still nothing happens.
  const host = new URL(sim.url).host;
  await setLocal(worker, { settings: settingsWith({ hosts: [host], reminders: { enabled: true, hour: 8 } }), [`apiKey:${sim.url}`]: sim.admin.apiKey });
  sim.clearRequests();
  expect(await callHook<{ status: string }>(worker, 'runCheck')).toEqual({ status: 'no-permission' });
  // Wanted by the settings, but not permitted: no alarm.
  expect(await callHook<string>(worker, 'syncAlarm', 'true')).toBe('off');
  expect(await callHook<string | null>(worker, 'openFromNotification', 'wbka-expiry-reminder')).toBeNull();
  expect(sim.requests).toHaveLength(0);
});

test('collects the keys expiring within the window fresh from Workbooks with a remembered API key', async ({ extensionWorker: worker, sim }) => {
  const host = new URL(sim.url).host;
  await setLocal(worker, { settings: settingsWith({ hosts: [host], expiryWarningDays: 14, expiryInfoDays: 30 }), [`apiKey:${sim.url}`]: sim.admin.apiKey });
  sim.clearRequests();
  const collected = await callHook<CollectedView>(worker, 'collect');

  const today = londonToday();
  expect(collected.today).toBe(today);
  const live = [...sim.state.apiKeys.values()].filter((key) => !key.isDeleted && key.until !== null);
  const expectExpiring = live.filter((key) => daysFrom(today, key.until!) >= 0 && daysFrom(today, key.until!) <= 14).map((key) => key.id).sort((a, b) => a - b);
  const expectRecent = live.filter((key) => daysFrom(today, key.until!) < 0 && daysFrom(today, key.until!) >= -14).map((key) => key.id).sort((a, b) => a - b);
  expect(expectExpiring.length).toBeGreaterThan(0); // the seed always has keys expiring soon

  expect(collected.sources).toEqual([{ origin: sim.url, host, database: null, via: 'api', keys: [...sim.state.apiKeys.values()].filter((key) => !key.isDeleted).length }]);
  expect(collected.problems).toEqual([]);
  const group = collected.reminder!.groups[0]!;
  expect(collected.reminder!.groups).toHaveLength(1);
  expect(group.via).toBe('api');
  expect(group.expiring.map((key) => key.keyId).sort((a, b) => a - b)).toEqual(expectExpiring);
  expect(group.recentlyExpired.map((key) => key.keyId).sort((a, b) => a - b)).toEqual(expectRecent);
  // Soonest first, each with its days left as Workbooks stores Until.
  const days = group.expiring.map((key) => key.daysLeft);
  expect(days).toEqual([...days].sort((a, b) => a - b));
  for (const key of group.expiring) expect(key.daysLeft).toBe(daysFrom(today, sim.state.apiKeys.get(key.keyId)!.until!));

  // Every request was an API-key request to this simulator; the key never travelled anywhere else.
  expect(sim.requests.length).toBeGreaterThan(0);
  expect(sim.requests.every((request) => request.auth === 'api-key' && request.status === 200)).toBe(true);
  expect(sim.requests.some((request) => request.path === `/${sim.schema.apiKeyType.controller_path}.api`)).toBe(true);

  // A host outside the configured list is not contacted.
  await setLocal(worker, { settings: settingsWith({ hosts: ['secure.workbooks.com'] }) });
  sim.clearRequests();
  const skipped = await callHook<CollectedView>(worker, 'collect');
  expect(skipped.sources).toEqual([]);
  expect(skipped.reminder).toBeNull();
  expect(sim.requests).toHaveLength(0);
});

test('falls back to the last shared audit in the extension database; stale and unlisted hosts are skipped', async ({ extensionWorker: worker, sim }) => {
  const host = new URL(sim.url).host;
  await setLocal(worker, { settings: settingsWith({ hosts: [host, 'acme.workbooks.com'], expiryWarningDays: 10, expiryInfoDays: 30 }) });
  // First call opens (and creates) the extension's database; nothing is cached yet.
  expect((await callHook<CollectedView>(worker, 'collect')).reminder).toBeNull();

  const today = londonToday();
  const rows = [...sim.state.apiKeys.values()].filter((key) => !key.isDeleted).map((key) => ({ keyId: key.id, name: key.name, until: key.until }));
  const expected = rows.filter((row) => row.until !== null && daysFrom(today, row.until) >= 0 && daysFrom(today, row.until) <= 10).map((row) => row.keyId).sort((a, b) => a - b);
  expect(expected.length).toBeGreaterThan(0);
  const now = new Date().toISOString();
  const stale = new Date(Date.now() - 40 * 86_400_000).toISOString();
  await worker.evaluate(
    async ({ records }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('wbka');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('auditCache', 'readwrite');
        for (const record of records) tx.objectStore('auditCache').put(record);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    {
      records: [
        { scope: `${host}|Sim Database`, savedAt: now, report: { rows } },
        // Not in the hosts list: ignored.
        { scope: 'other.workbooks.com|x', savedAt: now, report: { rows } },
        // Listed, but cached 40 days ago: keys may have been renewed since.
        { scope: 'acme.workbooks.com|y', savedAt: stale, report: { rows } },
      ],
    },
  );
  sim.clearRequests();
  const collected = await callHook<CollectedView>(worker, 'collect');
  expect(collected.sources).toEqual([{ origin: sim.url, host, database: 'Sim Database', via: 'audit-cache', keys: rows.length }]);
  expect(collected.reminder!.groups[0]!.expiring.map((key) => key.keyId).sort((a, b) => a - b)).toEqual(expected);
  expect(collected.reminder!.windowDays).toBe(10);
  // The cache path reads no network at all.
  expect(sim.requests).toHaveLength(0);
});

test('clicking the reminder opens the Workbooks tab, whose panel shows the audit filtered to those keys', async ({ extensionWorker: worker, sim, context }) => {
  await worker.evaluate(
    async ({ origin }) => {
      const api = (globalThis as unknown as { chrome: { storage: { session: { set(items: object): Promise<void> } } } }).chrome;
      await api.storage.session.set({
        reminderTargets: [
          { origin, database: null, keyIds: [3, 7] },
          // Never opened nor stored: not a host this extension may use.
          { origin: 'https://evil.example.com', database: null, keyIds: [9] },
        ],
      });
    },
    { origin: sim.url },
  );
  expect(await callHook<string | null>(worker, 'openFromNotification', 'some-other-notification')).toBeNull();
  const pagePromise = context.waitForEvent('page');
  expect(await callHook<string | null>(worker, 'openFromNotification', 'wbka-expiry-reminder')).toBe(`${sim.url}/`);
  const tab = await pagePromise;
  await tab.waitForURL(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(tab)).toBeVisible();

  // The panel took the pending filter (once) and opened the Audit tab with it.
  await expect(tab.locator('[data-testid="wbka-tab-audit"]')).toHaveAttribute('aria-selected', 'true');
  const pending = await worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).chrome;
    return (await api.storage.session.get('pendingAuditFilter')).pendingAuditFilter as Record<string, unknown> | undefined;
  });
  expect(Object.keys(pending ?? {})).not.toContain(sim.url);
});
