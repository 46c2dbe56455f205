/**
 * Conformance: the client's actual HTTP requests for list, create, update and delete, as seen by a recording
 * fetch and by the simulator's request log, compared parameter by parameter with the wire format documented
 * in github.com/workbooks/client_lib README.markdown ("Retrieving Objects", "Changing Objects": Update, Create,
 * Delete, "Multiple operations", "Login") and the official bindings (api_key, client=api, _api_version=1).
 * The expected lists below are written out from that documentation, not produced by the client.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { discoverSchema, type DiscoveredSchema } from '../../src/core/workbooks/schema';
import { createKeyRepository, type KeyRepository } from '../../src/core/keys/repository';
import { apiKeyClient, sessionClient, type BuiltClient } from '../unit/workbooks/support/sim-clients';
import type { RecordedCall } from '../unit/workbooks/support/node-fetch';

type Params = Array<[string, string]>;

const DC = 1_767_225_600_000; // the fixed clock the client uses for `_dc` in this test
const REDACTED = '[redacted]';

/** Same (name, value) pairs, and for every name the same values in the same order (array parameters). */
function expectSameParameters(actual: Params, expected: Params): void {
  const group = (params: Params): Record<string, string[]> => {
    const groups: Record<string, string[]> = {};
    for (const [name, value] of params) (groups[name] ??= []).push(value);
    return groups;
  };
  expect(group(actual)).toEqual(group(expected));
}

/** Parameters the official bindings add to every API-key request (PHP apiCall/buildCurlRequest). */
function apiKeyAuth(key: string): Params {
  return [
    ['api_key', key],
    ['client', 'api'],
    ['_api_version', '1'],
  ];
}

let sim: SimHandle;
let built: BuiltClient;
let schema: DiscoveredSchema;
let repository: KeyRepository;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, keys: 30, users: 10, quiet: true });
  built = apiKeyClient(sim, { now: () => DC });
  schema = await discoverSchema(built.client);
  repository = createKeyRepository(built.client, schema);
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.clearRequests();
  built.calls.length = 0;
});

function onlyCall(): RecordedCall {
  expect(built.calls).toHaveLength(1);
  return built.calls[0]!;
}

function onlyLogged(): SimHandle['requests'][number] {
  expect(sim.requests).toHaveLength(1);
  return sim.requests[0]!;
}

describe('list (README: Retrieving Objects, Limiting, Sorting, Selecting Columns)', () => {
  it('reads a page with GET, _dc, _start/_limit, _sort/_dir and _select_columns[]', async () => {
    await repository.loadAllKeys();
    const documented: Params = [
      ['_dc', String(DC)],
      ['_start', '0'],
      ['_limit', '100'],
      ['_sort', 'id'],
      ['_dir', 'ASC'],
      ['_select_columns[]', 'id'],
      ['_select_columns[]', 'lock_version'],
      ['_select_columns[]', 'name'],
      ['_select_columns[]', 'description'],
      ['_select_columns[]', 'user_id'],
      ['_select_columns[]', 'valid_from'],
      ['_select_columns[]', 'valid_until'],
      ['_select_columns[]', 'permitted_ip_addresses'],
      ['_select_columns[]', 'capability_restrictions'],
      ['_select_columns[]', 'updated_at'],
      ['_select_columns[]', 'updated_by'],
      ['_select_columns[]', 'user[person_name]'],
      ['_select_columns[]', 'updated_by_user[person_name]'],
    ];
    const call = onlyCall();
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/admin/api_keys.api');
    expect(call.credentials).toBe('omit');
    expectSameParameters(call.params, [...documented, ...apiKeyAuth(sim.admin.apiKey)]);

    const logged = onlyLogged();
    expect([logged.method, logged.effectiveMethod, logged.path, logged.auth, logged.status]).toEqual(['GET', 'GET', '/admin/api_keys.api', 'api-key', 200]);
    expectSameParameters(logged.params, [...documented, ...apiKeyAuth(REDACTED)]);
  });

  it('reads users by id with one eq filter holding a comma-separated IN list (README: Filtering)', async () => {
    await repository.loadUsersByIds([3, 1, 2]);
    const call = onlyCall();
    expectSameParameters(call.params, [
      ['_dc', String(DC)],
      ['_start', '0'],
      ['_limit', '3'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '3,1,2'],
      ['_select_columns[]', 'id'],
      ['_select_columns[]', 'lock_version'],
      ['_select_columns[]', 'person_name'],
      ['_select_columns[]', 'email'],
      ['_select_columns[]', 'login_allowed'],
      ['_select_columns[]', 'allocated_edition'],
      ['__skip_total_rows', 'true'],
      ...apiKeyAuth(sim.admin.apiKey),
    ]);
  });
});

