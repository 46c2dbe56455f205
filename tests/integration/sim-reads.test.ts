import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ApiKeyRecord, type SimHandle } from '../workbooks-sim';
import { call, type FailureBody, type ParamList, type ReadBody } from '../workbooks-sim/testing';

const TODAY = '2027-03-10';
let sim: SimHandle;
let key: string;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 11, keys: 130, users: 40, today: TODAY });
  key = sim.admin.apiKey;
  // Known values for the operator tests.
  sim.modifyRecord('apiKey', 5, { name: 'Alpha, Beta \\ Gamma', description: null, until: '2027-05-02', validFrom: '2027-03-10' });
  sim.modifyRecord('apiKey', 6, { name: 'alpha lower', description: 'Has text', until: TODAY });
});
afterAll(async () => sim.stop());

const keys = (): ApiKeyRecord[] => [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted);
const ids = (body: ReadBody): number[] => body.data.map((r) => Number(r['id'])).sort((a, b) => a - b);
const idsWhere = (predicate: (k: ApiKeyRecord) => boolean): number[] => keys().filter(predicate).map((k) => k.id).sort((a, b) => a - b);

async function read(params: ParamList, path = 'admin/api_keys.api'): Promise<{ status: number; body: ReadBody }> {
  const res = await call<ReadBody>(sim.url, path, { params, apiKey: key });
  return { status: res.status, body: res.body };
}
async function filtered(field: string, op: string, value: string | number, extra: ParamList = []): Promise<number[]> {
  const res = await read([['_ff[]', field], ['_ft[]', op], ['_fc[]', value], ...extra]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ids(res.body);
}

describe('metadata/types.api', () => {
  it('lists record types with fields, titles and associations', async () => {
    const res = await call<ReadBody>(sim.url, 'metadata/types.api', { apiKey: key });
    expect(res.status).toBe(200);
    const names = res.body.data.map((t) => t['class_name']);
    expect(names).toEqual(expect.arrayContaining(['Private::Admin::ApiKey', 'Private::User', 'Private::Crm::Person', 'Private::Crm::Organisation']));
    const apiKeyType = res.body.data.find((t) => t['class_name'] === 'Private::Admin::ApiKey') as Record<string, unknown>;
    expect(apiKeyType['controller_path']).toBe('admin/api_keys');
    expect(apiKeyType['human_class_name']).toBe('API Key');
    const fields = apiKeyType['fields'] as Array<Record<string, unknown>>;
    const byTitle = (title: string): Record<string, unknown> | undefined => fields.find((f) => f['title'] === title && !String(f['name']).includes('['));
    expect(byTitle('Permitted IP addresses')).toMatchObject({ name: 'permitted_ip_addresses', datatype: 'text', required: true });
    expect(byTitle('API Key')).toMatchObject({ name: 'api_key', is_createable: false, is_updateable: false });
    expect(byTitle('Until')).toMatchObject({ name: 'valid_until', datatype: 'date', is_nullable: true });
    expect(byTitle('Access as User')).toMatchObject({ name: 'user_id', datatype: 'integer' });
    for (const f of fields) expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'title', 'datatype', 'required', 'is_createable', 'is_updateable', 'is_nullable']));
    expect(apiKeyType['associations']).toEqual([expect.objectContaining({ name: 'user', foreign_key_name: 'user_id', class_names: ['Private::User'] })]);
  });

  it('narrows by class_names[] and _select_columns[]', async () => {
    const res = await call<ReadBody>(sim.url, 'metadata/types.api', {
      apiKey: key,
      params: [['class_names[]', 'Private::User'], ['_select_columns[]', 'class_name'], ['_select_columns[]', 'fields']],
    });
    expect(res.body.data).toHaveLength(1);
    expect(Object.keys(res.body.data[0] ?? {}).sort()).toEqual(['class_name', 'fields']);
    const bad = await call(sim.url, 'metadata/types.api', { apiKey: key, params: [['_select_columns[]', 'nope']] });
    expect(bad.status).toBe(406);
  });
});

