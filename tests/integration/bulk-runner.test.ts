/**
 * bulk-runner against the simulator, in Node, through the real client and repository: apply in batches with a
 * 500 on one write and keys changed concurrently, a crash (the store refuses to go on) and a resume, undo with a
 * key changed since, and the alt schema. After every step the simulator's state is compared key by key with the
 * expected state, and its request log is replayed with the service's lock_version rule to prove that no key was
 * written twice in one step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import type { RecordedRequest } from '../workbooks-sim/types';
import { createKeyRepository } from '../../src/core/keys/repository';
import { planBulkEdit } from '../../src/core/keys/bulk-plan';
import { selectKeys } from '../../src/core/keys/bulk-select';
import type { BulkJournal } from '../../src/core/keys/bulk-journal';
import type { BulkOperation } from '../../src/core/keys/bulk-operation';
import {
  applyBulkEdit,
  bulkKeyService,
  countJournal,
  createStoredJournal,
  prepareUndo,
  resumeBulkEdit,
  retryConflicts,
  undoBulkEdit,
  type JournalStore,
  type RunnerDeps,
} from '../../src/core/keys/bulk-runner';
import { apiKeyClient } from '../unit/workbooks/support/sim-clients';
import { ipListFor, writableKeyIds } from '../workbooks-sim/seeded-keys';

const OLD = '2.250.250.10';
const NEW = '2.250.251.20';
const REPLACE: BulkOperation = { kind: 'replace', from: OLD, to: NEW };
const SCOPE = { host: '127.0.0.1', database: 'sim' };

class Crash extends Error {}

/** Keeps JSON copies, as IndexedDB does; can refuse its Nth save to stop the run dead (a closed tab). */
class MemoryStore implements JournalStore {
  readonly saved: BulkJournal[] = [];
  crashOnSave: number | null = null;

  async save(journal: BulkJournal): Promise<void> {
    if (this.crashOnSave !== null && this.saved.length + 1 >= this.crashOnSave) throw new Crash('tab closed');
    this.saved.push(JSON.parse(JSON.stringify(journal)) as BulkJournal);
  }

  get last(): BulkJournal {
    return JSON.parse(JSON.stringify(this.saved.at(-1))) as BulkJournal;
  }
}

function seed(sim: SimHandle, ids: readonly number[]): void {
  for (const id of ids) sim.modifyRecord('apiKey', id, { permittedIps: ipListFor(id, OLD) });
}

interface Snapshot {
  ips: Map<number, string | null>;
  locks: Map<number, number>;
}

function snapshot(sim: SimHandle): Snapshot {
  const ips = new Map<number, string | null>();
  const locks = new Map<number, number>();
  for (const key of sim.state.apiKeys.values()) {
    ips.set(key.id, key.permittedIps);
    locks.set(key.id, key.lockVersion);
  }
  return { ips, locks };
}

/**
 * Replays the step's successful key writes with the service's rule (a record is written when the lock_version it
 * sends is the key's current one) from the locks at the start of the step. Returns writes per key and the locks
 * the replay ends with, which must equal the state's: then the log explains every change in the state.
 */
function replayWrites(requests: readonly RecordedRequest[], path: string, start: Map<number, number>): { writes: Map<number, number>; locks: Map<number, number> } {
  const locks = new Map(start);
  const writes = new Map<number, number>();
  for (const request of requests) {
    if (request.effectiveMethod !== 'PUT' || request.path !== `/${path}.api` || request.status !== 200) continue;
    const ids = request.params.filter(([name]) => name === 'id[]').map(([, value]) => Number(value));
    const sent = request.params.filter(([name]) => name === 'lock_version[]').map(([, value]) => Number(value));
    ids.forEach((id, index) => {
      if (locks.get(id) !== sent[index]) return;
      locks.set(id, sent[index]! + 1);
      writes.set(id, (writes.get(id) ?? 0) + 1);
    });
  }
  return { writes, locks };
}

function expectNoKeyWrittenTwice(sim: SimHandle, before: Snapshot, path: string): Map<number, number> {
  const { writes, locks } = replayWrites(sim.requests, path, before.locks);
  for (const [id, count] of writes) expect(count, `key ${id} written ${count} times`).toBe(1);
  for (const key of sim.state.apiKeys.values()) expect(key.lockVersion, `lock of key ${key.id}`).toBe(locks.get(key.id));
  return writes;
}

function expectState(sim: SimHandle, expected: ReadonlyMap<number, string | null>): void {
  const actual = new Map([...sim.state.apiKeys.values()].map((key) => [key.id, key.permittedIps]));
  const wrong = [...expected].filter(([id, ips]) => actual.get(id) !== ips).map(([id]) => id);
  expect(wrong.map((id) => [id, actual.get(id), expected.get(id)]), 'keys whose Permitted IP addresses differ from the expected state').toEqual([]);
}

