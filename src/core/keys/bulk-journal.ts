/**
 * The bulk-edit journal: written before the first save and updated after every batch, it is the source of truth
 * for apply, resume and undo. Every function here is a pure transition (old journal in, new journal out); the
 * caller persists each new journal (IndexedDB) before acting on it.
 *
 * Invariants the transitions keep:
 * - nothing is changed twice: a batch only ever holds `pending` items that are not awaiting an outcome, and a
 *   `saved` item is never scheduled for saving again;
 * - the journal is plain JSON (no Maps, Dates, BigInts or undefined values) and never holds a secret: items are
 *   built field by field from plan items, which carry none.
 */
import { BULK_MESSAGES } from './bulk-messages';
import { describeOperation, type BulkOperation } from './bulk-operation';
import type { BulkPlan, PlanItem } from './bulk-plan';
import { sameIpList } from './bulk-ip';
import type { ApiKeyRecord } from './model';

export type JournalState = 'planned' | 'applying' | 'applied' | 'cancelled' | 'undoing' | 'undone';

export type JournalItemStatus = 'pending' | 'saved' | 'conflict' | 'failed' | 'skipped' | 'blocked' | 'undone' | 'undo-skipped';

export interface JournalScope {
  host: string;
  database: string;
}

export interface JournalItem {
  keyId: number;
  name: string;
  /** The stored text the edit started from (null when blank): what undo restores. */
  before: string | null;
  /** The text to save (null when the operation could not run for this key). */
  after: string | null;
  /** The lock_version the save sends. */
  beforeLockVersion: number;
  /** The lock_version the service reported after our save. */
  writtenLockVersion?: number;
  status: JournalItemStatus;
  reason?: string;
  /** Why a `failed` item failed: `validation` (the service refused the value: retrying will not help) or `failed`. */
  failureKind?: 'validation' | 'failed';
  /**
   * Set when a save (or restore) was sent and its outcome is not recorded yet. After a crash such items may or may
   * not have been written: they are never sent again until `reconcileUnconfirmed` has re-read them.
   */
  unconfirmed?: true;
  /** Undo: the lock_version the restore of `before` will send; present while the restore is scheduled. */
  undoLockVersion?: number;
  /** Undo: the lock_version the service reported after restoring `before`. */
  restoredLockVersion?: number;
}

export interface BulkJournal {
  id: string;
  scope: JournalScope;
  /** ISO timestamp, supplied by the caller (pure code has no clock). */
  createdAt: string;
  operation: BulkOperation;
  /** describeOperation(operation), for the activity log and the resume banner. */
  description: string;
  /** How the keys were chosen, in words (e.g. "keys containing 203.0.113.7"); optional. */
  selection?: string;
  state: JournalState;
  items: JournalItem[];
}

/** The outcome of saving (or restoring) one key, as the caller's client reports it. */
export type BatchResult =
  | { keyId: number; ok: true; lockVersion: number }
  | { keyId: number; ok: false; kind: 'conflict' | 'validation' | 'failed'; message: string };

export const DEFAULT_BATCH_SIZE = 100;

export class JournalTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalTransitionError';
  }
}

// --- building -----------------------------------------------------------------------------------------------

export interface CreateJournalMeta {
  id: string;
  createdAt: string;
  scope: JournalScope;
  selection?: string;
}

export function createJournal(plan: BulkPlan, meta: CreateJournalMeta): BulkJournal {
  const seen = new Set<number>();
  for (const item of plan.items) {
    if (seen.has(item.keyId)) throw new JournalTransitionError(`Key ${item.keyId} appears twice in the plan; it would be saved twice.`);
    seen.add(item.keyId);
  }
  const journal: BulkJournal = {
    id: meta.id,
    scope: { host: meta.scope.host, database: meta.scope.database },
    createdAt: meta.createdAt,
    operation: copyOperation(plan.operation),
    description: describeOperation(plan.operation),
    state: 'planned',
    items: plan.items.map(journalItemOf),
  };
  if (meta.selection !== undefined) journal.selection = meta.selection;
  return journal;
}

const ATTENTION_CODES: ReadonlySet<string> = new Set(['replace-inside-block', 'replace-overlaps']);

