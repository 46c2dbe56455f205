/**
 * Bulk edit: replace one address on 500 keys at 40 ms latency (± 10 ms jitter), through bulk-runner and the real
 * client against the simulator — schema discovery, reading every key, planning, storing the journal after every
 * step (a JSON copy, as IndexedDB would take), and saving in batches of 100 with per-record transactions. Beside
 * it, in the same run, the naive way: one update request per key. Requests are counted from the simulator's log.
 */
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { WorkbooksClient } from '../../src/core/workbooks/client';
import { createApiKeyTransport } from '../../src/core/workbooks/transport';
import { createKeyRepository } from '../../src/core/keys/repository';
import { planBulkEdit } from '../../src/core/keys/bulk-plan';
import { selectKeys } from '../../src/core/keys/bulk-select';
import type { BulkJournal } from '../../src/core/keys/bulk-journal';
import { applyBulkEdit, bulkKeyService, createStoredJournal, type JournalStore } from '../../src/core/keys/bulk-runner';
import { nodeFetch } from '../unit/workbooks/support/node-fetch';
import { median, type BenchRow } from './types';

export const title = 'Bulk edit';

const KEYS_TO_EDIT = 500;
const RUNS = 3;
const ADDRESS_A = '2.250.250.10';
const ADDRESS_B = '2.250.251.20';

function newClient(sim: SimHandle): WorkbooksClient {
  return new WorkbooksClient({ transport: createApiKeyTransport({ baseUrl: sim.url, fetch: nodeFetch, apiKey: async () => sim.admin.apiKey }) });
}

/** Serialises every journal it is given, as the IndexedDB store does, so the bench pays for it. */
class JsonStore implements JournalStore {
  saves = 0;
  last = '';
  async save(journal: BulkJournal): Promise<void> {
    this.last = JSON.stringify(journal);
    this.saves++;
  }
}

/**
 * Gives 500 keys one common address. Keys the service would refuse to update (an older key without Until, or one
 * acting as a deleted user) are first made saveable, so every one of the 500 is a real change.
 */
function seed(sim: SimHandle): number[] {
  const ids: number[] = [];
  for (const key of sim.state.apiKeys.values()) {
    if (ids.length === KEYS_TO_EDIT) break;
    if (key.id === 1 || key.isDeleted) continue;
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    const changes: Record<string, unknown> = { permittedIps: `${ADDRESS_A}, 2.${Math.floor(key.id / 200) + 1}.${key.id % 200}.0/24` };
    if (key.until === null) changes.until = '2099-12-31';
    if (!user || user.isDeleted) changes.accessAsUser = sim.admin.userId;
    sim.modifyRecord('apiKey', key.id, changes);
    ids.push(key.id);
  }
  if (ids.length < KEYS_TO_EDIT) throw new Error(`only ${ids.length} keys`);
  return ids;
}

function checkAll(sim: SimHandle, ids: readonly number[], address: string): void {
  const wrong = ids.filter((id) => !sim.state.apiKeys.get(id)?.permittedIps?.startsWith(`${address}, `));
  if (wrong.length > 0) throw new Error(`${wrong.length} keys do not hold ${address} (first: ${wrong[0]})`);
}

interface Measured {
  ms: number;
  applyMs: number;
  requests: number;
  writes: number;
}

const isWrite = (sim: SimHandle) => sim.requests.filter((r) => r.effectiveMethod === 'PUT').length;

/** Read, plan, journal, apply: the whole operation as the tab runs it, with a cold schema cache. */
async function bulkReplace(sim: SimHandle, ids: readonly number[], from: string, to: string): Promise<Measured> {
  sim.clearRequests();
  const started = performance.now();
  const client = newClient(sim);
  const repository = createKeyRepository(client);
  const keys = await repository.loadAllKeys();
  const plan = planBulkEdit(selectKeys(keys, { kind: 'contains', address: from, exactEntry: true }), { kind: 'replace', from, to });
  if (plan.totals.changed !== KEYS_TO_EDIT) throw new Error(`planned ${plan.totals.changed} changes, expected ${KEYS_TO_EDIT}`);
  const applyStarted = performance.now();
  const store = new JsonStore();
  const deps = { keys: bulkKeyService(repository, client), store };
  const journal = await createStoredJournal(plan, { id: `bench-${from}`, createdAt: new Date().toISOString(), scope: { host: '127.0.0.1', database: 'bench' } }, deps);
  const result = await applyBulkEdit(journal, deps);
  const ended = performance.now();
  if (result.stop !== 'finished' || result.journal.state !== 'applied') throw new Error(`bulk run ended ${result.stop}: ${result.error ?? ''}`);
  checkAll(sim, ids, to);
  return { ms: ended - started, applyMs: ended - applyStarted, requests: sim.requests.length, writes: isWrite(sim) };
}

/** The naive way: the same plan, one update request per key, one after another. */
async function oneByOne(sim: SimHandle, ids: readonly number[], from: string, to: string): Promise<Measured> {
  sim.clearRequests();
  const started = performance.now();
  const repository = createKeyRepository(newClient(sim));
  const keys = await repository.loadAllKeys();
  const plan = planBulkEdit(selectKeys(keys, { kind: 'contains', address: from, exactEntry: true }), { kind: 'replace', from, to });
  const applyStarted = performance.now();
  for (const item of plan.items) {
    if (item.status !== 'changed' || item.after === null) continue;
    const result = await repository.updateKey(item.keyId, item.lockVersion, { permittedIps: item.after });
    if (!result.ok) throw new Error(`key ${item.keyId}: ${result.error.message}`);
  }
  const ended = performance.now();
  checkAll(sim, ids, to);
  return { ms: ended - started, applyMs: ended - applyStarted, requests: sim.requests.length, writes: isWrite(sim) };
}

export async function run(): Promise<BenchRow[]> {
  const sim = await startSimulator({ port: 0, seed: 7, keys: 520, users: 120, latencyMs: 40, jitterMs: 10, quiet: true });
  try {
    const ids = seed(sim);
    const runs: Measured[] = [];
    let from = ADDRESS_A;
    let to = ADDRESS_B;
    for (let i = 0; i < RUNS; i++) {
      runs.push(await bulkReplace(sim, ids, from, to));
      [from, to] = [to, from];
    }
    const naive = await oneByOne(sim, ids, from, to);

    const writes = Math.max(...runs.map((r) => r.writes));
    const requests = Math.max(...runs.map((r) => r.requests));
    const ms = median(runs.map((r) => r.ms));
    const applyMs = median(runs.map((r) => r.applyMs));
    return [
      { name: `replace on ${KEYS_TO_EDIT} keys: write requests`, value: writes, unit: 'requests', baseline: naive.writes, ratio: naive.writes / writes, target: 'exactly 5' },
      { name: 'replace: requests in all (schema, reading every key, writes)', value: requests, unit: 'requests', baseline: naive.requests, ratio: naive.requests / requests, target: '≤ 12' },
      { name: `replace: wall time at 40 ms latency, read + plan + apply (median of ${RUNS})`, value: Math.round(ms), unit: 'ms', baseline: Math.round(naive.ms), ratio: naive.ms / ms, target: '≤ 2.5 s' },
      { name: 'replace: wall time of the apply alone (journal + 5 batches)', value: Math.round(applyMs), unit: 'ms', baseline: Math.round(naive.applyMs), ratio: naive.applyMs / applyMs },
    ];
  } finally {
    await sim.stop();
  }
}