describe('paging and totals', () => {
  it('ignores _limit without _start and returns every record', async () => {
    const res = await read([['_limit', 5]]);
    expect(res.body.data).toHaveLength(keys().length);
    expect(res.body.total).toBe(keys().length);
  });

  it('pages with _start/_limit, caps _limit at 100, and honours __skip_total_rows', async () => {
    const page = await read([['_start', 10], ['_limit', 20], ['_sort', 'id']]);
    expect(page.body.data.map((r) => r['id'])).toEqual(keys().map((k) => k.id).sort((a, b) => a - b).slice(10, 30));
    expect(page.body.total).toBe(keys().length);
    const capped = await read([['_start', 0], ['_limit', 500]]);
    expect(capped.body.data).toHaveLength(100);
    const skipped = await read([['_start', 120], ['_limit', 100], ['__skip_total_rows', 'true']]);
    expect(skipped.body.total).toBe(skipped.body.data.length);
    expect(skipped.body.data.length).toBe(keys().length - 120);
    expect((await read([['_start', -1]])).status).toBe(406);
    expect((await read([['_start', 0], ['_limit', 'ten']])).status).toBe(406);
    expect((await read([['_start', 0], ['_start', 10]])).status).toBe(406);
  });
});

describe('sorting', () => {
  it('sorts by one column, by arrays, and rejects bad sorts', async () => {
    const desc = await read([['_sort', 'valid_until'], ['_dir', 'DESC']]);
    const untils = desc.body.data.map((r) => r['valid_until']);
    const expected = keys().slice().sort((a, b) => ((b.until ?? '') < (a.until ?? '') ? -1 : (b.until ?? '') > (a.until ?? '') ? 1 : a.id - b.id));
    expect(desc.body.data.map((r) => r['id'])).toEqual(expected.map((k) => k.id));
    expect(untils.at(-1)).toBeNull();
    const multi = await read([['_sort[]', 'user_id'], ['_dir[]', 'ASC'], ['_sort[]', 'id'], ['_dir[]', 'DESC']]);
    const m = multi.body.data.map((r) => [Number(r['user_id']), Number(r['id'])] as const);
    for (let i = 1; i < m.length; i++) {
      const [u0, id0] = m[i - 1] as readonly [number, number];
      const [u1, id1] = m[i] as readonly [number, number];
      expect(u0 < u1 || (u0 === u1 && id0 > id1)).toBe(true);
    }
    expect((await read([['_sort', 'nope']])).status).toBe(406);
    expect((await read([['_sort', 'id'], ['_dir', 'UP']])).status).toBe(406);
  });
});

