/**
 * bulk-runner against a fake key service (an in-memory service with lock_version semantics and per-record
 * transactions) and a fake journal store. The store can "crash" the run at any save: the next run starts from
 * what was stored, exactly as a reopened tab would. The service counts every write that went through, so
 * "nothing changed twice" is checked as a fact, not inferred.
 */
import { describe, expect, it } from 'vitest';
import {
  activityOutcome,
  applyBulkEdit,
  bulkKeyService,
  countJournal,
  createStoredJournal,
  needsAttention,
  parseStoredJournal,
  prepareUndo,
  resumeBulkEdit,
  retryConflicts,
  reviewConflicts,
  undoBulkEdit,
  type BulkKeyService,
  type JournalStore,
  type RunnerDeps,
} from '../../../src/core/keys/bulk-runner';
import { planBulkEdit } from '../../../src/core/keys/bulk-plan';
import type { BulkJournal } from '../../../src/core/keys/bulk-journal';
import type { BulkOperation } from '../../../src/core/keys/bulk-operation';
import type { ApiKeyRecord } from '../../../src/core/keys/model';
import type { KeySaveResult, KeyWrite } from '../../../src/core/keys/repository';
import { ConflictError, NotFoundError, ServerError } from '../../../src/core/workbooks/errors';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../src/core/workbooks/schema';
import type { WorkbooksClient } from '../../../src/core/workbooks/client';

const SCOPE = { host: 'secure.workbooks.com', database: 'db-42' };
const SCHEMA: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fieldInfo: {} },
  problems: [],
  source: 'metadata',
};
const OLD = '81.2.69.142';
const NEW = '92.40.1.1';
const REPLACE: BulkOperation = { kind: 'replace', from: OLD, to: NEW };
const STALE = 'This record cannot be saved since it has already been updated elsewhere.';

function key(id: number, permittedIps: string | null, lockVersion = 3): ApiKeyRecord {
  return {
    id,
    lockVersion,
    name: `Key ${id}`,
    description: 'warehouse sync',
    accessAsUserId: 5,
    accessAsUserName: 'Ada',
    validFrom: null,
    until: '2027-05-02',
    permittedIps,
    capabilities: null,
    secret: `SECRET-${id}`,
    updatedAt: null,
    updatedBy: null,
  };
}

const expectedAfter = (id: number) => `${NEW}, 151.101.${id % 250}.0/24`;
const seededList = (id: number) => `${OLD}, 151.101.${id % 250}.0/24`;

type RequestFault = 'refused' | 'lost';

/** Workbooks as the runner sees it: lock_version checks, per-record transactions, request-level faults. */
class FakeService implements BulkKeyService {
  readonly keys = new Map<number, ApiKeyRecord>();
  /** Every write the service applied: key id → how many times. */
  readonly applied = new Map<number, number>();
  readonly saveRequests: number[][] = [];
  readonly readRequests: number[][] = [];
  /** Faults for the next save requests, in order: refused (nothing applied) or lost (applied, answer lost). */
  readonly requestFaults: RequestFault[] = [];
  failReads = 0;
  /** Runs before a save request is applied: "someone else" changing keys concurrently. */
  beforeSave: ((ids: number[]) => void) | null = null;

  constructor(keys: readonly ApiKeyRecord[]) {
    for (const k of keys) this.keys.set(k.id, { ...k });
  }

  modify(id: number, changes: Partial<ApiKeyRecord>): void {
    const current = this.keys.get(id)!;
    this.keys.set(id, { ...current, ...changes, lockVersion: current.lockVersion + 1 });
  }

  writesOf(id: number): number {
    return this.applied.get(id) ?? 0;
  }

