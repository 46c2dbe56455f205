/**
 * Expiry reminders in the service worker. Only when the admin turned them on in the options page AND the
 * optional `alarms` + `notifications` permissions are granted: a daily alarm checks the keys — fresh through
 * the API where an API key is remembered on this device, otherwise from the last audit the panel shared — and
 * shows ONE notification about keys expiring within the warning window. Clicking it leaves a pending "audit
 * filtered to these keys" request (see platform/pending-requests.ts) and opens the Workbooks host in a tab.
 *
 * The optional APIs come and go at runtime (granted in the options page, revoked in the browser's extension
 * settings), so every use checks they exist; their listeners are attached at start-up when present (the
 * worker must register them synchronously to be woken for them) and again when the permissions are added.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser } from '../platform/browser';
import { getApiKey } from '../platform/api-key-store';
import { auditCache, openAssistantDb, type AuditCacheRecord } from '../platform/db';
import { loadSettings, reminderPermissionsGranted, SETTINGS_STORAGE_KEY } from '../platform/settings';
import { parseReminderMessage, putPendingAuditFilter, takePendingAuditFilterFor, type PendingAuditFilter } from '../platform/pending-requests';
import { createApiKeyTransport, type FetchLike } from '../core/workbooks/transport';
import { WorkbooksClient } from '../core/workbooks/client';
import { createKeyRepository } from '../core/keys/repository';
import { londonToday } from '../core/dates';
import type { Settings } from '../core/settings';
import {
  REMINDER_ALARM_NAME,
  REMINDER_NOTIFICATION_ID,
  REMINDER_PERIOD_MINUTES,
  buildReminder,
  firstReminderTime,
  hostCovered,
  isCacheFresh,
  keysFromCachedReport,
  parseScopeId,
  reminderNotificationText,
  type Reminder,
  type ReminderKeyInput,
  type ReminderSource,
} from '../core/reminders';
import { originAllowed, senderOrigin } from './sender';
import { errorMessage } from '../core/error-message';

// ------------------------------------------------------------------------------- optional browser APIs

interface EventLike<L> {
  addListener(listener: L): void;
}

export interface AlarmLike {
  name: string;
  scheduledTime?: number;
  periodInMinutes?: number;
}

export interface AlarmsApi {
  get(name: string): Promise<AlarmLike | undefined>;
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
  onAlarm: EventLike<(alarm: AlarmLike) => void>;
}

export interface NotificationsApi {
  create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string; priority?: number }): Promise<string>;
  clear(id: string): Promise<boolean>;
  onClicked: EventLike<(notificationId: string) => void>;
}

export interface OptionalApis {
  alarms?: AlarmsApi;
  notifications?: NotificationsApi;
}

/**
 * Read from the raw namespace at every use, not through the polyfill: the polyfill caches the namespace
 * object the first time it is found, and these appear and disappear with the permissions. Chrome ≥ 120
 * (our minimum) returns promises from both APIs; Firefox's `browser` always does.
 */
function currentOptionalApis(): OptionalApis {
  const scope = globalThis as { browser?: { runtime?: { id?: string } } & Record<string, unknown>; chrome?: Record<string, unknown> };
  const root = scope.browser?.runtime?.id ? scope.browser : scope.chrome;
  return { alarms: root?.alarms as AlarmsApi | undefined, notifications: root?.notifications as NotificationsApi | undefined };
}

// ------------------------------------------------------------------------------------------ the logic

/** What the last notification was about, so a click after a worker restart still knows where to go. */
export interface ReminderTarget {
  origin: string;
  database: string | null;
  keyIds: number[];
}

