import { describe, expect, it } from 'vitest';
import { WorkbooksClient } from '../../../src/core/workbooks/client';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../src/core/workbooks/schema';
import type { WireRequest } from '../../../src/core/workbooks/transport';
import { createKeyRepository, fieldsFromChanges, keyColumns, keyFromRecord, userFromRecord } from '../../../src/core/keys/repository';
import { statusOfUser } from '../../../src/core/keys/model';
import { param, scriptedTransport, wire } from './helpers';

const schema: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fieldInfo: {} },
  problems: [],
  source: 'metadata',
};

describe('mapping between wire records and the model', () => {
  it('reads a key record: dates from %e %b %Y, blanks as null, related user name', () => {
    const key = keyFromRecord(
      {
        id: 12,
        lock_version: 3,
        name: 'Payroll sync',
        description: null,
        user_id: 7,
        'user[person_name]': 'Ada Lovelace',
        valid_from: ' 2 May 2027',
        valid_until: '31 Dec 2027',
        permitted_ip_addresses: '192.0.2.1, 198.51.100.0/24',
        capability_restrictions: '',
        updated_at: 'Wed Jun 02 23:30:00 UTC 2027',
        updated_by: 1,
        'updated_by_user[person_name]': 'Admin',
      },
      schema,
    );
    expect(key).toEqual({
      id: 12,
      lockVersion: 3,
      name: 'Payroll sync',
      description: '',
      accessAsUserId: 7,
      accessAsUserName: 'Ada Lovelace',
      validFrom: '2027-05-02',
      until: '2027-12-31',
      permittedIps: '192.0.2.1, 198.51.100.0/24',
      capabilities: null,
      secret: null,
      updatedAt: 'Wed Jun 02 23:30:00 UTC 2027',
      updatedBy: 'Admin',
    });
  });

  it('keeps reading a key whose date is unreadable and says why', () => {
    const key = keyFromRecord({ id: 1, lock_version: 0, name: 'x', valid_until: 'soon' }, schema);
    expect(key?.until).toBeNull();
    expect(key?.readProblems?.[0]).toMatch(/^Until: "soon" is not a date/);
  });

  it('writes changes with the schema names and dates as %e %b %Y, null clearing', () => {
    expect(fieldsFromChanges({ name: 'n', validFrom: '2027-05-02', until: null, permittedIps: '10.0.0.1', accessAsUserId: 4 }, schema)).toEqual({
      name: 'n',
      valid_from: ' 2 May 2027',
      valid_until: null,
      permitted_ip_addresses: '10.0.0.1',
      user_id: 4,
    });
    expect(() => fieldsFromChanges({ until: '31/12/2027' }, schema)).toThrow(/YYYY-MM-DD/);
  });

  it('reads users and their status', () => {
    const user = userFromRecord({ id: 3, person_name: 'Bo', email: 'bo@x', login_allowed: 'true', allocated_edition: 'Workbooks CRM' }, schema);
    expect(user).toEqual({ id: 3, name: 'Bo', email: 'bo@x', loginEnabled: true, edition: 'Workbooks CRM' });
    expect(statusOfUser({ ...user!, loginEnabled: false })).toBe('login-disabled');
    expect(statusOfUser({ ...user!, edition: 'No Edition (login denied)' })).toBe('no-edition');
    expect(statusOfUser({ ...user!, edition: null })).toBe('no-edition');
    expect(statusOfUser(user!)).toBe('ok');
  });

  it('never asks for the secret in bulk reads', () => {
    expect(keyColumns(schema)).not.toContain('api_key');
    expect(keyColumns(schema)).toContain('user[person_name]');
  });
});

/** A fake service: `keys` API keys referencing users 1..userCount (odd ids above `deletedFrom` are deleted). */
function fakeService(keyCount: number, userCount: number, options: { forbidUsers?: boolean; deletedFrom?: number } = {}) {
  const deletedFrom = options.deletedFrom ?? Number.POSITIVE_INFINITY;
  return (req: WireRequest) => {
    if (req.path === 'admin/api_keys.api' && req.method === 'GET') {
      const start = Number(param(req, '_start') ?? 0);
      const limit = Number(param(req, '_limit') ?? 100);
      const data = [];
      for (let id = start + 1; id <= Math.min(keyCount, start + limit); id++) {
        data.push({ id, lock_version: 0, name: `key ${id}`, user_id: ((id * 7) % userCount) + 1, valid_until: ' 1 Jan 2030' });
      }
      return wire({ success: true, total: keyCount, data });
    }
    if (req.path === 'admin/users.api') {
      if (options.forbidUsers) return wire({ success: false, failure_reason: 'no_permission', failure_message: 'Not permitted' }, 403);
      const criterion = req.params.find(([n]) => n === '_fc[]')?.[1] ?? '';
      const ids = criterion.split(',').map(Number);
      const data = ids
        .filter((id) => id <= userCount && !(id >= deletedFrom && id % 2 === 1))
        .map((id) => ({ id, person_name: `User ${id}`, email: `u${id}@x`, login_allowed: id % 10 !== 0, allocated_edition: 'Workbooks CRM' }));
      return wire({ success: true, total: data.length, data });
    }
    return wire('', 404);
  };
}

