import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { call, sessionFor, squareWrite, workingSet, type FailureBody, type WriteBody } from '../workbooks-sim/testing';

const TODAY = '2027-03-10';
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 9, keys: 40, users: 20, today: TODAY });
});
afterAll(async () => sim.stop());

/** Creates a key through the API and returns its secret. */
async function keyWith(fields: Record<string, string>): Promise<{ id: number; secret: string }> {
  const res = await call<WriteBody>(sim.url, 'admin/api_keys.api', {
    method: 'PUT',
    apiKey: sim.admin.apiKey,
    params: [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: {
      name: `Auth test ${Math.random()}`, user_id: '2', valid_from: '', valid_until: '2027-06-01', permitted_ip_addresses: '127.0.0.1', capability_restrictions: '', ...fields,
    } }])],
  });
  if (!res.body.success) throw new Error(res.text);
  const created = res.body.affected_objects[0] ?? {};
  return { id: Number(created['id']), secret: String(created['api_key']) };
}

async function useKey(secret: string, from?: string): Promise<{ status: number; reason: string | undefined }> {
  const res = await call<FailureBody>(sim.url, 'admin/api_keys.api', {
    apiKey: secret,
    params: [['_start', 0], ['_limit', 1]],
    headers: from ? { 'X-Sim-Client-Address': from } : {},
  });
  return { status: res.status, reason: res.body.failure_reason };
}

describe('API keys are honoured as stored', () => {
  it('refuses an unknown key', async () => {
    expect(await useKey('00000-00000')).toEqual({ status: 401, reason: 'invalid_api_key' });
  });

  it('honours validity dates, Until valid through the whole London day', async () => {
    expect((await useKey((await keyWith({ valid_until: TODAY })).secret)).status).toBe(200);
    expect(await useKey((await keyWith({ valid_until: '2027-03-09' })).secret)).toEqual({ status: 401, reason: 'api_key_expired' });
    expect(await useKey((await keyWith({ valid_from: '2027-03-11' })).secret)).toEqual({ status: 401, reason: 'api_key_not_yet_valid' });
    expect((await useKey((await keyWith({ valid_from: TODAY })).secret)).status).toBe(200);
  });

  it('honours Permitted IP addresses: a key for 203.0.113.7 only', async () => {
    const { secret } = await keyWith({ permitted_ip_addresses: '203.0.113.7' });
    expect(await useKey(secret)).toEqual({ status: 401, reason: 'ip_address_not_permitted' });
    expect((await useKey(secret, '203.0.113.7')).status).toBe(200);
    expect((await useKey(secret, '203.0.113.8')).reason).toBe('ip_address_not_permitted');
  });

  it('reads blocks, ranges and IPv6; ignores entries it cannot parse; a blank list permits all', async () => {
    const { secret } = await keyWith({ permitted_ip_addresses: '203.0.113.0/28, 198.51.100.10-198.51.100.20, 2001:db8::/64, 010.1.1.1, 192.0.2.*' });
    for (const ok of ['203.0.113.15', '198.51.100.10', '198.51.100.20', '2001:db8::42', '::ffff:203.0.113.1']) expect((await useKey(secret, ok)).status, ok).toBe(200);
    for (const bad of ['203.0.113.16', '198.51.100.21', '2001:db8:1::1', '10.1.1.1', '8.1.1.1', '192.0.2.1']) expect((await useKey(secret, bad)).status, bad).toBe(401);
    const hostBits = await keyWith({ permitted_ip_addresses: '203.0.113.77/24' });
    expect((await useKey(hostBits.secret, '203.0.113.200')).status).toBe(200);
    const semicolons = await keyWith({ permitted_ip_addresses: '127.0.0.1; 203.0.113.7' });
    expect((await useKey(semicolons.secret)).status).toBe(401);
    const legacy = await keyWith({});
    sim.modifyRecord('apiKey', legacy.id, { permittedIps: null, until: null });
    expect((await useKey(legacy.secret, '8.8.8.8')).status).toBe(200);
  });

  it('refuses keys of users who cannot log in', async () => {
    const truth = sim.groundTruth();
    const statusOf = (id: number | null): string | undefined => truth.users.find((u) => u.id === id)?.status;
    const expected = { 'login-disabled': 'login_disabled', 'no-edition': 'no_licensed_edition', deleted: 'login_disabled' } as const;
    for (const [status, reason] of Object.entries(expected)) {
      const key = [...sim.state.apiKeys.values()].find((k) => !k.isDeleted && statusOf(k.accessAsUser) === status);
      expect(key, status).toBeDefined();
      if (!key) continue;
      sim.modifyRecord('apiKey', key.id, { permittedIps: '127.0.0.1', validFrom: null, until: '2027-04-01' });
      expect(await useKey(key.secret)).toEqual({ status: 401, reason });
    }
    const { id, secret } = await keyWith({ user_id: '2' });
    expect((await useKey(secret)).status).toBe(200);
    sim.modifyRecord('user', 2, { loginEnabled: false });
    expect((await useKey(secret)).reason).toBe('login_disabled');
    sim.modifyRecord('user', 2, { loginEnabled: true, edition: 'No Edition (login denied)' });
    expect((await useKey(secret)).reason).toBe('no_licensed_edition');
    sim.modifyRecord('user', 2, { edition: 'Workbooks CRM' });
    expect((await useKey(secret)).status).toBe(200);
    expect(id).toBeGreaterThan(40);
  });
});

describe('sessions', () => {
  it('need the cookie; expire after 8 hours idle and on expireSessions()', async () => {
    expect((await call<FailureBody>(sim.url, 'admin/api_keys.api')).body.failure_reason).toBe('no_session');
    const bogus = await call<FailureBody>(sim.url, 'admin/api_keys.api', { cookie: 'Workbooks-Session=abc' });
    expect(bogus.body.failure_reason).toBe('no_session');
    const session = await sessionFor(sim.url, [['username', sim.admin.username], ['password', sim.admin.password]]);
    expect((await call(sim.url, 'admin/users.api', { cookie: session.cookie })).status).toBe(200);
    const stored = [...sim.state.sessions.values()].find((s) => s.authenticityToken === session.token);
    if (!stored) throw new Error('session not stored');
    stored.lastUsedAt -= 8 * 60 * 60 * 1000 + 1000;
    const idle = await call<FailureBody>(sim.url, 'admin/users.api', { cookie: session.cookie });
    expect(idle.status).toBe(401);
    expect(idle.body.failure_reason).toBe('session_expired');
    const fresh = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    sim.expireSessions();
    expect((await call<FailureBody>(sim.url, 'admin/users.api', { cookie: fresh.cookie })).body.failure_reason).toBe('session_expired');
    expect((await call(sim.url, 'admin/users.api', { apiKey: sim.admin.apiKey })).status).toBe(200);
  });

  it('a session opened with a restricted key keeps the restriction', async () => {
    const { secret } = await keyWith({ capability_restrictions: 'crm_people' });
    const session = await sessionFor(sim.url, [['api_key', secret]]);
    expect((await call(sim.url, 'crm/people.api', { cookie: session.cookie })).status).toBe(200);
    expect((await call(sim.url, 'admin/api_keys.api', { cookie: session.cookie })).status).toBe(404);
  });
});