describe('filter operators', () => {
  it('string: eq (IN, escaped commas), ne, ct, nct, bg, nbg, blank, not_blank', async () => {
    expect(await filtered('name', 'eq', 'Alpha\\, Beta \\\\ Gamma')).toEqual([5]);
    expect(await filtered('name', 'eq', 'alpha lower,Alpha\\, Beta \\\\ Gamma')).toEqual([5, 6]);
    expect(await filtered('name', 'ne', 'alpha lower')).toEqual(idsWhere((k) => k.id !== 6));
    expect(await filtered('name', 'ct', 'ALPHA')).toEqual([5, 6]);
    expect(await filtered('name', 'nct', 'alpha')).toEqual(idsWhere((k) => !k.name.toLowerCase().includes('alpha')));
    expect(await filtered('name', 'bg', 'alpha l')).toEqual([6]);
    expect(await filtered('name', 'nbg', 'alpha')).toEqual(idsWhere((k) => !k.name.toLowerCase().startsWith('alpha')));
    expect(await filtered('description', 'blank', '')).toEqual(idsWhere((k) => k.description === null || k.description === ''));
    expect(await filtered('description', 'not_blank', '')).toEqual(idsWhere((k) => !!k.description));
  });

  it('integer: eq list, ne, gt, ge, lt, le, between, not_between', async () => {
    expect(await filtered('id', 'eq', '3,7,9')).toEqual([3, 7, 9]);
    expect(await filtered('id', 'ne', 3)).toEqual(idsWhere((k) => k.id !== 3));
    expect(await filtered('id', 'gt', 125)).toEqual(idsWhere((k) => k.id > 125));
    expect(await filtered('id', 'ge', 125)).toEqual(idsWhere((k) => k.id >= 125));
    expect(await filtered('id', 'lt', 4)).toEqual([1, 2, 3]);
    expect(await filtered('id', 'le', 4)).toEqual([1, 2, 3, 4]);
    expect(await filtered('id', 'between', 'JSON([10,12])')).toEqual([10, 11, 12]);
    expect(await filtered('id', 'between', '10,12')).toEqual([10, 11, 12]);
    expect(await filtered('id', 'not_between', 'JSON([2,129])')).toEqual(idsWhere((k) => k.id < 2 || k.id > 129));
    expect(await filtered('user_id', 'not_blank', '')).toEqual(idsWhere((k) => k.accessAsUser !== null));
  });

  it('date: eq, ne, gt, ge, lt, le, between, blank, today and the *_today family', async () => {
    expect(await filtered('valid_until', 'eq', ' 2 May 2027')).toEqual(idsWhere((k) => k.until === '2027-05-02'));
    expect(await filtered('valid_until', 'eq', '2027-05-02')).toEqual(idsWhere((k) => k.until === '2027-05-02'));
    expect(await filtered('valid_until', 'ne', '2027-05-02')).toEqual(idsWhere((k) => k.until !== '2027-05-02'));
    expect(await filtered('valid_until', 'gt', '2027-04-01')).toEqual(idsWhere((k) => k.until !== null && k.until > '2027-04-01'));
    expect(await filtered('valid_until', 'ge', '1 Apr 2027')).toEqual(idsWhere((k) => k.until !== null && k.until >= '2027-04-01'));
    expect(await filtered('valid_until', 'lt', '2027-04-01')).toEqual(idsWhere((k) => k.until !== null && k.until < '2027-04-01'));
    expect(await filtered('valid_until', 'le', '2027-04-01')).toEqual(idsWhere((k) => k.until !== null && k.until <= '2027-04-01'));
    expect(await filtered('valid_until', 'between', 'JSON([2027-03-01,2027-04-30])')).toEqual(idsWhere((k) => k.until !== null && k.until >= '2027-03-01' && k.until <= '2027-04-30'));
    expect(await filtered('valid_until', 'blank', '')).toEqual(idsWhere((k) => k.until === null));
    expect(await filtered('valid_until', 'today', '')).toEqual(idsWhere((k) => k.until === TODAY));
    expect(await filtered('valid_from', 'today', '')).toEqual(idsWhere((k) => k.validFrom === TODAY));
    expect(await filtered('valid_until', 'lt_today', '')).toEqual(idsWhere((k) => k.until !== null && k.until < TODAY));
    expect(await filtered('valid_until', 'le_today', '')).toEqual(idsWhere((k) => k.until !== null && k.until <= TODAY));
    expect(await filtered('valid_until', 'gt_today', '')).toEqual(idsWhere((k) => k.until !== null && k.until > TODAY));
    expect(await filtered('valid_until', 'ge_today', '')).toEqual(idsWhere((k) => k.until !== null && k.until >= TODAY));
  });

  it('datetime: ordered comparisons and a bare date meaning the whole day', async () => {
    const some = keys()[10] as ApiKeyRecord;
    const day = new Date(some.createdAt).toISOString().slice(0, 10);
    expect(await filtered('created_at', 'eq', day)).toEqual(idsWhere((k) => new Date(k.createdAt).toISOString().slice(0, 10) === day));
    const wire = (await read([['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', some.id]])).body.data[0]?.['created_at'] as string;
    expect(await filtered('created_at', 'ge', wire)).toEqual(idsWhere((k) => Math.floor(k.createdAt / 1000) * 1000 >= Math.floor(some.createdAt / 1000) * 1000));
    expect(await filtered('updated_at', 'gt', '2027-03-09T00:00:00Z')).toEqual(idsWhere((k) => k.updatedAt > Date.parse('2027-03-09T00:00:00Z')));
  });

  it('boolean: true, false, eq/ne with 0 and 1', async () => {
    const users = [...sim.state.users.values()].filter((u) => !u.isDeleted);
    const on = users.filter((u) => u.loginEnabled).map((u) => u.id).sort((a, b) => a - b);
    const off = users.filter((u) => !u.loginEnabled).map((u) => u.id).sort((a, b) => a - b);
    const get = async (op: string, value: string): Promise<number[]> =>
      ids((await read([['_ff[]', 'login_allowed'], ['_ft[]', op], ['_fc[]', value]], 'admin/users.api')).body);
    expect(off.length).toBeGreaterThan(0);
    expect(await get('true', '')).toEqual(on);
    expect(await get('false', '')).toEqual(off);
    expect(await get('eq', '1')).toEqual(on);
    expect(await get('eq', '0')).toEqual(off);
    expect(await get('ne', '1')).toEqual(off);
  });

  it('refuses unknown fields and operators, operators of another datatype and unparseable values', async () => {
    for (const [field, op, value] of [['nope', 'eq', '1'], ['name', 'like', 'x'], ['id', 'ct', '1'], ['name', 'gt', 'a'], ['valid_until', 'eq', '31/02/2027'], ['id', 'eq', 'abc'], ['id', 'between', '1,2,3']]) {
      const res = await read([['_ff[]', field as string], ['_ft[]', op as string], ['_fc[]', value as string]]);
      expect(res.status, `${field} ${op} ${value}`).toBe(406);
      expect((res.body as unknown as FailureBody).errors?.[0]).toEqual(expect.any(String));
    }
    expect((await read([['_ff[]', 'id'], ['_ft[]', 'eq']])).status).toBe(406);
  });

  it('accepts the single-filter form without brackets', async () => {
    expect(ids((await read([['_ff', 'id'], ['_ft', 'eq'], ['_fc', '4']])).body)).toEqual([4]);
  });
});

