import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { parseFaultSpec } from '../workbooks-sim/faults';
import { call, sessionFor, squareWrite, workingSet, type FailureBody, type ReadBody, type WriteBody } from '../workbooks-sim/testing';

const CONFLICT = 'This record cannot be saved since it has already been updated elsewhere.';
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 4, keys: 60, users: 15, today: '2027-03-10' });
});
afterAll(async () => sim.stop());
afterEach(() => sim.setFaults(''));

const read = (params: Array<[string, string | number]> = []): Promise<{ status: number; body: ReadBody & FailureBody; text: string; headers: Headers }> =>
  call<ReadBody & FailureBody>(sim.url, 'admin/api_keys.api', { apiKey: sim.admin.apiKey, params });

describe('fault spec grammar', () => {
  it('parses settings and rules', () => {
    const spec = parseFaultSpec('latency=40,jitter=10;500@nth=7;500@ratio=0.05;500@path=admin/api_keys.api&start=300;expire@nth=20;redirect@nth=3;drop@nth=5;slow@nth=4:2000;conflict@id=12');
    expect(spec.latencyMs).toBe(40);
    expect(spec.jitterMs).toBe(10);
    expect(spec.rules.map((r) => [r.action, r.nth ?? null, r.times ?? null])).toEqual([
      ['500', 7, 1], ['500', null, null], ['500', null, null], ['expire', 20, 1], ['redirect', 3, 1], ['drop', 5, 1], ['slow', 4, 1], ['conflict', null, 1],
    ]);
    expect(spec.rules[2]).toMatchObject({ path: 'admin/api_keys.api', start: 300 });
    expect(spec.rules[6]?.arg).toBe(2000);
    for (const bad of ['boom@nth=1', '500@nth=x', '500@colour=red', '500@ratio=2', '500@nth']) expect(() => parseFaultSpec(bad), bad).toThrow();
  });

  it('refuses a bad spec at start and through the endpoint', async () => {
    await expect(startSimulator({ quiet: true, faults: 'explode' })).rejects.toThrow(/Unknown fault action/);
    const res = await call(sim.url, '__sim/faults', { method: 'POST', rawBody: 'explode', headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(406);
  });
});

describe('faults', () => {
  it('500 on the Nth request, with an exception reference', async () => {
    sim.setFaults('500@nth=2');
    const statuses: number[] = [];
    let ref: string | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await read([['_start', 0], ['_limit', 1]]);
      statuses.push(res.status);
      ref ??= res.body.exception_ref;
    }
    expect(statuses).toEqual([200, 500, 200, 200]);
    expect(ref).toMatch(/^SIM-/);
  });

  it('500 by ratio is deterministic for a seed', async () => {
    const run = async (target: SimHandle): Promise<number[]> => {
      target.setFaults('500@ratio=0.3');
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await call(target.url, 'admin/users.api', { apiKey: target.admin.apiKey, params: [['_start', 0], ['_limit', 1]] })).status);
      return out;
    };
    const twin = await startSimulator({ quiet: true, seed: 4, keys: 60, users: 15, today: '2027-03-10' });
    const a = await run(sim);
    const b = await run(twin);
    await twin.stop();
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(10);
  });

  it('500 for one page of one path, every time', async () => {
    sim.setFaults('500@path=admin/api_keys.api&start=20');
    expect((await read([['_start', 0], ['_limit', 20]])).status).toBe(200);
    expect((await read([['_start', 20], ['_limit', 20]])).status).toBe(500);
    expect((await read([['_start', 20], ['_limit', 20]])).status).toBe(500);
    expect((await read([['_start', 40], ['_limit', 20]])).status).toBe(200);
    expect((await call(sim.url, 'admin/users.api', { apiKey: sim.admin.apiKey, params: [['_start', 20]] })).status).toBe(200);
  });

  it('403 database_being_migrated, on reads and on login', async () => {
    sim.setFaults('403@nth=1;403@path=login.api');
    const res = await read();
    expect(res.status).toBe(403);
    expect(res.body.failure_reason).toBe('database_being_migrated');
    const login = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ['client', 'api'], ['api_version', 1]] });
    expect(login.status).toBe(403);
    expect(login.body.failure_reason).toBe('database_being_migrated');
    expect((await read()).status).toBe(200);
  });

  it('expire: sessions answer 401 session_expired from then on', async () => {
    const session = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    sim.setFaults('expire@nth=2');
    expect((await call(sim.url, 'admin/users.api', { cookie: session.cookie })).status).toBe(200);
    const expired = await call<FailureBody>(sim.url, 'admin/users.api', { cookie: session.cookie });
    expect(expired.status).toBe(401);
    expect(expired.body.failure_reason).toBe('session_expired');
  });

  it('redirect: 302 to the delay URL and back; writes keep their body through 307', async () => {
    sim.clearRequests();
    sim.setFaults('redirect@nth=1:20');
    const res = await read([['_start', 0], ['_limit', 5]]);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(5);
    expect(sim.requests.map((r) => r.status)).toEqual([302, 200]);
    const manual = await call(sim.url, 'admin/users.api', { apiKey: sim.admin.apiKey, redirect: 'manual' });
    expect(manual.status).toBe(200);
    sim.setFaults('redirect@method=PUT:10');
    const key = sim.state.apiKeys.get(3);
    const manualWrite = await call(sim.url, 'admin/api_keys.api', { method: 'PUT', apiKey: sim.admin.apiKey, redirect: 'manual', params: [...workingSet([3]), ...squareWrite([{ method: 'PUT', id: 3, lockVersion: key?.lockVersion ?? 0, fields: { description: 'x' } }])] });
    expect(manualWrite.status).toBe(307);
    expect(manualWrite.headers.get('location')).toMatch(/^\/__sim\/delay\?ms=10&to=%2Fadmin%2Fapi_keys\.api/);
    sim.setFaults('redirect@method=PUT&times=1:10');
    const write = await call<WriteBody>(sim.url, 'admin/api_keys.api', { method: 'PUT', apiKey: sim.admin.apiKey, params: [...workingSet([3]), ...squareWrite([{ method: 'PUT', id: 3, lockVersion: key?.lockVersion ?? 0, fields: { description: 'through a redirect' } }])] });
    expect(write.body.success).toBe(true);
    expect(sim.state.apiKeys.get(3)?.description).toBe('through a redirect');
  });

  it('drop: the connection closes without an answer, and the server stays up', async () => {
    sim.setFaults('drop@nth=1');
    await expect(read()).rejects.toThrow();
    expect((await read([['_start', 0], ['_limit', 1]])).status).toBe(200);
  });

  it('slow: the body trickles out but arrives whole', async () => {
    sim.setFaults('slow@nth=1:200');
    const res = await read([['_start', 0], ['_limit', 30]]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.body.data).toHaveLength(30);
  });

  it('latency settings are reported; latency rules parse', async () => {
    sim.setFaults('latency=5,jitter=2;latency@path=admin/users.api:10');
    const described = await call<{ latencyMs: number; jitterMs: number; rules: Array<{ text: string }> }>(sim.url, '__sim/faults');
    expect(described.body).toMatchObject({ latencyMs: 5, jitterMs: 2, rules: [{ text: 'latency@path=admin/users.api:10' }] });
    expect((await read([['_start', 0], ['_limit', 1]])).status).toBe(200);
  });

  it('conflict: someone else modifies the key between the read and the write', async () => {
    sim.setFaults('conflict@id=12');
    const before = await read([['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', 12]]);
    const lock = Number(before.body.data[0]?.['lock_version']);
    const attempt = async (lockVersion: number): Promise<WriteBody> =>
      (await call<WriteBody>(sim.url, 'admin/api_keys.api', { method: 'PUT', apiKey: sim.admin.apiKey, params: [...workingSet([12]), ...squareWrite([{ method: 'PUT', id: 12, lockVersion, fields: { name: 'Mine now' } }])] })).body;
    const first = await attempt(lock);
    expect(first.success).toBe(false);
    expect(first.failures).toEqual([CONFLICT]);
    const theirs = sim.state.apiKeys.get(12);
    expect(theirs?.lockVersion).toBe(lock + 1);
    expect(theirs?.description).toMatch(/\(edited elsewhere\)$/);
    expect(theirs?.updatedBy).toBe(2);
    const again = await attempt(lock + 1);
    expect(again.success).toBe(true);
  });
});

