/**
 * Requests that wait for the panel: clicking an expiry reminder asks for "the audit, filtered to these keys",
 * but the worker cannot talk to a panel that does not exist yet. It stores the request in storage.session under
 * `pendingAuditFilter` (per Workbooks origin) and opens a tab; the panel, when it opens, calls
 * `takePendingAuditFilter()` and shows the audit filtered to `keyIds`.
 *
 * Why a message and not a storage read: content scripts cannot read storage.session (its default access level
 * is trusted contexts only, and it must stay so: API keys live there). So the panel asks the worker, which
 * hands over only the request stored for the asking page's own origin, once (take = read and delete).
 *
 * Also here, for the same feature: `shareAuditWithReminders` lets the panel hand the worker a slim list of a
 * finished audit's keys (id, name, Until). The audit cache itself already lives in the extension's IndexedDB
 * (reached through the worker, see db-messages.ts), which the reminder check reads as a fallback.
 */
import { browser } from './browser';
import { MESSAGE_NAMESPACE } from './messages';
import { isCalendarDate } from '../core/dates';
import type { ReminderKeyInput } from '../core/reminders';

export const PENDING_AUDIT_FILTER_KEY = 'pendingAuditFilter';
/** A request nobody picked up within this time is stale: the admin clicked and then went elsewhere. */
export const PENDING_AUDIT_FILTER_TTL_MS = 15 * 60_000;
const MAX_KEY_IDS = 5000;
const MAX_SNAPSHOT_KEYS = 20_000;

export interface PendingAuditFilter {
  reason: 'expiry-reminder';
  /** The keys the reminder was about: the audit shows these rows only. */
  keyIds: number[];
  /** The database the keys belong to, when the source knew it (the panel compares it with its own). */
  database: string | null;
  createdAt: string;
}

export interface TakeAuditFilterMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'reminder-take-audit-filter';
}

export interface AuditSnapshotMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'reminder-audit-snapshot';
  database: string | null;
  keys: ReminderKeyInput[];
}

export type ReminderMessage = TakeAuditFilterMessage | AuditSnapshotMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isKeyId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export function parsePendingAuditFilter(value: unknown): PendingAuditFilter | null {
  if (!isRecord(value) || value.reason !== 'expiry-reminder' || typeof value.createdAt !== 'string') return null;
  if (!Array.isArray(value.keyIds) || value.keyIds.length > MAX_KEY_IDS || !value.keyIds.every(isKeyId)) return null;
  if (value.database !== null && typeof value.database !== 'string') return null;
  return { reason: 'expiry-reminder', keyIds: [...value.keyIds], database: value.database, createdAt: value.createdAt };
}

/** Validates a message from a content script (the worker also checks who sent it). */
export function parseReminderMessage(value: unknown): ReminderMessage | null {
  if (!isRecord(value) || value.ns !== MESSAGE_NAMESPACE) return null;
  if (value.type === 'reminder-take-audit-filter') return Object.keys(value).length === 2 ? { ns: MESSAGE_NAMESPACE, type: 'reminder-take-audit-filter' } : null;
  if (value.type !== 'reminder-audit-snapshot') return null;
  if (value.database !== null && (typeof value.database !== 'string' || value.database.length > 200)) return null;
  if (!Array.isArray(value.keys) || value.keys.length > MAX_SNAPSHOT_KEYS) return null;
  const keys: ReminderKeyInput[] = [];
  for (const key of value.keys) {
    if (!isRecord(key) || !isKeyId(key.keyId) || typeof key.name !== 'string' || key.name.length > 1000) return null;
    if (key.until !== null && !(typeof key.until === 'string' && isCalendarDate(key.until))) return null;
    keys.push({ keyId: key.keyId, name: key.name, until: key.until });
  }
  return { ns: MESSAGE_NAMESPACE, type: 'reminder-audit-snapshot', database: value.database, keys };
}

// ------------------------------------------------------------------------------- panel (content) side

export type SendToWorker = (message: ReminderMessage) => Promise<unknown>;
const defaultSend: SendToWorker = (message) => browser.runtime.sendMessage(message);

/**
 * For the panel, on open: the audit filter a clicked reminder left for this page's origin, or null. Returns
 * it once; a second call answers null. The lead wires this into the panel (open the Audit tab with it).
 */
export async function takePendingAuditFilter(send: SendToWorker = defaultSend): Promise<PendingAuditFilter | null> {
  try {
    return parsePendingAuditFilter(await send({ ns: MESSAGE_NAMESPACE, type: 'reminder-take-audit-filter' }));
  } catch {
    return null;
  }
}

/**
 * For the audit tab, after an audit: the keys' ids, names and Until dates (nothing else: no IP lists, no
 * users, never a secret) for tomorrow's reminder check. The worker stores them under this page's host.
 */
export async function shareAuditWithReminders(database: string | null, keys: readonly ReminderKeyInput[], send: SendToWorker = defaultSend): Promise<void> {
  const slim = keys.map(({ keyId, name, until }) => ({ keyId, name, until }));
  await send({ ns: MESSAGE_NAMESPACE, type: 'reminder-audit-snapshot', database, keys: slim });
}

// ----------------------------------------------------------------------------------------- worker side

async function readAll(): Promise<Record<string, unknown>> {
  const stored = (await browser.storage.session.get(PENDING_AUDIT_FILTER_KEY))[PENDING_AUDIT_FILTER_KEY];
  return isRecord(stored) ? stored : {};
}

/** Worker: remember a request for `origin`, replacing any earlier one for it. */
export async function putPendingAuditFilter(origin: string, filter: PendingAuditFilter): Promise<void> {
  const all = await readAll();
  all[origin] = filter;
  await browser.storage.session.set({ [PENDING_AUDIT_FILTER_KEY]: all });
}

/** Worker: hand over (and forget) the request for `origin`, unless it has gone stale. */
export async function takePendingAuditFilterFor(origin: string, now = new Date()): Promise<PendingAuditFilter | null> {
  const all = await readAll();
  if (!Object.prototype.hasOwnProperty.call(all, origin)) return null;
  const filter = parsePendingAuditFilter(all[origin]);
  delete all[origin];
  await browser.storage.session.set({ [PENDING_AUDIT_FILTER_KEY]: all });
  if (!filter) return null;
  const age = now.getTime() - Date.parse(filter.createdAt);
  return Number.isFinite(age) && age >= 0 && age <= PENDING_AUDIT_FILTER_TTL_MS ? filter : null;
}
