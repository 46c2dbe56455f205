/**
 * Undo: restore each key this edit saved to its before value — only where the current value is still what we
 * wrote. A key changed since is left alone and listed; a key whose before value was blank cannot be restored,
 * because the service refuses an empty list (said explicitly rather than failing on save).
 */
import { BULK_MESSAGES } from './bulk-messages';
import { isBlankIpText, sameIpList } from './bulk-ip';
import {
  DEFAULT_BATCH_SIZE,
  JournalTransitionError,
  isScheduledRestore,
  mapItems,
  updateItem,
  type BatchResult,
  type BulkJournal,
  type JournalItem,
  type JournalItemStatus,
} from './bulk-journal';
import type { ApiKeyRecord } from './model';

type CurrentKey = Pick<ApiKeyRecord, 'id' | 'lockVersion' | 'permittedIps'>;

export interface UndoRestore {
  keyId: number;
  name: string;
  /** The value to write back: the journal's before value, exactly as it was stored. */
  restoreTo: string;
  /** The key's current lock_version: the restore sends it. */
  lockVersion: number;
  current: string | null;
}

export interface UndoLeft {
  keyId: number;
  name: string;
  /** The item's journal status (for `notSaved` and `alreadyHandled`). */
  status: JournalItemStatus;
  reason: string;
  /** The key's current value, when it was read. */
  current?: string | null;
}

export interface UndoPlan {
  /** Current value canonically equals what we wrote: restore `before`. */
  restore: UndoRestore[];
  /** Current value differs from what we wrote: left as it is. */
  changedSince: UndoLeft[];
  /** Would need restoring, but the service would refuse the before value (blank). */
  blocked: UndoLeft[];
  /** Saved by this edit but not returned by the re-read (deleted, or no permission). */
  missing: UndoLeft[];
  /** Never saved by this edit (pending, conflict, failed, skipped, blocked): nothing to undo. */
  notSaved: UndoLeft[];
  /** Already restored or already set aside by an earlier undo. */
  alreadyHandled: UndoLeft[];
  /** A write was sent and its outcome is unknown: re-read and `reconcileUnconfirmed` before deciding. */
  unconfirmed: UndoLeft[];
}

export function planUndo(journal: BulkJournal, currentKeys: readonly CurrentKey[]): UndoPlan {
  const current = new Map(currentKeys.map((key) => [key.id, key]));
  const plan: UndoPlan = { restore: [], changedSince: [], blocked: [], missing: [], notSaved: [], alreadyHandled: [], unconfirmed: [] };
  for (const item of journal.items) {
    const left = (reason: string, extra: { current?: string | null } = {}): UndoLeft => ({ keyId: item.keyId, name: item.name, status: item.status, reason, ...extra });
    if (item.unconfirmed === true) {
      plan.unconfirmed.push(left(BULK_MESSAGES.stillUnconfirmed()));
      continue;
    }
    if (item.status === 'undone' || item.status === 'undo-skipped') {
      plan.alreadyHandled.push(left(item.reason ?? ''));
      continue;
    }
    if (item.status !== 'saved') {
      plan.notSaved.push(left(BULK_MESSAGES.undoNotSaved()));
      continue;
    }
    const key = current.get(item.keyId);
    if (!key) {
      plan.missing.push(left(BULK_MESSAGES.missingNow()));
      continue;
    }
    if (!sameIpList(key.permittedIps, item.after)) {
      plan.changedSince.push(left(BULK_MESSAGES.undoChangedSince(key.permittedIps ?? ''), { current: key.permittedIps }));
      continue;
    }
    if (item.before === null || isBlankIpText(item.before)) {
      plan.blocked.push(left(BULK_MESSAGES.undoBlankBefore(), { current: key.permittedIps }));
      continue;
    }
    plan.restore.push({ keyId: item.keyId, name: item.name, restoreTo: item.before, lockVersion: key.lockVersion, current: key.permittedIps });
  }
  return plan;
}

/**
 * Enters the undo phase with a reviewed plan: restores are scheduled with their lock_version; keys changed since,
 * blocked or missing are set aside as `undo-skipped` with the reason. May be called again (after re-reading) to
 * re-plan the restores that are still outstanding.
 */
export function startUndo(journal: BulkJournal, plan: UndoPlan): BulkJournal {
  if (journal.state === 'planned') throw new JournalTransitionError('Nothing has been applied, so there is nothing to undo.');
  // A save whose outcome is unknown may have gone through: deciding now could leave it out of the undo.
  if (journal.items.some((item) => item.unconfirmed === true && !isScheduledRestore(item))) {
    throw new JournalTransitionError('Some saves have no recorded outcome: re-read those keys (reconcileUnconfirmed) before undoing.');
  }
  const restores = new Map(plan.restore.map((restore) => [restore.keyId, restore]));
  const setAside = new Map([...plan.changedSince, ...plan.blocked, ...plan.missing].map((left) => [left.keyId, left]));
  const items = mapItems(journal, (item) => {
    if (item.status !== 'saved' || item.unconfirmed === true) return null;
    const restore = restores.get(item.keyId);
    if (restore) return updateItem(item, { undoLockVersion: restore.lockVersion }, ['reason']);
    const left = setAside.get(item.keyId);
    if (left) return updateItem(item, { status: 'undo-skipped', reason: left.reason }, ['undoLockVersion']);
    return null;
  });
  return { ...journal, items, state: items.some(isScheduledRestore) ? 'undoing' : 'undone' };
}

/** The next restores to send (write `before` with `undoLockVersion`), at most `size`, never one already sent. */
export function nextUndoBatch(journal: BulkJournal, size = DEFAULT_BATCH_SIZE): JournalItem[] {
  if (journal.state !== 'undoing') return [];
  const batch: JournalItem[] = [];
  for (const item of journal.items) {
    if (batch.length >= size) break;
    if (isScheduledRestore(item) && item.unconfirmed !== true) batch.push(item);
  }
  return batch;
}

/**
 * Records restore outcomes. Restored → `undone`. A conflict means the key changed after the undo was planned →
 * `undo-skipped` (changed since). Any other failure leaves the item `saved` with the reason and no longer
 * scheduled, so a later planUndo can try it again after re-reading.
 */
export function recordUndoResult(journal: BulkJournal, results: readonly BatchResult[]): BulkJournal {
  if (journal.state !== 'undoing') throw new JournalTransitionError(`Restore results can only be recorded while undoing (state ${journal.state}).`);
  const byKey = new Map(results.map((result) => [result.keyId, result]));
  const items = mapItems(journal, (item) => {
    const result = byKey.get(item.keyId);
    if (!result || !isScheduledRestore(item)) return null;
    if (result.ok) return updateItem(item, { status: 'undone', restoredLockVersion: result.lockVersion }, ['undoLockVersion', 'unconfirmed', 'reason']);
    if (result.kind === 'conflict') {
      return updateItem(item, { status: 'undo-skipped', reason: BULK_MESSAGES.conflict(result.message) }, ['undoLockVersion', 'unconfirmed']);
    }
    return updateItem(item, { reason: BULK_MESSAGES.undoFailed(result.message) }, ['undoLockVersion', 'unconfirmed']);
  });
  return { ...journal, items, state: items.some(isScheduledRestore) ? 'undoing' : 'undone' };
}