describe('_fm expressions and _filter_json', () => {
  const three: ParamList = [['_ff[]', 'id'], ['_ft[]', 'le'], ['_fc[]', 10], ['_ff[]', 'id'], ['_ft[]', 'ge'], ['_fc[]', 125], ['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', '3,4,127']];
  it.each([
    ['and', (id: number) => id <= 10 && id >= 125 && [3, 4, 127].includes(id)],
    ['or', (id: number) => id <= 10 || id >= 125 || [3, 4, 127].includes(id)],
    ['(1 OR 2) AND NOT 3', (id: number) => (id <= 10 || id >= 125) && ![3, 4, 127].includes(id)],
    ['1 xor 3', (id: number) => (id <= 10) !== [3, 4, 127].includes(id)],
    ['!(1 OR 2)', (id: number) => !(id <= 10 || id >= 125)],
    ['1 OR 2 AND 3', (id: number) => id <= 10 || (id >= 125 && [3, 4, 127].includes(id))],
  ])('_fm=%s', async (mode, predicate) => {
    const res = await read([...three, ['_fm', mode]]);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(idsWhere((k) => predicate(k.id)));
  });

  it.each(['(1 OR 2', '1 AND', '4', '0', '1 2', 'foo', '()', '1 && 2', 'NOT'])('refuses _fm=%j with 406', async (mode) => {
    expect((await read([...three, ['_fm', mode]])).status).toBe(406);
  });

  it('accepts _fm[] as a README example writes it', async () => {
    expect(ids((await read([...three, ['_fm[]', 'or']])).body)).toEqual(idsWhere((k) => k.id <= 10 || k.id >= 125 || [3, 4, 127].includes(k.id)));
  });

  it('_filter_json combines with the same rules', async () => {
    const res = await read([['_filter_json', JSON.stringify([['name', 'ct', 'alpha'], ['id', 'eq', 6]])]]);
    expect(ids(res.body)).toEqual([6]);
    const between = await read([['_filter_json', JSON.stringify([['id', 'between', [20, 22]]])]]);
    expect(ids(between.body)).toEqual([20, 21, 22]);
    expect((await read([['_filter_json', '[["name","ct"]']])).status).toBe(406);
    expect((await read([['_filter_json', '{"a":1}']])).status).toBe(406);
  });
});

