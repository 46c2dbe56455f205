/**
 * Drives a bulk-edit journal through the service: apply in batches, resume after a crash, re-plan conflicts, undo.
 *
 * The journal (bulk-journal.ts) decides WHAT may be sent; this module decides WHEN, and keeps one rule: every new
 * journal is persisted (through the injected store) before the step it enables is taken. So a batch is marked
 * sent and stored before its request leaves, and its outcome is stored before the next batch is chosen. After a
 * crash at any point the stored journal therefore either still lists an item as pending-and-not-sent (safe to
 * send), or as sent-without-outcome (`unconfirmed`: re-read before anything else), or has its outcome — never a
 * state in which a key could be written twice.
 *
 * Framework-free and browser-free: the key service and the store are injected, so unit tests use fakes and the
 * integration tests and the bench run it against the simulator in Node.
 */
import type { WorkbooksClient } from '../workbooks/client';
import { chunk } from '../workbooks/encode';
import { acceptConflictReviews, replanConflicts, type ConflictReview } from './bulk-conflicts';
import {
  DEFAULT_BATCH_SIZE,
  createJournal,
  isScheduledRestore,
  markCancelled,
  markSent,
  nextBatch,
  reconcileUnconfirmed,
  recordBatchResult,
  retryFailed,
  startApply,
  unconfirmedKeyIds,
  type BatchResult,
  type BulkJournal,
  type CreateJournalMeta,
  type JournalItem,
  type JournalItemStatus,
  type JournalState,
} from './bulk-journal';
import type { BulkPlan, PlanOptions } from './bulk-plan';
import { BULK_MESSAGES } from './bulk-messages';
import { nextUndoBatch, planUndo, recordUndoResult, startUndo, type UndoPlan } from './bulk-undo';
import type { ApiKeyRecord } from './model';
import { keyColumns, keyFromRecord, type KeyRepository, type KeySaveResult, type KeyWrite } from './repository';
import { errorMessage } from '../error-message';

// ------------------------------------------------------------------------------------------------ seams

/** What the runner needs from the service. `bulkKeyService` builds it from the repository and the client. */
export interface BulkKeyService {
  /** Saves in requests of at most 100 records, each record its own transaction (KeyRepository.saveKeys). */
  saveKeys(writes: readonly KeyWrite[]): Promise<KeySaveResult[]>;
  /** The current records of these keys; ids that no read returns are deleted (or no longer readable). */
  readKeys(ids: readonly number[]): Promise<ApiKeyRecord[]>;
}

/** Where journals live (IndexedDB in the extension). `save` must resolve only once the journal is stored. */
export interface JournalStore {
  save(journal: BulkJournal): Promise<void>;
}

export interface RunnerDeps {
  keys: BulkKeyService;
  store: JournalStore;
  /** Keys per write request; at most (and by default) 100. */
  batchSize?: number;
  /** Called after every stored change, with the journal as stored: progress bars and outcome lists. */
  onUpdate?: (journal: BulkJournal) => void;
}

/** Ids per key read: one `id eq 1,2,…` IN list per request (the service's page cap). */
export const KEY_IDS_PER_READ = 100;

/**
 * The key service over a repository (saves, schema) and its client (one read per 100 ids with an IN filter,
 * rather than one `getKey` request per key).
 */
export function bulkKeyService(repository: Pick<KeyRepository, 'saveKeys' | 'schema'>, client: Pick<WorkbooksClient, 'readPage'>): BulkKeyService {
  return {
    saveKeys: (writes) => repository.saveKeys(writes),
    async readKeys(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const schema = await repository.schema();
      const pages = await Promise.all(
        chunk(unique, KEY_IDS_PER_READ).map((part) =>
          client.readPage(schema.apiKey.path, {
            start: 0,
            limit: part.length,
            filters: [{ field: 'id', op: 'eq', value: part }],
            selectColumns: keyColumns(schema),
            skipTotal: true,
          }),
        ),
      );
      return pages.flatMap((page) => page.records.map((record) => keyFromRecord(record, schema)).filter((key): key is ApiKeyRecord => key !== null));
    },
  };
}

// ------------------------------------------------------------------------------------------------ results

export type RunStop = 'finished' | 'cancelled' | 'failed';

export interface RunResult {
  /** The journal as stored at the end of the run. */
  journal: BulkJournal;
  stop: RunStop;
  /** Why the run stopped early (`failed`): the service or the network, in the client's words. */
  error: string | null;
  /**
   * Conflicts re-planned on the keys' current values that would write again: show them to the admin, then
   * `retryConflicts` with the ones they accept. Conflicts whose re-plan writes nothing (already applied, now
   * unchanged, now blocked, key gone) are taken into the journal without asking.
   */
  reviews: ConflictReview[];
}

