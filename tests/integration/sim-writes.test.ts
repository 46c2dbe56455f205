import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { call, sessionFor, squareWrite, workingSet, type FailureBody, type ParamList, type ReadBody, type WriteBody } from '../workbooks-sim/testing';

const TODAY = '2027-03-10';
const CONFLICT = 'This record cannot be saved since it has already been updated elsewhere.';
let sim: SimHandle;
let key: string;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 5, keys: 40, users: 15, today: TODAY });
  key = sim.admin.apiKey;
});
afterAll(async () => sim.stop());

const validKey = (overrides: Record<string, string> = {}): Record<string, string> => ({
  name: 'Integration test key',
  description: 'Created by a test',
  user_id: '2',
  valid_from: '',
  valid_until: '2027-05-01',
  permitted_ip_addresses: '81.2.69.10',
  capability_restrictions: 'crm_people',
  ...overrides,
});

async function write(params: ParamList, path = 'admin/api_keys.api'): Promise<{ status: number; body: WriteBody }> {
  const res = await call<WriteBody>(sim.url, path, { method: 'PUT', params, apiKey: key });
  return { status: res.status, body: res.body };
}
async function create(fields: Record<string, string>): Promise<{ status: number; body: WriteBody }> {
  return write([...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields }])]);
}

describe('creating, updating and deleting', () => {
  it('creates a key: new id, generated secret, the whole record back', async () => {
    const res = await create(validKey());
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const created = res.body.affected_objects[0] ?? {};
    expect(created['id']).toBe(41);
    expect(created['lock_version']).toBe(0);
    expect(created['api_key']).toMatch(/^[0-9a-f]{5}(-[0-9a-f]{5}){7}$/);
    expect(created['valid_until']).toBe(' 1 May 2027');
    expect(created['user[person_name]']).toBe('Sam Taylor');
    expect(res.body.affected_object_information).toEqual([{ success: true, errors: {}, warnings: {} }]);
    expect(sim.state.apiKeys.get(41)?.permittedIps).toBe('81.2.69.10');
    expect(sim.state.apiKeys.get(41)?.createdBy).toBe(1);
  });

  it('updates with :no_value: leaving fields alone, and answers what changed', async () => {
    const before = sim.state.apiKeys.get(41);
    const res = await write([...workingSet([41]), ...squareWrite([{ method: 'PUT', id: 41, lockVersion: 0, fields: { name: 'Renamed', description: ':no_value:', valid_until: '15 May 2027' } }])]);
    expect(res.body.success).toBe(true);
    expect(res.body.affected_objects[0]).toMatchObject({ id: 41, lock_version: 1, name: 'Renamed', valid_until: '15 May 2027', updated_by: 1 });
    expect(res.body.affected_objects[0]).not.toHaveProperty('description');
    const after = sim.state.apiKeys.get(41);
    expect(after?.description).toBe(before?.description);
    expect(after?.until).toBe('2027-05-15');
  });

  it('accepts POST with _method=PUT and epoch dates', async () => {
    const epoch = String(Date.UTC(2027, 5, 1, 12) / 1000);
    const res = await call<WriteBody>(sim.url, 'admin/api_keys.api', {
      method: 'POST',
      params: [['_method', 'PUT'], ...workingSet([41]), ...squareWrite([{ method: 'PUT', id: 41, lockVersion: 1, fields: { valid_until: epoch } }])],
      apiKey: key,
    });
    expect(res.body.success).toBe(true);
    expect(sim.state.apiKeys.get(41)?.until).toBe('2027-06-01');
  });

  it('fails a stale lock_version with the documented message', async () => {
    const res = await write([...workingSet([41]), ...squareWrite([{ method: 'PUT', id: 41, lockVersion: 0, fields: { name: 'Stale' } }])]);
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.failures).toEqual([CONFLICT]);
    expect(res.body.affected_object_information[0]).toMatchObject({ success: false, errors: { base: [CONFLICT] } });
    expect(res.body.affected_object_errors?.[0]).toEqual({ base: [CONFLICT] });
    expect(sim.state.apiKeys.get(41)?.name).toBe('Renamed');
  });

  it('deletes a key: it disappears from reads', async () => {
    const res = await write([...workingSet([41]), ...squareWrite([{ method: 'DELETE', id: 41, lockVersion: 2 }])]);
    expect(res.body.success).toBe(true);
    const read = await call<ReadBody>(sim.url, 'admin/api_keys.api', { apiKey: key, params: [['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', 41]] });
    expect(read.body.data).toEqual([]);
  });

  it('deletes a user: reads stop returning it and keys may no longer name it', async () => {
    const owners = new Set([...sim.state.apiKeys.values()].map((k) => k.accessAsUser));
    const target = [...sim.state.users.values()].find((u) => !u.isDeleted && u.id > 2 && !owners.has(u.id));
    if (!target) throw new Error('no user');
    const res = await write([...workingSet([target.id]), ...squareWrite([{ method: 'DELETE', id: target.id, lockVersion: target.lockVersion }])], 'admin/users.api');
    expect(res.body.success).toBe(true);
    const users = await call<ReadBody>(sim.url, 'admin/users.api', { apiKey: key });
    expect(users.body.data.map((u) => u['id'])).not.toContain(target.id);
    const refused = await create(validKey({ user_id: String(target.id) }));
    expect(refused.body.affected_object_information[0]?.errors).toEqual({ user_id: [`refers to user ${target.id}, who has been deleted`] });
    const missing = await create(validKey({ user_id: '9999' }));
    expect(missing.body.affected_object_information[0]?.errors).toEqual({ user_id: ['refers to user 9999, who does not exist'] });
  });

  it('mixes create, update and delete in one request, in request order', async () => {
    const a = sim.state.apiKeys.get(10);
    const b = sim.state.apiKeys.get(11);
    if (!a || !b) throw new Error('seed');
    const fields = { name: ':no_value:', valid_until: '2027-04-20', permitted_ip_addresses: ':no_value:', user_id: ':no_value:' };
    const res = await write([
      ...workingSet([0, 10, 11]),
      ...squareWrite([
        { method: 'PUT', id: 10, lockVersion: a.lockVersion, fields: { ...fields, permitted_ip_addresses: '81.2.69.11' } },
        { method: 'POST', id: 0, lockVersion: 0, fields: { name: 'Mixed', valid_until: '2027-04-20', permitted_ip_addresses: '81.2.69.12', user_id: '1' } },
        { method: 'DELETE', id: 11, lockVersion: b.lockVersion, fields },
      ]),
    ]);
    expect(res.body.success, JSON.stringify(res.body)).toBe(true);
    expect(res.body.affected_objects.map((o) => o['id'])).toEqual([10, 42, 11]);
    expect(sim.state.apiKeys.get(11)?.isDeleted).toBe(true);
  });
});

