/**
 * Records the simulator's answers for every response shape the client decodes into
 * tests/unit/workbooks/fixtures/sim-*.json (`{ status, body }`), so the unit tests decode real answers without
 * a server. Uses plain fetch and hand-written parameters (not the client under test).
 *
 *   npx tsx tests/unit/workbooks/support/record-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../../workbooks-sim/index';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0, seed: 4, keys: 25, users: 12, today: '2027-01-15', quiet: true });
  const auth: Array<[string, string]> = [
    ['api_key', sim.admin.apiKey],
    ['client', 'api'],
    ['_api_version', '1'],
  ];
  const call = async (method: 'GET' | 'PUT' | 'POST', path: string, params: Array<[string, string]>, headers: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const response =
      method === 'GET'
        ? await fetch(`${sim.url}/${path}?${query}`, { headers })
        : await fetch(`${sim.url}/${path}`, { method, body: query, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
    return { status: response.status, body: JSON.parse(await response.text()) as unknown, setCookie: response.headers.get('set-cookie') };
  };
  const save = (name: string, answer: { status: number; body: unknown }) => {
    writeFileSync(join(out, `sim-${name}.json`), `${JSON.stringify({ status: answer.status, body: answer.body }, null, 2)}\n`);
  };
  const filterIds = (...ids: number[]): Array<[string, string]> => [
    ...(ids.length > 1 ? ([['_fm', 'or']] as Array<[string, string]>) : []),
    ...ids.flatMap((id): Array<[string, string]> => [
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', String(id)],
    ]),
  ];
  try {
    save('metadata', await call('GET', 'metadata/types.api', [...auth, ['_dc', '1']]));
    save(
      'read-keys',
      await call('GET', 'admin/api_keys.api', [
        ...auth,
        ['_start', '0'],
        ['_limit', '3'],
        ['_sort', 'id'],
        ['_dir', 'ASC'],
        ...['id', 'lock_version', 'name', 'user_id', 'valid_from', 'valid_until', 'permitted_ip_addresses', 'user[person_name]'].map((c): [string, string] => ['_select_columns[]', c]),
      ]),
    );
    const keys = [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted && k.id !== 1 && k.until !== null && k.permittedIps !== null);
    const liveUser = [...sim.state.users.values()].find((u) => !u.isDeleted)!;
    const [a, b, c, d] = keys as [(typeof keys)[number], (typeof keys)[number], (typeof keys)[number], (typeof keys)[number]];
    save(
      'write-create',
      await call('PUT', 'admin/api_keys.api', [
        ...auth,
        ...filterIds(0),
        ['__method[]', 'POST'],
        ['id[]', '0'],
        ['lock_version[]', '0'],
        ['name[]', 'Recorded key'],
        ['user_id[]', String(liveUser.id)],
        ['valid_until[]', '31 Mar 2027'],
        ['permitted_ip_addresses[]', '81.2.69.160'],
      ]),
    );
    save(
      'write-update',
      await call('PUT', 'admin/api_keys.api', [...auth, ...filterIds(a.id), ['__method[]', 'PUT'], ['id[]', String(a.id)], ['lock_version[]', String(a.lockVersion)], ['description[]', 'recorded update']]),
    );
    save(
      'write-per-object-mixed',
      await call('PUT', 'admin/api_keys.api', [
        ...auth,
        ['_per_object_transactions', 'true'],
        ...filterIds(b.id, c.id),
        ['__method[]', 'PUT'],
        ['id[]', String(b.id)],
        ['lock_version[]', String(b.lockVersion)],
        ['valid_from[]', ':no_value:'],
        ['valid_until[]', '28 Feb 2027'],
        ['__method[]', 'PUT'],
        ['id[]', String(c.id)],
        ['lock_version[]', String(c.lockVersion)],
        ['valid_from[]', '2027-03-01'],
        ['valid_until[]', '2027-02-01'],
      ]),
    );
    save(
      'write-conflict',
      await call('PUT', 'admin/api_keys.api', [...auth, ['_per_object_transactions', 'true'], ...filterIds(d.id), ['__method[]', 'PUT'], ['id[]', String(d.id)], ['lock_version[]', String(d.lockVersion + 5)], ['description[]', 'stale']]),
    );
    save(
      'write-rollback',
      await call('PUT', 'admin/api_keys.api', [
        ...auth,
        ...filterIds(d.id, 0),
        ['__method[]', 'PUT'],
        ['id[]', String(d.id)],
        ['lock_version[]', String(d.lockVersion)],
        ['name[]', ':no_value:'],
        ['description[]', 'would be fine'],
        ['__method[]', 'POST'],
        ['id[]', '0'],
        ['lock_version[]', '0'],
        ['name[]', ''],
        ['description[]', 'no name, no until'],
      ]),
    );
    const fresh = sim.state.apiKeys.get(d.id)!;
    save('write-delete', await call('PUT', 'admin/api_keys.api', [...auth, ...filterIds(d.id), ['__method[]', 'DELETE'], ['id[]', String(d.id)], ['lock_version[]', String(fresh.lockVersion)]]));
    save('write-no-filter-406', await call('PUT', 'admin/api_keys.api', [...auth, ['__method[]', 'POST'], ['id[]', '0'], ['lock_version[]', '0'], ['name[]', 'x']]));
    save('read-unknown-column-406', await call('GET', 'admin/api_keys.api', [...auth, ['_select_columns[]', 'nope']]));
    save('read-404', await call('GET', 'admin/nothing.api', auth));
    const login = await call('POST', 'login.api', [
      ['username', sim.admin.username],
      ['password', sim.admin.password],
      ['client', 'api'],
      ['api_version', '1'],
    ]);
    save('login', login);
    save('login-refused-401', await call('POST', 'login.api', [['username', sim.admin.username], ['password', 'wrong'], ['client', 'api'], ['api_version', '1']]));
    const cookie = (login.setCookie ?? '').split(';')[0] ?? '';
    sim.expireSessions();
    save('session-expired-401', await call('GET', 'admin/api_keys.api', [['_start', '0']], { Cookie: cookie }));
    save('api-key-invalid-401', await call('GET', 'admin/api_keys.api', [['api_key', 'nope'], ['client', 'api']]));
    sim.setFaults('500@nth=1');
    save('fault-500', await call('GET', 'admin/api_keys.api', auth));
    sim.setFaults('403@nth=1');
    save('fault-403', await call('GET', 'admin/api_keys.api', auth));
  } finally {
    await sim.stop();
  }
}

await main();