  async saveKeys(writes: readonly KeyWrite[]): Promise<KeySaveResult[]> {
    await Promise.resolve();
    const ids = writes.map((write) => (write.kind === 'create' ? 0 : write.id));
    if (writes.length > 100) throw new Error('more than 100 records in one request');
    this.saveRequests.push(ids);
    this.beforeSave?.(ids);
    const fault = this.requestFaults.shift();
    const failure = new ServerError('Internal server error (injected)', 500, 'SIM-1');
    if (fault === 'refused') return writes.map(() => ({ ok: false, id: null, error: failure, attempted: true }));
    const results = writes.map((write): KeySaveResult => {
      if (write.kind !== 'update') throw new Error('the runner only updates');
      const current = this.keys.get(write.id);
      if (!current) return { ok: false, id: write.id, error: new NotFoundError('Record not found', [write.id]), attempted: true };
      if (current.lockVersion !== write.lockVersion) return { ok: false, id: write.id, error: new ConflictError(STALE, [write.id]), attempted: true };
      const lockVersion = current.lockVersion + 1;
      this.keys.set(write.id, { ...current, ...write.changes, lockVersion });
      this.applied.set(write.id, this.writesOf(write.id) + 1);
      return { ok: true, id: write.id, lockVersion, values: { ...write.changes, id: write.id, lockVersion }, secret: null };
    });
    if (fault === 'lost') return writes.map(() => ({ ok: false, id: null, error: failure, attempted: true }));
    return results;
  }

  async readKeys(ids: readonly number[]): Promise<ApiKeyRecord[]> {
    await Promise.resolve();
    this.readRequests.push([...ids]);
    if (this.failReads > 0) {
      this.failReads--;
      throw new ServerError('Read failed (injected)', 503, null);
    }
    return ids.flatMap((id) => {
      const found = this.keys.get(id);
      return found ? [{ ...found }] : [];
    });
  }
}

class Crash extends Error {}

/** Stores JSON copies (as IndexedDB would); can crash the run on its Nth save. */
class FakeStore implements JournalStore {
  readonly saved: BulkJournal[] = [];
  crashOnSave: number | null = null;
  onSave: ((journal: BulkJournal) => void) | null = null;

  async save(journal: BulkJournal): Promise<void> {
    await Promise.resolve();
    if (this.crashOnSave !== null && this.saved.length + 1 >= this.crashOnSave) throw new Crash(`crash at save ${this.saved.length + 1}`);
    this.saved.push(JSON.parse(JSON.stringify(journal)) as BulkJournal);
    this.onSave?.(journal);
  }

  get last(): BulkJournal {
    const last = this.saved[this.saved.length - 1];
    if (!last) throw new Error('nothing stored');
    return JSON.parse(JSON.stringify(last)) as BulkJournal;
  }
}

function setUp(count: number, op: BulkOperation = REPLACE) {
  const keys = Array.from({ length: count }, (_, index) => key(index + 1, seededList(index + 1), 10 + index));
  const service = new FakeService(keys);
  const store = new FakeStore();
  const deps: RunnerDeps = { keys: service, store };
  const plan = planBulkEdit(keys, op);
  const start = () => createStoredJournal(plan, { id: 'j-1', createdAt: '2027-06-02T10:00:00.000Z', scope: SCOPE, selection: `keys containing ${OLD}` }, deps);
  return { keys, service, store, deps, plan, start };
}