async function setUp(sim: SimHandle, count: number) {
  const ids = writableKeyIds(sim, count);
  seed(sim, ids);
  const { client } = apiKeyClient(sim);
  const repository = createKeyRepository(client);
  const store = new MemoryStore();
  const deps: RunnerDeps = { keys: bulkKeyService(repository, client), store };
  const all = await repository.loadAllKeys();
  // Exact entries only: seeded allow-all keys (0.0.0.0/0) also let the address in, and are not ours to change.
  const selected = selectKeys(all, { kind: 'contains', address: OLD, exactEntry: true });
  const path = (await repository.schema()).apiKey.path;
  return { ids, repository, store, deps, selected, path };
}

const writesOfStep = (sim: SimHandle, path: string): number => sim.requests.filter((r) => r.effectiveMethod === 'PUT' && r.path === `/${path}.api`).length;

let sim: SimHandle | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

describe('bulk-runner against the simulator', () => {
  it('replace on 250 keys: a 500 on one batch, two keys changed concurrently, resume after a crash, then undo', async () => {
    sim = await startSimulator({ port: 0, seed: 11, keys: 320, users: 60, quiet: true });
    const { ids, store, deps, selected, path } = await setUp(sim, 250);
    expect(selected.map((key) => key.id)).toEqual(ids);
    const plan = planBulkEdit(selected, REPLACE);
    expect(plan.totals).toEqual({ changed: 250, unchanged: 0, blocked: 0 });
    const journal = await createStoredJournal(plan, { id: 'it-1', createdAt: new Date().toISOString(), scope: SCOPE, selection: `keys containing ${OLD}` }, deps);

    // Someone else: key A gets a new description (IP untouched), key B a new IP list (in the last batch).
    const keyA = ids[10]!;
    const keyB = ids[240]!;
    sim.modifyRecord('apiKey', keyA, { description: 'edited by Sam' });
    sim.modifyRecord('apiKey', keyB, { permittedIps: `${ipListFor(keyB, OLD)}, 5.10.20.0/24` });
    // The first write request fails with a 500 (not applied). The tab then closes while batch 2 is in flight: the
    // service applies it, but its outcome never reaches the journal.
    sim.setFaults('500@path=admin/api_keys.api&method=PUT&times=1');
    sim.clearRequests();
    let step = snapshot(sim);
    // Saves: create(1), startApply(2), markSent b1(3), result b1 after the 500(4), re-read(5), markSent b1(6),
    // result b1(7), markSent b2(8), result b2(9) ← crash here.
    store.crashOnSave = 9;
    await expect(applyBulkEdit(journal, deps, { autoRetryConflicts: true })).rejects.toThrow(Crash);
    store.crashOnSave = null;

    // The re-read after the 500 found key A changed elsewhere (a conflict now), so the batch sent again is the
    // first 100 keys still pending: ids[0..100] without key A; batch 2 is the next 100.
    const written = new Set([...ids.slice(0, 101).filter((id) => id !== keyA), ...ids.slice(101, 201)]);
    const afterCrash = new Map<number, string | null>();
    for (const id of ids) {
      if (id === keyB) afterCrash.set(id, `${ipListFor(keyB, OLD)}, 5.10.20.0/24`);
      else afterCrash.set(id, written.has(id) ? ipListFor(id, NEW) : ipListFor(id, OLD));
    }
    expectState(sim, afterCrash);
    expect(sim.requests.filter((r) => r.status === 500)).toHaveLength(1);
    expect(writesOfStep(sim, path)).toBe(3); // the 500, batch 1 again, batch 2
    const firstWrites = expectNoKeyWrittenTwice(sim, step, path);
    expect([...firstWrites.keys()].sort((a, b) => a - b)).toEqual([...written].sort((a, b) => a - b));
    expect(countJournal(store.last)).toMatchObject({ unconfirmed: 100, byStatus: { saved: 100, conflict: 1, pending: 149 } });

    // Reopened: resume from what was stored.
    sim.clearRequests();
    step = snapshot(sim);
    const resumed = await resumeBulkEdit(store.last, deps, { autoRetryConflicts: true });
    expect(resumed.stop).toBe('finished');
    // Key A was retried without review (only its description changed); key B waits for review.
    expect(resumed.reviews.map((review) => review.keyId)).toEqual([keyB]);
    expect(resumed.reviews[0]!.item?.after).toBe(`${ipListFor(keyB, NEW)}, 5.10.20.0/24`);
    const retried = await retryConflicts(resumed.journal, resumed.reviews, [keyB], deps);
    expect(retried.journal.state).toBe('applied');
    const applied = new Map(ids.map((id) => [id, id === keyB ? `${ipListFor(keyB, NEW)}, 5.10.20.0/24` : ipListFor(id, NEW)]));
    expectState(sim, applied);
    expect(sim.state.apiKeys.get(keyA)!.description).toBe('edited by Sam');
    const resumeWrites = expectNoKeyWrittenTwice(sim, step, path);
    expect(resumeWrites.size).toBe(50); // the last 49 (B among them, after review) and key A; batch 2 was found saved
    // Not even sent again: the keys of batch 2 (applied while the tab was closing) were settled by one read.
    const resent = sim.requests
      .filter((r) => r.effectiveMethod === 'PUT')
      .flatMap((r) => r.params.filter(([name]) => name === 'id[]').map(([, value]) => Number(value)))
      .filter((id) => firstWrites.has(id));
    expect(resent).toEqual([]);
    expect(countJournal(retried.journal).byStatus.saved).toBe(250);

    // Undo, with one key changed since by someone else.
    const changedSince = ids[50]!;
    sim.modifyRecord('apiKey', changedSince, { permittedIps: '9.9.9.9' });
    sim.clearRequests();
    step = snapshot(sim);
    const prepared = await prepareUndo(retried.journal, deps);
    expect(prepared.plan.restore).toHaveLength(249);
    expect(prepared.plan.changedSince.map((left) => left.keyId)).toEqual([changedSince]);
    const undone = await undoBulkEdit(prepared.journal, prepared.plan, deps);
    expect(undone.journal.state).toBe('undone');
    const restored = new Map(ids.map((id) => [id, id === changedSince ? '9.9.9.9' : id === keyB ? `${ipListFor(keyB, OLD)}, 5.10.20.0/24` : ipListFor(id, OLD)]));
    expectState(sim, restored);
    const undoWrites = expectNoKeyWrittenTwice(sim, step, path);
    expect(undoWrites.size).toBe(249);
    expect(writesOfStep(sim, path)).toBe(3);
  });

  it('per-key outcomes: a key the service refuses fails with the reason; the others are saved', async () => {
    sim = await startSimulator({ port: 0, seed: 12, keys: 80, users: 30, quiet: true });
    const { ids, deps, selected, path } = await setUp(sim, 20);
    // An older key without Until: the service refuses any update until it gets one.
    const legacy = ids[3]!;
    sim.modifyRecord('apiKey', legacy, { until: null });
    const refreshed = selected.map((key) => (key.id === legacy ? { ...key, lockVersion: key.lockVersion + 1 } : key));
    const journal = await createStoredJournal(planBulkEdit(refreshed, REPLACE), { id: 'it-2', createdAt: new Date().toISOString(), scope: SCOPE }, deps);
    const result = await applyBulkEdit(journal, deps);
    expect(result.stop).toBe('finished');
    const item = result.journal.items.find((entry) => entry.keyId === legacy)!;
    expect(item).toMatchObject({ status: 'failed', failureKind: 'validation', reason: expect.stringMatching(/refused the new value.*blank/i) });
    expect(countJournal(result.journal).byStatus).toMatchObject({ saved: 19, failed: 1 });
    expect(sim.state.apiKeys.get(legacy)!.permittedIps).toBe(ipListFor(legacy, OLD));
    expect(writesOfStep(sim, path)).toBeGreaterThanOrEqual(1);
  });

  it('works by field titles: the alt schema, a dropped connection on a write, and a cancel between batches', async () => {
    sim = await startSimulator({ port: 0, seed: 13, keys: 260, users: 60, schema: 'alt', quiet: true });
    const { ids, store, deps, selected, path } = await setUp(sim, 210);
    expect(path).toBe('settings/integration_keys');
    const journal = await createStoredJournal(planBulkEdit(selected, REPLACE), { id: 'it-3', createdAt: new Date().toISOString(), scope: SCOPE }, deps);
    // The connection drops on the second write (before the service handles it): the outcome is unknown to the
    // runner, which must find out by reading before it sends that batch again.
    sim.setFaults('');
    sim.clearRequests();
    const step = snapshot(sim);
    const controller = new AbortController();
    let dropArmed = false;
    const result = await applyBulkEdit(
      journal,
      {
        ...deps,
        onUpdate: (current) => {
          const saved = countJournal(current).byStatus.saved;
          if (saved === 100 && !dropArmed) {
            dropArmed = true;
            sim!.setFaults(`drop@path=${path}.api&method=PUT&times=1`);
          }
          if (saved === 200) controller.abort();
        },
      },
      { signal: controller.signal },
    );
    expect(result.stop).toBe('cancelled');
    expect(countJournal(result.journal).byStatus).toMatchObject({ saved: 200, pending: 10 });
    expectNoKeyWrittenTwice(sim, step, path);
    // Resume finishes the last 10.
    const resumed = await resumeBulkEdit(store.last, deps);
    expect(resumed.journal.state).toBe('applied');
    expectState(sim, new Map(ids.map((id) => [id, ipListFor(id, NEW)])));
    const replay = replayWrites(sim.requests, path, step.locks);
    for (const id of ids) expect(replay.writes.get(id), `key ${id}`).toBe(1);
  });
});
