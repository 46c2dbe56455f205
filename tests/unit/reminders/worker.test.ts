/**
 * The worker's reminder logic with its dependencies injected: it reads nothing unless reminders are on and
 * permitted, shows exactly one notification, keeps the alarm in step with the settings, and a click leaves a
 * pending audit filter and opens the right host. (The real worker, with Chromium's APIs and the simulator, is
 * covered by tests/e2e/reminders-worker.e2e.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addDays, londonToday } from '../../../src/core/dates';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { REMINDER_ALARM_NAME, REMINDER_NOTIFICATION_ID, firstReminderTime, type ReminderKeyInput } from '../../../src/core/reminders';
import { createReminderWorker, type AlarmLike, type ReminderDeps, type ReminderTarget } from '../../../src/background/reminders';
import type { AuditCacheRecord } from '../../../src/platform/db';
import type { PendingAuditFilter } from '../../../src/platform/pending-requests';

// The module imports the platform layer, which loads the polyfill: give it an inert stand-in in Node.
vi.mock('webextension-polyfill', async () => ({ default: (await import('../options/fake-browser')).createFakeBrowser() }));

const NOW = new Date('2027-06-01T09:00:00Z');
const TODAY = londonToday(NOW);
const inDays = (days: number) => addDays(TODAY, days);

interface Harness {
  deps: ReminderDeps;
  settings: Settings;
  granted: boolean;
  fetched: string[];
  notifications: Array<{ id: string; title: string; message: string }>;
  cleared: string[];
  alarms: Map<string, AlarmLike & { when?: number }>;
  alarmClears: number;
  targets: ReminderTarget[];
  pending: Map<string, PendingAuditFilter>;
  tabs: string[];
  caches: AuditCacheRecord[];
  remembered: string[];
  keysByOrigin: Map<string, ReminderKeyInput[] | Error>;
  withApis: { alarms: boolean; notifications: boolean };
}

function harness(): Harness {
  const h: Harness = {
    settings: { ...DEFAULT_SETTINGS, hosts: [], reminders: { enabled: true } },
    granted: true,
    fetched: [],
    notifications: [],
    cleared: [],
    alarms: new Map(),
    alarmClears: 0,
    targets: [],
    pending: new Map(),
    tabs: [],
    caches: [],
    remembered: [],
    keysByOrigin: new Map(),
    withApis: { alarms: true, notifications: true },
    deps: undefined as unknown as ReminderDeps,
  };
  const event = { addListener: () => undefined };
  h.deps = {
    now: () => NOW,
    settings: async () => h.settings,
    permissionsGranted: async () => h.granted,
    apis: () => ({
      alarms: h.withApis.alarms
        ? {
            get: async (name) => h.alarms.get(name),
            create: async (name, info) => void h.alarms.set(name, { name, scheduledTime: info.when, periodInMinutes: info.periodInMinutes, when: info.when }),
            clear: async (name) => (h.alarmClears++, h.alarms.delete(name)),
            onAlarm: event,
          }
        : undefined,
      notifications: h.withApis.notifications
        ? {
            create: async (id, options) => (h.notifications.push({ id, title: options.title, message: options.message }), id),
            clear: async (id) => (h.cleared.push(id), true),
            onClicked: event,
          }
        : undefined,
    }),
    hostPatterns: ['https://*.workbooks.com/*', 'http://127.0.0.1/*'],
    auditCaches: async () => h.caches,
    rememberedOrigins: async () => h.remembered,
    fetchKeys: async (origin) => {
      h.fetched.push(origin);
      const keys = h.keysByOrigin.get(origin);
      if (keys instanceof Error) throw keys;
      return keys ?? [];
    },
    saveTargets: async (targets) => void (h.targets = targets),
    loadTargets: async () => h.targets,
    putPending: async (origin, filter) => void h.pending.set(origin, filter),
    openTab: async (url) => void h.tabs.push(url),
    iconUrl: 'chrome-extension://id/icons/icon-128.png',
  };
  return h;
}

let h: Harness;
beforeEach(() => {
  h = harness();
});

const keys = (...list: Array<[number, string, number | null]>): ReminderKeyInput[] => list.map(([keyId, name, days]) => ({ keyId, name, until: days === null ? null : inDays(days) }));

describe('the daily check', () => {
  it('does nothing at all while reminders are off', async () => {
    h.settings = { ...h.settings, reminders: { enabled: false } };
    h.remembered = ['https://secure.workbooks.com'];
    expect(await createReminderWorker(h.deps).runCheck()).toEqual({ status: 'disabled' });
    expect(h.fetched).toEqual([]);
    expect(h.notifications).toEqual([]);
  });

  it('does nothing without the permissions or without the notifications API, and does not throw', async () => {
    h.remembered = ['https://secure.workbooks.com'];
    h.granted = false;
    expect(await createReminderWorker(h.deps).runCheck()).toEqual({ status: 'no-permission' });
    h.granted = true;
    h.withApis.notifications = false;
    expect(await createReminderWorker(h.deps).runCheck()).toEqual({ status: 'no-permission' });
    expect(h.fetched).toEqual([]);
  });

  it('no key expiring: no notification, and yesterday’s is taken down', async () => {
    h.remembered = ['https://secure.workbooks.com'];
    h.keysByOrigin.set('https://secure.workbooks.com', keys([1, 'Old', -40], [2, 'Later', 60], [3, 'Open', null]));
    h.targets = [{ origin: 'https://secure.workbooks.com', database: null, keyIds: [9] }];
    const outcome = await createReminderWorker(h.deps).runCheck();
    expect(outcome.status).toBe('nothing-due');
    expect(h.notifications).toEqual([]);
    expect(h.cleared).toEqual([REMINDER_NOTIFICATION_ID]);
    expect(h.targets).toEqual([]);
  });

  it('keys expiring: ONE notification summarising them, and the click targets remembered', async () => {
    h.remembered = ['https://secure.workbooks.com'];
    h.keysByOrigin.set('https://secure.workbooks.com', keys([1, 'Xero sync', 2], [2, 'Mailchimp', 0], [3, 'Far', 30], [4, 'Gone', -3]));
    const outcome = await createReminderWorker(h.deps).runCheck();
    expect(outcome.status).toBe('notified');
    expect(h.notifications).toEqual([
      {
        id: REMINDER_NOTIFICATION_ID,
        title: 'Workbooks API keys expire soon',
        message: '2 API keys expire within 14 days on secure.workbooks.com: Mailchimp (last day today), Xero sync (2 days).\n1 key expired in the last 14 days.',
      },
    ]);
    expect(h.targets).toEqual([{ origin: 'https://secure.workbooks.com', database: null, keyIds: [2, 1] }]);
  });

  it('prefers fresh keys; falls back to the audit cache when the remembered key fails; skips unlisted and foreign hosts', async () => {
    h.settings = { ...h.settings, hosts: ['secure.workbooks.com', 'acme.workbooks.com'] };
    h.remembered = ['https://secure.workbooks.com', 'https://acme.workbooks.com', 'https://other.workbooks.com', 'https://evil.example.com'];
    h.keysByOrigin.set('https://secure.workbooks.com', keys([1, 'Fresh', 3]));
    h.keysByOrigin.set('https://acme.workbooks.com', new Error('Workbooks refused the API key (api_key_expired)'));
    const savedAt = NOW.toISOString();
    h.caches = [
      // Superseded by the fresh read of the same host.
      { scope: 'secure.workbooks.com|Main', savedAt, report: { rows: [{ keyId: 1, name: 'Cached', until: inDays(1) }] } },
      { scope: 'acme.workbooks.com|Acme', savedAt, report: { rows: [{ keyId: 7, name: 'From cache', until: inDays(5) }] } },
      { scope: 'other.workbooks.com|x', savedAt, report: { rows: [{ keyId: 8, name: 'Unlisted', until: inDays(1) }] } },
    ];
    const collected = await createReminderWorker(h.deps).collect();
    expect(h.fetched).toEqual(['https://secure.workbooks.com', 'https://acme.workbooks.com']);
    expect(collected.problems).toEqual(['acme.workbooks.com: Workbooks refused the API key (api_key_expired)']);
    expect(collected.sources).toEqual([
      { origin: 'https://secure.workbooks.com', host: 'secure.workbooks.com', database: null, via: 'api', keys: 1 },
      { origin: 'https://acme.workbooks.com', host: 'acme.workbooks.com', database: 'Acme', via: 'audit-cache', keys: 1 },
    ]);
    expect(collected.reminder!.groups.map((g) => [g.host, g.expiring.map((k) => k.name)])).toEqual([
      ['secure.workbooks.com', ['Fresh']],
      ['acme.workbooks.com', ['From cache']],
    ]);
  });

  it('uses the warning window from the settings', async () => {
    h.settings = { ...h.settings, expiryWarningDays: 3, expiryInfoDays: 30 };
    h.remembered = ['https://secure.workbooks.com'];
    h.keysByOrigin.set('https://secure.workbooks.com', keys([1, 'A', 3], [2, 'B', 4]));
    const collected = await createReminderWorker(h.deps).collect();
    expect(collected.reminder!.groups[0]!.expiring.map((k) => k.keyId)).toEqual([1]);
    expect(collected.windowDays).toBe(3);
  });
});

describe('the alarm', () => {
  it('is created daily when on and permitted, kept at start-up, moved when the hour changes, removed when off', async () => {
    const worker = createReminderWorker(h.deps);
    expect(await worker.syncAlarm()).toBe('scheduled');
    expect(h.alarms.get(REMINDER_ALARM_NAME)).toMatchObject({ periodInMinutes: 1440, when: firstReminderTime(NOW.getTime(), undefined) });
    expect(await worker.syncAlarm()).toBe('kept');

    h.settings = { ...h.settings, reminders: { enabled: true, hour: 8 } };
    expect(await worker.syncAlarm(true)).toBe('scheduled');
    expect(h.alarms.get(REMINDER_ALARM_NAME)!.when).toBe(firstReminderTime(NOW.getTime(), 8));

    h.settings = { ...h.settings, reminders: { enabled: false } };
    expect(await worker.syncAlarm()).toBe('off');
    expect(h.alarms.size).toBe(0);
  });

  it('is removed when the permissions go, and nothing breaks when the API is missing', async () => {
    const worker = createReminderWorker(h.deps);
    await worker.syncAlarm();
    h.granted = false;
    expect(await worker.syncAlarm()).toBe('off');
    expect(h.alarms.size).toBe(0);
    h.withApis.alarms = false;
    expect(await worker.syncAlarm()).toBe('off');
    h.granted = true;
    expect(await worker.syncAlarm()).toBe('unavailable');
  });
});

describe('clicking the notification', () => {
  it('leaves a pending filter per host and opens the host of the soonest expiry', async () => {
    h.targets = [
      { origin: 'https://acme.workbooks.com', database: 'Acme', keyIds: [5, 6] },
      { origin: 'https://secure.workbooks.com', database: null, keyIds: [1] },
      { origin: 'https://evil.example.com', database: null, keyIds: [9] },
    ];
    const worker = createReminderWorker(h.deps);
    expect(await worker.openFromNotification('someone-else')).toBeNull();
    expect(h.tabs).toEqual([]);
    expect(await worker.openFromNotification(REMINDER_NOTIFICATION_ID)).toBe('https://acme.workbooks.com/');
    expect(h.tabs).toEqual(['https://acme.workbooks.com/']);
    expect([...h.pending.keys()]).toEqual(['https://acme.workbooks.com', 'https://secure.workbooks.com']);
    expect(h.pending.get('https://acme.workbooks.com')).toEqual({ reason: 'expiry-reminder', keyIds: [5, 6], database: 'Acme', createdAt: NOW.toISOString() });
    expect(h.cleared).toEqual([REMINDER_NOTIFICATION_ID]);
  });

  it('with nothing remembered (e.g. after a browser restart) does nothing', async () => {
    expect(await createReminderWorker(h.deps).openFromNotification(REMINDER_NOTIFICATION_ID)).toBeNull();
    expect(h.tabs).toEqual([]);
  });
});
