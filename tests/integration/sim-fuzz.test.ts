// Property: whatever parameters arrive, the simulator answers well-formed JSON with a documented status, and
// it stays up. Parameters are sent as raw bytes so that malformed percent-encoding and non-UTF-8 get through.
import fc from 'fast-check';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { call, sessionFor } from '../workbooks-sim/testing';

const DOCUMENTED = new Set([200, 302, 307, 401, 403, 404, 405, 406, 413]);
let sim: SimHandle;
let cookie: string;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 17, keys: 60, users: 20, today: '2027-03-10' });
  const session = await sessionFor(sim.url, [['api_key', sim.admin.apiKey]]);
  cookie = session.cookie;
  token = session.token;
});
afterAll(async () => sim.stop());

/** A request target can only carry visible ASCII: escape other bytes, keep '%' as is (malformed escapes stay). */
function requestTarget(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b <= 0x20 || b >= 0x7f || b === 0x23 ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  return out;
}

function send(method: string, path: string, query: Buffer, body: Buffer | null, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path: query.length > 0 ? `${path}?${requestTarget(query)}` : path, headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const NAMES = [
  '_start', '_limit', '_sort', '_dir', '_sort[]', '_dir[]', '_ff[]', '_ft[]', '_fc[]', '_ff', '_ft', '_fc', '_fm', '_fm[]', '_filter_json',
  '_select_columns[]', '_method', '_dc', '__skip_total_rows', '__method[]', 'id[]', 'lock_version[]', 'name[]', 'valid_until[]',
  'permitted_ip_addresses[]', 'user_id[]', 'api_key[]', 'description[]', 'class_names[]', '_per_object_transactions', '_unknown',
  'client', 'api_version', 'username', 'password', '_json_output_date_format', 'login_allowed[]', 'name',
];
const VALUES = [
  '0', '1', '100', '-1', '', 'ASC', 'DESC', 'id', 'name', 'valid_until', 'user[person_name]', 'eq', 'ne', 'ct', 'between', 'today', 'blank',
  'true', 'false', 'or', 'and', '(1 OR 2) AND NOT 3', '1 XOR', 'POST', 'PUT', 'DELETE', 'GET', ':no_value:', ' 2 May 2027', '2027-02-31',
  'JSON([1,2])', '[["name","ct","a"]]', '[[', '%', '%zz', '\u0000', '\u{1F600}', 'a\\,b', '81.2.69.10', 'x'.repeat(300),
];
const PATHS = ['/admin/api_keys.api', '/admin/users.api', '/metadata/types.api', '/login.api', '/logout.api', '/crm/people.api', '/nope.api', '/admin/api_keys.api/x'];

const byteComponent = fc.oneof(
  fc.constantFrom(...NAMES, ...VALUES).map((s) => Buffer.from(encodeURIComponent(s))),
  fc.constantFrom(...VALUES).map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 12 }).map((s) => Buffer.from(s, 'utf8')),
);
const pair = fc.tuple(byteComponent, fc.boolean(), byteComponent).map(([n, withValue, v]) => (withValue ? Buffer.concat([n, Buffer.from('='), v]) : n));
const paramBytes = fc.array(pair, { maxLength: 14 }).map((pairs) => Buffer.concat(pairs.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from('&'), p]))));

describe('fuzzing the simulator with random parameter sets', () => {
  it('always answers well-formed JSON with a documented status and stays up', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.constantFrom(...PATHS),
        fc.constantFrom('api-key', 'session', 'session+token', 'none'),
        paramBytes,
        paramBytes,
        fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'text/plain', ''),
        async (method, path, auth, query, body, contentType) => {
          let q = query;
          let b: Buffer | null = method === 'GET' ? null : body;
          if (auth === 'api-key') q = Buffer.concat([q, Buffer.from(`&api_key=${sim.admin.apiKey}`)]);
          if (auth === 'session+token' && b) b = Buffer.concat([b, Buffer.from(`&_authenticity_token=${token}`)]);
          const headers: Record<string, string> = { Accept: 'application/json' };
          if (auth.startsWith('session')) headers['Cookie'] = cookie;
          if (contentType !== '') headers['Content-Type'] = contentType;
          const res = await send(method, path, q, b, headers);
          seen.add(res.status);
          expect(DOCUMENTED.has(res.status), `${res.status} ${res.text}`).toBe(true);
          const parsed: unknown = JSON.parse(res.text);
          expect(typeof parsed).toBe('object');
          expect(parsed).not.toBeNull();
          if (!Array.isArray(parsed)) expect(typeof (parsed as { success?: unknown }).success).toBe('boolean');
        },
      ),
      { numRuns: 400, seed: 20270310 },
    );
    // The generator must reach the interesting answers, not only one kind of refusal.
    for (const status of [200, 401, 404, 405, 406]) expect(seen.has(status), `status ${status} reached`).toBe(true);
    expect((await call(sim.url, 'admin/api_keys.api', { apiKey: sim.admin.apiKey, params: [['_start', 0], ['_limit', 1]] })).status).toBe(200);
  });

  it('refuses huge bodies with 413, non-UTF-8 and malformed encodings with 406, and stays up', async () => {
    const huge = await send('PUT', '/admin/api_keys.api', Buffer.alloc(0), Buffer.alloc(6 * 1024 * 1024, 0x61), { 'Content-Type': 'application/x-www-form-urlencoded' }).catch(() => ({ status: 413, text: '{"success":false}' }));
    expect(huge.status).toBe(413);
    const latin1 = await send('PUT', '/admin/api_keys.api', Buffer.from(`api_key=${sim.admin.apiKey}`), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x5b, 0x5d, 0x3d, 0xe9]), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(latin1.status).toBe(406);
    expect(JSON.parse(latin1.text)).toMatchObject({ success: false, errors: ['Request parameters must be UTF-8'] });
    const encoded = await send('GET', '/admin/api_keys.api', Buffer.from('name=%E9'), null, {});
    expect(encoded.status).toBe(406);
    const malformed = await send('GET', '/admin/api_keys.api', Buffer.from('_start=%G1'), null, {});
    expect(malformed.status).toBe(406);
    expect((await call(sim.url, 'admin/api_keys.api', { apiKey: sim.admin.apiKey, params: [['_start', 0], ['_limit', 1]] })).status).toBe(200);
  });
});