describe('/__sim/ endpoints', () => {
  it('request log, state dump, ground truth, modify, expire, reset', async () => {
    await read([['_start', 0], ['_limit', 1]]);
    const log = await call<unknown[]>(sim.url, '__sim/requests');
    expect(log.body.length).toBe(sim.requests.length);
    expect(JSON.stringify(log.body)).not.toContain(sim.admin.apiKey);
    await call(sim.url, '__sim/requests', { method: 'DELETE' });
    expect(sim.requests).toHaveLength(0);
    const state = await call<{ apiKeys: Array<{ id: number; secret: string }>; users: Array<Record<string, unknown>> }>(sim.url, '__sim/state');
    expect(state.body.apiKeys.find((k) => k.id === 1)?.secret).toBe(sim.admin.apiKey);
    expect(state.body.users.every((u) => !('password' in u))).toBe(true);
    const truth = await call(sim.url, '__sim/ground-truth');
    expect(truth.body).toEqual(JSON.parse(JSON.stringify(sim.groundTruth())));
    const modify = await call(sim.url, '__sim/modify', { method: 'POST', rawBody: JSON.stringify({ kind: 'apiKey', id: 5, changes: { name: 'Changed elsewhere' } }), headers: { 'Content-Type': 'application/json' } });
    expect(modify.status).toBe(200);
    expect(sim.state.apiKeys.get(5)?.name).toBe('Changed elsewhere');
    const badModify = await call(sim.url, '__sim/modify', { method: 'POST', rawBody: JSON.stringify({ kind: 'apiKey', id: 5, changes: { colour: 'red' } }) });
    expect(badModify.status).toBe(406);
    const session = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    await call(sim.url, '__sim/expire-sessions', { method: 'POST' });
    expect((await call<FailureBody>(sim.url, 'admin/users.api', { cookie: session.cookie })).body.failure_reason).toBe('session_expired');
    const faults = await call(sim.url, '__sim/faults', { method: 'POST', rawBody: JSON.stringify({ spec: '500@nth=1' }), headers: { 'Content-Type': 'application/json' } });
    expect(faults.status).toBe(200);
    expect((await read()).status).toBe(500);
    await call(sim.url, '__sim/reset', { method: 'POST' });
    expect(sim.state.apiKeys.get(5)?.name).not.toBe('Changed elsewhere');
    expect(sim.requests).toHaveLength(0);
    expect((await read()).status).toBe(200);
    expect((await call(sim.url, '__sim/nothing')).status).toBe(404);
  });
});
