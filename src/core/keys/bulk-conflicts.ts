/**
 * Keys whose save met a stale lock_version (changed elsewhere since they were read): re-apply the same operation
 * to their current value, validate again, and show the result before retrying. A setting may allow retrying
 * without review, but only when the IP field itself did not change remotely.
 */
import { BULK_MESSAGES } from './bulk-messages';
import type { BulkOperation } from './bulk-operation';
import { planKey, type PlanItem, type PlanOptions } from './bulk-plan';
import { sameIpList } from './bulk-ip';
import { JournalTransitionError, mapItems, updateItem, type BulkJournal, type JournalItem } from './bulk-journal';
import type { ApiKeyRecord } from './model';

type FreshKey = Pick<ApiKeyRecord, 'id' | 'name' | 'lockVersion' | 'permittedIps'>;

export interface ConflictReview {
  keyId: number;
  name: string;
  /** The journal item as it stands (status `conflict`). */
  previous: JournalItem;
  /** The operation re-planned on the key's current value; null when the key could not be re-read. */
  item: PlanItem | null;
  /** The current value already equals what we meant to write (an earlier save went through, or someone did it). */
  alreadyApplied: boolean;
  /** The IP field differs from the value the edit was planned on. */
  ipChangedRemotely: boolean;
  /** Safe to retry without review: only another field changed. */
  autoRetry: boolean;
}

/**
 * True only when `freshKey` is the item's key, the item is in conflict, and its IP field still equals (canonically)
 * the value the edit was planned on: then the same after value is right, and only the lock_version is new.
 */
export function canAutoRetry(item: JournalItem, freshKey: FreshKey): boolean {
  return item.status === 'conflict' && freshKey.id === item.keyId && sameIpList(freshKey.permittedIps, item.before);
}

/** One review per conflicted item, in journal order. `op` defaults to the journal's own operation. */
export function replanConflicts(
  journal: BulkJournal,
  freshKeys: readonly FreshKey[],
  op: BulkOperation = journal.operation,
  options: PlanOptions = {},
): ConflictReview[] {
  const fresh = new Map(freshKeys.map((key) => [key.id, key]));
  return journal.items
    .filter((item) => item.status === 'conflict')
    .map((previous) => {
      const key = fresh.get(previous.keyId);
      if (!key) {
        return { keyId: previous.keyId, name: previous.name, previous, item: null, alreadyApplied: false, ipChangedRemotely: false, autoRetry: false };
      }
      return {
        keyId: previous.keyId,
        name: key.name,
        previous,
        item: planKey(key, op, options),
        alreadyApplied: previous.after !== null && sameIpList(key.permittedIps, previous.after),
        ipChangedRemotely: !sameIpList(key.permittedIps, previous.before),
        autoRetry: canAutoRetry(previous, key),
      };
    });
}

/**
 * Takes reviewed re-plans into the journal (all of them, or those in `keyIds`): a changed key becomes pending
 * again with its new before, after and lock_version; one that already holds the intended value counts as saved
 * (so undo restores it); one that now needs no change is skipped; a blocked one is blocked with its reasons.
 */
export function acceptConflictReviews(journal: BulkJournal, reviews: readonly ConflictReview[], keyIds?: readonly number[]): BulkJournal {
  if (journal.state === 'undoing' || journal.state === 'undone') {
    throw new JournalTransitionError('Conflicts cannot be retried once the bulk edit is being undone.');
  }
  const chosen = keyIds ? new Set(keyIds) : null;
  const accepted = new Map(reviews.filter((review) => chosen === null || chosen.has(review.keyId)).map((review) => [review.keyId, review]));
  const items = mapItems(journal, (item) => {
    const review = accepted.get(item.keyId);
    if (!review || item.status !== 'conflict') return null;
    return resolvedItem(item, review);
  });
  const pending = items.some((item) => item.status === 'pending');
  return { ...journal, items, state: pending ? 'applying' : journal.state === 'applying' ? 'applied' : journal.state };
}

function resolvedItem(item: JournalItem, review: ConflictReview): JournalItem {
  const plan = review.item;
  if (!plan) return updateItem(item, { status: 'failed', failureKind: 'failed', reason: BULK_MESSAGES.missingNow() }, ['unconfirmed']);
  const rebased = { before: plan.before, beforeLockVersion: plan.lockVersion, name: plan.name };
  if (review.alreadyApplied) {
    // Keep `before` as first planned: undo must restore the value from before this edit, not our own write.
    return updateItem(item, { status: 'saved', writtenLockVersion: plan.lockVersion, reason: BULK_MESSAGES.alreadyApplied() }, ['failureKind', 'unconfirmed']);
  }
  switch (plan.status) {
    case 'changed':
      return updateItem(item, { ...rebased, after: plan.after, status: 'pending' }, ['reason', 'failureKind', 'unconfirmed']);
    case 'unchanged':
      return updateItem(item, { ...rebased, after: plan.after, status: 'skipped', reason: BULK_MESSAGES.nowUnchanged() }, ['failureKind', 'unconfirmed']);
    case 'blocked':
      return updateItem(
        item,
        { ...rebased, after: plan.after, status: 'blocked', reason: plan.blockedReasons.map((note) => note.message).join(' ') },
        ['failureKind', 'unconfirmed'],
      );
  }
}