describe('key repository reads', () => {
  it('loads users by id in IN lists of at most 100, deleted = not returned', async () => {
    const transport = scriptedTransport(fakeService(0, 250, { deletedFrom: 200 }));
    const repository = createKeyRepository(new WorkbooksClient({ transport }), schema);
    const ids = Array.from({ length: 250 }, (_, i) => i + 1);
    const lookup = await repository.loadUsersByIds([...ids, 5, 5]);
    expect(transport.requests).toHaveLength(3);
    expect(transport.requests.map((r) => r.params.find(([n]) => n === '_fc[]')?.[1].split(',').length)).toEqual([100, 100, 50]);
    expect(transport.requests.every((r) => param(r, '_ff[]') === 'id' && param(r, '_ft[]') === 'eq')).toBe(true);
    expect(lookup.statuses.get(10)).toBe('login-disabled');
    expect(lookup.statuses.get(11)).toBe('ok');
    expect(lookup.statuses.get(201)).toBe('deleted');
    expect(lookup.statuses.get(202)).toBe('ok');
    expect(lookup.statuses.size).toBe(250);
  });

  it("marks users 'unknown' when their read is refused", async () => {
    const transport = scriptedTransport(fakeService(0, 50, { forbidUsers: true }));
    const lookup = await createKeyRepository(new WorkbooksClient({ transport }), schema).loadUsersByIds([1, 2, 3]);
    expect([...lookup.statuses.values()]).toEqual(['unknown', 'unknown', 'unknown']);
    expect(lookup.problems[0]).toMatch(/^Could not read 3 users \(1, 2, 3\): /);
  });

  it('loads audit data pipelined: ceil(distinct users / 100) user requests however the ids trickle in', async () => {
    const transport = scriptedTransport(fakeService(1000, 300));
    const progress: number[] = [];
    const repository = createKeyRepository(new WorkbooksClient({ transport }), schema);
    const data = await repository.loadAuditData({ onProgress: (p) => progress.push(p.keysLoaded) });
    expect(data.keys).toHaveLength(1000);
    const keyReads = transport.requests.filter((r) => r.path === 'admin/api_keys.api');
    const userReads = transport.requests.filter((r) => r.path === 'admin/users.api');
    expect(keyReads).toHaveLength(10);
    expect(userReads).toHaveLength(3);
    expect(data.users.statuses.size).toBe(300);
    // The first user read starts before the last key page has been requested.
    const firstUserRead = transport.requests.indexOf(userReads[0]!);
    const lastKeyRead = transport.requests.indexOf(keyReads.at(-1)!);
    expect(firstUserRead).toBeLessThan(lastKeyRead);
    expect(transport.peakInFlight()).toBeLessThanOrEqual(5);
    expect(progress.at(-1)).toBe(1000);
  });

  it('discovers the schema first when none is given', async () => {
    const service = fakeService(3, 3);
    const transport = scriptedTransport((req) => (req.path === 'metadata/types.api' ? wire({ success: true, data: [] }) : service(req)));
    const data = await createKeyRepository(new WorkbooksClient({ transport })).loadAuditData();
    expect(transport.requests[0]!.path).toBe('metadata/types.api');
    expect(data.schema.source).toBe('defaults');
    expect(data.keys).toHaveLength(3);
  });
});

describe('key repository writes', () => {
  it('maps save results back to the model, one per write, in order', async () => {
    const transport = scriptedTransport((req) => {
      const methods = req.params.filter(([n]) => n === '__method[]').map(([, v]) => v);
      return wire({
        success: false,
        affected_objects: methods.map((m, i) => (i === 1 ? null : m === 'POST' ? { id: 99, lock_version: 0, name: 'new', api_key: 'SECRET-1', valid_until: ' 9 Sep 2027' } : { id: 5, lock_version: 4, valid_until: '10 Oct 2027' })),
        affected_object_information: methods.map((_, i) =>
          i === 1 ? { success: false, errors: { valid_until: ['Until must be on or after Valid From'] } } : { success: true, errors: {} },
        ),
      });
    });
    const repository = createKeyRepository(new WorkbooksClient({ transport }), schema);
    const results = await repository.saveKeys([
      { kind: 'update', id: 5, lockVersion: 3, changes: { until: '2027-10-10' } },
      { kind: 'update', id: 6, lockVersion: 1, changes: { until: '2020-01-01' } },
      { kind: 'create', key: { name: 'new', until: '2027-09-09', permittedIps: '192.0.2.7' } },
    ]);
    expect(results[0]).toMatchObject({ ok: true, id: 5, lockVersion: 4, values: { until: '2027-10-10', lockVersion: 4 } });
    expect(results[1]).toMatchObject({ ok: false, id: 6, error: { kind: 'validation', records: [{ index: 1, id: 6, fields: { valid_until: ['Until must be on or after Valid From'] } }] } });
    expect(results[2]).toMatchObject({ ok: true, id: 99, secret: 'SECRET-1', values: { name: 'new', until: '2027-09-09' } });
    const request = transport.requests[0]!;
    expect(request.params.filter(([n]) => n === 'valid_until[]').map(([, v]) => v)).toEqual(['10 Oct 2027', ' 1 Jan 2020', ' 9 Sep 2027']);
    expect(request.params.filter(([n]) => n === 'name[]').map(([, v]) => v)).toEqual([':no_value:', ':no_value:', 'new']);
  });
});
