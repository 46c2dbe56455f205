/**
 * Every simulator fault against the client: 500 (retried reads, surfaced when persistent), 302/307 redirects
 * (followed, writes applied once), dropped connections (reads retried, writes reported with unknown outcome and
 * never repeated), session expiry, 403 database_being_migrated, slow bodies, concurrent modification
 * (conflict with ids), validation (per field), all-or-nothing rollback, and cancellation.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { discoverSchema, type DiscoveredSchema } from '../../src/core/workbooks/schema';
import { createKeyRepository, type KeyRepository } from '../../src/core/keys/repository';
import type { ApiKeyRecord } from '../../src/core/keys/model';
import { apiKeyClient, sessionClient, type BuiltClient } from '../unit/workbooks/support/sim-clients';

let sim: SimHandle;
let schema: DiscoveredSchema;
let keysPath: string;

beforeAll(async () => {
  // The 'alt' variant: fault handling must not depend on the default field names either.
  sim = await startSimulator({ port: 0, seed: 33, keys: 260, users: 30, schema: 'alt', quiet: true });
  schema = await discoverSchema(apiKeyClient(sim).client);
  keysPath = `/${schema.apiKey.path}.api`;
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.setFaults('');
  sim.clearRequests();
});

afterEach(() => {
  sim.setFaults('');
});

function keyRequests(): SimHandle['requests'] {
  return sim.requests.filter((r) => r.path === keysPath);
}

function editableKey(keys: ApiKeyRecord[], skip = 0): ApiKeyRecord {
  const usable = keys.filter((k) => k.id !== 1 && k.until !== null && k.permittedIps !== null && k.name.trim() !== '');
  const key = usable[skip];
  if (!key) throw new Error('no editable key in the seed');
  return key;
}

async function sessionRepository(): Promise<{ repository: KeyRepository; built: BuiltClient }> {
  const built = sessionClient(sim);
  await built.client.login({ username: sim.admin.username, password: sim.admin.password });
  return { repository: createKeyRepository(built.client, schema), built };
}

describe('HTTP 500', () => {
  it('retries a page that failed with 500 and returns every key in order', async () => {
    sim.setFaults(`500@path=${schema.apiKey.path}.api&start=100&times=1`);
    const keys = await createKeyRepository(apiKeyClient(sim).client, schema).loadAllKeys();
    expect(keys).toHaveLength([...sim.state.apiKeys.values()].filter((k) => !k.isDeleted).length);
    expect(keys.map((k) => k.id)).toEqual([...keys.map((k) => k.id)].sort((a, b) => a - b));
    const page2 = keyRequests().filter((r) => r.params.some(([n, v]) => n === '_start' && v === '100'));
    expect(page2.map((r) => r.status)).toEqual([500, 200]);
  });

  it('gives up after 3 tries with a server error carrying the exception reference', async () => {
    sim.setFaults(`500@path=${schema.apiKey.path}.api`);
    const error = await createKeyRepository(apiKeyClient(sim).client, schema)
      .loadAllKeys()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect((error as { exceptionReference: string }).exceptionReference).toMatch(/^SIM-/);
    expect(keyRequests()).toHaveLength(3);
  });

  it('never retries a write that failed with 500', async () => {
    const { repository } = await sessionRepository();
    const key = editableKey(await repository.loadAllKeys());
    sim.clearRequests();
    sim.setFaults('500@method=PUT');
    const result = await repository.updateKey(key.id, key.lockVersion, { description: 'not saved' });
    expect(result).toMatchObject({ ok: false, attempted: true, error: { kind: 'server', status: 500 } });
    expect(keyRequests().filter((r) => r.effectiveMethod === 'PUT')).toHaveLength(1);
  });
});

describe('redirects', () => {
  it('follows a 302 on a read (through the delay URL and back)', async () => {
    sim.setFaults(`redirect@path=${schema.apiKey.path}.api&start=0&times=1:30`);
    const keys = await createKeyRepository(apiKeyClient(sim).client, schema).loadAllKeys();
    expect(keys.length).toBeGreaterThan(200);
    const first = keyRequests().filter((r) => r.params.some(([n, v]) => n === '_start' && v === '0'));
    expect(first.map((r) => r.status)).toEqual([302, 200]);
  });

  it('follows a 307 on a write with method and body intact, applying it exactly once', async () => {
    const { client } = apiKeyClient(sim);
    const repository = createKeyRepository(client, schema);
    const key = editableKey(await repository.loadAllKeys(), 1);
    sim.clearRequests();
    sim.setFaults('redirect@method=PUT&times=1:30');
    const result = await repository.updateKey(key.id, key.lockVersion, { description: 'after a redirect' });
    expect(result).toMatchObject({ ok: true, lockVersion: key.lockVersion + 1 });
    expect(keyRequests().map((r) => [r.effectiveMethod, r.status])).toEqual([
      ['PUT', 307],
      ['PUT', 200],
    ]);
    expect(sim.state.apiKeys.get(key.id)?.description).toBe('after a redirect');
  });

  it('stops after 5 hops with a protocol error', async () => {
    sim.setFaults(`redirect@path=${schema.apiKey.path}.api:1`);
    await expect(apiKeyClient(sim).client.readPage(schema.apiKey.path, { start: 0, limit: 1 })).rejects.toMatchObject({ kind: 'protocol' });
    // Each fault is two hops (to the unlogged delay URL and back): hops 1-5 reach the endpoint 3 times.
    expect(keyRequests().map((r) => r.status)).toEqual([302, 302, 302]);
  });
});

describe('dropped connections', () => {
  it('retries a read whose connection dropped', async () => {
    sim.setFaults(`drop@path=${schema.apiKey.path}.api&start=200&times=1`);
    const keys = await createKeyRepository(apiKeyClient(sim).client, schema).loadAllKeys();
    expect(keys).toHaveLength([...sim.state.apiKeys.values()].filter((k) => !k.isDeleted).length);
    expect(keyRequests().filter((r) => r.status === 0)).toHaveLength(1);
  });

  it('reports a write whose connection dropped as a network error (outcome unknown) and does not repeat it', async () => {
    const { client } = apiKeyClient(sim);
    const repository = createKeyRepository(client, schema);
    const key = editableKey(await repository.loadAllKeys(), 2);
    sim.clearRequests();
    sim.setFaults('drop@method=PUT&times=1');
    const result = await repository.updateKey(key.id, key.lockVersion, { description: 'maybe saved' });
    expect(result).toMatchObject({ ok: false, attempted: true, error: { kind: 'network' } });
    expect(keyRequests().filter((r) => r.effectiveMethod === 'PUT')).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('turns an expired session into an auth error with session_expired, for reads and writes', async () => {
    const { repository } = await sessionRepository();
    const key = editableKey(await repository.loadAllKeys());
    sim.expireSessions();
    await expect(repository.loadAllKeys()).rejects.toMatchObject({ kind: 'auth', failureReason: 'session_expired' });
    const result = await repository.updateKey(key.id, key.lockVersion, { description: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', failureReason: 'session_expired' } });
  });

  it('expiry injected as a fault mid-read surfaces the same way (not retried)', async () => {
    const { repository } = await sessionRepository();
    sim.clearRequests();
    sim.setFaults('expire@nth=2');
    await expect(repository.loadAllKeys()).rejects.toMatchObject({ kind: 'auth', failureReason: 'session_expired' });
    expect(sim.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('maps 403 database_being_migrated to a permission error without retrying', async () => {
    sim.setFaults('403@nth=1');
    await expect(apiKeyClient(sim).client.readPage(schema.apiKey.path, { start: 0, limit: 5 })).rejects.toMatchObject({
      kind: 'permission',
      failureReason: 'database_being_migrated',
    });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('slow bodies and cancellation', () => {
  it('reads a body that trickles in', async () => {
    sim.setFaults(`slow@path=${schema.apiKey.path}.api&times=1:200`);
    const page = await apiKeyClient(sim).client.readPage(schema.apiKey.path, { start: 0, limit: 100 });
    expect(page.records).toHaveLength(100);
  });

  it('cancels a readAll in flight', async () => {
    sim.setFaults('latency=50');
    const controller = new AbortController();
    const reading = createKeyRepository(apiKeyClient(sim).client, schema).loadAuditData({ signal: controller.signal });
    setTimeout(() => controller.abort(), 60);
    await expect(reading).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('record-level failures', () => {
  it('reports a concurrent modification as a conflict with the record id, and saves after a reload', async () => {
    const { repository } = await sessionRepository();
    const key = editableKey(await repository.loadAllKeys(), 3);
    sim.setFaults(`conflict@id=${key.id}`);
    const fresh = await repository.getKey(key.id); // arms the fault: someone else edits before our write lands
    const result = await repository.updateKey(fresh!.id, fresh!.lockVersion, { description: 'mine' });
    expect(result).toMatchObject({
      ok: false,
      id: key.id,
      error: { kind: 'conflict', ids: [key.id], message: 'This record cannot be saved since it has already been updated elsewhere.' },
    });
    const reloaded = await repository.getKey(key.id);
    expect(reloaded!.lockVersion).toBe(fresh!.lockVersion + 1);
    expect(await repository.updateKey(reloaded!.id, reloaded!.lockVersion, { description: 'mine' })).toMatchObject({ ok: true });
  });

  it('reports modifyRecord between read and write as a conflict too', async () => {
    const { repository } = await sessionRepository();
    const key = editableKey(await repository.loadAllKeys(), 4);
    sim.modifyRecord('apiKey', key.id, { description: 'changed by Sam' });
    const [result] = await repository.saveKeys([{ kind: 'update', id: key.id, lockVersion: key.lockVersion, changes: { description: 'stale' } }]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'conflict', ids: [key.id] } });
  });

  it('reports validation failures per record and per field', async () => {
    const { repository } = await sessionRepository();
    const [result] = await repository.saveKeys([{ kind: 'create', key: { name: '', accessAsUserId: 999_999, validFrom: '2027-06-01', until: null, permittedIps: null } }]);
    expect(result?.ok).toBe(false);
    if (result?.ok !== false || result.error.kind !== 'validation') throw new Error(`expected a validation error, got ${JSON.stringify(result)}`);
    const fields = result.error.records[0]!.fields;
    const f = schema.apiKey.fields;
    expect(fields[f.name]).toEqual(["can't be blank"]);
    expect(fields[f.until]).toEqual(["can't be blank"]);
    expect(fields[f.permittedIps]).toEqual(["can't be blank"]);
    expect(fields[f.accessAsUser]).toEqual(['refers to user 999999, who does not exist']);
  });

  it('without per-object transactions, one failure rolls back the others (rolled-back errors)', async () => {
    const { built, repository } = await sessionRepository();
    const keys = await repository.loadAllKeys();
    const good = editableKey(keys, 5);
    const bad = editableKey(keys, 6);
    const f = schema.apiKey.fields;
    const results = await built.client.write(
      schema.apiKey.path,
      [
        { method: 'update', id: good.id, lockVersion: good.lockVersion, fields: { [f.description]: 'would be fine' } },
        { method: 'update', id: bad.id, lockVersion: bad.lockVersion, fields: { [f.until]: '' } },
      ],
      { perObjectTransactions: false },
    );
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'rolled-back', id: good.id } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'validation', records: [{ index: 1, id: bad.id, fields: { [f.until]: ["can't be blank"] } }] } });
    expect(sim.state.apiKeys.get(good.id)?.lockVersion).toBe(good.lockVersion);
  });

  it('splits 250 updates into batches of 100, 100 and 50 and reports each record', async () => {
    const { repository } = await sessionRepository();
    const keys = (await repository.loadAllKeys()).slice(0, 250);
    sim.clearRequests();
    const batches: number[] = [];
    const results = await repository.saveKeys(
      keys.map((k) => ({ kind: 'update' as const, id: k.id, lockVersion: k.lockVersion, changes: { description: `bulk ${k.id}` } })),
      { onBatch: (done) => batches.push(done) },
    );
    const writes = keyRequests().filter((r) => r.effectiveMethod === 'PUT');
    expect(writes.map((r) => r.params.filter(([n]) => n === '__method[]').length)).toEqual([100, 100, 50]);
    expect(batches).toEqual([100, 200, 250]);
    expect(results).toHaveLength(250);
    // Keys from older releases (blank Until or IP list) cannot be saved without filling them, nor keys whose
    // Access-as-User was deleted: those fail with per-field errors, the rest are saved.
    for (const [i, result] of results.entries()) {
      const key = keys[i]!;
      const user = key.accessAsUserId === null ? undefined : sim.state.users.get(key.accessAsUserId);
      const unsavable = key.until === null || key.permittedIps === null || key.name.trim() === '' || !user || user.isDeleted;
      expect({ id: key.id, ok: result.ok, kind: result.ok ? null : result.error.kind }).toEqual({ id: key.id, ok: !unsavable, kind: unsavable ? 'validation' : null });
    }
  });
});