function expectAllWrittenOnce(service: FakeService, ids: readonly number[]): void {
  for (const id of ids) {
    expect(service.writesOf(id), `key ${id} written once`).toBe(1);
    expect(service.keys.get(id)!.permittedIps).toBe(expectedAfter(id));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('applyBulkEdit', () => {
  it('stores the journal before the first request, then saves in batches of at most 100 keys', async () => {
    const { service, store, deps, start } = setUp(250);
    let storedBeforeFirstRequest: BulkJournal | null = null;
    service.beforeSave = () => {
      storedBeforeFirstRequest ??= store.last;
    };
    const journal = await start();
    expect(store.saved[0]).toMatchObject({ id: 'j-1', state: 'planned' });
    const result = await applyBulkEdit(journal, deps);

    expect(result).toMatchObject({ stop: 'finished', error: null, reviews: [] });
    expect(result.journal.state).toBe('applied');
    expect(service.saveRequests.map((ids) => ids.length)).toEqual([100, 100, 50]);
    expect(service.readRequests).toEqual([]);
    expectAllWrittenOnce(service, range(1, 250));
    // The first batch was marked sent in storage before it went out.
    const marked = storedBeforeFirstRequest!.items.filter((item) => item.unconfirmed === true).map((item) => item.keyId);
    expect(marked).toEqual(range(1, 100));
    expect(store.last).toEqual(result.journal);
    expect(countJournal(result.journal).byStatus.saved).toBe(250);
    expect(result.journal.items.every((item) => item.writtenLockVersion === item.beforeLockVersion + 1)).toBe(true);
    // Never a secret in what is stored.
    expect(JSON.stringify(store.saved)).not.toContain('SECRET-');
  });

  it('honours a smaller batch size and refuses one above 100', async () => {
    const { service, deps, start } = setUp(7);
    const journal = await start();
    await applyBulkEdit(journal, { ...deps, batchSize: 3 });
    expect(service.saveRequests.map((ids) => ids.length)).toEqual([3, 3, 1]);
    await expect(applyBulkEdit(journal, { ...deps, batchSize: 101 })).rejects.toThrow(RangeError);
  });

  it('after a 500 that wrote nothing, re-reads the batch and sends it again: every key written once', async () => {
    const { service, deps, start } = setUp(250);
    service.requestFaults.push(...(['refused'] as const));
    const result = await applyBulkEdit(await start(), deps);
    expect(result.stop).toBe('finished');
    expect(service.saveRequests.map((ids) => ids.length)).toEqual([100, 100, 100, 50]);
    expect(service.readRequests).toEqual([range(1, 100)]);
    expectAllWrittenOnce(service, range(1, 250));
  });

  it('after a 500 whose write went through (answer lost), the re-read settles the batch as saved: not sent again', async () => {
    const { service, deps, start } = setUp(150);
    service.requestFaults.push('lost');
    const result = await applyBulkEdit(await start(), deps);
    expect(result.stop).toBe('finished');
    expect(service.saveRequests.map((ids) => ids.length)).toEqual([100, 50]);
    expectAllWrittenOnce(service, range(1, 150));
    expect(result.journal.items[0]).toMatchObject({ status: 'saved', writtenLockVersion: 11, reason: expect.stringMatching(/Already has the intended value/) });
  });

  it('stops after two request failures in a row, leaving nothing unconfirmed; resume completes exactly', async () => {
    const { service, deps, start } = setUp(150);
    service.requestFaults.push('refused', 'lost');
    const first = await applyBulkEdit(await start(), deps);
    expect(first.stop).toBe('failed');
    expect(first.error).toMatch(/Internal server error/);
    expect(countJournal(first.journal)).toMatchObject({ unconfirmed: 0, byStatus: { saved: 100, pending: 50 } });
    expect(needsAttention(first.journal)).toBe(true);
    const second = await resumeBulkEdit(first.journal, deps);
    expect(second.stop).toBe('finished');
    expectAllWrittenOnce(service, range(1, 150));
  });

  it('when the re-read fails too, stops with the batch unconfirmed; resume re-reads before anything else', async () => {
    const { service, store, deps, start } = setUp(150);
    service.requestFaults.push('lost');
    service.failReads = 1;
    const first = await applyBulkEdit(await start(), deps);
    expect(first.stop).toBe('failed');
    expect(countJournal(store.last).unconfirmed).toBe(100);
    const requestsBefore = service.saveRequests.length;
    const second = await resumeBulkEdit(store.last, deps);
    expect(second.stop).toBe('finished');
    // The resume read the 100 unconfirmed keys, found them written, and sent only the other 50.
    expect(service.readRequests.at(-1)).toEqual(range(1, 100));
    expect(service.saveRequests.slice(requestsBefore).map((ids) => ids.length)).toEqual([50]);
    expectAllWrittenOnce(service, range(1, 150));
  });

  it('a thrown save (e.g. schema discovery failed) is treated as unknown and settled by re-reading', async () => {
    const { service, deps, start } = setUp(3);
    const realSave = service.saveKeys.bind(service);
    let calls = 0;
    service.saveKeys = async (writes) => {
      calls++;
      if (calls === 1) throw new TypeError('schema unavailable');
      return realSave(writes);
    };
    const result = await applyBulkEdit(await start(), deps);
    expect(result.stop).toBe('finished');
    expect(service.readRequests).toEqual([[1, 2, 3]]);
    expectAllWrittenOnce(service, [1, 2, 3]);
  });

  it('cancel takes effect between batches: what was saved stays saved, and resume finishes the rest', async () => {
    const { service, deps, start } = setUp(250);
    const controller = new AbortController();
    const result = await applyBulkEdit(await start(), { ...deps, onUpdate: (journal) => countJournal(journal).byStatus.saved === 100 && controller.abort() }, { signal: controller.signal });
    expect(result.stop).toBe('cancelled');
    expect(result.journal.state).toBe('cancelled');
    expect(service.saveRequests).toHaveLength(1);
    expect(countJournal(result.journal).byStatus).toMatchObject({ saved: 100, pending: 150 });
    const resumed = await resumeBulkEdit(result.journal, deps);
    expect(resumed.journal.state).toBe('applied');
    expectAllWrittenOnce(service, range(1, 250));
  });
});

describe('crash at any point, then resume', () => {
  it('for every save of the journal: a crash there and a resume end with every key written exactly once', async () => {
    // Count the stores of an undisturbed run, then crash at each of them in turn.
    const probe = setUp(230);
    await applyBulkEdit(await probe.start(), { ...probe.deps, batchSize: 100 });
    const saves = probe.store.saved.length;
    expect(saves).toBeGreaterThanOrEqual(8);

    for (let crashAt = 2; crashAt <= saves; crashAt++) {
      const run = setUp(230);
      const journal = await run.start();
      run.store.crashOnSave = crashAt;
      await expect(applyBulkEdit(journal, run.deps)).rejects.toThrow(Crash);
      run.store.crashOnSave = null;
      // The reopened tab: only what was stored survives.
      const stored = parseStoredJournal(run.store.last);
      expect(stored).not.toBeNull();
      const resumed = await resumeBulkEdit(stored!, run.deps);
      expect(resumed.stop, `crash at save ${crashAt}`).toBe('finished');
      expectAllWrittenOnce(run.service, range(1, 230));
      expect(resumed.journal.items.every((item) => item.status === 'saved' && item.unconfirmed === undefined)).toBe(true);
      // Not even SENT twice: a key whose request went out before the crash is re-read, never resent.
      const sends = run.service.saveRequests.flat();
      expect(sends, `crash at save ${crashAt}`).toHaveLength(230);
      expect(new Set(sends).size).toBe(230);
    }
  });

  it('a crash after markSent whose request did go out: resume re-reads and counts it saved, never resends', async () => {
    const { service, store, deps, start } = setUp(120);
    const journal = await start();
    // Saves: 1 create, 2 startApply, 3 markSent batch 1, 4 result batch 1, 5 markSent batch 2, 6 result batch 2.
    store.crashOnSave = 6;
    await expect(applyBulkEdit(journal, deps)).rejects.toThrow(Crash);
    store.crashOnSave = null;
    const stored = store.last;
    expect(countJournal(stored)).toMatchObject({ unconfirmed: 20, byStatus: { saved: 100, pending: 20 } });
    expect(service.writesOf(120)).toBe(1); // the service applied batch 2, the tab never heard back
    const resumed = await resumeBulkEdit(stored, deps);
    expect(resumed.stop).toBe('finished');
    expect(service.saveRequests).toHaveLength(2);
    expectAllWrittenOnce(service, range(1, 120));
  });
});

describe('conflicts', () => {
  it('re-reads conflicting keys; with auto-retry, a key whose IP field did not change is retried alone', async () => {
    const { service, deps, start } = setUp(5);
    service.modify(2, { description: 'renamed elsewhere' });
    service.modify(4, { permittedIps: `${OLD}, 151.101.4.0/24, 8.8.4.4` });
    const result = await applyBulkEdit(await start(), deps, { autoRetryConflicts: true });

    expect(result.stop).toBe('finished');
    // One read of both conflicts, then (after the automatic retry) a fresh read of the one left for review.
    expect(service.readRequests).toEqual([[2, 4], [4]]);
    expect(service.saveRequests).toEqual([[1, 2, 3, 4, 5], [2]]);
    expect(service.keys.get(2)).toMatchObject({ permittedIps: expectedAfter(2), description: 'renamed elsewhere' });
    // Key 4's IP list changed remotely: re-planned on the new value, waiting for review.
    expect(result.reviews).toHaveLength(1);
    expect(result.reviews[0]).toMatchObject({ keyId: 4, ipChangedRemotely: true, autoRetry: false, item: { status: 'changed', after: `${NEW}, 151.101.4.0/24, 8.8.4.4` } });
    expect(service.writesOf(4)).toBe(0);
    expect(result.journal.items[3]).toMatchObject({ status: 'conflict' });

    const retried = await retryConflicts(result.journal, result.reviews, [4], deps);
    expect(retried.stop).toBe('finished');
    expect(retried.journal.state).toBe('applied');
    expect(service.keys.get(4)!.permittedIps).toBe(`${NEW}, 151.101.4.0/24, 8.8.4.4`);
    // Undo must restore what the key held when we re-planned, not the first read.
    expect(retried.journal.items[3]).toMatchObject({ status: 'saved', before: `${OLD}, 151.101.4.0/24, 8.8.4.4` });
    for (const id of [1, 2, 3, 4, 5]) expect(service.writesOf(id)).toBe(1);
  });

  it('without auto-retry every conflict that would write is shown for review; none is sent', async () => {
    const { service, deps, start } = setUp(3);
    service.modify(2, { description: 'renamed elsewhere' });
    const result = await applyBulkEdit(await start(), deps);
    expect(result.reviews.map((review) => [review.keyId, review.autoRetry])).toEqual([[2, true]]);
    expect(service.saveRequests).toHaveLength(1);
    expect(await reviewConflicts(result.journal, deps)).toHaveLength(1);
  });

  it('a conflict whose key already holds the intended value is counted saved without another write', async () => {
    const { service, deps, start } = setUp(3);
    service.beforeSave = (ids) => {
      // Someone else makes exactly our change just before our request lands.
      if (ids.includes(3) && service.keys.get(3)!.permittedIps !== expectedAfter(3)) service.modify(3, { permittedIps: expectedAfter(3) });
    };
    const result = await applyBulkEdit(await start(), deps);
    expect(result.reviews).toEqual([]);
    expect(result.journal.state).toBe('applied');
    expect(result.journal.items[2]).toMatchObject({ status: 'saved', reason: expect.stringMatching(/Already has the intended value/) });
    expect(service.writesOf(3)).toBe(0);
  });

  it('a key that keeps changing is auto-retried once, then left for review rather than looping', async () => {
    const { service, deps, start } = setUp(2);
    service.beforeSave = (ids) => {
      if (ids.includes(1)) service.modify(1, { description: `touched ${service.saveRequests.length}` });
    };
    const result = await applyBulkEdit(await start(), deps, { autoRetryConflicts: true });
    expect(result.stop).toBe('finished');
    expect(service.saveRequests).toEqual([[1, 2], [1]]);
    expect(result.reviews.map((review) => review.keyId)).toEqual([1]);
  });

  it('a conflicting key that was deleted meanwhile ends failed, with the reason, and is not sent again', async () => {
    const { service, deps, start } = setUp(2);
    service.beforeSave = (ids) => {
      if (ids.length === 2) service.modify(2, { description: 'x' });
    };
    const first = await applyBulkEdit(await start(), deps);
    service.keys.delete(2);
    const second = await retryConflicts(first.journal, await reviewConflicts(first.journal, deps), [2], deps);
    expect(second.journal.items[1]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/can no longer be read/) });
    expect(service.saveRequests).toHaveLength(1);
  });
});

