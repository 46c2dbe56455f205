import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptConflictReviews, replanConflicts } from '../../../src/core/keys/bulk-conflicts';
import {
  createJournal,
  journalMatchesScope,
  markCancelled,
  markSent,
  nextBatch,
  reconcileUnconfirmed,
  recordBatchResult,
  resumeSummary,
  retryFailed,
  startApply,
  unconfirmedKeyIds,
  JournalTransitionError,
  type BatchResult,
  type BulkJournal,
  type JournalItem,
} from '../../../src/core/keys/bulk-journal';
import type { BulkOperation } from '../../../src/core/keys/bulk-operation';
import { planBulkEdit } from '../../../src/core/keys/bulk-plan';
import type { ApiKeyRecord } from '../../../src/core/keys/model';

const SCOPE = { host: 'secure.workbooks.com', database: 'db-42' };
const REPLACE: BulkOperation = { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' };

function key(id: number, permittedIps: string | null, lockVersion = 3): ApiKeyRecord {
  return {
    id,
    lockVersion,
    name: `Key ${id}`,
    description: 'integration for the warehouse',
    accessAsUserId: 5,
    accessAsUserName: 'Ada',
    validFrom: null,
    until: '2027-05-02',
    permittedIps,
    capabilities: null,
    secret: `SECRET-${id}-do-not-store`,
    updatedAt: 'Wed Jun 02 23:30:00 UTC 2027',
    updatedBy: 'Ada',
  };
}

function journalFor(keys: readonly ApiKeyRecord[], op: BulkOperation = REPLACE): BulkJournal {
  return createJournal(planBulkEdit(keys, op), { id: 'j-1', createdAt: '2027-06-02T10:00:00.000Z', scope: SCOPE, selection: 'keys containing 81.2.69.142' });
}

const manyKeys = (count: number): ApiKeyRecord[] => Array.from({ length: count }, (_, index) => key(index + 1, '81.2.69.142, 151.101.1.69', 10 + index));
const ids = (items: readonly JournalItem[]): number[] => items.map((item) => item.keyId);
const okAll = (items: readonly JournalItem[]): BatchResult[] => items.map((item) => ({ keyId: item.keyId, ok: true, lockVersion: item.beforeLockVersion + 1 }));
const roundTrip = (journal: BulkJournal): BulkJournal => JSON.parse(JSON.stringify(journal)) as BulkJournal;
const itemOf = (journal: BulkJournal, keyId: number): JournalItem => journal.items.find((item) => item.keyId === keyId)!;

describe('createJournal', () => {
  it('records the operation, scope and, per key, before, after, lock version and initial status', () => {
    const journal = journalFor([key(1, '81.2.69.142', 7), key(2, '151.101.1.69'), key(3, '010.1.1.1'), key(4, '81.2.69.0/24')]);
    expect(journal).toMatchObject({ id: 'j-1', scope: SCOPE, state: 'planned', operation: REPLACE, description: 'Replace 81.2.69.142 with 92.40.1.1' });
    expect(journal.items[0]).toEqual({ keyId: 1, name: 'Key 1', before: '81.2.69.142', after: '92.40.1.1', beforeLockVersion: 7, status: 'pending' });
    expect(journal.items.map((item) => item.status)).toEqual(['pending', 'skipped', 'blocked', 'skipped']);
    expect(itemOf(journal, 3).reason).toMatch(/current list has 1 error/);
    expect(itemOf(journal, 4).reason).toMatch(/inside 81\.2\.69\.0\/24/);
    expect(itemOf(journal, 2).reason).toBe('Unchanged: nothing to save.');
    expect(resumeSummary(journal)).toMatchObject({ interrupted: true, canResume: true, canUndo: false, counts: { pending: 1, skipped: 2, blocked: 1 } });
    expect(journalMatchesScope(journal, SCOPE)).toBe(true);
    expect(journalMatchesScope(journal, { ...SCOPE, database: 'db-43' })).toBe(false);
  });

  it('never contains a secret (nor other key fields), and survives a JSON round trip unchanged', () => {
    const journal = journalFor(manyKeys(5));
    const json = JSON.stringify(journal);
    expect(json).not.toMatch(/SECRET-|do-not-store|warehouse/);
    expect(roundTrip(journal)).toStrictEqual(journal);
    const later = recordBatchResult(markSent(journal, [1, 2]), [
      { keyId: 1, ok: true, lockVersion: 11 },
      { keyId: 2, ok: false, kind: 'conflict', message: 'This record cannot be saved since it has already been updated elsewhere.' },
    ]);
    expect(roundTrip(later)).toStrictEqual(later);
  });

  it('refuses a plan that lists a key twice (it would be saved twice)', () => {
    const plan = planBulkEdit([key(1, '81.2.69.142'), key(1, '81.2.69.142')], REPLACE);
    expect(() => createJournal(plan, { id: 'x', createdAt: 't', scope: SCOPE })).toThrow(JournalTransitionError);
  });
});

describe('nextBatch and recordBatchResult', () => {
  it('hands out pending items in order, at most 100 at a time, and never a saved one', () => {
    let journal = journalFor(manyKeys(250));
    const batches: number[][] = [];
    for (let batch = nextBatch(journal); batch.length > 0; batch = nextBatch(journal)) {
      batches.push(ids(batch));
      journal = recordBatchResult(markSent(journal, ids(batch)), okAll(batch));
    }
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(new Set(batches.flat()).size).toBe(250);
    expect(journal.state).toBe('applied');
    expect(journal.items.every((item) => item.status === 'saved' && item.writtenLockVersion === item.beforeLockVersion + 1)).toBe(true);
  });

  it('respects a smaller batch size and skips unchanged and blocked items', () => {
    const journal = journalFor([key(1, '81.2.69.142'), key(2, '151.101.1.69'), key(3, '81.2.69.142'), key(4, '010.1.1.1'), key(5, '81.2.69.142')]);
    expect(ids(nextBatch(journal, 2))).toEqual([1, 3]);
    expect(ids(nextBatch(journal))).toEqual([1, 3, 5]);
  });

  it('does not hand out sent items again before their outcome is known', () => {
    let journal = journalFor(manyKeys(5));
    journal = markSent(journal, ids(nextBatch(journal, 3)));
    expect(journal.state).toBe('applying');
    expect(ids(nextBatch(journal))).toEqual([4, 5]);
    expect(unconfirmedKeyIds(journal)).toEqual([1, 2, 3]);
  });

  it('moves each result to its status and reason', () => {
    let journal = markSent(journalFor(manyKeys(4)), [1, 2, 3, 4]);
    journal = recordBatchResult(journal, [
      { keyId: 1, ok: true, lockVersion: 11 },
      { keyId: 2, ok: false, kind: 'conflict', message: 'updated elsewhere' },
      { keyId: 3, ok: false, kind: 'validation', message: 'Permitted IP addresses is invalid' },
      { keyId: 4, ok: false, kind: 'failed', message: 'HTTP 500' },
    ]);
    expect(journal.items.map(({ keyId, status, failureKind, writtenLockVersion, unconfirmed }) => ({ keyId, status, failureKind, writtenLockVersion, unconfirmed }))).toEqual([
      { keyId: 1, status: 'saved', failureKind: undefined, writtenLockVersion: 11, unconfirmed: undefined },
      { keyId: 2, status: 'conflict', failureKind: undefined, writtenLockVersion: undefined, unconfirmed: undefined },
      { keyId: 3, status: 'failed', failureKind: 'validation', writtenLockVersion: undefined, unconfirmed: undefined },
      { keyId: 4, status: 'failed', failureKind: 'failed', writtenLockVersion: undefined, unconfirmed: undefined },
    ]);
    expect(itemOf(journal, 3).reason).toContain('Permitted IP addresses is invalid');
    expect(journal.state).toBe('applied');
  });

  it('ignores late or repeated results for items that already have an outcome', () => {
    let journal = recordBatchResult(journalFor(manyKeys(2)), [{ keyId: 1, ok: true, lockVersion: 11 }]);
    journal = recordBatchResult(journal, [
      { keyId: 1, ok: false, kind: 'failed', message: 'late timeout' },
      { keyId: 1, ok: true, lockVersion: 99 },
      { keyId: 77, ok: true, lockVersion: 1 },
    ]);
    expect(itemOf(journal, 1)).toMatchObject({ status: 'saved', writtenLockVersion: 11 });
    expect(journal.state).toBe('applying');
  });

  it('cancel stops scheduling between batches; the batch in flight is still recorded; resume continues', () => {
    let journal = journalFor(manyKeys(5));
    const inFlight = nextBatch(journal, 2);
    journal = markCancelled(markSent(journal, ids(inFlight)));
    expect(nextBatch(journal)).toEqual([]);
    journal = recordBatchResult(journal, okAll(inFlight));
    expect(journal.state).toBe('cancelled');
    expect(resumeSummary(journal)).toMatchObject({ canResume: true, canUndo: true, interrupted: false, counts: { saved: 2, pending: 3 } });
    journal = startApply(journal);
    expect(ids(nextBatch(journal))).toEqual([3, 4, 5]);
  });

  it('retries failures that a retry may cure, but not refusals of the value unless asked', () => {
    let journal = recordBatchResult(journalFor(manyKeys(3)), [
      { keyId: 1, ok: false, kind: 'failed', message: 'HTTP 500' },
      { keyId: 2, ok: false, kind: 'validation', message: 'refused' },
      { keyId: 3, ok: true, lockVersion: 13 },
    ]);
    expect(journal.state).toBe('applied');
    expect(resumeSummary(journal)).toMatchObject({ retryableFailed: 1, canResume: true });
    journal = retryFailed(journal);
    expect(journal.state).toBe('applying');
    expect(ids(nextBatch(journal))).toEqual([1]);
    expect(itemOf(journal, 1).reason).toBeUndefined();
    expect(ids(nextBatch(retryFailed(journal, [2])))).toEqual([1, 2]);
  });
});

describe('resume after a partial apply', () => {
  it('after saved batches, a failed batch, a conflict and a tab closed mid-batch: exact, nothing saved twice', () => {
    const keys = manyKeys(250);
    let journal = startApply(journalFor(keys));
    const sentCounts = new Map<number, number>();
    const send = (batch: readonly JournalItem[]): void => {
      for (const item of batch) sentCounts.set(item.keyId, (sentCounts.get(item.keyId) ?? 0) + 1);
      journal = markSent(journal, ids(batch));
    };

    // Batch 1: all saved except key 7, which was changed elsewhere.
    const first = nextBatch(journal);
    send(first);
    journal = recordBatchResult(journal, [
      ...okAll(first.filter((item) => item.keyId !== 7)),
      { keyId: 7, ok: false, kind: 'conflict', message: 'This record cannot be saved since it has already been updated elsewhere.' },
    ]);
    // Batch 2: the whole request failed (HTTP 500).
    const second = nextBatch(journal);
    send(second);
    journal = recordBatchResult(journal, second.map((item) => ({ keyId: item.keyId, ok: false, kind: 'failed', message: 'HTTP 500' })));
    // Batch 3: sent, then the tab closed before the answer was recorded. The service wrote the first 20.
    const third = nextBatch(journal);
    expect(ids(third)).toEqual(Array.from({ length: 50 }, (_, index) => 201 + index));
    send(third);

    // Next time: the journal comes back from storage.
    journal = roundTrip(journal);
    const summary = resumeSummary(journal);
    expect(summary).toMatchObject({
      state: 'applying',
      interrupted: true,
      unconfirmed: 50,
      canResume: true,
      canUndo: true,
      retryableFailed: 100,
      counts: { saved: 99, conflict: 1, failed: 100, pending: 50 },
    });
    expect(nextBatch(journal)).toEqual([]); // unconfirmed items wait for a re-read

    const fresh = third.map((item) =>
      item.keyId <= 220
        ? { id: item.keyId, lockVersion: item.beforeLockVersion + 1, permittedIps: '92.40.1.1, 151.101.1.69' }
        : { id: item.keyId, lockVersion: item.beforeLockVersion, permittedIps: item.before },
    );
    journal = reconcileUnconfirmed(journal, fresh);
    expect(resumeSummary(journal).counts).toMatchObject({ saved: 119, pending: 30, failed: 100, conflict: 1 });
    expect(itemOf(journal, 205)).toMatchObject({ status: 'saved', writtenLockVersion: 215 });

    journal = retryFailed(journal);
    for (let batch = nextBatch(journal); batch.length > 0; batch = nextBatch(journal)) {
      expect(batch.every((item) => item.status === 'pending')).toBe(true);
      send(batch);
      journal = recordBatchResult(journal, okAll(batch));
    }
    expect(resumeSummary(journal)).toMatchObject({ state: 'applied', canResume: true, counts: { saved: 249, conflict: 1 } });
    // Keys the interrupted batch had written were never sent again; unwritten ones and the failed batch once more.
    expect(Array.from({ length: 20 }, (_, index) => sentCounts.get(201 + index))).toEqual(new Array(20).fill(1));
    expect(sentCounts.get(221)).toBe(2);
    expect(sentCounts.get(150)).toBe(2);
    expect([...sentCounts.values()].every((count) => count <= 2)).toBe(true);
  });
});

describe('reconcileUnconfirmed', () => {
  it('settles a save: not written → pending, written → saved, changed otherwise → conflict, gone → failed', () => {
    let journal = markSent(journalFor(manyKeys(4)), [1, 2, 3, 4]);
    journal = reconcileUnconfirmed(journal, [
      { id: 1, lockVersion: 10, permittedIps: '81.2.69.142, 151.101.1.69' },
      { id: 2, lockVersion: 12, permittedIps: '92.40.1.1, 151.101.1.69' },
      { id: 3, lockVersion: 13, permittedIps: '151.101.1.69' },
    ]);
    expect(journal.items.map((item) => item.status)).toEqual(['pending', 'saved', 'conflict', 'failed']);
    expect(unconfirmedKeyIds(journal)).toEqual([]);
    expect(journal.state).toBe('applying');
    expect(ids(nextBatch(journal))).toEqual([1]);
  });
});

describe('property: any interleaving of batches, outcomes, crashes, cancels and conflicts', () => {
  type ServerKey = { lockVersion: number; permittedIps: string | null };
  type Outcome = 'ok' | 'fail' | 'validation' | 'lost-written' | 'lost-unwritten' | 'no-answer-yet';
  type Command =
    | { kind: 'take'; size: number }
    | { kind: 'deliver'; pick: number; outcomes: Outcome[] }
    | { kind: 'crash' }
    | { kind: 'retry' }
    | { kind: 'remote-edit'; pick: number; changeIps: boolean }
    | { kind: 'resolve-conflicts' }
    | { kind: 'cancel' }
    | { kind: 'resume' };

  const outcome = fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'fail', 'validation', 'lost-written', 'lost-unwritten');
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('take' as const), size: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), outcomes: fc.array(outcome, { minLength: 5, maxLength: 5 }) }),
    fc.constant({ kind: 'crash' as const }),
    fc.constant({ kind: 'retry' as const }),
    fc.record({ kind: fc.constant('remote-edit' as const), pick: fc.nat(), changeIps: fc.boolean() }),
    fc.constant({ kind: 'resolve-conflicts' as const }),
    fc.constant({ kind: 'cancel' as const }),
    fc.constant({ kind: 'resume' as const }),
  );
  const startingList = fc.constantFrom<string | null>('81.2.69.142', '81.2.69.142, 151.101.1.69', '151.101.1.69', null, '010.1.1.1', '81.2.69.0/24');

  it('never schedules a key the service already wrote, writes each key at most once, and ends every item in one terminal status', () => {
    fc.assert(
      fc.property(fc.array(startingList, { minLength: 1, maxLength: 12 }), fc.array(command, { maxLength: 60 }), (lists, commands) => {
        const server = new Map<number, ServerKey>(lists.map((permittedIps, index) => [index + 1, { lockVersion: 1, permittedIps }]));
        const wroteOurs = new Map<number, number>();
        const keysNow = (): ApiKeyRecord[] => [...server].map(([id, state]) => key(id, state.permittedIps, state.lockVersion));
        let journal = journalFor(keysNow());
        let outstanding: JournalItem[][] = [];

        const take = (size: number): void => {
          const batch = nextBatch(journal, size);
          for (const item of batch) {
            expect(wroteOurs.has(item.keyId), `key ${item.keyId} scheduled after it was written`).toBe(false);
            expect(item.status).toBe('pending');
          }
          if (batch.length === 0) return;
          journal = markSent(journal, ids(batch));
          outstanding.push(batch);
        };
        /** The service processes a save: only at the lock version it was based on. */
        const serve = (item: JournalItem, result: Outcome): BatchResult | null => {
          const state = server.get(item.keyId)!;
          if (result === 'fail') return { keyId: item.keyId, ok: false, kind: 'failed', message: 'HTTP 500' };
          if (result === 'validation') return { keyId: item.keyId, ok: false, kind: 'validation', message: 'refused' };
          if (result === 'lost-unwritten' || result === 'no-answer-yet') return null;
          if (state.lockVersion !== item.beforeLockVersion) {
            return result === 'ok' ? { keyId: item.keyId, ok: false, kind: 'conflict', message: 'updated elsewhere' } : null;
          }
          wroteOurs.set(item.keyId, (wroteOurs.get(item.keyId) ?? 0) + 1);
          server.set(item.keyId, { lockVersion: state.lockVersion + 1, permittedIps: item.after });
          return result === 'ok' ? { keyId: item.keyId, ok: true, lockVersion: state.lockVersion + 1 } : null;
        };
        const deliver = (pick: number, outcomes: readonly Outcome[]): void => {
          if (outstanding.length === 0) return;
          const index = pick % outstanding.length;
          const batch = outstanding[index]!;
          outstanding = outstanding.filter((_, other) => other !== index);
          const results = batch.flatMap((item, position) => serve(item, outcomes[position % outcomes.length]!) ?? []);
          journal = recordBatchResult(journal, results);
        };
        const crash = (): void => {
          outstanding = [];
          journal = reconcileUnconfirmed(roundTrip(journal), keysNow());
        };
        const resolveConflicts = (): void => {
          journal = acceptConflictReviews(journal, replanConflicts(journal, keysNow()));
        };

        for (const step of commands) {
          switch (step.kind) {
            case 'take':
              take(step.size);
              break;
            case 'deliver':
              deliver(step.pick, step.outcomes);
              break;
            case 'crash':
              crash();
              break;
            case 'retry':
              journal = retryFailed(journal);
              break;
            case 'remote-edit': {
              const id = (step.pick % server.size) + 1;
              const state = server.get(id)!;
              // Someone edits another field; or, before we wrote it, the IP list too.
              const permittedIps = step.changeIps && !wroteOurs.has(id) ? '81.2.69.142, 92.40.7.7' : state.permittedIps;
              server.set(id, { lockVersion: state.lockVersion + 1, permittedIps });
              break;
            }
            case 'resolve-conflicts':
              resolveConflicts();
              break;
            case 'cancel':
              journal = markCancelled(journal);
              break;
            case 'resume':
              journal = startApply(journal);
              break;
          }
        }

        // Drain: recover from whatever state we are in, then apply until nothing is left.
        crash();
        for (let round = 0; round < 5; round++) {
          resolveConflicts();
          journal = startApply(journal);
          for (let batch = nextBatch(journal, 4); batch.length > 0; batch = nextBatch(journal, 4)) {
            take(4);
            deliver(outstanding.length - 1, ['ok']);
          }
        }

        const terminal = new Set(['saved', 'conflict', 'failed', 'skipped', 'blocked']);
        for (const item of journal.items) {
          expect(terminal.has(item.status), `key ${item.keyId} ended ${item.status}`).toBe(true);
          expect(item.unconfirmed).toBeUndefined();
          expect(item.status === 'saved', `key ${item.keyId}: saved in journal vs written on the service`).toBe(wroteOurs.has(item.keyId));
        }
        expect([...wroteOurs.values()].every((count) => count === 1)).toBe(true);
        expect(journal.items.filter((item) => item.status === 'conflict')).toEqual([]);
        const counted = resumeSummary(journal).counts;
        expect(Object.values(counted).reduce((sum, count) => sum + count, 0)).toBe(journal.items.length);
      }),
      { numRuns: 300 },
    );
  });
});