export interface ReminderDeps {
  now(): Date;
  settings(): Promise<Settings>;
  permissionsGranted(): Promise<boolean>;
  apis(): OptionalApis;
  /** The manifest's host permissions: only these origins are ever contacted or opened. */
  hostPatterns: readonly string[];
  auditCaches(): Promise<AuditCacheRecord[]>;
  /** Origins with an API key remembered on this device (storage.local `apiKey:<origin>`). */
  rememberedOrigins(): Promise<string[]>;
  fetchKeys(origin: string): Promise<ReminderKeyInput[]>;
  saveTargets(targets: ReminderTarget[]): Promise<void>;
  loadTargets(): Promise<ReminderTarget[]>;
  putPending(origin: string, filter: PendingAuditFilter): Promise<void>;
  openTab(url: string): Promise<void>;
  iconUrl: string;
}

export interface CollectedReminders {
  today: string;
  windowDays: number;
  sources: Array<Pick<ReminderSource, 'origin' | 'host' | 'database' | 'via'> & { keys: number }>;
  /** Sources that could not be read (e.g. the remembered key was refused), one line each. */
  problems: string[];
  reminder: Reminder | null;
}

export type ReminderRunOutcome =
  | { status: 'disabled' }
  | { status: 'no-permission' }
  | { status: 'nothing-due'; collected: CollectedReminders }
  | { status: 'notified'; title: string; message: string; targets: ReminderTarget[]; collected: CollectedReminders };

export type AlarmSyncOutcome = 'off' | 'unavailable' | 'kept' | 'scheduled';

/** A host from an audit cache (no scheme stored) → the origin the manifest lets us use for it. */
function originForHost(host: string, hostPatterns: readonly string[]): string | null {
  for (const scheme of ['https', 'http']) {
    const origin = `${scheme}://${host}`;
    if (originAllowed(origin, hostPatterns)) return origin;
  }
  return null;
}