describe('undo', () => {
  async function applied(count: number) {
    const setup = setUp(count);
    const result = await applyBulkEdit(await setup.start(), setup.deps);
    return { ...setup, journal: result.journal };
  }

  it('restores every key still holding what we wrote, and lists keys changed since without touching them', async () => {
    const { service, deps, journal } = await applied(150);
    service.modify(7, { permittedIps: '5.6.7.8' });
    service.modify(9, { description: 'only the description' });
    const prepared = await prepareUndo(journal, deps);
    expect(prepared.plan.restore).toHaveLength(149);
    expect(prepared.plan.changedSince.map((left) => left.keyId)).toEqual([7]);
    const before = new Map([...service.applied]);

    const result = await undoBulkEdit(prepared.journal, prepared.plan, deps);
    expect(result.stop).toBe('finished');
    expect(result.journal.state).toBe('undone');
    expect(service.saveRequests.slice(-2).map((ids) => ids.length)).toEqual([100, 49]);
    for (const id of range(1, 150)) {
      if (id === 7) {
        expect(service.keys.get(7)!.permittedIps).toBe('5.6.7.8');
        expect(service.applied.get(7)).toBe(before.get(7));
      } else {
        expect(service.keys.get(id)!.permittedIps).toBe(seededList(id));
        expect(service.writesOf(id)).toBe(2); // our save, then our restore: each once
      }
    }
    expect(result.journal.items[6]).toMatchObject({ status: 'undo-skipped', reason: expect.stringMatching(/Changed since the bulk edit \(now 5\.6\.7\.8\)/) });
    expect(activityOutcome(result.journal, 'bulk-undo')).toBe('partial');
  });

  it('a key changed between planning and restoring is left alone (conflict → changed since)', async () => {
    const { service, deps, journal } = await applied(3);
    const prepared = await prepareUndo(journal, deps);
    service.modify(2, { permittedIps: '9.9.9.9' });
    const result = await undoBulkEdit(prepared.journal, prepared.plan, deps);
    expect(service.keys.get(2)!.permittedIps).toBe('9.9.9.9');
    expect(result.journal.items[1]).toMatchObject({ status: 'undo-skipped' });
    expect(service.keys.get(1)!.permittedIps).toBe(seededList(1));
  });

  it('a key that had no list before cannot be restored to blank, and says so', async () => {
    const keys = [key(1, null, 4), key(2, seededList(2), 4)];
    const service = new FakeService(keys);
    const store = new FakeStore();
    const deps = { keys: service, store };
    const plan = planBulkEdit(keys, { kind: 'add', entries: '8.8.8.8' });
    const journal = await createStoredJournal(plan, { id: 'j-2', createdAt: '2027-06-02T10:00:00.000Z', scope: SCOPE }, deps);
    const applyResult = await applyBulkEdit(journal, deps);
    const prepared = await prepareUndo(applyResult.journal, deps);
    expect(prepared.plan.blocked.map((left) => left.keyId)).toEqual([1]);
    const result = await undoBulkEdit(prepared.journal, prepared.plan, deps);
    expect(service.keys.get(1)!.permittedIps).toBe('8.8.8.8');
    expect(service.keys.get(2)!.permittedIps).toBe(seededList(2));
    expect(result.journal.items[0]).toMatchObject({ status: 'undo-skipped', reason: expect.stringMatching(/cannot be restored to blank/) });
  });

  it('undo of an interrupted apply first settles unconfirmed saves, so a save that went through is undone too', async () => {
    const { service, store, deps, start } = setUp(120);
    const journal = await start();
    store.crashOnSave = 6; // batch 2 was sent and applied; its outcome never stored
    await expect(applyBulkEdit(journal, deps)).rejects.toThrow(Crash);
    store.crashOnSave = null;
    const prepared = await prepareUndo(store.last, deps);
    expect(prepared.plan.restore).toHaveLength(120);
    expect(prepared.plan.unconfirmed).toEqual([]);
    await undoBulkEdit(prepared.journal, prepared.plan, deps);
    for (const id of range(1, 120)) expect(service.keys.get(id)!.permittedIps).toBe(seededList(id));
  });

  it('for every save during an undo: a crash there and a resumed undo restore every key exactly once', async () => {
    const probe = await applied(130);
    const prepared = await prepareUndo(probe.journal, probe.deps);
    const savesBefore = probe.store.saved.length;
    await undoBulkEdit(prepared.journal, prepared.plan, probe.deps);
    const undoSaves = probe.store.saved.length - savesBefore;
    expect(undoSaves).toBeGreaterThanOrEqual(5);

    for (let crashAt = 1; crashAt <= undoSaves; crashAt++) {
      const run = await applied(130);
      const ready = await prepareUndo(run.journal, run.deps);
      run.store.crashOnSave = run.store.saved.length + crashAt;
      await expect(undoBulkEdit(ready.journal, ready.plan, run.deps)).rejects.toThrow(Crash);
      run.store.crashOnSave = null;
      const stored = run.store.last;
      // Crashed before the undo was even stored: the admin would plan it again; otherwise continue it.
      const result =
        stored.state === 'undoing'
          ? await undoBulkEdit(stored, null, run.deps)
          : await prepareUndo(stored, run.deps).then((again) => undoBulkEdit(again.journal, again.plan, run.deps));
      expect(result.journal.state, `crash at undo save ${crashAt}`).toBe('undone');
      for (const id of range(1, 130)) {
        expect(run.service.keys.get(id)!.permittedIps).toBe(seededList(id));
        expect(run.service.writesOf(id), `key ${id}, crash at ${crashAt}`).toBe(2);
      }
    }
  });

  it('a restore request that failed as a whole is re-read and retried; two in a row stop the undo', async () => {
    const { service, deps, journal } = await applied(120);
    const prepared = await prepareUndo(journal, deps);
    service.requestFaults.push('refused');
    const result = await undoBulkEdit(prepared.journal, prepared.plan, deps);
    expect(result.journal.state).toBe('undone');
    for (const id of range(1, 120)) expect(service.writesOf(id)).toBe(2);

    const again = await applied(150);
    const ready = await prepareUndo(again.journal, again.deps);
    again.service.requestFaults.push('lost', 'refused');
    const stoppedRun = await undoBulkEdit(ready.journal, ready.plan, again.deps);
    expect(stoppedRun.stop).toBe('failed');
    // The lost batch did go through: the re-read recorded it as undone; the refused one is still scheduled.
    expect(stoppedRun.journal.state).toBe('undoing');
    expect(countJournal(stoppedRun.journal)).toMatchObject({ unconfirmed: 0, restoring: 50, byStatus: { undone: 100, saved: 50 } });
    expect(needsAttention(stoppedRun.journal)).toBe(true);
    const continued = await undoBulkEdit(stoppedRun.journal, null, again.deps);
    expect(continued.journal.state).toBe('undone');
    for (const id of range(1, 150)) expect(again.service.writesOf(id)).toBe(2);
  });
});

