/**
 * Expiry reminders (pure): which keys expire within the warning window, how one notification summarises them,
 * when the daily check runs, and what a cached audit report tells us. The worker does the I/O around this.
 *
 * Window: a key is "expiring" when 0 ≤ daysLeft ≤ warningDays (0 = Until is today, its last valid day, London
 * calendar). Keys that expired within the last `warningDays` days are reported apart (a sentence of their own);
 * keys that expired longer ago are left out, so old, abandoned keys do not nag every morning. Keys without an
 * Until never expire and are not reminded about (the audit reports them as `no-until`).
 */
import { addDays, daysBetween, isCalendarDate, londonToday } from './dates';
import { formatCount, msg, plural } from './i18n/index';

export const REMINDER_ALARM_NAME = 'wbka-expiry-reminder';
export const REMINDER_NOTIFICATION_ID = 'wbka-expiry-reminder';
export const REMINDER_PERIOD_MINUTES = 1440;
/** "Shortly after enabling": Chrome runs alarms no sooner than 30 seconds anyway. */
export const REMINDER_FIRST_DELAY_MINUTES = 1;
export const REMINDER_PERMISSIONS = Object.freeze(['alarms', 'notifications'] as const);
/** An audit cached longer ago than this is too old to remind from: keys may have been renewed since. */
export const MAX_AUDIT_CACHE_AGE_DAYS = 30;
/** Names listed in the notification before "and N more": notifications show three or four lines. */
export const MAX_LISTED_KEYS = 3;
const MAX_LISTED_NAME_LENGTH = 40;

export interface ReminderKeyInput {
  keyId: number;
  name: string;
  /** YYYY-MM-DD or null (no Until). */
  until: string | null;
}

export interface ReminderKey {
  keyId: number;
  name: string;
  until: string;
  /** Calendar days from today to Until: 0 = expires at the end of today; negative = expired. */
  daysLeft: number;
}

export interface ReminderSelection {
  /** 0 ≤ daysLeft ≤ warningDays, soonest first. */
  expiring: ReminderKey[];
  /** −warningDays ≤ daysLeft < 0, most recent first. */
  recentlyExpired: ReminderKey[];
}

function byDaysLeftThenName(a: ReminderKey, b: ReminderKey): number {
  return a.daysLeft - b.daysLeft || a.name.localeCompare(b.name, 'en-GB') || a.keyId - b.keyId;
}

export function selectExpiringKeys(keys: readonly ReminderKeyInput[], today: string, warningDays: number): ReminderSelection {
  const expiring: ReminderKey[] = [];
  const recentlyExpired: ReminderKey[] = [];
  for (const key of keys) {
    if (key.until === null || !isCalendarDate(key.until)) continue;
    const daysLeft = daysBetween(today, key.until);
    const entry: ReminderKey = { keyId: key.keyId, name: key.name, until: key.until, daysLeft };
    if (daysLeft >= 0 && daysLeft <= warningDays) expiring.push(entry);
    else if (daysLeft < 0 && daysLeft >= -warningDays) recentlyExpired.push(entry);
  }
  expiring.sort(byDaysLeftThenName);
  recentlyExpired.sort((a, b) => b.daysLeft - a.daysLeft || a.name.localeCompare(b.name, 'en-GB') || a.keyId - b.keyId);
  return { expiring, recentlyExpired };
}

// ------------------------------------------------------------------------------------- sources → reminder

/** The keys of one Workbooks database, as one source gave them. */
export interface ReminderSource {
  /** `https://secure.workbooks.com` (what a tab opens and a pending filter is stored under). */
  origin: string;
  /** `secure.workbooks.com` (what the admin reads). */
  host: string;
  database: string | null;
  /** Fresh from the API with a remembered key, or from the last audit's cache. */
  via: 'api' | 'audit-cache';
  keys: ReminderKeyInput[];
}

export interface ReminderGroup extends ReminderSelection {
  origin: string;
  host: string;
  database: string | null;
  via: ReminderSource['via'];
}

export interface Reminder {
  windowDays: number;
  /** Groups with at least one expiring key, the group holding the soonest expiry first. */
  groups: ReminderGroup[];
  expiringCount: number;
  recentlyExpiredCount: number;
}

/** null when no key expires within the window: then there is nothing to notify (expired keys alone do not). */
export function buildReminder(sources: readonly ReminderSource[], today: string, warningDays: number): Reminder | null {
  const groups: ReminderGroup[] = [];
  for (const source of sources) {
    const selection = selectExpiringKeys(source.keys, today, warningDays);
    if (selection.expiring.length === 0) continue;
    groups.push({ origin: source.origin, host: source.host, database: source.database, via: source.via, ...selection });
  }
  if (groups.length === 0) return null;
  groups.sort((a, b) => a.expiring[0]!.daysLeft - b.expiring[0]!.daysLeft || a.host.localeCompare(b.host));
  return {
    windowDays: warningDays,
    groups,
    expiringCount: groups.reduce((sum, group) => sum + group.expiring.length, 0),
    recentlyExpiredCount: groups.reduce((sum, group) => sum + group.recentlyExpired.length, 0),
  };
}

// ------------------------------------------------------------------------------------------------ text

