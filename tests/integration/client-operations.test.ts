/**
 * Every client operation against the simulator, for the contract's two schema variants and a third written as
 * a JSON file here (tests/integration/fixtures/client-schema-tokens.json: other paths, other field names, a
 * foreign key without `_id`, and another related display name), through both transports.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { discoverSchema, schemaCacheKey, type DiscoveredSchema } from '../../src/core/workbooks/schema';
import { createKeyRepository, type KeyRepository } from '../../src/core/keys/repository';
import type { ApiKeyRecord } from '../../src/core/keys/model';
import { apiKeyClient, sessionClient, type BuiltClient } from '../unit/workbooks/support/sim-clients';
import { WorkbooksClient } from '../../src/core/workbooks/client';
import { createApiKeyTransport } from '../../src/core/workbooks/transport';
import { nodeFetch } from '../unit/workbooks/support/node-fetch';

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMAS = [
  ['default', 'default'],
  ['alt', 'alt'],
  ['JSON file', join(here, 'fixtures', 'client-schema-tokens.json')],
] as const;

type Transport = 'api-key' | 'session';

describe.each(SCHEMAS)('schema %s', (_label, schemaOption) => {
  let sim: SimHandle;
  let apiKey: BuiltClient;
  let schema: DiscoveredSchema;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21, keys: 230, users: 40, schema: schemaOption, quiet: true });
    apiKey = apiKeyClient(sim);
    schema = await discoverSchema(apiKey.client);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('discovers the record types and every role from metadata titles', () => {
    const keyType = sim.schema.apiKeyType;
    const userType = sim.schema.userType;
    expect(schema.problems).toEqual([]);
    expect(schema.source).toBe('metadata');
    expect(schema.apiKey.path).toBe(keyType.controller_path);
    expect(schema.apiKey.className).toBe(keyType.class_name);
    expect(schema.user.path).toBe(userType.controller_path);
    for (const field of keyType.fields) expect(schema.apiKey.fields[field.role as keyof DiscoveredSchema['apiKey']['fields']]).toBe(field.name);
    for (const field of userType.fields) expect(schema.user.fields[field.role as keyof DiscoveredSchema['user']['fields']]).toBe(field.name);
    const association = keyType.associations[0]!;
    expect(schema.apiKey.accessAsUserNameColumn).toBe(`${association.name}[${association.displayName}]`);
    expect(schema.apiKey.updatedByNameColumn).toBe(`updated_by_user[${sim.schema.userDisplayName}]`);
  });

  it('caches the discovered schema per host and database', async () => {
    const cache = new Map<string, DiscoveredSchema>();
    const session = sessionClient(sim);
    const answer = await session.client.login({ username: sim.admin.username, password: sim.admin.password });
    const cacheKey = schemaCacheKey(sim.url, answer.logicalDatabaseId ?? 'unknown');
    const first = await discoverSchema(session.client, { cache, cacheKey });
    const before = sim.requests.length;
    const second = await discoverSchema(session.client, { cache, cacheKey });
    expect(second).toBe(first);
    expect(sim.requests.length).toBe(before);
  });

  it('loads every key (3 pages, ≤ 5 in flight) and the referenced users with their status', async () => {
    sim.clearRequests();
    const repository = createKeyRepository(apiKey.client, schema);
    const data = await repository.loadAuditData();
    const liveKeys = [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted);
    expect(data.keys.map((k) => k.id).sort((a, b) => a - b)).toEqual(liveKeys.map((k) => k.id).sort((a, b) => a - b));
    expect(sim.requests.filter((r) => r.path === `/${schema.apiKey.path}.api`)).toHaveLength(3);

    const truth = new Map(sim.groundTruth().users.map((u) => [u.id, u.status]));
    const referenced = new Set(liveKeys.map((k) => k.accessAsUser).filter((id): id is number => id !== null));
    expect(new Set(data.users.statuses.keys())).toEqual(referenced);
    for (const id of referenced) expect(data.users.statuses.get(id)).toBe(truth.get(id) ?? 'deleted');
    expect([...data.users.statuses.values()]).toContain('deleted');
    expect([...data.users.statuses.values()]).toContain('login-disabled');

    // Model values mirror the stored records (dates in, names through the related column).
    for (const key of data.keys) {
      const stored = sim.state.apiKeys.get(key.id)!;
      expect(key.name).toBe(stored.name);
      expect(key.validFrom).toBe(stored.validFrom);
      expect(key.until).toBe(stored.until);
      expect(key.permittedIps).toBe(stored.permittedIps === '' ? null : stored.permittedIps);
      expect(key.accessAsUserId).toBe(stored.accessAsUser);
      const user = stored.accessAsUser === null ? undefined : sim.state.users.get(stored.accessAsUser);
      expect(key.accessAsUserName).toBe(user && !user.isDeleted ? user.userName : null);
      expect(key.secret).toBeNull(); // never bulk-read
    }
  });

  it("answers 'unknown' for users when the caller may not read users", async () => {
    // A key restricted to the API-key type cannot read users (404 from the service).
    const restricted = [...sim.state.apiKeys.values()].find((k) => k.id === 1)!;
    sim.modifyRecord('apiKey', 1, { capabilities: 'admin_api_keys' });
    try {
      const repository = createKeyRepository(apiKeyClient(sim).client, schema);
      const lookup = await repository.loadUsersByIds([1, 2]);
      expect([...lookup.statuses.values()]).toEqual(['unknown', 'unknown']);
      expect(lookup.problems).toHaveLength(1);
    } finally {
      sim.modifyRecord('apiKey', 1, { capabilities: restricted.capabilities });
    }
  });

  describe.each<Transport>(['api-key', 'session'])('through the %s transport', (kind) => {
    let repository: KeyRepository;
    let created: ApiKeyRecord | null = null;

    beforeAll(async () => {
      if (kind === 'api-key') {
        repository = createKeyRepository(apiKeyClient(sim).client, schema);
      } else {
        const session = sessionClient(sim);
        await session.client.login({ username: sim.admin.username, password: sim.admin.password });
        repository = createKeyRepository(session.client, schema);
      }
    });

    it('creates a key and gets its generated secret, then reads it back', async () => {
      const result = await repository.createKey({
        name: `Created via ${kind}`,
        description: 'integration test',
        accessAsUserId: 1,
        validFrom: '2027-01-02',
        until: '2027-03-31',
        permittedIps: '81.2.69.160/29',
        capabilities: 'crm_people',
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.secret).toBe(sim.state.apiKeys.get(result.id)?.secret);
      created = await repository.getKey(result.id);
      expect(created).toMatchObject({
        id: result.id,
        lockVersion: 0,
        name: `Created via ${kind}`,
        description: 'integration test',
        accessAsUserId: 1,
        accessAsUserName: sim.state.users.get(1)?.userName,
        validFrom: '2027-01-02',
        until: '2027-03-31',
        permittedIps: '81.2.69.160/29',
        capabilities: 'crm_people',
      });
    });

    it('updates it (lock_version + 1) and clears a field', async () => {
      expect(created).not.toBeNull();
      const key = created!;
      const result = await repository.updateKey(key.id, key.lockVersion, { until: '2027-04-30', description: '' });
      expect(result).toMatchObject({ ok: true, id: key.id, lockVersion: key.lockVersion + 1, values: { until: '2027-04-30' } });
      const stored = sim.state.apiKeys.get(key.id)!;
      expect(stored.until).toBe('2027-04-30');
      expect(stored.description ?? '').toBe('');
      created = await repository.getKey(key.id);
    });

    it('saves a batch where one record fails validation and the others are saved (per-object transactions)', async () => {
      const keys = (await repository.loadAllKeys()).filter((k) => k.until !== null && k.permittedIps !== null && k.id !== 1).slice(0, 3);
      const [a, b, c] = keys as [ApiKeyRecord, ApiKeyRecord, ApiKeyRecord];
      const results = await repository.saveKeys([
        { kind: 'update', id: a.id, lockVersion: a.lockVersion, changes: { description: 'batch ok 1' } },
        { kind: 'update', id: b.id, lockVersion: b.lockVersion, changes: { validFrom: '2030-01-02', until: '2030-01-01' } },
        { kind: 'update', id: c.id, lockVersion: c.lockVersion, changes: { description: 'batch ok 3' } },
      ]);
      expect(results[0]).toMatchObject({ ok: true, lockVersion: a.lockVersion + 1 });
      expect(results[2]).toMatchObject({ ok: true, lockVersion: c.lockVersion + 1 });
      expect(results[1]).toMatchObject({
        ok: false,
        attempted: true,
        error: { kind: 'validation', records: [{ index: 1, id: b.id, fields: { [schema.apiKey.fields.until]: ['must be on or after Valid From'] } }] },
      });
      expect(sim.state.apiKeys.get(b.id)?.lockVersion).toBe(b.lockVersion);
    });

    it('deletes it: reads no longer return it', async () => {
      const key = created!;
      const result = await repository.deleteKey(key.id, key.lockVersion);
      expect(result).toMatchObject({ ok: true, id: key.id });
      expect(await repository.getKey(key.id)).toBeNull();
    });
  });

  it('pages through more than 100 records with readAll and honours filters, sort and columns', async () => {
    const { client } = apiKeyClient(sim);
    const untilField = schema.apiKey.fields.until;
    const page = await client.readAll(schema.apiKey.path, {
      filters: [{ field: untilField, op: 'not_blank' }],
      sort: [{ field: untilField, dir: 'DESC' }, { field: 'id', dir: 'ASC' }],
      selectColumns: ['id', untilField],
    });
    const expected = [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted && k.until !== null);
    expect(page.total).toBe(expected.length);
    expect(page.records).toHaveLength(expected.length);
    expect(Object.keys(page.records[0]!).sort()).toEqual(['id', untilField].sort());
    const ids = page.records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('sessions', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, keys: 20, users: 12, quiet: true });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('logs in with username/password, reports the session, and logs out', async () => {
    const session = sessionClient(sim);
    const answer = await session.client.login({ username: sim.admin.username, password: sim.admin.password });
    expect(answer).toMatchObject({ userId: sim.admin.userId, logicalDatabaseId: 2001 });
    expect(answer.authenticityToken).toMatch(/^[0-9a-f]{40}$/);
    const info = await session.client.sessionInfo();
    expect(info.sessionId).toBe(answer.sessionId);
    expect(info.authenticityToken).toBe(answer.authenticityToken);
    await session.client.logout();
    await expect(session.client.sessionInfo()).rejects.toMatchObject({ kind: 'auth', failureReason: 'no_session' });
  });

  it('logs in with an API key into a session', async () => {
    const session = sessionClient(sim);
    const answer = await session.client.login({ apiKey: sim.admin.apiKey });
    expect(answer.userId).toBe(sim.admin.userId);
    const page = await session.client.readPage('admin/users', { start: 0, limit: 5 });
    expect(page.records).toHaveLength(5);
  });

  it('uses the page token source when it has not logged in itself', async () => {
    const bootstrap = sessionClient(sim);
    const answer = await bootstrap.client.login({ username: sim.admin.username, password: sim.admin.password });
    // A second client sharing the cookie (like the extension in the signed-in page), token from "the page".
    const page = sessionClient(sim, { token: async () => answer.authenticityToken });
    for (const [name, value] of bootstrap.cookies) page.cookies.set(name, value);
    const schema = await discoverSchema(page.client);
    const repository = createKeyRepository(page.client, schema);
    const [key] = await repository.loadAllKeys();
    const saved = await repository.updateKey(key!.id, key!.lockVersion, { description: 'page token' });
    expect(saved.ok).toBe(true);

    // Without a token the write is refused locally with a typed error and nothing is sent.
    const tokenless = sessionClient(sim, { token: async () => null });
    for (const [name, value] of bootstrap.cookies) tokenless.cookies.set(name, value);
    const before = sim.requests.length;
    const refused = await createKeyRepository(tokenless.client, schema).updateKey(key!.id, key!.lockVersion + 1, { description: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'auth', failureReason: 'no_authenticity_token' } });
    expect(sim.requests.length).toBe(before);
  });

  it('reports login refusals with their failure_reason', async () => {
    const session = sessionClient(sim);
    await expect(session.client.login({ username: sim.admin.username, password: 'wrong' })).rejects.toMatchObject({
      kind: 'auth',
      failureReason: 'unrecognised_name_or_password',
    });
    const disabled = [...sim.state.users.values()].find((u) => !u.isDeleted && !u.loginEnabled)!;
    await expect(session.client.login({ username: disabled.email, password: sim.admin.password })).rejects.toMatchObject({
      kind: 'auth',
      failureReason: 'login_disabled',
    });
    await expect(apiKeyClient(sim, { apiKey: 'not-a-key' }).client.readPage('admin/users')).rejects.toMatchObject({
      kind: 'auth',
      failureReason: 'invalid_api_key',
    });
  });

  it('maps 404 for an unknown record type', async () => {
    await expect(apiKeyClient(sim).client.readPage('admin/nothing_here')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('wire method variants', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 8, keys: 30, users: 60, quiet: true });
  });
  afterAll(async () => {
    await sim.stop();
  });

  function client(options: { longQueryThreshold?: number; writeMethod?: 'PUT' | 'POST' }): WorkbooksClient {
    return new WorkbooksClient({ transport: createApiKeyTransport({ baseUrl: sim.url, fetch: nodeFetch, apiKey: async () => sim.admin.apiKey, ...options }) });
  }

  it('sends a long read as POST with _method=GET and gets the same answer as GET', async () => {
    const schema = await discoverSchema(client({}));
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    const viaGet = await createKeyRepository(client({}), schema).loadUsersByIds(ids);
    sim.clearRequests();
    const viaPost = await createKeyRepository(client({ longQueryThreshold: 40 }), schema).loadUsersByIds(ids);
    expect(sim.requests.map((r) => [r.method, r.effectiveMethod, r.status])).toEqual([['POST', 'GET', 200]]);
    expect([...viaPost.statuses]).toEqual([...viaGet.statuses]);
  });

  it('can write as POST with _method=PUT', async () => {
    const schema = await discoverSchema(client({}));
    const repository = createKeyRepository(client({ writeMethod: 'POST' }), schema);
    const key = (await repository.loadAllKeys()).find((k) => k.id !== 1 && k.until !== null && k.permittedIps !== null && sim.state.users.get(k.accessAsUserId ?? 0)?.isDeleted === false)!;
    sim.clearRequests();
    const result = await repository.updateKey(key.id, key.lockVersion, { description: 'via POST' });
    expect(result).toMatchObject({ ok: true, lockVersion: key.lockVersion + 1 });
    expect(sim.requests.map((r) => [r.method, r.effectiveMethod])).toEqual([['POST', 'PUT']]);
  });
});
