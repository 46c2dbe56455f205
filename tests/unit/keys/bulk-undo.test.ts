import { describe, expect, it } from 'vitest';
import {
  createJournal,
  markSent,
  nextBatch,
  reconcileUnconfirmed,
  recordBatchResult,
  resumeSummary,
  startApply,
  JournalTransitionError,
  type BatchResult,
  type BulkJournal,
  type JournalItem,
} from '../../../src/core/keys/bulk-journal';
import type { BulkOperation } from '../../../src/core/keys/bulk-operation';
import { planBulkEdit, type PlannableKey } from '../../../src/core/keys/bulk-plan';
import { nextUndoBatch, planUndo, recordUndoResult, startUndo } from '../../../src/core/keys/bulk-undo';

const REPLACE: BulkOperation = { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' };
const BEFORE = '81.2.69.142, 151.101.1.69';
const WRITTEN = '92.40.1.1, 151.101.1.69';
const key = (id: number, permittedIps: string | null, lockVersion: number): PlannableKey => ({ id, name: `Key ${id}`, lockVersion, permittedIps });
const roundTrip = (journal: BulkJournal): BulkJournal => JSON.parse(JSON.stringify(journal)) as BulkJournal;
const itemOf = (journal: BulkJournal, keyId: number): JournalItem => journal.items.find((item) => item.keyId === keyId)!;
const ids = (items: ReadonlyArray<{ keyId: number }>): number[] => items.map((item) => item.keyId);

/**
 * Keys 1–6 saved (lock 3 → 4), key 7 conflicted, key 8 failed, key 9 never sent (cancelled), key 10 unchanged,
 * key 11 blocked.
 */
function appliedJournal(): BulkJournal {
  const keys = [
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => key(id, BEFORE, 3)),
    key(10, '151.101.1.69', 3),
    key(11, '010.1.1.1, 81.2.69.142', 3),
  ];
  let journal = startApply(createJournal(planBulkEdit(keys, REPLACE), { id: 'j', createdAt: 't', scope: { host: 'h', database: 'd' } }));
  journal = markSent(journal, [1, 2, 3, 4, 5, 6, 7, 8]);
  return recordBatchResult(journal, [
    ...[1, 2, 3, 4, 5, 6].map((keyId): BatchResult => ({ keyId, ok: true, lockVersion: 4 })),
    { keyId: 7, ok: false, kind: 'conflict', message: 'updated elsewhere' },
    { keyId: 8, ok: false, kind: 'failed', message: 'HTTP 500' },
  ]);
}

/** What a re-read returns now: key 2 had another field edited, 3 had its list changed, 5 was deleted. */
const currentKeys = [
  key(1, WRITTEN, 4),
  key(2, '92.40.1.1 ,151.101.1.69/32', 6),
  key(3, '92.40.1.1, 151.101.1.69, 185.199.108.0/22', 5),
  key(4, WRITTEN, 4),
  key(6, WRITTEN, 4),
  key(7, BEFORE, 8),
  key(8, BEFORE, 3),
  key(9, BEFORE, 3),
  key(10, '151.101.1.69', 3),
  key(11, '010.1.1.1, 81.2.69.142', 3),
];