describe('validation', () => {
  it('reports per-field errors in every documented place', async () => {
    const res = await create(validKey({ name: '', valid_until: '', permitted_ip_addresses: '', valid_from: '2027-04-01' }));
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    const errors = res.body.affected_object_information[0]?.errors;
    expect(errors).toEqual({ name: ["can't be blank"], valid_until: ["can't be blank"], permitted_ip_addresses: ["can't be blank"] });
    expect(res.body.affected_object_errors).toEqual([errors]);
    expect(res.body.errors).toEqual(expect.arrayContaining(["Record 1: Name can't be blank", "Record 1: Until can't be blank", "Record 1: Permitted IP addresses can't be blank"]));
    expect(res.body.affected_objects).toEqual([{ id: 0, lock_version: 0 }]);
  });

  it('refuses Until before Valid From, bad dates, read-only and unknown fields', async () => {
    const res = await create(validKey({ valid_from: '2027-05-02', valid_until: '2027-05-01' }));
    expect(res.body.affected_object_information[0]?.errors).toEqual({ valid_until: ['must be on or after Valid From'] });
    const bad = await create(validKey({ valid_until: '31/02/2027' }));
    expect(bad.body.affected_object_information[0]?.errors).toEqual({ valid_until: ['is not a valid date'] });
    const secret = await create(validKey({ api_key: 'mine' }));
    expect(secret.body.affected_object_information[0]?.errors).toEqual({ api_key: ['is read-only'] });
    const unknown = await create(validKey({ colour: 'blue' }));
    expect(unknown.body.affected_object_information[0]?.errors).toEqual({ colour: ['is not a known attribute'] });
    const related = await create(validKey({ 'user[person_name]': 'Someone' }));
    expect(related.body.affected_object_information[0]?.errors).toEqual({ 'user[person_name]': ['is read-only'] });
    const long = await create(validKey({ name: 'x'.repeat(256) }));
    expect(long.body.affected_object_information[0]?.errors).toEqual({ name: ['is too long (maximum is 255 characters)'] });
  });

  it('refuses updates of a key whose user is deleted, even when the user is not sent', async () => {
    const orphan = [...sim.state.apiKeys.values()].find((k) => !k.isDeleted && k.accessAsUser !== null && sim.state.users.get(k.accessAsUser)?.isDeleted && k.until !== null && k.permittedIps !== null);
    if (!orphan) throw new Error('seed has no key of a deleted user');
    const res = await write([...workingSet([orphan.id]), ...squareWrite([{ method: 'PUT', id: orphan.id, lockVersion: orphan.lockVersion, fields: { description: 'x', user_id: ':no_value:' } }])]);
    expect(res.body.affected_object_information[0]?.errors).toEqual({ user_id: [`refers to user ${orphan.accessAsUser}, who has been deleted`] });
    const moved = await write([...workingSet([orphan.id]), ...squareWrite([{ method: 'PUT', id: orphan.id, lockVersion: orphan.lockVersion, fields: { description: 'x', user_id: '1' } }])]);
    expect(moved.body.success).toBe(true);
  });

  it('requires Until and IPs on any update of a legacy key that would leave them blank', async () => {
    const candidate = [...sim.state.apiKeys.values()].find((k) => !k.isDeleted && k.id > 20 && sim.groundTruth().users.find((u) => u.id === k.accessAsUser)?.status === 'ok');
    if (!candidate) throw new Error('seed has no key of an ok user');
    sim.modifyRecord('apiKey', candidate.id, { until: null, permittedIps: null });
    const legacy = sim.state.apiKeys.get(candidate.id);
    if (!legacy) throw new Error('gone');
    const touch = await write([...workingSet([legacy.id]), ...squareWrite([{ method: 'PUT', id: legacy.id, lockVersion: legacy.lockVersion, fields: { description: 'touched' } }])]);
    expect(touch.body.affected_object_information[0]?.errors, JSON.stringify(touch.body)).toEqual({ valid_until: ["can't be blank"], permitted_ip_addresses: ["can't be blank"] });
    const fixed = await write([...workingSet([legacy.id]), ...squareWrite([{ method: 'PUT', id: legacy.id, lockVersion: legacy.lockVersion, fields: { valid_until: '2027-04-01', permitted_ip_addresses: '81.2.69.10' } }])]);
    expect(fixed.body.success).toBe(true);
  });

  it('validates users: closed edition list, email format and uniqueness', async () => {
    const res = await write([...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: { person_name: 'New Person', email: 'admin@sim.test', allocated_edition: 'Gold' } }])], 'admin/users.api');
    expect(res.body.affected_object_information[0]?.errors).toEqual({ email: ['has already been taken'], allocated_edition: [expect.stringContaining('is not one of')] });
    const ok = await write([...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: { person_name: 'New Person', email: 'new.person@sim.test', allocated_edition: 'No Edition (login denied)', login_allowed: 'no' } }])], 'admin/users.api');
    expect(ok.body.success).toBe(true);
    expect(ok.body.affected_objects[0]).toMatchObject({ login_allowed: false, allocated_edition: 'No Edition (login denied)' });
  });
});