describe('summaries and storage', () => {
  it('activityOutcome: saved, partial, failed', async () => {
    const { service, deps, start } = setUp(3);
    service.modify(3, { description: 'changed elsewhere' });
    const result = await applyBulkEdit(await start(), deps);
    expect(activityOutcome(result.journal, 'bulk-apply')).toBe('partial'); // key 3 waits in review
    // A conflict whose re-plan needs no change any more is skipped, not a shortfall.
    const moved = setUp(2);
    moved.service.modify(2, { permittedIps: '1.1.1.1' });
    const movedResult = await applyBulkEdit(await moved.start(), moved.deps);
    expect(movedResult.journal.items[1]).toMatchObject({ status: 'skipped' });
    expect(activityOutcome(movedResult.journal, 'bulk-apply')).toBe('saved');
    const all = setUp(2);
    const ok = await applyBulkEdit(await all.start(), all.deps);
    expect(activityOutcome(ok.journal, 'bulk-apply')).toBe('saved');
    const none = setUp(2);
    none.service.requestFaults.push('refused', 'refused');
    const failed = await applyBulkEdit(await none.start(), none.deps);
    expect(activityOutcome(failed.journal, 'bulk-apply')).toBe('failed');
  });

  it('needsAttention: interrupted applies and undos, not finished or cancelled ones', async () => {
    const { deps, start } = setUp(2);
    const planned = await start();
    expect(needsAttention(planned)).toBe(true);
    const done = await applyBulkEdit(planned, deps);
    expect(needsAttention(done.journal)).toBe(false);
    expect(needsAttention({ ...done.journal, state: 'undoing' })).toBe(true);
  });

  it('parseStoredJournal accepts stored journals and rejects anything else', async () => {
    const { store, start } = setUp(2);
    await start();
    expect(parseStoredJournal(store.last)).toEqual(store.last);
    expect(parseStoredJournal(null)).toBeNull();
    expect(parseStoredJournal({ ...store.last, state: 'exploded' })).toBeNull();
    expect(parseStoredJournal({ ...store.last, operation: { kind: 'replace', from: 1 } })).toBeNull();
    expect(parseStoredJournal({ ...store.last, items: [{ keyId: '1' }] })).toBeNull();
    expect(parseStoredJournal({ ...store.last, scope: 'x' })).toBeNull();
  });

  it('bulkKeyService reads 100 ids per request with an IN filter, and saves through the repository', async () => {
    const pages: Array<{ path: string; ids: unknown }> = [];
    const client: Pick<WorkbooksClient, 'readPage'> = {
      readPage: async (path, query = {}) => {
        const filter = query.filters?.[0];
        const ids = Array.isArray(filter?.value) ? (filter.value as number[]) : [];
        pages.push({ path, ids });
        return { records: ids.filter((id) => id % 2 === 0).map((id) => ({ id, lock_version: 1, name: `K${id}`, permitted_ip_addresses: '8.8.8.8' })), total: ids.length };
      },
    };
    const saved: KeyWrite[][] = [];
    const service = bulkKeyService(
      {
        schema: async () => SCHEMA,
        saveKeys: async (writes) => {
          saved.push([...writes]);
          return [];
        },
      },
      client,
    );
    const found = await service.readKeys([...range(1, 250), 4]);
    expect(pages.map((page) => (page.ids as number[]).length)).toEqual([100, 100, 50]);
    expect(pages.every((page) => page.path === DEFAULT_SCHEMA.apiKey.path)).toBe(true);
    expect(found).toHaveLength(125);
    expect(found[0]).toMatchObject({ id: 2, lockVersion: 1, name: 'K2', permittedIps: '8.8.8.8' });
    expect(await service.readKeys([])).toEqual([]);
    await service.saveKeys([{ kind: 'update', id: 1, lockVersion: 1, changes: { permittedIps: '1.1.1.1' } }]);
    expect(saved).toHaveLength(1);
  });
});