export interface ApplyOptions {
  /** Checked between batches: once aborted, no further batch is sent (the one in flight completes). */
  signal?: AbortSignal;
  /**
   * Retry conflicted keys without review when only fields other than Permitted IP addresses changed remotely
   * (`canAutoRetry`): the same new list is right, only the lock_version is new. Each key is retried so at most
   * once per run, so a key that keeps changing ends up in review rather than in a loop.
   */
  autoRetryConflicts?: boolean;
}

/** Request-level failures in a row (after re-reading each time) before a run stops and waits for the admin. */
const MAX_FAILED_REQUESTS_IN_A_ROW = 2;

// ------------------------------------------------------------------------------------------------ internals

/** The current journal, stored before it is acted on. */
class StoredJournal {
  constructor(
    public journal: BulkJournal,
    private readonly deps: RunnerDeps,
  ) {}

  async commit(next: BulkJournal): Promise<void> {
    if (next === this.journal) return;
    await this.deps.store.save(next);
    this.journal = next;
    this.deps.onUpdate?.(next);
  }
}

function batchSizeOf(deps: RunnerDeps): number {
  const size = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > DEFAULT_BATCH_SIZE) throw new RangeError(`Batch size must be 1..${DEFAULT_BATCH_SIZE}.`);
  return size;
}

/** Kinds a per-record answer can carry; anything else means the request as a whole failed. */
const RECORD_LEVEL_KINDS: ReadonlySet<string> = new Set(['conflict', 'validation', 'not-found', 'rolled-back']);

interface SortedResults {
  /** Outcomes the service reported for these records. */
  known: BatchResult[];
  /** Records of a request that failed as a whole: they may or may not have been written. */
  unknown: number[];
  /** The request-level error, when there was one. */
  requestError: string | null;
}

/**
 * Splits a batch's answers into known outcomes and unknown ones. A request that failed as a whole (5xx, network,
 * authentication, an unreadable answer) gives every record the same error object: whether the service applied it
 * is unknown, so those stay `unconfirmed` and are settled by re-reading — never by guessing.
 */
function sortResults(batch: readonly JournalItem[], results: readonly KeySaveResult[]): SortedResults {
  const sorted: SortedResults = { known: [], unknown: [], requestError: null };
  const failures = results.filter((result): result is Extract<KeySaveResult, { ok: false }> => !result.ok);
  const sharedError = results.length > 1 && failures.length === results.length && failures.every((result) => result.error === failures[0]!.error);
  batch.forEach((item, index) => {
    const result = results[index];
    if (!result) {
      sorted.unknown.push(item.keyId);
      return;
    }
    if (result.ok) {
      sorted.known.push({ keyId: item.keyId, ok: true, lockVersion: result.lockVersion });
      return;
    }
    if (!result.attempted || sharedError || !RECORD_LEVEL_KINDS.has(result.error.kind)) {
      sorted.unknown.push(item.keyId);
      sorted.requestError ??= result.error.message;
      return;
    }
    const kind = result.error.kind === 'conflict' ? 'conflict' : result.error.kind === 'validation' ? 'validation' : 'failed';
    sorted.known.push({ keyId: item.keyId, ok: false, kind, message: result.error.message });
  });
  return sorted;
}

async function saveBatch(deps: RunnerDeps, batch: readonly JournalItem[], writes: readonly KeyWrite[]): Promise<SortedResults> {
  try {
    return sortResults(batch, await deps.keys.saveKeys(writes));
  } catch (error) {
    // Thrown rather than reported (e.g. schema discovery failed): nothing proves the request was not sent.
    return { known: [], unknown: batch.map((item) => item.keyId), requestError: errorMessage(error) };
  }
}

/** Settles every unconfirmed item (save or restore) from a fresh read, and stores the result. */
async function settleUnconfirmed(stored: StoredJournal, deps: RunnerDeps): Promise<void> {
  const ids = unconfirmedKeyIds(stored.journal);
  if (ids.length === 0) return;
  const fresh = await deps.keys.readKeys(ids);
  await stored.commit(reconcileUnconfirmed(stored.journal, fresh));
}

function stopped(stored: StoredJournal, stop: RunStop, error: string | null = null, reviews: ConflictReview[] = []): RunResult {
  return { journal: stored.journal, stop, error, reviews };
}