describe('columns, related values, deleted records, methods', () => {
  it('selects columns (id always) and refuses unknown ones', async () => {
    const res = await read([['_start', 0], ['_limit', 2], ['_select_columns[]', 'name'], ['_select_columns[]', 'user[person_name]']]);
    expect(Object.keys(res.body.data[0] ?? {}).sort()).toEqual(['id', 'name', 'user[person_name]']);
    expect((await read([['_select_columns[]', 'secret_sauce']])).status).toBe(406);
  });

  it('returns the Access-as-User name as a related value, null for a deleted user', async () => {
    const res = await read([]);
    for (const row of res.body.data) {
      const user = sim.state.users.get(Number(row['user_id']));
      expect(row['user[person_name]']).toBe(user && !user.isDeleted ? user.userName : null);
    }
    expect(res.body.data.some((r) => r['user[person_name]'] === null)).toBe(true);
  });

  it('hides deleted users unless is_deleted is filtered', async () => {
    const visible = await read([], 'admin/users.api');
    const deleted = [...sim.state.users.values()].filter((u) => u.isDeleted).map((u) => u.id);
    expect(deleted.length).toBeGreaterThan(0);
    for (const id of deleted) expect(ids(visible.body)).not.toContain(id);
    const all = await read([['_ff[]', 'is_deleted'], ['_ft[]', 'eq'], ['_fc[]', '1']], 'admin/users.api');
    expect(ids(all.body)).toEqual(deleted.sort((a, b) => a - b));
  });

  it('formats dates as %e %b %Y and honours _json_output_date_format', async () => {
    const res = await read([['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', 5]]);
    expect(res.body.data[0]?.['valid_until']).toBe(' 2 May 2027');
    expect(res.body.data[0]?.['created_at']).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    const iso = await read([['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', 5], ['_json_output_date_format', '%Y-%m-%d'], ['_json_output_datetime_format', '%s']]);
    expect(iso.body.data[0]?.['valid_until']).toBe('2027-05-02');
    expect(iso.body.data[0]?.['created_at']).toMatch(/^\d+$/);
  });

  it('reads with POST _method=GET, refuses other methods, unknown paths and unknown underscore parameters', async () => {
    const post = await call<ReadBody>(sim.url, 'admin/api_keys.api', { method: 'POST', params: [['_method', 'GET'], ['_start', 0], ['_limit', 3], ['api_key', key]] });
    expect(post.status).toBe(200);
    expect(post.body.data).toHaveLength(3);
    expect((await call(sim.url, 'admin/api_keys.api', { method: 'POST', params: [['api_key', key]] })).status).toBe(405);
    expect((await call(sim.url, 'admin/api_keys.api', { method: 'DELETE', params: [['api_key', key]] })).status).toBe(405);
    expect((await call(sim.url, 'crm/unknown.api', { apiKey: key })).status).toBe(404);
    expect((await read([['_limt', 10]])).status).toBe(406);
    const official = await read([['_dc', Date.now()], ['_application_name', 'x'], ['_strict_attribute_checking', 'true'], ['client', 'api'], ['json', 'pretty'], ['_api_version', 1]]);
    expect(official.status).toBe(200);
  });

  it('wraps JSONP', async () => {
    const res = await call(sim.url, 'admin/api_keys.api', { apiKey: key, params: [['callback', 'cb'], ['_start', 0], ['_limit', 1]] });
    expect(res.text.startsWith('cb({')).toBe(true);
  });

  it('answers 404 for record types outside the principal\'s capabilities', async () => {
    const staff = [...sim.state.users.values()].find((u) => !u.isDeleted && u.loginEnabled && !u.grants.includes('admin_api_keys') && u.grants.includes('api_access') && u.edition !== 'No Edition (login denied)');
    const own = keys().find((k) => k.accessAsUser === staff?.id);
    expect(own).toBeDefined();
    if (!own) return;
    sim.modifyRecord('apiKey', own.id, { permittedIps: '127.0.0.1', until: '2027-06-01', validFrom: null, capabilities: null });
    expect((await call(sim.url, 'admin/api_keys.api', { apiKey: own.secret })).status).toBe(404);
    expect((await call(sim.url, 'crm/people.api', { apiKey: own.secret })).status).toBe(200);
    sim.modifyRecord('apiKey', own.id, { capabilities: 'crm_organisations' });
    expect((await call(sim.url, 'crm/people.api', { apiKey: own.secret })).status).toBe(404);
    expect((await call(sim.url, 'crm/organisations.api', { apiKey: own.secret })).status).toBe(200);
  });
});