/** Field by field, so nothing but these fields (never a secret) can reach storage. */
function journalItemOf(item: PlanItem): JournalItem {
  const base = { keyId: item.keyId, name: item.name, before: item.before, after: item.after, beforeLockVersion: item.lockVersion };
  switch (item.status) {
    case 'changed':
      return { ...base, status: 'pending' };
    case 'unchanged': {
      // A flagged key keeps the reason it needs attention, so the outcome list can say it (not just "unchanged").
      const attention = item.needsAttention ? item.warnings.find((note) => ATTENTION_CODES.has(note.code)) : undefined;
      return { ...base, status: 'skipped', reason: attention?.message ?? BULK_MESSAGES.skippedUnchanged() };
    }
    case 'blocked':
      return { ...base, status: 'blocked', reason: item.blockedReasons.map((note) => note.message).join(' ') };
  }
}

function copyOperation(op: BulkOperation): BulkOperation {
  switch (op.kind) {
    case 'add':
      return { kind: 'add', entries: op.entries };
    case 'remove':
      return { kind: 'remove', entries: op.entries, mode: op.mode };
    case 'replace':
      return { kind: 'replace', from: op.from, to: op.to };
    case 'set':
      return { kind: 'set', list: op.list };
    case 'normalise':
      return { kind: 'normalise', aggregate: op.aggregate };
  }
}

export function journalMatchesScope(journal: BulkJournal, scope: JournalScope): boolean {
  return journal.scope.host === scope.host && journal.scope.database === scope.database;
}

// --- item helpers -------------------------------------------------------------------------------------------

type OptionalItemField = 'writtenLockVersion' | 'reason' | 'failureKind' | 'unconfirmed' | 'undoLockVersion' | 'restoredLockVersion';

/** A copy of `item` with `changes` applied and the listed optional fields dropped (never set to undefined). */
export function updateItem(item: JournalItem, changes: Partial<JournalItem>, drop: readonly OptionalItemField[] = []): JournalItem {
  const next: JournalItem = { ...item, ...changes };
  for (const field of drop) delete next[field];
  return next;
}

/** Applies `update` to the items it returns a value for; the others are kept as they are (same objects). */
export function mapItems(journal: BulkJournal, update: (item: JournalItem) => JournalItem | null): JournalItem[] {
  return journal.items.map((item) => update(item) ?? item);
}

function byKeyId<T extends { keyId: number }>(entries: readonly T[]): Map<number, T> {
  const map = new Map<number, T>();
  for (const entry of entries) map.set(entry.keyId, entry);
  return map;
}

// --- apply --------------------------------------------------------------------------------------------------

/** Starts (or resumes) applying. Refused once an undo has begun: the two must never interleave. */
export function startApply(journal: BulkJournal): BulkJournal {
  if (journal.state === 'undoing' || journal.state === 'undone') {
    throw new JournalTransitionError(`Cannot apply a bulk edit that is being or has been undone (state ${journal.state}).`);
  }
  return { ...journal, state: journal.state === 'applied' && !hasPending(journal) ? 'applied' : 'applying' };
}

function hasPending(journal: BulkJournal): boolean {
  return journal.items.some((item) => item.status === 'pending');
}

/**
 * The next items to save, in plan order: `pending` items whose outcome is not awaited, at most `size`. Empty once
 * cancelled or finished. The caller marks them sent (`markSent`) and persists that before sending.
 */
export function nextBatch(journal: BulkJournal, size = DEFAULT_BATCH_SIZE): JournalItem[] {
  if (journal.state !== 'planned' && journal.state !== 'applying') return [];
  const batch: JournalItem[] = [];
  for (const item of journal.items) {
    if (batch.length >= size) break;
    if (item.status === 'pending' && item.unconfirmed !== true) batch.push(item);
  }
  return batch;
}

/**
 * Marks items as sent, so that a crash before their outcome is recorded leaves them `unconfirmed` rather than
 * `pending` (which would send them again). Works for saves and for undo restores alike.
 */
export function markSent(journal: BulkJournal, keyIds: readonly number[]): BulkJournal {
  const ids = new Set(keyIds);
  const items = mapItems(journal, (item) =>
    ids.has(item.keyId) && isAwaitingWrite(item, journal.state) ? updateItem(item, { unconfirmed: true }) : null,
  );
  return { ...journal, state: journal.state === 'planned' ? 'applying' : journal.state, items };
}

