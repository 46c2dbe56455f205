/**
 * Workbooks client: what an audit must read (metadata, every API key, every referenced user) from a simulator
 * with 1,000 keys and 300 users at 40 ms latency (± 10 ms jitter), against a naive client in the same run
 * (sequential pages of 100, then one user GET per key). Requests are counted from the simulator's log.
 */
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { WorkbooksClient } from '../../src/core/workbooks/client';
import { createApiKeyTransport } from '../../src/core/workbooks/transport';
import { DEFAULT_SCHEMA } from '../../src/core/workbooks/schema';
import { createKeyRepository } from '../../src/core/keys/repository';
import { nodeFetch } from '../unit/workbooks/support/node-fetch';
import { median, type BenchRow } from './types';

export const title = 'Workbooks client';

const KEYS = 1000;
const USERS = 300;
const RUNS = 5;

function newClient(sim: SimHandle): WorkbooksClient {
  return new WorkbooksClient({ transport: createApiKeyTransport({ baseUrl: sim.url, fetch: nodeFetch, apiKey: async () => sim.admin.apiKey }) });
}

/** One full audit read with the real client: schema discovery (uncached), keys, users. */
async function auditRead(sim: SimHandle): Promise<{ ms: number; requests: number; keys: number; users: number }> {
  sim.clearRequests();
  const started = performance.now();
  const data = await createKeyRepository(newClient(sim)).loadAuditData();
  const ms = performance.now() - started;
  return { ms, requests: sim.requests.length, keys: data.keys.length, users: data.users.statuses.size };
}

/** The naive way: pages one after another, then one user lookup per key. */
async function naiveRead(sim: SimHandle): Promise<{ ms: number; requests: number; keys: number }> {
  sim.clearRequests();
  const client = newClient(sim);
  const { apiKey, user } = DEFAULT_SCHEMA;
  const started = performance.now();
  const keys: Array<Record<string, unknown>> = [];
  for (let start = 0; ; start += 100) {
    const page = await client.readPage(apiKey.path, { start, limit: 100 });
    keys.push(...page.records);
    if (keys.length >= page.total || page.records.length === 0) break;
  }
  for (const key of keys) {
    const userId = key[apiKey.fields.accessAsUser];
    if (typeof userId !== 'number') continue;
    await client.readPage(user.path, { start: 0, limit: 1, filters: [{ field: 'id', op: 'eq', value: userId }] });
  }
  const ms = performance.now() - started;
  return { ms, requests: sim.requests.length, keys: keys.length };
}

export async function run(): Promise<BenchRow[]> {
  const sim = await startSimulator({ port: 0, seed: 7, keys: KEYS, users: USERS, latencyMs: 40, jitterMs: 10, quiet: true });
  try {
    const liveKeys = [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted).length;
    await auditRead(sim); // warm-up (JIT, sockets)
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await auditRead(sim));
    for (const r of runs) {
      if (r.keys !== liveKeys) throw new Error(`client read ${r.keys} keys, expected ${liveKeys}`);
    }
    const naive = await naiveRead(sim);
    if (naive.keys !== liveKeys) throw new Error(`naive client read ${naive.keys} keys, expected ${liveKeys}`);

    const requests = Math.max(...runs.map((r) => r.requests));
    const ms = median(runs.map((r) => r.ms));
    const users = runs[0]!.users;
    return [
      { name: `audit read: requests (${KEYS} keys, ${USERS} users)`, value: requests, unit: 'requests', baseline: naive.requests, ratio: naive.requests / requests, target: '≤ 15 requests' },
      { name: 'audit read: wall time at 40 ms latency (median of 5)', value: Math.round(ms), unit: 'ms', baseline: Math.round(naive.ms), ratio: naive.ms / ms, target: '< 1 s' },
      { name: 'audit read: referenced users resolved', value: users, unit: 'users' },
    ];
  } finally {
    await sim.stop();
  }
}
