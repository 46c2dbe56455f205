import { describe, expect, it } from 'vitest';
import { acceptConflictReviews, canAutoRetry, replanConflicts } from '../../../src/core/keys/bulk-conflicts';
import { createJournal, markSent, nextBatch, recordBatchResult, type BulkJournal, type JournalItem } from '../../../src/core/keys/bulk-journal';
import type { BulkOperation } from '../../../src/core/keys/bulk-operation';
import { planBulkEdit, type PlannableKey } from '../../../src/core/keys/bulk-plan';

const REPLACE: BulkOperation = { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' };
const key = (id: number, permittedIps: string | null, lockVersion = 3): PlannableKey => ({ id, name: `Key ${id}`, lockVersion, permittedIps });
const STALE = 'This record cannot be saved since it has already been updated elsewhere.';

/** Keys 1–5 all hold 81.2.69.142; every save conflicts. */
function conflictedJournal(): BulkJournal {
  const keys = [1, 2, 3, 4, 5].map((id) => key(id, '81.2.69.142, 151.101.1.69'));
  let journal = createJournal(planBulkEdit(keys, REPLACE), { id: 'j', createdAt: 't', scope: { host: 'h', database: 'd' } });
  journal = markSent(journal, [1, 2, 3, 4, 5]);
  return recordBatchResult(
    journal,
    [1, 2, 3, 4, 5].map((keyId) => ({ keyId, ok: false, kind: 'conflict', message: STALE })),
  );
}
const itemOf = (journal: BulkJournal, keyId: number): JournalItem => journal.items.find((item) => item.keyId === keyId)!;

describe('canAutoRetry', () => {
  it('is true only when the IP field is canonically what the edit was planned on', () => {
    const item = itemOf(conflictedJournal(), 1);
    expect(canAutoRetry(item, key(1, '81.2.69.142, 151.101.1.69', 4))).toBe(true);
    expect(canAutoRetry(item, key(1, '81.2.69.142/32 ,151.101.1.69', 4))).toBe(true);
    expect(canAutoRetry(item, key(1, '151.101.1.69, 81.2.69.142', 4))).toBe(false);
    expect(canAutoRetry(item, key(1, '81.2.69.142', 4))).toBe(false);
    expect(canAutoRetry(item, key(2, '81.2.69.142, 151.101.1.69', 4))).toBe(false);
  });

  it('is false for an item that is not in conflict', () => {
    const pending = createJournal(planBulkEdit([key(1, '81.2.69.142')], REPLACE), { id: 'j', createdAt: 't', scope: { host: 'h', database: 'd' } }).items[0]!;
    expect(canAutoRetry(pending, key(1, '81.2.69.142', 4))).toBe(false);
  });
});

describe('replanConflicts', () => {
  const fresh = [
    key(1, '81.2.69.142, 151.101.1.69', 4), // only another field changed
    key(2, '81.2.69.142, 151.101.1.69, 185.199.108.0/22', 5), // IP list changed, still has the address
    key(3, '151.101.1.69', 6), // someone removed the address: nothing left to do
    key(4, '92.40.1.1, 151.101.1.69', 4), // already holds what we meant to write
    // key 5 was deleted
  ];

  it('re-applies the operation to the current values and says which can be retried without review', () => {
    const reviews = replanConflicts(conflictedJournal(), fresh);
    expect(reviews.map((review) => [review.keyId, review.item?.status ?? null, review.autoRetry, review.ipChangedRemotely, review.alreadyApplied])).toEqual([
      [1, 'changed', true, false, false],
      [2, 'changed', false, true, false],
      [3, 'unchanged', false, true, false],
      [4, 'unchanged', false, true, true],
      [5, null, false, false, false],
    ]);
    expect(reviews[1]!.item).toMatchObject({ before: '81.2.69.142, 151.101.1.69, 185.199.108.0/22', after: '92.40.1.1, 151.101.1.69, 185.199.108.0/22', lockVersion: 5 });
  });

  it('validates again: a current value that now has errors is blocked', () => {
    const reviews = replanConflicts(conflictedJournal(), [key(1, '81.2.69.142, 010.1.1.1', 9)]);
    expect(reviews[0]!.item?.status).toBe('blocked');
    expect(reviews[0]!.item?.blockedReasons.map((note) => note.code)).toEqual(['before-errors', 'leading-zero']);
  });

  it('accepting the reviews rebases pending items and settles the rest', () => {
    const journal = acceptConflictReviews(conflictedJournal(), replanConflicts(conflictedJournal(), fresh));
    expect(journal.state).toBe('applying');
    expect(journal.items.map((item) => item.status)).toEqual(['pending', 'pending', 'skipped', 'saved', 'failed']);
    expect(itemOf(journal, 1)).toEqual({ keyId: 1, name: 'Key 1', before: '81.2.69.142, 151.101.1.69', after: '92.40.1.1, 151.101.1.69', beforeLockVersion: 4, status: 'pending' });
    expect(itemOf(journal, 2)).toMatchObject({ beforeLockVersion: 5, after: '92.40.1.1, 151.101.1.69, 185.199.108.0/22' });
    // Already applied: counted as saved, and undo will restore the value from before the edit.
    expect(itemOf(journal, 4)).toMatchObject({ status: 'saved', writtenLockVersion: 4, before: '81.2.69.142, 151.101.1.69' });
    expect(nextBatch(journal).map((item) => [item.keyId, item.beforeLockVersion])).toEqual([
      [1, 4],
      [2, 5],
    ]);
  });

  it('auto-retry: accepting only the reviews that allow it leaves the others in conflict for review', () => {
    const reviews = replanConflicts(conflictedJournal(), fresh);
    const automatic = reviews.filter((review) => review.autoRetry).map((review) => review.keyId);
    const journal = acceptConflictReviews(conflictedJournal(), reviews, automatic);
    expect(journal.items.map((item) => item.status)).toEqual(['pending', 'conflict', 'conflict', 'conflict', 'conflict']);
  });
});