/** A review is taken without asking when accepting it sends nothing. */
function writesNothing(review: ConflictReview): boolean {
  return review.item === null || review.alreadyApplied || review.item.status !== 'changed';
}

/** One direction of a run: which items go next, what each sends, how results are recorded, how cancel ends it. */
interface BatchPass {
  inProgress(journal: BulkJournal): boolean;
  next(journal: BulkJournal, size: number): JournalItem[];
  write(item: JournalItem): KeyWrite;
  record(journal: BulkJournal, results: SortedResults['known']): BulkJournal;
  cancel(stored: StoredJournal): Promise<RunResult>;
}

const APPLY_PASS: BatchPass = {
  inProgress: (journal) => journal.state === 'applying' || journal.state === 'planned',
  next: nextBatch,
  write: (item) => ({ kind: 'update', id: item.keyId, lockVersion: item.beforeLockVersion, changes: { permittedIps: item.after ?? '' } }),
  record: recordBatchResult,
  async cancel(stored) {
    await stored.commit(markCancelled(stored.journal));
    return stopped(stored, 'cancelled');
  },
};

const UNDO_PASS: BatchPass = {
  inProgress: (journal) => journal.state === 'undoing',
  next: nextUndoBatch,
  write: (item) => ({ kind: 'update', id: item.keyId, lockVersion: item.undoLockVersion ?? item.beforeLockVersion, changes: { permittedIps: item.before ?? '' } }),
  record: recordUndoResult,
  // The journal stays `undoing`: the undo can be continued.
  cancel: async (stored) => stopped(stored, 'cancelled'),
};

/**
 * Sends the pass's batches, each marked sent in the journal before its request, until nothing is left (null) or
 * the run must stop (its result): cancelled between batches, or the service failing too often in a row. A batch
 * without an answer for every key is settled from a fresh read before going on, so nothing is written twice.
 */