describe('planUndo', () => {
  it('restores keys still holding what we wrote, with their current lock version; lists the rest', () => {
    const plan = planUndo(appliedJournal(), currentKeys);
    expect(plan.restore).toEqual([
      { keyId: 1, name: 'Key 1', restoreTo: BEFORE, lockVersion: 4, current: WRITTEN },
      { keyId: 2, name: 'Key 2', restoreTo: BEFORE, lockVersion: 6, current: '92.40.1.1 ,151.101.1.69/32' },
      { keyId: 4, name: 'Key 4', restoreTo: BEFORE, lockVersion: 4, current: WRITTEN },
      { keyId: 6, name: 'Key 6', restoreTo: BEFORE, lockVersion: 4, current: WRITTEN },
    ]);
    expect(ids(plan.changedSince)).toEqual([3]);
    expect(plan.changedSince[0]).toMatchObject({ current: '92.40.1.1, 151.101.1.69, 185.199.108.0/22' });
    expect(plan.changedSince[0]!.reason).toMatch(/Changed since the bulk edit/);
    expect(ids(plan.missing)).toEqual([5]);
    expect(plan.notSaved.map((left) => [left.keyId, left.status])).toEqual([
      [7, 'conflict'],
      [8, 'failed'],
      [9, 'pending'],
      [10, 'skipped'],
      [11, 'blocked'],
    ]);
    expect(plan.blocked).toEqual([]);
  });

  it('flags a key whose before value was blank: the service refuses an empty list, so it cannot be restored', () => {
    let journal = createJournal(planBulkEdit([key(1, null, 2), key(2, '   ', 2), key(3, '151.101.1.69', 2)], { kind: 'add', entries: '92.40.1.1' }), {
      id: 'j',
      createdAt: 't',
      scope: { host: 'h', database: 'd' },
    });
    expect(journal.items.map((item) => item.before)).toEqual([null, null, '151.101.1.69']);
    journal = recordBatchResult(journal, [1, 2, 3].map((keyId): BatchResult => ({ keyId, ok: true, lockVersion: 3 })));
    const plan = planUndo(journal, [key(1, '92.40.1.1', 3), key(2, '92.40.1.1', 3), key(3, '151.101.1.69, 92.40.1.1', 3)]);
    expect(ids(plan.blocked)).toEqual([1, 2]);
    expect(plan.blocked[0]!.reason).toMatch(/no IP list before.*at least one address/);
    expect(plan.restore).toEqual([{ keyId: 3, name: 'Key 3', restoreTo: '151.101.1.69', lockVersion: 3, current: '151.101.1.69, 92.40.1.1' }]);
  });

  it('lists saves whose outcome is unknown instead of deciding for them, and refuses to start until they are settled', () => {
    const journal = markSent(startApply(createJournal(planBulkEdit([key(1, BEFORE, 3)], REPLACE), { id: 'j', createdAt: 't', scope: { host: 'h', database: 'd' } })), [1]);
    const plan = planUndo(journal, [key(1, WRITTEN, 4)]);
    expect(ids(plan.unconfirmed)).toEqual([1]);
    expect(() => startUndo(journal, plan)).toThrow(JournalTransitionError);
    const settled = reconcileUnconfirmed(journal, [key(1, WRITTEN, 4)]);
    expect(ids(planUndo(settled, [key(1, WRITTEN, 4)]).restore)).toEqual([1]);
  });
});