function isAwaitingWrite(item: JournalItem, state: JournalState): boolean {
  if (state === 'undoing') return item.status === 'saved' && item.undoLockVersion !== undefined;
  return item.status === 'pending';
}

/**
 * Records the outcome of a batch of saves. Only `pending` items move (a late or repeated result for an item
 * that already has an outcome is ignored), so replaying results is harmless.
 */
export function recordBatchResult(journal: BulkJournal, results: readonly BatchResult[]): BulkJournal {
  if (journal.state === 'undoing' || journal.state === 'undone') {
    throw new JournalTransitionError('Save results cannot be recorded while the bulk edit is being undone.');
  }
  const resultsByKey = byKeyId(results);
  const items = mapItems(journal, (item) => {
    const result = resultsByKey.get(item.keyId);
    if (!result || item.status !== 'pending') return null;
    if (result.ok) return updateItem(item, { status: 'saved', writtenLockVersion: result.lockVersion }, ['reason', 'failureKind', 'unconfirmed']);
    switch (result.kind) {
      case 'conflict':
        return updateItem(item, { status: 'conflict', reason: BULK_MESSAGES.conflict(result.message) }, ['failureKind', 'unconfirmed']);
      case 'validation':
        return updateItem(item, { status: 'failed', failureKind: 'validation', reason: BULK_MESSAGES.refused(result.message) }, ['unconfirmed']);
      case 'failed':
        return updateItem(item, { status: 'failed', failureKind: 'failed', reason: BULK_MESSAGES.failed(result.message) }, ['unconfirmed']);
    }
  });
  const next: BulkJournal = { ...journal, items };
  const running = journal.state === 'planned' || journal.state === 'applying';
  if (!running) return next; // e.g. the batch that was in flight when the admin pressed Cancel
  return { ...next, state: items.some((item) => item.status === 'pending') ? 'applying' : 'applied' };
}

/** Cancel between batches: nothing more is scheduled; what was saved stays saved (and can be undone). */
export function markCancelled(journal: BulkJournal): BulkJournal {
  if (journal.state !== 'planned' && journal.state !== 'applying') return journal;
  return { ...journal, state: 'cancelled' };
}

/**
 * Puts failed items back to `pending` for another attempt: by default those that failed for a reason retrying
 * may cure (not a refusal of the value); with `keyIds`, exactly those failed items. Their lock_version is kept:
 * should an earlier attempt have gone through after all, the retry meets a conflict, never a second write.
 */
export function retryFailed(journal: BulkJournal, keyIds?: readonly number[]): BulkJournal {
  if (journal.state === 'undoing' || journal.state === 'undone') return journal;
  const ids = keyIds ? new Set(keyIds) : null;
  const items = mapItems(journal, (item) => {
    if (item.status !== 'failed') return null;
    const chosen = ids ? ids.has(item.keyId) : item.failureKind !== 'validation';
    return chosen ? updateItem(item, { status: 'pending' }, ['reason', 'failureKind', 'unconfirmed']) : null;
  });
  const pending = items.some((item) => item.status === 'pending');
  return { ...journal, items, state: pending && journal.state === 'applied' ? 'applying' : journal.state };
}

// --- after a crash ------------------------------------------------------------------------------------------

/** Ids of items whose last write was sent but has no recorded outcome: re-read these before going on. */
export function unconfirmedKeyIds(journal: BulkJournal): number[] {
  return journal.items.filter((item) => item.unconfirmed === true).map((item) => item.keyId);
}

/**
 * Settles unconfirmed items from a fresh read of their keys, so that resume and undo are exact:
 * - a save: lock_version unchanged → not written, pending again; value now equals what we meant to write →
 *   saved; anything else → conflict (re-plan it); key gone → failed.
 * - a restore (while undoing): lock_version unchanged → still scheduled; value now equals `before` → undone;
 *   anything else → undo-skipped (changed since); key gone → undo-skipped.
 */
export function reconcileUnconfirmed(journal: BulkJournal, freshKeys: readonly Pick<ApiKeyRecord, 'id' | 'lockVersion' | 'permittedIps'>[]): BulkJournal {
  const fresh = new Map(freshKeys.map((key) => [key.id, key]));
  const undoing = journal.state === 'undoing';
  const items = mapItems(journal, (item) => {
    if (item.unconfirmed !== true) return null;
    const key = fresh.get(item.keyId);
    return undoing ? settleRestore(item, key) : settleSave(item, key);
  });
  const next = { ...journal, items };
  if (undoing) return { ...next, state: items.some(isScheduledRestore) ? 'undoing' : 'undone' };
  if (journal.state === 'applying' || journal.state === 'applied') {
    return { ...next, state: items.some((item) => item.status === 'pending') ? 'applying' : 'applied' };
  }
  return next;
}