async function sendBatches(
  stored: StoredJournal,
  deps: RunnerDeps,
  pass: BatchPass,
  size: number,
  signal: AbortSignal | undefined,
  failures: { inARow: number },
): Promise<RunResult | null> {
  while (pass.inProgress(stored.journal)) {
    if (signal?.aborted) return pass.cancel(stored);
    const batch = pass.next(stored.journal, size);
    if (batch.length === 0) return null;
    await stored.commit(markSent(stored.journal, batch.map((item) => item.keyId)));
    const results = await saveBatch(deps, batch, batch.map(pass.write));
    await stored.commit(pass.record(stored.journal, results.known));
    if (results.unknown.length === 0) {
      failures.inARow = 0;
      continue;
    }
    failures.inARow++;
    const error = results.requestError ?? BULK_MESSAGES.serviceNoAnswer();
    try {
      await settleUnconfirmed(stored, deps);
    } catch (readError) {
      return stopped(stored, 'failed', `${error} (${errorMessage(readError)})`);
    }
    if (failures.inARow >= MAX_FAILED_REQUESTS_IN_A_ROW) return stopped(stored, 'failed', error);
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ apply

/** Builds the journal from a reviewed plan and stores it: the first thing an apply does, before any request. */
export async function createStoredJournal(plan: BulkPlan, meta: CreateJournalMeta, deps: Pick<RunnerDeps, 'store'>): Promise<BulkJournal> {
  const journal = createJournal(plan, meta);
  await deps.store.save(journal);
  return journal;
}

/**
 * Applies (or resumes applying) a stored journal: first settles anything sent without a recorded outcome, then
 * saves pending keys batch by batch, then re-reads and re-plans conflicts. Never throws for service failures:
 * they end the run with `stop: 'failed'` and the journal stored as far as it got. Store failures do throw (the
 * run must not go on without its journal).
 */
export async function applyBulkEdit(journal: BulkJournal, deps: RunnerDeps, options: ApplyOptions = {}): Promise<RunResult> {
  const size = batchSizeOf(deps);
  const stored = new StoredJournal(journal, deps);
  await stored.commit(startApply(stored.journal));
  const autoRetried = new Set<number>();
  // Counted across conflict rounds: a service that keeps failing stops the run, however it got there.
  const failures = { inARow: 0 };

  try {
    await settleUnconfirmed(stored, deps);
  } catch (error) {
    return stopped(stored, 'failed', errorMessage(error));
  }

  for (;;) {
    const stop = await sendBatches(stored, deps, APPLY_PASS, size, options.signal, failures);
    if (stop) return stop;

    if (!stored.journal.items.some((item) => item.status === 'conflict')) return stopped(stored, 'finished');
    let reviews: ConflictReview[];
    try {
      reviews = await reviewConflicts(stored.journal, deps);
    } catch (error) {
      return stopped(stored, 'failed', errorMessage(error));
    }
    const automatic = reviews.filter(
      (review) => writesNothing(review) || (options.autoRetryConflicts === true && review.autoRetry && !autoRetried.has(review.keyId)),
    );
    if (automatic.length === 0) return stopped(stored, 'finished', null, reviews);
    automatic.forEach((review) => autoRetried.add(review.keyId));
    await stored.commit(acceptConflictReviews(stored.journal, reviews, automatic.map((review) => review.keyId)));
    const taken = new Set(automatic.map((review) => review.keyId));
    const left = reviews.filter((review) => !taken.has(review.keyId));
    if (!automatic.some((review) => !writesNothing(review))) return stopped(stored, 'finished', null, left);
    // Auto-retried keys are pending again: go round; reviews still open are re-read (fresh) at the end.
  }
}

/** Re-reads the keys in conflict and re-plans the journal's operation on their current values. */
export async function reviewConflicts(journal: BulkJournal, deps: Pick<RunnerDeps, 'keys'>, options: PlanOptions = {}): Promise<ConflictReview[]> {
  const ids = journal.items.filter((item) => item.status === 'conflict').map((item) => item.keyId);
  if (ids.length === 0) return [];
  const fresh = await deps.keys.readKeys(ids);
  return replanConflicts(journal, fresh, journal.operation, options);
}

/** Takes the reviewed re-plans the admin accepted (`keyIds`) into the journal, stores it, and applies again. */
export async function retryConflicts(
  journal: BulkJournal,
  reviews: readonly ConflictReview[],
  keyIds: readonly number[],
  deps: RunnerDeps,
  options: ApplyOptions = {},
): Promise<RunResult> {
  const accepted = acceptConflictReviews(journal, reviews, keyIds);
  await deps.store.save(accepted);
  deps.onUpdate?.(accepted);
  return applyBulkEdit(accepted, deps, options);
}

/**
 * Resume after an interruption or a stop: failures a retry may cure go back to pending (with their old
 * lock_version, so a save that did go through meets a conflict, never a second write), then apply goes on.
 */
export async function resumeBulkEdit(journal: BulkJournal, deps: RunnerDeps, options: ApplyOptions = {}): Promise<RunResult> {
  const retried = retryFailed(journal);
  if (retried !== journal) {
    await deps.store.save(retried);
    deps.onUpdate?.(retried);
  }
  return applyBulkEdit(retried, deps, options);
}

// ------------------------------------------------------------------------------------------------ undo

export interface PreparedUndo {
  /** The journal with every unconfirmed write settled (stored). */
  journal: BulkJournal;
  /** What undo would do, decided against fresh reads of the keys this edit saved. */
  plan: UndoPlan;
}

/**
 * Before an undo: settle unconfirmed writes (a save whose outcome is unknown may have gone through), then read
 * the keys this edit saved and decide, key by key, restore or leave (changed since).
 */
export async function prepareUndo(journal: BulkJournal, deps: RunnerDeps): Promise<PreparedUndo> {
  const stored = new StoredJournal(journal, deps);
  await settleUnconfirmed(stored, deps);
  const savedIds = stored.journal.items.filter((item) => item.status === 'saved').map((item) => item.keyId);
  const fresh = await deps.keys.readKeys(savedIds);
  return { journal: stored.journal, plan: planUndo(stored.journal, fresh) };
}

/**
 * Undo: with a reviewed plan, schedules its restores (and sets aside the keys changed since); without one,
 * continues an undo already under way (after an interruption). Restores go in batches like saves, each sending
 * the lock_version read when planning, so a key changed in between is left alone (and listed), not overwritten.
 * Cancelling stops between batches; the journal stays `undoing` and can be continued.
 */
export async function undoBulkEdit(journal: BulkJournal, plan: UndoPlan | null, deps: RunnerDeps, options: Pick<ApplyOptions, 'signal'> = {}): Promise<RunResult> {
  const size = batchSizeOf(deps);
  const stored = new StoredJournal(journal, deps);
  if (plan) await stored.commit(startUndo(stored.journal, plan));
  try {
    await settleUnconfirmed(stored, deps);
  } catch (error) {
    return stopped(stored, 'failed', errorMessage(error));
  }
  return (await sendBatches(stored, deps, UNDO_PASS, size, options.signal, { inARow: 0 })) ?? stopped(stored, 'finished');
}

// ------------------------------------------------------------------------------------------------ summaries

export type BulkActivityAction = 'bulk-apply' | 'bulk-undo' | 'bulk-resume';
export type BulkActivityOutcome = 'saved' | 'partial' | 'failed';

/** Items per status, plus how many were meant to be written (apply) or restored (undo). */
export interface JournalCounts {
  total: number;
  byStatus: Record<JournalItemStatus, number>;
  unconfirmed: number;
  /** Restores scheduled and not yet recorded. */
  restoring: number;
}

export function countJournal(journal: BulkJournal): JournalCounts {
  const byStatus: Record<JournalItemStatus, number> = { pending: 0, saved: 0, conflict: 0, failed: 0, skipped: 0, blocked: 0, undone: 0, 'undo-skipped': 0 };
  let unconfirmed = 0;
  let restoring = 0;
  for (const item of journal.items) {
    byStatus[item.status]++;
    if (item.unconfirmed === true) unconfirmed++;
    if (isScheduledRestore(item)) restoring++;
  }
  return { total: journal.items.length, byStatus, unconfirmed, restoring };
}

/**
 * The activity log's outcome for a run: `saved` when everything meant to be written was; `failed` when nothing
 * was; `partial` otherwise. Apply counts keys saved against keys that were to be saved (saved, pending, conflict,
 * failed); undo counts keys restored against keys the edit had saved.
 */
export function activityOutcome(journal: BulkJournal, action: BulkActivityAction): BulkActivityOutcome {
  const { byStatus, unconfirmed } = countJournal(journal);
  if (action === 'bulk-undo') {
    // Keys this edit saved: restored, set aside (changed since), or still holding our value.
    const undoable = byStatus.undone + byStatus['undo-skipped'] + byStatus.saved;
    if (byStatus.undone === undoable) return 'saved';
    return byStatus.undone === 0 ? 'failed' : 'partial';
  }
  const meant = byStatus.saved + byStatus.pending + byStatus.conflict + byStatus.failed;
  if (meant === 0) return 'saved';
  if (byStatus.saved === meant && unconfirmed === 0) return 'saved';
  return byStatus.saved === 0 ? 'failed' : 'partial';
}

/** Whether a stored journal should be offered for Resume / Undo when the tab opens. */
export function needsAttention(journal: BulkJournal): boolean {
  const { byStatus, unconfirmed, restoring } = countJournal(journal);
  if (unconfirmed > 0 || restoring > 0) return true;
  if (journal.state === 'applying' || journal.state === 'undoing') return true;
  return journal.state === 'planned' && byStatus.pending > 0;
}

// ------------------------------------------------------------------------------------------------ storage

const STATES: ReadonlySet<JournalState> = new Set<JournalState>(['planned', 'applying', 'applied', 'cancelled', 'undoing', 'undone']);
const ITEM_STATUSES: ReadonlySet<JournalItemStatus> = new Set<JournalItemStatus>(['pending', 'saved', 'conflict', 'failed', 'skipped', 'blocked', 'undone', 'undo-skipped']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isJournalItem(value: unknown): value is JournalItem {
  if (!isRecord(value)) return false;
  return (
    typeof value.keyId === 'number' &&
    typeof value.name === 'string' &&
    isTextOrNull(value.before) &&
    isTextOrNull(value.after) &&
    typeof value.beforeLockVersion === 'number' &&
    typeof value.status === 'string' &&
    ITEM_STATUSES.has(value.status as JournalItemStatus)
  );
}

function isOperation(value: unknown): boolean {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'add':
      return typeof value.entries === 'string';
    case 'remove':
      return typeof value.entries === 'string' && (value.mode === 'exact' || value.mode === 'covered');
    case 'replace':
      return typeof value.from === 'string' && typeof value.to === 'string';
    case 'set':
      return typeof value.list === 'string';
    case 'normalise':
      return typeof value.aggregate === 'boolean';
    default:
      return false;
  }
}

/**
 * A journal read back from storage, checked field by field (storage outlives versions of this code; a record
 * that does not have the journal's shape is ignored rather than trusted).
 */
export function parseStoredJournal(value: unknown): BulkJournal | null {
  if (!isRecord(value)) return null;
  const { id, scope, createdAt, operation, description, state, items } = value;
  if (typeof id !== 'string' || typeof createdAt !== 'string' || typeof description !== 'string') return null;
  if (!isRecord(scope) || typeof scope.host !== 'string' || typeof scope.database !== 'string') return null;
  if (!isOperation(operation)) return null;
  if (typeof state !== 'string' || !STATES.has(state as JournalState)) return null;
  if (!Array.isArray(items) || !items.every(isJournalItem)) return null;
  return value as unknown as BulkJournal;
}