export function createReminderWorker(deps: ReminderDeps) {
  async function collect(): Promise<CollectedReminders> {
    const settings = await deps.settings();
    const today = londonToday(deps.now());
    const sources: ReminderSource[] = [];
    const problems: string[] = [];
    const freshHosts = new Set<string>();

    for (const origin of await deps.rememberedOrigins()) {
      if (!originAllowed(origin, deps.hostPatterns)) continue;
      const host = new URL(origin).host;
      if (!hostCovered(host, settings.hosts)) continue;
      try {
        const keys = await deps.fetchKeys(origin);
        sources.push({ origin, host, database: null, via: 'api', keys });
        freshHosts.add(host);
      } catch (error) {
        // The audit cache below may still cover this host.
        problems.push(`${host}: ${errorMessage(error)}`);
      }
    }

    for (const record of await deps.auditCaches()) {
      const scope = parseScopeId(record.scope);
      if (!scope || freshHosts.has(scope.host) || !hostCovered(scope.host, settings.hosts)) continue;
      if (!isCacheFresh(record.savedAt, today)) continue;
      const origin = originForHost(scope.host, deps.hostPatterns);
      const keys = keysFromCachedReport(record.report, record.savedAt);
      if (!origin || !keys) continue;
      sources.push({ origin, host: scope.host, database: scope.database, via: 'audit-cache', keys });
    }

    return {
      today,
      windowDays: settings.expiryWarningDays,
      sources: sources.map(({ origin, host, database, via, keys }) => ({ origin, host, database, via, keys: keys.length })),
      problems,
      reminder: buildReminder(sources, today, settings.expiryWarningDays),
    };
  }

  /** The alarm's handler. Does nothing (and reads nothing) unless reminders are on and permitted. */
  async function runCheck(): Promise<ReminderRunOutcome> {
    const settings = await deps.settings();
    if (!settings.reminders.enabled) return { status: 'disabled' };
    const { notifications } = deps.apis();
    if (!notifications || !(await deps.permissionsGranted())) return { status: 'no-permission' };
    const collected = await collect();
    if (!collected.reminder) {
      // Yesterday's notification may still be up: it no longer holds.
      await notifications.clear(REMINDER_NOTIFICATION_ID).catch(() => false);
      await deps.saveTargets([]);
      return { status: 'nothing-due', collected };
    }
    const { title, message } = reminderNotificationText(collected.reminder);
    const targets: ReminderTarget[] = collected.reminder.groups.map((group) => ({
      origin: group.origin,
      database: group.database,
      keyIds: group.expiring.map((key) => key.keyId),
    }));
    await deps.saveTargets(targets);
    // One fixed id: today's notification replaces yesterday's instead of piling up.
    await notifications.create(REMINDER_NOTIFICATION_ID, { type: 'basic', iconUrl: deps.iconUrl, title, message, priority: 1 });
    return { status: 'notified', title, message, targets, collected };
  }

  /**
   * Every host the notification covered gets its pending filter (the admin may open the others later); the
   * tab opens on the host with the soonest expiry. A new tab rather than focusing an open one: an open panel
   * does not poll for requests, a newly opened one asks on start.
   */
  async function openFromNotification(notificationId: string): Promise<string | null> {
    if (notificationId !== REMINDER_NOTIFICATION_ID) return null;
    const targets = (await deps.loadTargets()).filter((target) => originAllowed(target.origin, deps.hostPatterns));
    const first = targets[0];
    if (!first) return null;
    const createdAt = deps.now().toISOString();
    for (const target of targets) {
      await deps.putPending(target.origin, { reason: 'expiry-reminder', keyIds: target.keyIds, database: target.database, createdAt });
    }
    const url = `${first.origin}/`;
    await deps.openTab(url);
    await deps.apis().notifications?.clear(REMINDER_NOTIFICATION_ID).catch(() => false);
    return url;
  }

  /**
   * Makes the alarm match the settings: present (daily) when reminders are on and permitted, absent otherwise.
   * `reschedule` replaces an existing alarm (the hour changed); at start-up an existing alarm is kept, or every
   * worker wake-up would push the next check back.
   */
  async function syncAlarm(reschedule = false): Promise<AlarmSyncOutcome> {
    const settings = await deps.settings();
    const wanted = settings.reminders.enabled && (await deps.permissionsGranted());
    const { alarms } = deps.apis();
    if (!alarms) return wanted ? 'unavailable' : 'off';
    if (!wanted) {
      await alarms.clear(REMINDER_ALARM_NAME).catch(() => false);
      return 'off';
    }
    if (!reschedule && (await alarms.get(REMINDER_ALARM_NAME))) return 'kept';
    await alarms.create(REMINDER_ALARM_NAME, { when: firstReminderTime(deps.now().getTime(), settings.reminders.hour), periodInMinutes: REMINDER_PERIOD_MINUTES });
    return 'scheduled';
  }

  return { collect, runCheck, openFromNotification, syncAlarm };
}

export type ReminderWorker = ReturnType<typeof createReminderWorker>;

// ------------------------------------------------------------------------------------ real dependencies

const TARGETS_KEY = 'reminderTargets';

function parseTargets(value: unknown): ReminderTarget[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is ReminderTarget =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as ReminderTarget).origin === 'string' &&
      ((item as ReminderTarget).database === null || typeof (item as ReminderTarget).database === 'string') &&
      Array.isArray((item as ReminderTarget).keyIds) &&
      (item as ReminderTarget).keyIds.every((id) => Number.isSafeInteger(id)),
  );
}

async function fetchKeysWithRememberedKey(origin: string): Promise<ReminderKeyInput[]> {
  const transport = createApiKeyTransport({
    baseUrl: `${origin}/`,
    fetch: fetch.bind(globalThis) as unknown as FetchLike,
    // Read at send time: the key stays in storage, never in this module's state.
    apiKey: async () => (await getApiKey(origin)) ?? '',
    // Every read as POST with _method=GET: the key then never sits in a URL (server logs, proxies).
    longQueryThreshold: 0,
  });
  const keys = await createKeyRepository(new WorkbooksClient({ transport })).loadAllKeys();
  return keys.map((key) => ({ keyId: key.id, name: key.name, until: key.until }));
}