describe('undo through the journal', () => {
  it('restores in batches, sets aside keys changed since, and ends undone', () => {
    let journal = appliedJournal();
    journal = startUndo(journal, planUndo(journal, currentKeys));
    expect(journal.state).toBe('undoing');
    expect(itemOf(journal, 3)).toMatchObject({ status: 'undo-skipped' });
    expect(itemOf(journal, 5)).toMatchObject({ status: 'undo-skipped' });
    expect(itemOf(journal, 2)).toMatchObject({ status: 'saved', undoLockVersion: 6 });
    expect(nextBatch(journal)).toEqual([]); // no saving while undoing
    expect(() => startApply(journal)).toThrow(JournalTransitionError);

    const first = nextUndoBatch(journal, 3);
    expect(ids(first)).toEqual([1, 2, 4]);
    journal = markSent(journal, ids(first));
    expect(ids(nextUndoBatch(journal))).toEqual([6]);
    journal = recordUndoResult(journal, [
      { keyId: 1, ok: true, lockVersion: 5 },
      { keyId: 2, ok: false, kind: 'conflict', message: 'updated elsewhere' },
      { keyId: 4, ok: false, kind: 'failed', message: 'HTTP 500' },
    ]);
    expect(itemOf(journal, 1)).toMatchObject({ status: 'undone', restoredLockVersion: 5 });
    expect(itemOf(journal, 1).undoLockVersion).toBeUndefined();
    expect(itemOf(journal, 2)).toMatchObject({ status: 'undo-skipped' });
    expect(itemOf(journal, 4)).toMatchObject({ status: 'saved', reason: 'Not restored: HTTP 500' });
    expect(journal.state).toBe('undoing');

    const second = nextUndoBatch(journal);
    expect(ids(second)).toEqual([6]); // the failed restore is not retried behind the admin's back
    journal = recordUndoResult(markSent(journal, [6]), [{ keyId: 6, ok: true, lockVersion: 5 }]);
    expect(journal.state).toBe('undone');
    expect(resumeSummary(journal)).toMatchObject({ canUndo: true, canResume: false, counts: { undone: 2, saved: 1, 'undo-skipped': 3 } });

    // The failed restore can be planned again after a re-read.
    const again = planUndo(journal, [key(4, WRITTEN, 4)]);
    expect(again.restore.map((restore) => [restore.keyId, restore.lockVersion])).toEqual([[4, 4]]);
    journal = startUndo(journal, again);
    expect(journal.state).toBe('undoing');
    journal = recordUndoResult(journal, [{ keyId: 4, ok: true, lockVersion: 5 }]);
    expect(resumeSummary(journal)).toMatchObject({ state: 'undone', canUndo: false, counts: { undone: 3, saved: 0 } });
  });

  it('resumes an undo interrupted mid-batch exactly: restored, not yet written, changed in between', () => {
    let journal = appliedJournal();
    journal = startUndo(journal, planUndo(journal, currentKeys));
    journal = roundTrip(markSent(journal, ids(nextUndoBatch(journal))));
    expect(resumeSummary(journal)).toMatchObject({ state: 'undoing', interrupted: true, unconfirmed: 4 });
    expect(nextUndoBatch(journal)).toEqual([]);

    journal = reconcileUnconfirmed(journal, [
      key(1, BEFORE, 5), // restored before the tab closed
      key(2, '92.40.1.1 ,151.101.1.69/32', 6), // not written yet
      key(4, '92.40.1.1, 151.101.1.69, 8.8.8.8', 7), // changed by someone in between
      // key 6 deleted in the meantime
    ]);
    expect(journal.items.filter((item) => [1, 2, 4, 6].includes(item.keyId)).map((item) => item.status)).toEqual(['undone', 'saved', 'undo-skipped', 'undo-skipped']);
    expect(ids(nextUndoBatch(journal))).toEqual([2]);
    expect(journal.state).toBe('undoing');
    journal = recordUndoResult(journal, [{ keyId: 2, ok: true, lockVersion: 7 }]);
    expect(journal.state).toBe('undone');
    expect(roundTrip(journal)).toStrictEqual(journal);
  });

  it('cannot undo what was never applied, nor record save results while undoing', () => {
    const planned = createJournal(planBulkEdit([key(1, BEFORE, 3)], REPLACE), { id: 'j', createdAt: 't', scope: { host: 'h', database: 'd' } });
    expect(() => startUndo(planned, planUndo(planned, []))).toThrow(JournalTransitionError);
    const undoing = startUndo(appliedJournal(), planUndo(appliedJournal(), currentKeys));
    expect(() => recordBatchResult(undoing, [{ keyId: 9, ok: true, lockVersion: 4 }])).toThrow(JournalTransitionError);
    expect(() => recordUndoResult(appliedJournal(), [])).toThrow(JournalTransitionError);
  });

  it('an undo with nothing to restore ends at once', () => {
    const journal = appliedJournal();
    const allChanged = currentKeys.map((current) => ({ ...current, permittedIps: '185.199.108.0/22', lockVersion: current.lockVersion + 1 }));
    const undone = startUndo(journal, planUndo(journal, allChanged));
    expect(undone.state).toBe('undone');
    expect(resumeSummary(undone).counts).toMatchObject({ 'undo-skipped': 6, saved: 0 });
  });
});