describe('changes (README: Changing Objects)', () => {
  let createdId = 0;
  let createdLock = 0;

  it('creates with PUT, the id eq 0 working-set filter and id[]=0, lock_version[]=0 (README: Create)', async () => {
    const result = await repository.createKey({
      name: 'Conformance key',
      description: 'made by the conformance test',
      accessAsUserId: 1,
      validFrom: '2027-05-02',
      until: '2027-12-31',
      permittedIps: '192.0.2.10',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    createdId = result.id;
    createdLock = result.lockVersion;
    const documented: Params = [
      ['_per_object_transactions', 'true'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '0'],
      ['__method[]', 'POST'],
      ['id[]', '0'],
      ['lock_version[]', '0'],
      ['name[]', 'Conformance key'],
      ['description[]', 'made by the conformance test'],
      ['user_id[]', '1'],
      ['valid_from[]', ' 2 May 2027'],
      ['valid_until[]', '31 Dec 2027'],
      ['permitted_ip_addresses[]', '192.0.2.10'],
    ];
    const call = onlyCall();
    expect(call.method).toBe('PUT');
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.path).toBe('/admin/api_keys.api');
    expectSameParameters(call.params, [...documented, ...apiKeyAuth(sim.admin.apiKey)]);
    const logged = onlyLogged();
    expect([logged.method, logged.effectiveMethod, logged.status]).toEqual(['PUT', 'PUT', 200]);
    expectSameParameters(logged.params, [...documented, ...apiKeyAuth(REDACTED)]);
    expect(result.secret).toMatch(/\S{8,}/);
  });

  it('updates with __method[]=PUT, id[], lock_version[], the changed field and an id eq filter (README: Update)', async () => {
    const result = await repository.updateKey(createdId, createdLock, { permittedIps: '192.0.2.11, 198.51.100.0/24' });
    expect(result).toMatchObject({ ok: true, id: createdId, lockVersion: createdLock + 1 });
    if (result.ok) createdLock = result.lockVersion;
    const documented: Params = [
      ['_per_object_transactions', 'true'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(createdId)],
      ['__method[]', 'PUT'],
      ['id[]', String(createdId)],
      ['lock_version[]', String(createdLock - 1)],
      ['permitted_ip_addresses[]', '192.0.2.11, 198.51.100.0/24'],
    ];
    const call = onlyCall();
    expect(call.method).toBe('PUT');
    expectSameParameters(call.params, [...documented, ...apiKeyAuth(sim.admin.apiKey)]);
    expectSameParameters(onlyLogged().params, [...documented, ...apiKeyAuth(REDACTED)]);
  });

  it('sends several records as one square array with _fm=or over their ids and :no_value: (README: Multiple operations)', async () => {
    // Keys the service will accept an update for: not older-release records (blank Until or IP list) and
    // not bound to a deleted user — the simulator refuses those, as Workbooks' current releases do.
    const saveable = new Set(
      sim
        .groundTruth()
        .keys.filter((k) => !k.problems.some((p) => p === 'no-until' || p === 'no-ip-restriction' || p === 'user-deleted'))
        .map((k) => k.id),
    );
    const keys = (await repository.loadAllKeys()).filter((k) => k.id !== createdId && saveable.has(k.id)).slice(1, 3);
    built.calls.length = 0;
    sim.clearRequests();
    const [a, b] = keys as [(typeof keys)[number], (typeof keys)[number]];
    const results = await repository.saveKeys([
      { kind: 'update', id: a.id, lockVersion: a.lockVersion, changes: { description: 'first' } },
      { kind: 'update', id: b.id, lockVersion: b.lockVersion, changes: { until: '2028-02-29' } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expectSameParameters(onlyCall().params, [
      ['_per_object_transactions', 'true'],
      ['_fm', 'or'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(a.id)],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(b.id)],
      ['__method[]', 'PUT'],
      ['id[]', String(a.id)],
      ['lock_version[]', String(a.lockVersion)],
      ['description[]', 'first'],
      ['valid_until[]', ':no_value:'],
      ['__method[]', 'PUT'],
      ['id[]', String(b.id)],
      ['lock_version[]', String(b.lockVersion)],
      ['description[]', ':no_value:'],
      ['valid_until[]', '29 Feb 2028'],
      ...apiKeyAuth(sim.admin.apiKey),
    ]);
  });

  it('deletes with __method[]=DELETE, id[], lock_version[] and an id eq filter (README: Delete)', async () => {
    const result = await repository.deleteKey(createdId, createdLock);
    expect(result).toMatchObject({ ok: true, id: createdId });
    const documented: Params = [
      ['_per_object_transactions', 'true'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(createdId)],
      ['__method[]', 'DELETE'],
      ['id[]', String(createdId)],
      ['lock_version[]', String(createdLock)],
    ];
    expectSameParameters(onlyCall().params, [...documented, ...apiKeyAuth(sim.admin.apiKey)]);
    expectSameParameters(onlyLogged().params, [...documented, ...apiKeyAuth(REDACTED)]);
    expect(await repository.getKey(createdId)).toBeNull();
  });
});

describe('session (README: Login, Changing Objects)', () => {
  it('logs in with username, password, client=api, api_version=1, then writes with the session _authenticity_token', async () => {
    const session = sessionClient(sim, { now: () => DC });
    const answer = await session.client.login({ username: sim.admin.username, password: sim.admin.password });
    expect(session.cookies.has('Workbooks-Session')).toBe(true);
    const login = session.calls[0]!;
    expect([login.method, login.path, login.contentType]).toEqual(['POST', '/login.api', 'application/x-www-form-urlencoded']);
    expectSameParameters(login.params, [
      ['username', sim.admin.username],
      ['password', sim.admin.password],
      ['client', 'api'],
      ['api_version', '1'],
    ]);

    const sessionRepository = createKeyRepository(session.client, schema);
    const [key] = await sessionRepository.loadAllKeys();
    session.calls.length = 0;
    sim.clearRequests();
    const result = await sessionRepository.updateKey(key!.id, key!.lockVersion, { description: 'from a session' });
    expect(result.ok).toBe(true);
    const call = session.calls[0]!;
    expect(call.credentials).toBe('include');
    expectSameParameters(call.params, [
      ['_authenticity_token', answer.authenticityToken ?? 'missing'],
      ['_per_object_transactions', 'true'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(key!.id)],
      ['__method[]', 'PUT'],
      ['id[]', String(key!.id)],
      ['lock_version[]', String(key!.lockVersion)],
      ['description[]', 'from a session'],
    ]);
    expect(onlyLogged().auth).toBe('session');
  });
});