function realDeps(hostPatterns: readonly string[]): ReminderDeps {
  return {
    now: () => new Date(),
    settings: () => loadSettings(),
    permissionsGranted: () => reminderPermissionsGranted(),
    apis: currentOptionalApis,
    hostPatterns,
    auditCaches: async () => (await openAssistantDb()).getAll('auditCache'),
    async rememberedOrigins() {
      const everything = await browser.storage.local.get(null);
      return Object.keys(everything)
        .filter((name) => name.startsWith('apiKey:') && typeof everything[name] === 'string')
        .map((name) => name.slice('apiKey:'.length));
    },
    fetchKeys: fetchKeysWithRememberedKey,
    saveTargets: (targets) => browser.storage.session.set({ [TARGETS_KEY]: targets }),
    loadTargets: async () => parseTargets((await browser.storage.session.get(TARGETS_KEY))[TARGETS_KEY]),
    putPending: putPendingAuditFilter,
    async openTab(url) {
      await browser.tabs.create({ url, active: true });
    },
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
  };
}

// ------------------------------------------------------------------------------------------ registration

function remindersChanged(change: { oldValue?: unknown; newValue?: unknown }): boolean {
  const pick = (value: unknown) => JSON.stringify((value as { reminders?: unknown } | undefined)?.reminders ?? null);
  return pick(change.oldValue) !== pick(change.newValue);
}

/**
 * Called once from the worker's entry, synchronously at start-up. Adds `reminders` to the worker's test hooks
 * (`globalThis.wbkaWorker`, reachable only from the worker's own context).
 */
export function registerReminders(): ReminderWorker {
  const hostPatterns = (browser.runtime.getManifest().host_permissions ?? []) as string[];
  const deps = realDeps(hostPatterns);
  const worker = createReminderWorker(deps);
  const report = (error: unknown) => console.warn('Expiry reminders:', errorMessage(error));

  // The event objects are remembered so a permission granted again (a new namespace object) gets listeners too.
  const attached = new WeakSet<object>();
  const attachOptionalListeners = () => {
    const { alarms, notifications } = currentOptionalApis();
    if (alarms && !attached.has(alarms.onAlarm)) {
      attached.add(alarms.onAlarm);
      alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === REMINDER_ALARM_NAME) void worker.runCheck().catch(report);
      });
    }
    if (notifications && !attached.has(notifications.onClicked)) {
      attached.add(notifications.onClicked);
      notifications.onClicked.addListener((id) => void worker.openFromNotification(id).catch(report));
    }
  };
  attachOptionalListeners();

  browser.permissions.onAdded.addListener(() => {
    attachOptionalListeners();
    void worker.syncAlarm(true).catch(report);
  });
  browser.permissions.onRemoved.addListener(() => void worker.syncAlarm().catch(report));
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_STORAGE_KEY];
    if (area === 'local' && change && remindersChanged(change)) void worker.syncAlarm(true).catch(report);
  });

  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const message = parseReminderMessage(raw);
    if (!message) return undefined;
    // Only our content scripts on a Workbooks page, and only about that page's own origin.
    const origin = senderOrigin(sender, browser.runtime.id, hostPatterns);
    if (!origin) return undefined;
    if (message.type === 'reminder-take-audit-filter') return takePendingAuditFilterFor(origin);
    const scope = { host: new URL(origin).host, database: message.database ?? 'unknown-database' };
    return auditCache.put(scope, { rows: message.keys }).then(() => ({ ok: true }));
  });

  void worker.syncAlarm().catch(report);

  const hooks = globalThis as { wbkaWorker?: Record<string, unknown> };
  hooks.wbkaWorker = { ...(hooks.wbkaWorker ?? {}), reminders: worker };
  return worker;
}