describe('transactions', () => {
  it('rolls back the whole request by default', async () => {
    const a = sim.state.apiKeys.get(12);
    const b = sim.state.apiKeys.get(13);
    if (!a || !b) throw new Error('seed');
    const res = await write([
      ...workingSet([12, 13]),
      ...squareWrite([
        { method: 'PUT', id: 12, lockVersion: a.lockVersion, fields: { description: 'all or nothing' } },
        { method: 'PUT', id: 13, lockVersion: b.lockVersion + 5, fields: { description: 'all or nothing' } },
      ]),
    ]);
    expect(res.body.success).toBe(false);
    expect(res.body.affected_object_information[0]).toMatchObject({ success: false, errors: {}, warnings: { base: [expect.stringContaining('rolled back')] } });
    expect(res.body.affected_object_information[1]).toMatchObject({ success: false, errors: { base: [CONFLICT] } });
    expect(sim.state.apiKeys.get(12)?.description).toBe(a.description);
    expect(sim.state.apiKeys.get(12)?.lockVersion).toBe(a.lockVersion);
  });

  it('commits each record on its own with _per_object_transactions', async () => {
    const a = sim.state.apiKeys.get(12);
    const b = sim.state.apiKeys.get(13);
    if (!a || !b) throw new Error('seed');
    const nextId = sim.state.nextIds.apiKeys;
    const res = await write([
      ['_per_object_transactions', 'true'],
      ...workingSet([0, 12, 13]),
      ...squareWrite([
        { method: 'PUT', id: 12, lockVersion: a.lockVersion, fields: { description: 'own transaction', name: ':no_value:' } },
        { method: 'PUT', id: 13, lockVersion: b.lockVersion + 5, fields: { description: 'own transaction', name: ':no_value:' } },
        { method: 'POST', id: 0, lockVersion: 0, fields: { description: 'x', name: '' } },
      ]),
    ]);
    expect(res.body.success).toBe(false);
    expect(res.body.affected_object_information.map((i) => i.success)).toEqual([true, false, false]);
    expect(res.body.affected_objects[0]).toMatchObject({ id: 12, lock_version: a.lockVersion + 1, description: 'own transaction' });
    expect(res.body.failures).toEqual([CONFLICT]);
    expect(sim.state.apiKeys.get(12)?.description).toBe('own transaction');
    expect(sim.state.apiKeys.get(13)?.description).toBe(b.description);
    expect(sim.state.nextIds.apiKeys).toBe(nextId);
  });
});