function shortName(key: ReminderKey): string {
  const name = key.name.replace(/\s+/g, ' ').trim();
  if (name === '') return msg('reminderUnnamedKey', String(key.keyId));
  return name.length > MAX_LISTED_NAME_LENGTH ? `${name.slice(0, MAX_LISTED_NAME_LENGTH - 1)}…` : name;
}

function item(key: ReminderKey): string {
  const name = shortName(key);
  if (key.daysLeft === 0) return msg('reminderItemToday', name);
  return plural('reminderItemDays', key.daysLeft, name);
}

/**
 * "3 API keys expire within 14 days on secure.workbooks.com: Xero sync (2 days), Mailchimp (today) and 1 more."
 * plus, on its own line, "2 keys expired in the last 14 days." when some did. The words come from the locale
 * files through the translator the worker installed; the window ("within 14 days") is a plural message of its
 * own, so each plural message depends on one count only.
 */
export function reminderNotificationText(reminder: Reminder): { title: string; message: string } {
  const soonest = reminder.groups.flatMap((group) => group.expiring).sort(byDaysLeftThenName);
  const listed = soonest.slice(0, MAX_LISTED_KEYS).map(item);
  const rest = soonest.length - listed.length;
  const list = rest > 0 ? `${listed.join(', ')} ${msg('reminderMore', formatCount(rest))}` : listed.join(', ');
  const first = reminder.groups[0]!;
  const others = reminder.groups.length - 1;
  const hosts = others === 0 ? first.host : plural('reminderHosts', others, first.host);
  const summary = plural('reminderSummary', reminder.expiringCount, plural('reminderWithinDays', reminder.windowDays), hosts, list);
  const expired = reminder.recentlyExpiredCount;
  const lines = [summary];
  if (expired > 0) lines.push(plural('reminderExpired', expired, plural('reminderInLastDays', reminder.windowDays)));
  return { title: msg('reminderTitle'), message: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------- timing

/**
 * When the daily alarm first fires: shortly after now, or at the next `hour`:00 local time (the admin's
 * clock, not London's: it is about when they are at their desk). Never sooner than the first-run delay.
 */
export function firstReminderTime(now: number, hour?: number): number {
  const soonest = now + REMINDER_FIRST_DELAY_MINUTES * 60_000;
  if (hour === undefined) return soonest;
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  while (next.getTime() < soonest) next.setDate(next.getDate() + 1);
  return next.getTime();
}

// ------------------------------------------------------------------------------------ cached audit report

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(report: unknown): unknown[] | null {
  if (Array.isArray(report)) return report;
  if (!isRecord(report)) return null;
  // The audit tab caches its AuditResult ({ rows, summary }), possibly wrapped; look one level down too.
  if (Array.isArray(report.rows)) return report.rows;
  for (const value of Object.values(report)) {
    if (isRecord(value) && Array.isArray(value.rows)) return value.rows;
  }
  return null;
}

/**
 * The keys in a cached audit report (rows of `KeyAuditRow`: keyId, name, until, daysLeft). Until is what
 * counts; a row without Until but with `daysLeft` had it relative to the day of the audit, so Until is
 * recovered from `savedAt`. Returns null for a report this code cannot read (then the cache is skipped).
 */
export function keysFromCachedReport(report: unknown, savedAt: string): ReminderKeyInput[] | null {
  const rows = rowsOf(report);
  if (!rows) return null;
  const savedDay = Number.isFinite(Date.parse(savedAt)) ? londonToday(Date.parse(savedAt)) : null;
  const keys: ReminderKeyInput[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const keyId = typeof row.keyId === 'number' ? row.keyId : typeof row.id === 'number' ? row.id : null;
    if (keyId === null || !Number.isInteger(keyId)) continue;
    const name = typeof row.name === 'string' ? row.name : '';
    let until: string | null = typeof row.until === 'string' && isCalendarDate(row.until) ? row.until : null;
    if (until === null && savedDay !== null && typeof row.daysLeft === 'number' && Number.isInteger(row.daysLeft)) {
      until = addDays(savedDay, row.daysLeft);
    }
    keys.push({ keyId, name, until });
  }
  return keys;
}

/** Whether a cache saved at `savedAt` is recent enough to remind from. */
export function isCacheFresh(savedAt: string, today: string): boolean {
  const saved = Date.parse(savedAt);
  if (!Number.isFinite(saved)) return false;
  const age = daysBetween(londonToday(saved), today);
  return age >= 0 && age <= MAX_AUDIT_CACHE_AGE_DAYS;
}

/** `host|database` (platform/db scopeId) → its parts. */
export function parseScopeId(scope: string): { host: string; database: string | null } | null {
  const bar = scope.indexOf('|');
  const host = bar < 0 ? scope : scope.slice(0, bar);
  if (host === '') return null;
  const database = bar < 0 ? null : scope.slice(bar + 1);
  return { host, database: database === '' || database === 'unknown-database' ? null : database };
}

/** Whether reminders cover `host`: every host when the admin listed none, else only those listed. */
export function hostCovered(host: string, configuredHosts: readonly string[]): boolean {
  return configuredHosts.length === 0 || configuredHosts.includes(host.toLowerCase());
}
