import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { call, sessionFor, type FailureBody } from '../workbooks-sim/testing';

let sim: SimHandle;
const LOGIN: Array<[string, string | number]> = [['client', 'api'], ['api_version', 1]];

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 3, keys: 30, users: 15, today: '2027-03-10' });
});
afterAll(async () => sim.stop());

function firstUser(status: 'login-disabled' | 'no-edition' | 'deleted'): { id: number; email: string } {
  const id = sim.groundTruth().users.find((u) => u.status === status)?.id;
  const user = id === undefined ? undefined : sim.state.users.get(id);
  if (!user) throw new Error(`no ${status} user seeded`);
  return { id: user.id, email: user.email };
}

describe('login.api', () => {
  it('logs in with an API key: session info, cookie, token', async () => {
    const res = await call<Record<string, unknown>>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ...LOGIN] });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^Workbooks-Session=[0-9a-f]{32}; path=\//);
    expect(res.body).toMatchObject({ success: true, user_id: 1, person_name: 'Alex Morgan', database_name: expect.any(String), logical_database_id: 2001 });
    expect(res.body['authenticity_token']).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body['session_id']).toBe(res.headers.get('set-cookie')?.split(';')[0]?.split('=')[1]);
    expect(res.body).toHaveProperty('database_instance_id');
  });

  it('logs in with username and password', async () => {
    const res = await call(sim.url, 'login.api', { method: 'POST', params: [['username', sim.admin.username], ['password', sim.admin.password], ...LOGIN] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, user_id: 1, login_name: 'admin@sim.test' });
  });

  it('GET login.api with the cookie returns the same session information, token included', async () => {
    const session = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    const res = await call(sim.url, 'login.api', { cookie: session.cookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, authenticity_token: session.token, user_id: 1 });
    const none = await call<FailureBody>(sim.url, 'login.api');
    expect(none.status).toBe(401);
    expect(none.body.failure_reason).toBe('no_session');
  });

  it.each([
    ['wrong password', () => [['username', sim.admin.username], ['password', 'nope']], 401, 'unrecognised_name_or_password'],
    ['unknown user', () => [['username', 'ghost@sim.test'], ['password', 'workbooks-sim']], 401, 'unrecognised_name_or_password'],
    ['deleted user', () => [['username', firstUser('deleted').email], ['password', 'workbooks-sim']], 401, 'unrecognised_name_or_password'],
    ['login disabled', () => [['username', firstUser('login-disabled').email], ['password', 'workbooks-sim']], 401, 'login_disabled'],
    ['no edition', () => [['username', firstUser('no-edition').email], ['password', 'workbooks-sim']], 401, 'no_licensed_edition'],
    ['invalid api key', () => [['api_key', 'not-a-key']], 401, 'invalid_api_key'],
  ] as const)('refuses: %s', async (_name, credentials, status, reason) => {
    const res = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [...(credentials() as Array<[string, string]>), ...LOGIN] });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, failure_reason: reason });
    expect(typeof res.body.failure_message).toBe('string');
  });

  it('refuses a user without api_access with 403 no_permission_for_api', async () => {
    const user = [...sim.state.users.values()].find((u) => !u.isDeleted && !u.grants.includes('api_access'));
    expect(user).toBeDefined();
    const res = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['username', user?.email ?? ''], ['password', 'workbooks-sim'], ...LOGIN] });
    expect(res.status).toBe(403);
    expect(res.body.failure_reason).toBe('no_permission_for_api');
  });

  it('refuses an expired key and a key from a forbidden address', async () => {
    sim.modifyRecord('apiKey', 1, { until: '2027-03-09' });
    const res = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ...LOGIN] });
    expect(res.status).toBe(401);
    expect(res.body.failure_reason).toBe('api_key_expired');
    sim.modifyRecord('apiKey', 1, { until: '2027-03-10', permittedIps: '203.0.113.7' });
    const far = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ...LOGIN] });
    expect(far.body.failure_reason).toBe('ip_address_not_permitted');
    const near = await call(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ...LOGIN], headers: { 'X-Sim-Client-Address': '203.0.113.7' } });
    expect(near.status).toBe(200);
    sim.modifyRecord('apiKey', 1, { until: '2027-05-01', permittedIps: '127.0.0.1, ::1' });
  });

  it('needs client=api and api_version=1, and a known database', async () => {
    const noClient = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ['api_version', 1]] });
    expect(noClient.status).toBe(406);
    const otherDb = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: [['api_key', sim.admin.apiKey], ['logical_database_id', 7], ...LOGIN] });
    expect(otherDb.status).toBe(403);
    expect(otherDb.body.failure_reason).toBe('requested_database_not_available');
    const nothing = await call<FailureBody>(sim.url, 'login.api', { method: 'POST', params: LOGIN });
    expect(nothing.status).toBe(406);
    const put = await call(sim.url, 'login.api', { method: 'PUT', params: LOGIN });
    expect(put.status).toBe(405);
  });

  it('reconnects to a session with username, session_id and logical_database_id', async () => {
    const first = await call<{ session_id: string }>(sim.url, 'login.api', { method: 'POST', params: [['username', sim.admin.username], ['password', sim.admin.password], ...LOGIN] });
    const again = await call<{ session_id: string }>(sim.url, 'login.api', {
      method: 'POST',
      params: [['username', sim.admin.username], ['session_id', first.body.session_id], ['logical_database_id', 2001], ...LOGIN],
    });
    expect(again.status).toBe(200);
    expect(again.body.session_id).not.toBe(first.body.session_id);
    const stale = await call<FailureBody>(sim.url, 'login.api', {
      method: 'POST',
      params: [['username', sim.admin.username], ['session_id', first.body.session_id], ['logical_database_id', 2001], ...LOGIN],
    });
    expect(stale.status).toBe(401);
    expect(stale.body.failure_reason).toBe('no_session_found');
  });

  it('logout.api ends the session (JSON for client=api, 302 otherwise)', async () => {
    const session = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    const out = await call(sim.url, 'logout.api', { method: 'POST', params: [['client', 'api']], cookie: session.cookie });
    expect(out.status).toBe(200);
    const after = await call<FailureBody>(sim.url, 'admin/api_keys.api', { cookie: session.cookie });
    expect(after.status).toBe(401);
    expect(after.body.failure_reason).toBe('no_session');
    const other = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
    const redirected = await call(sim.url, 'logout.api', { cookie: other.cookie, redirect: 'manual' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe('/login');
  });

  it('never records passwords or API keys', () => {
    const secrets = new Set([sim.admin.apiKey, sim.admin.password, 'nope']);
    for (const request of sim.requests) {
      for (const [name, value] of request.params) {
        if (name === 'api_key' || name === 'password') expect(value).toBe('[redacted]');
        expect(secrets.has(value)).toBe(false);
      }
    }
    expect(sim.requests.some((r) => r.auth === 'api-key')).toBe(true);
  });
});