describe('request shape', () => {
  it('needs a filter selecting the working set', async () => {
    const none = await write(squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: validKey() }]));
    expect(none.status).toBe(406);
    const notSelected = await write([...workingSet([7]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: validKey() }])]);
    expect(notSelected.body.success).toBe(false);
    expect(notSelected.body.failures?.[0]).toMatch(/does not select new records/);
    const k = sim.state.apiKeys.get(14);
    const outside = await write([...workingSet([15]), ...squareWrite([{ method: 'PUT', id: 14, lockVersion: k?.lockVersion ?? 0, fields: { description: 'x' } }])]);
    expect(outside.body.failures?.[0]).toMatch(/not selected/);
    const inList = await write([['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', '14,15'], ...squareWrite([{ method: 'PUT', id: 14, lockVersion: k?.lockVersion ?? 0, fields: { description: 'in list' } }])]);
    expect(inList.body.success).toBe(true);
  });

  it('refuses ragged arrays, more than 100 records, bad methods and scalars for fields', async () => {
    const ragged: ParamList = [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: validKey() }]), ['name[]', 'again']];
    const r = await write(ragged);
    expect(r.status).toBe(406);
    expect((r.body as unknown as FailureBody).errors?.[0]).toMatch(/name\[\] has 2 values for 1 records/);
    const many = squareWrite(Array.from({ length: 101 }, () => ({ method: 'POST' as const, id: 0, lockVersion: 0, fields: validKey() })));
    expect((await write([...workingSet([0]), ...many])).status).toBe(406);
    expect((await write([...workingSet([0]), ...squareWrite([{ method: 'PATCH' as 'PUT', id: 0, lockVersion: 0 }])])).status).toBe(406);
    expect((await write([...workingSet([0]), ['__method[]', 'POST'], ['id[]', '0'], ['lock_version[]', '0'], ['name', 'scalar']])).status).toBe(406);
    expect((await write([...workingSet([0])])).status).toBe(406);
    const hundred = squareWrite(Array.from({ length: 100 }, (_, i) => ({ method: 'POST' as const, id: 0, lockVersion: 0, fields: validKey({ name: `Bulk ${i}` }) })));
    const ok = await write([...workingSet([0]), ...hundred]);
    expect(ok.body.success).toBe(true);
    expect(ok.body.affected_objects).toHaveLength(100);
  });

  it('needs form encoding for writes', async () => {
    const res = await call(sim.url, 'admin/api_keys.api', { method: 'PUT', rawBody: '{}', headers: { 'Content-Type': 'application/json' }, params: [['api_key', key]] });
    expect(res.status).toBe(406);
  });
});

describe('session writes', () => {
  it('need the session authenticity token; API-key writes need none', async () => {
    const session = await sessionFor(sim.url, [['api_key', key]]);
    const k = sim.state.apiKeys.get(16);
    const body = [...workingSet([16]), ...squareWrite([{ method: 'PUT', id: 16, lockVersion: k?.lockVersion ?? 0, fields: { description: 'by session' } }])];
    const missing = await call<FailureBody>(sim.url, 'admin/api_keys.api', { method: 'PUT', params: body, cookie: session.cookie });
    expect(missing.status).toBe(401);
    expect(missing.body.failure_reason).toBe('invalid_authenticity_token');
    const wrong = await call<FailureBody>(sim.url, 'admin/api_keys.api', { method: 'PUT', params: [...body, ['_authenticity_token', 'f'.repeat(40)]], cookie: session.cookie });
    expect(wrong.status).toBe(401);
    const read = await call(sim.url, 'admin/api_keys.api', { cookie: session.cookie, params: [['_start', 0], ['_limit', 1]] });
    expect(read.status).toBe(200);
    const ok = await call<WriteBody>(sim.url, 'admin/api_keys.api', { method: 'PUT', params: [...body, ['_authenticity_token', session.token]], cookie: session.cookie });
    expect(ok.body.success).toBe(true);
    expect(sim.state.apiKeys.get(16)?.description).toBe('by session');
  });
});