type FreshIp = Pick<ApiKeyRecord, 'id' | 'lockVersion' | 'permittedIps'> | undefined;

function settleSave(item: JournalItem, key: FreshIp): JournalItem {
  if (item.status !== 'pending') return updateItem(item, {}, ['unconfirmed']);
  if (!key) return updateItem(item, { status: 'failed', failureKind: 'failed', reason: BULK_MESSAGES.missingNow() }, ['unconfirmed']);
  if (key.lockVersion === item.beforeLockVersion) return updateItem(item, {}, ['unconfirmed']);
  if (sameIpList(key.permittedIps, item.after)) {
    return updateItem(item, { status: 'saved', writtenLockVersion: key.lockVersion, reason: BULK_MESSAGES.alreadyApplied() }, ['unconfirmed', 'failureKind']);
  }
  return updateItem(item, { status: 'conflict', reason: BULK_MESSAGES.changedElsewhere(key.permittedIps ?? '') }, ['unconfirmed', 'failureKind']);
}

function settleRestore(item: JournalItem, key: FreshIp): JournalItem {
  if (!isScheduledRestore(item)) return updateItem(item, {}, ['unconfirmed']);
  if (!key) return updateItem(item, { status: 'undo-skipped', reason: BULK_MESSAGES.missingNow() }, ['unconfirmed', 'undoLockVersion']);
  if (key.lockVersion === item.undoLockVersion) return updateItem(item, {}, ['unconfirmed']);
  if (sameIpList(key.permittedIps, item.before)) {
    return updateItem(item, { status: 'undone', restoredLockVersion: key.lockVersion }, ['unconfirmed', 'undoLockVersion', 'reason']);
  }
  return updateItem(item, { status: 'undo-skipped', reason: BULK_MESSAGES.undoChangedSince(key.permittedIps ?? '') }, ['unconfirmed', 'undoLockVersion']);
}

export function isScheduledRestore(item: JournalItem): boolean {
  return item.status === 'saved' && item.undoLockVersion !== undefined;
}

// --- summary ------------------------------------------------------------------------------------------------

export interface ResumeSummary {
  state: JournalState;
  total: number;
  counts: Record<JournalItemStatus, number>;
  /** Sent but without a recorded outcome: re-read them (`reconcileUnconfirmed`) before resuming or undoing. */
  unconfirmed: number;
  /** Failed for a reason a retry may cure. */
  retryableFailed: number;
  /**
   * An apply or undo that did not finish (tab closed mid-way): show it next time. A journal still `planned` with
   * work to do counts too: journals are written just before the first batch is sent.
   */
  interrupted: boolean;
  /** There is apply work left: pending saves, conflicts to re-plan, or retryable failures. */
  canResume: boolean;
  /** Some keys were saved by this edit and not yet restored. */
  canUndo: boolean;
}

export function resumeSummary(journal: BulkJournal): ResumeSummary {
  const counts: Record<JournalItemStatus, number> = {
    pending: 0,
    saved: 0,
    conflict: 0,
    failed: 0,
    skipped: 0,
    blocked: 0,
    undone: 0,
    'undo-skipped': 0,
  };
  let unconfirmed = 0;
  let retryableFailed = 0;
  for (const item of journal.items) {
    counts[item.status]++;
    if (item.unconfirmed === true) unconfirmed++;
    if (item.status === 'failed' && item.failureKind !== 'validation') retryableFailed++;
  }
  const applyPhase = journal.state !== 'undoing' && journal.state !== 'undone';
  return {
    state: journal.state,
    total: journal.items.length,
    counts,
    unconfirmed,
    retryableFailed,
    interrupted: journal.state === 'applying' || journal.state === 'undoing' || (journal.state === 'planned' && counts.pending > 0),
    canResume: applyPhase && counts.pending + counts.conflict + retryableFailed > 0,
    canUndo: counts.saved > 0,
  };
}
