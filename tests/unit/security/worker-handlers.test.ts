/**
 * Security claim 1 (worker side), on the REAL handlers: src/background/index.ts is imported as the browser
 * loads it, so every `runtime.onMessage` listener the worker registers (API-key mode, stores, reminders) is
 * driven here — a listener added later is covered without touching this file. Each hostile sender and each
 * hostile payload must get no answer from any listener and change nothing: no request, no storage write, no
 * IndexedDB change, no prototype pollution. Legitimate calls are confined to the sender's own Workbooks origin.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentScriptSender, dispatch, hostileSenders, type FakeExtension } from './fake-extension';

const fake: FakeExtension = vi.hoisted(() => ({}) as FakeExtension);
vi.mock('webextension-polyfill', async () => {
  const { createFakeExtension: create } = await import('./fake-extension');
  Object.assign(fake, create());
  return { default: fake };
});

const { journals, drafts, resetAssistantDbConnection } = await import('../../../src/platform/db');

const ACME = 'https://acme.workbooks.com';
const BETA = 'https://beta.workbooks.com';
const acme = contentScriptSender(`${ACME}/desktop/config/api-keys`, 7);
const beta = contentScriptSender(`${BETA}/desktop/config/api-keys`, 8);
const acmeScope = { host: 'acme.workbooks.com', database: 'Acme Ltd' };
const betaScope = { host: 'beta.workbooks.com', database: 'Beta Ltd' };
const ACME_KEY = 'acme-secret-key-0123456789';
const BETA_KEY = 'beta-secret-key-9876543210';

interface FetchCall {
  url: string;
  init: { method: string; body?: string; credentials: string; redirect: string };
}
let fetchCalls: FetchCall[] = [];

function okResponse(url: string) {
  return {
    status: 200,
    url,
    type: 'basic',
    headers: { get: () => 'application/json', forEach: (cb: (value: string, name: string) => void) => cb('application/json', 'content-type') },
    text: async () => JSON.stringify({ success: true, total: 0, data: [] }),
  };
}

const message = (fields: Record<string, unknown>) => ({ ns: 'wbka', ...fields });

/** One valid message of every kind the worker understands. */
function everyValidMessage(): Array<{ kind: string; message: unknown }> {
  return [
    { kind: 'api-send', message: message({ type: 'api-send', requestId: 'r1', request: { method: 'GET', path: 'admin/api_keys.api', params: [] } }) },
    { kind: 'api-key-status', message: message({ type: 'api-key-status' }) },
    { kind: 'api-key-set', message: message({ type: 'api-key-set', apiKey: 'attacker-key-123456', remember: true }) },
    { kind: 'api-key-forget', message: message({ type: 'api-key-forget' }) },
    { kind: 'api-cancel', message: message({ type: 'api-cancel', requestId: 'r1' }) },
    { kind: 'db drafts.list', message: message({ type: 'db', store: 'drafts', op: 'list', args: [acmeScope] }) },
    { kind: 'db drafts.put', message: message({ type: 'db', store: 'drafts', op: 'put', args: [acmeScope, 1, { baseLockVersion: 1, fields: {}, source: 'panel' }] }) },
    { kind: 'db journals.get', message: message({ type: 'db', store: 'journals', op: 'get', args: ['bulk-acme'] }) },
    { kind: 'db journals.remove', message: message({ type: 'db', store: 'journals', op: 'remove', args: ['bulk-acme'] }) },
    { kind: 'db sessionLog.prune', message: message({ type: 'db', store: 'sessionLog', op: 'prune', args: [0] }) },
    { kind: 'reminder-take-audit-filter', message: message({ type: 'reminder-take-audit-filter' }) },
    { kind: 'reminder-audit-snapshot', message: message({ type: 'reminder-audit-snapshot', database: 'Acme Ltd', keys: [{ keyId: 1, name: 'k', until: null }] }) },
  ];
}

beforeAll(async () => {
  globalThis.indexedDB = new IDBFactory();
  // The worker entry, exactly as the browser loads it: registers every listener.
  await import('../../../src/background/index');
  expect(fake.runtime.onMessage.listeners.length).toBeGreaterThanOrEqual(3);
});

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  resetAssistantDbConnection();
  fake.resetStorage();
  fetchCalls = [];
  vi.stubGlobal('fetch', async (url: string, init: FetchCall['init']) => {
    fetchCalls.push({ url, init });
    return okResponse(url);
  });
  // A known state that refused messages must leave exactly as it is.
  fake.storage.session.data.set(`apiKey:${ACME}`, ACME_KEY);
  fake.storage.session.data.set(`apiKey:${BETA}`, BETA_KEY);
  await journals.put(acmeScope, 'bulk-acme', 'running', { id: 'bulk-acme', note: 'acme journal' });
  await drafts.put(acmeScope, 5, { baseLockVersion: 2, fields: { name: 'acme draft' }, source: 'panel' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function snapshot() {
  return {
    session: JSON.stringify([...fake.storage.session.data.entries()]),
    local: JSON.stringify([...fake.storage.local.data.entries()]),
    writes: fake.storage.session.writes + fake.storage.local.writes,
    journals: JSON.stringify(await journals.list(acmeScope)),
    drafts: JSON.stringify(await drafts.list(acmeScope)),
  };
}

describe('the worker ignores every sender that is not our content script on a Workbooks page', () => {
  for (const { why, sender } of hostileSenders()) {
    it(`refuses ${why}`, async () => {
      const before = await snapshot();
      for (const { kind, message: valid } of everyValidMessage()) {
        const result = await dispatch(fake, valid, sender);
        expect(result.answers, `${kind} answered`).toBe(0);
      }
      expect(fetchCalls).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('answers the same messages from our content script on a Workbooks page (the refusals above are not vacuous)', async () => {
    for (const { kind, message: valid } of everyValidMessage()) {
      const result = await dispatch(fake, valid, acme);
      expect(result.answers, kind).toBe(1);
    }
    expect(fetchCalls.length).toBe(1);
  });
});

/** Payloads no listener may act on, even from a legitimate sender. */
function hostilePayloads(): Array<{ why: string; payload: unknown }> {
  const send = (request: unknown, extra: Record<string, unknown> = {}) => message({ type: 'api-send', requestId: 'r1', request, ...extra });
  const get = (path: string, params: unknown = []) => send({ method: 'GET', path, params });
  const manyParams = Array.from({ length: 20_001 }, (_, i) => [`p${i}`, 'v']);
  return [
    { why: 'null', payload: null },
    { why: 'a number', payload: 42 },
    { why: 'a string', payload: 'api-key-status' },
    { why: 'an array', payload: ['wbka', 'api-key-status'] },
    { why: 'no namespace', payload: { type: 'api-key-status' } },
    { why: 'another namespace', payload: { ns: 'other', type: 'api-key-status' } },
    { why: 'an unknown type', payload: message({ type: 'api-key-export' }) },
    { why: 'a type inherited from Object.prototype', payload: message({ type: 'toString' }) },
    { why: 'toggle-panel (worker → content only)', payload: message({ type: 'toggle-panel', source: 'action' }) },
    // api-send
    { why: 'an absolute URL as path', payload: get('https://evil.example/admin/api_keys.api') },
    { why: 'a protocol-relative URL as path', payload: get('//evil.example/admin/api_keys.api') },
    { why: 'a backslash URL as path', payload: get('\\\\evil.example\\x.api') },
    { why: 'a javascript: path', payload: get('javascript:alert(1)//x.api') },
    { why: 'path traversal', payload: get('admin/../../x.api') },
    { why: 'a leading ../', payload: get('../other-service/x.api') },
    { why: 'percent-encoded traversal', payload: get('admin/%2e%2e/x.api') },
    { why: 'a query smuggled in the path', payload: get('admin/api_keys.api?api_key=x') },
    { why: 'a fragment in the path', payload: get('admin/api_keys.api#x') },
    { why: 'a newline in the path', payload: get('admin/api_keys.api\nx') },
    { why: 'a path that is not an .api endpoint', payload: get('desktop/config/api-keys') },
    { why: 'a path of the wrong type', payload: get(42 as unknown as string) },
    { why: 'api_key smuggled in params', payload: get('admin/api_keys.api', [['api_key', 'attacker']]) },
    { why: 'API_KEY (upper case) smuggled in params', payload: get('admin/api_keys.api', [['API_KEY', 'attacker']]) },
    { why: 'a password smuggled in params', payload: get('login.api', [['password', 'x']]) },
    { why: 'an authenticity token smuggled in params', payload: get('admin/api_keys.api', [['_authenticity_token', 'x']]) },
    { why: 'params that are not pairs', payload: get('admin/api_keys.api', [['a', 'b', 'c']]) },
    { why: 'params with a number value', payload: get('admin/api_keys.api', [['_start', 0]]) },
    { why: 'params as an object', payload: get('admin/api_keys.api', { _start: '0' }) },
    { why: 'oversize params (20,001 pairs)', payload: get('admin/api_keys.api', manyParams) },
    { why: 'a lower-case method', payload: send({ method: 'get', path: 'admin/api_keys.api', params: [] }) },
    { why: 'PATCH', payload: send({ method: 'PATCH', path: 'admin/api_keys.api', params: [] }) },
    { why: 'a non-boolean followRedirects', payload: send({ method: 'GET', path: 'a.api', params: [], followRedirects: 'yes' }) },
    { why: 'a numeric requestId', payload: send({ method: 'GET', path: 'a.api', params: [] }, { requestId: 1 }) },
    { why: 'an oversize requestId', payload: send({ method: 'GET', path: 'a.api', params: [] }, { requestId: 'r'.repeat(101) }) },
    { why: 'no request', payload: message({ type: 'api-send', requestId: 'r1' }) },
    { why: 'api-cancel without a requestId', payload: message({ type: 'api-cancel' }) },
    // api-key-set
    { why: 'an API key that is not a string', payload: message({ type: 'api-key-set', apiKey: { toString: () => 'x' }, remember: false }) },
    { why: 'a too-short API key', payload: message({ type: 'api-key-set', apiKey: 'short', remember: false }) },
    { why: 'an oversize API key', payload: message({ type: 'api-key-set', apiKey: 'k'.repeat(201), remember: false }) },
    { why: 'an API key with inner whitespace', payload: message({ type: 'api-key-set', apiKey: 'abcd efgh ijkl', remember: false }) },
    { why: 'remember as a string', payload: message({ type: 'api-key-set', apiKey: 'abcdefgh-1234', remember: 'true' }) },
    // db
    { why: 'an unknown store', payload: message({ type: 'db', store: 'apiKeys', op: 'list', args: [acmeScope] }) },
    { why: 'store __proto__', payload: message({ type: 'db', store: '__proto__', op: 'get', args: [acmeScope] }) },
    { why: 'store constructor', payload: message({ type: 'db', store: 'constructor', op: 'get', args: [acmeScope] }) },
    { why: 'an op that is not offered (clear drafts)', payload: message({ type: 'db', store: 'drafts', op: 'clear', args: [acmeScope] }) },
    { why: 'op toString', payload: message({ type: 'db', store: 'drafts', op: 'toString', args: [] }) },
    { why: 'args that are not an array', payload: message({ type: 'db', store: 'drafts', op: 'list', args: { 0: acmeScope } }) },
    { why: 'too many args', payload: message({ type: 'db', store: 'drafts', op: 'list', args: [acmeScope, 1, 2, 3, 4, 5, 6] }) },
    // reminders
    { why: 'a snapshot with a non-integer key id', payload: message({ type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: 1.5, name: 'k', until: null }] }) },
    { why: 'a snapshot with an oversize name', payload: message({ type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: 1, name: 'n'.repeat(1001), until: null }] }) },
    { why: 'a snapshot with a date that is not a date', payload: message({ type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: 1, name: 'k', until: '2027-02-30' }] }) },
    { why: 'a snapshot with an oversize database name', payload: message({ type: 'reminder-audit-snapshot', database: 'd'.repeat(201), keys: [] }) },
    { why: 'a take-filter message with extra fields', payload: message({ type: 'reminder-take-audit-filter', origin: 'https://beta.workbooks.com' }) },
  ];
}

describe('the worker validates every payload before acting, even from our own content script', () => {
  it('gives no answer and does nothing for malformed, oversize or dangerous payloads', async () => {
    const before = await snapshot();
    const answered: string[] = [];
    for (const { why, payload } of hostilePayloads()) {
      const result = await dispatch(fake, payload, acme);
      if (result.answers > 0) answered.push(why);
    }
    expect(answered).toEqual([]);
    expect(fetchCalls).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('is not polluted by __proto__ / constructor keys anywhere in a payload', async () => {
    const polluting = [
      JSON.parse('{"ns":"wbka","type":"api-key-status","__proto__":{"polluted":"status"}}') as unknown,
      JSON.parse('{"ns":"wbka","type":"api-send","requestId":"r9","request":{"method":"GET","path":"admin/api_keys.api","params":[["__proto__","x"],["constructor","y"]],"__proto__":{"polluted":"request"}}}') as unknown,
      JSON.parse(`{"ns":"wbka","type":"db","store":"drafts","op":"put","args":[${JSON.stringify(acmeScope)},9,{"__proto__":{"polluted":"draft","secret":"s"},"constructor":{"prototype":{"polluted":"ctor"}},"fields":{"__proto__":{"polluted":"fields"}},"source":"panel","baseLockVersion":1}]}`) as unknown,
      JSON.parse(`{"ns":"wbka","type":"db","store":"journals","op":"put","args":[${JSON.stringify(acmeScope)},"__proto__","running",{"__proto__":{"polluted":"journal"}}]}`) as unknown,
      JSON.parse('{"ns":"wbka","type":"reminder-audit-snapshot","database":"__proto__","keys":[{"keyId":1,"name":"__proto__","until":null,"__proto__":{"polluted":"key"}}]}') as unknown,
    ];
    for (const payload of polluting) await dispatch(fake, payload, acme);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
    // The stored draft is plain data: no secret slipped in through the prototype chain.
    const stored = await drafts.get(acmeScope, 9);
    expect(JSON.stringify(stored ?? {})).not.toContain('"secret"');
  });
});

describe('API-key mode: the key goes only to the asking page’s own origin', () => {
  it('sends with the key stored for the sender’s origin, to that origin, without cookies', async () => {
    const result = await dispatch(fake, message({ type: 'api-send', requestId: 'r1', request: { method: 'PUT', path: 'admin/api_keys.api', params: [['__method[]', 'PUT']] } }), beta);
    expect(result.reply).toMatchObject({ ok: true });
    expect(fetchCalls).toHaveLength(1);
    const call = fetchCalls[0]!;
    expect(new URL(call.url).origin).toBe(BETA);
    expect(call.init.credentials).toBe('omit');
    expect(call.init.body).toContain(`api_key=${BETA_KEY}`);
    expect(`${call.url} ${call.init.body ?? ''}`).not.toContain(ACME_KEY);
  });

  it('reads go as POST with _method=GET, so the key never sits in a URL; the answer to the page has no query', async () => {
    const result = await dispatch(fake, message({ type: 'api-send', requestId: 'r2', request: { method: 'GET', path: 'admin/api_keys.api', params: [['_start', '0']] } }), acme);
    const call = fetchCalls[0]!;
    expect(new URL(call.url).origin).toBe(ACME);
    expect(call.url).not.toContain(ACME_KEY);
    expect(new URL(call.url).search).toBe('');
    expect(call.init.method).toBe('POST');
    const body = new URLSearchParams(String(call.init.body));
    expect(body.get('_method')).toBe('GET');
    expect(body.get('api_key')).toBe(ACME_KEY);
    const reply = result.reply as { ok: true; response: { url: string; body: string } };
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply)).not.toContain(ACME_KEY);
    expect(reply.response.url).toBe(`${ACME}/admin/api_keys.api`);
  });

  it('answers "no API key" for an origin without one, sending nothing (another origin’s key is never used)', async () => {
    fake.storage.session.data.delete(`apiKey:${BETA}`);
    const result = await dispatch(fake, message({ type: 'api-send', requestId: 'r3', request: { method: 'GET', path: 'admin/api_keys.api', params: [] } }), beta);
    expect(result.reply).toMatchObject({ ok: false, error: { kind: 'auth', failureReason: 'no_api_key' } });
    expect(fetchCalls).toEqual([]);
    const status = await dispatch(fake, message({ type: 'api-key-status' }), beta);
    expect(status.reply).toEqual({ present: false, masked: null, remembered: false });
  });

  it('never hands a stored key back to a content script: status is masked, set/forget answer the status only', async () => {
    const status = await dispatch(fake, message({ type: 'api-key-status' }), acme);
    expect(status.reply).toEqual({ present: true, masked: `••••••••${ACME_KEY.slice(-4)}`, remembered: false });
    const set = await dispatch(fake, message({ type: 'api-key-set', apiKey: 'acme-new-key-abcdef', remember: false }), acme);
    expect(JSON.stringify(set.reply)).not.toContain('acme-new-key-abcdef');
    const forget = await dispatch(fake, message({ type: 'api-key-forget' }), acme);
    expect(forget.reply).toEqual({ present: false, masked: null, remembered: false });
    // Forgetting acme's key left beta's alone.
    expect(fake.storage.session.data.get(`apiKey:${BETA}`)).toBe(BETA_KEY);
  });

  it('a content script in one tab cannot cancel another tab’s request', async () => {
    let release: () => void = () => undefined;
    const seen: AbortSignal[] = [];
    vi.stubGlobal('fetch', (url: string, init: FetchCall['init'] & { signal?: AbortSignal }) => {
      if (init.signal) seen.push(init.signal);
      return new Promise((resolve) => {
        release = () => resolve(okResponse(url));
      });
    });
    const pending = dispatch(fake, message({ type: 'api-send', requestId: 'shared-id', request: { method: 'GET', path: 'admin/api_keys.api', params: [] } }), acme);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const otherTab = contentScriptSender(`${ACME}/desktop/home`, 99);
    await dispatch(fake, message({ type: 'api-cancel', requestId: 'shared-id' }), otherTab);
    expect(seen[0]!.aborted).toBe(false);
    await dispatch(fake, message({ type: 'api-cancel', requestId: 'shared-id' }), acme);
    expect(seen[0]!.aborted).toBe(true);
    release();
    await pending;
  });
});

describe('stores: a page on one Workbooks host cannot reach another host’s records', () => {
  const db = (store: string, op: string, args: unknown[]) => message({ type: 'db', store, op, args });
  const refusal = { ok: false, error: 'A page may only use its own host’s records.' };

  it('refuses scoped calls that name another host, in any letter case', async () => {
    for (const scope of [acmeScope, { ...acmeScope, host: 'ACME.Workbooks.com' }]) {
      for (const [store, op, extra] of [
        ['drafts', 'list', []],
        ['drafts', 'get', [5]],
        ['drafts', 'remove', [5]],
        ['drafts', 'put', [5, { baseLockVersion: 1, fields: { name: 'overwritten' }, source: 'panel' }]],
        ['activity', 'list', []],
        ['sessionLog', 'list', []],
        ['sessionLog', 'clear', []],
        ['journals', 'list', []],
        ['journals', 'put', ['bulk-new', 'running', {}]],
        ['auditCache', 'get', []],
        ['auditCache', 'put', [{ rows: [] }]],
      ] as Array<[string, string, unknown[]]>) {
        const result = await dispatch(fake, db(store, op, [scope, ...extra]), beta);
        expect(result.reply, `${store}.${op}`).toEqual(refusal);
      }
    }
    expect((await drafts.get(acmeScope, 5))?.fields.name).toBe('acme draft');
  });

  it('refuses scoped calls without a scope object', async () => {
    for (const args of [[], ['acme.workbooks.com'], [{ host: 1, database: 'x' }], [{ host: 'beta.workbooks.com' }], [null]]) {
      const result = await dispatch(fake, db('drafts', 'list', args), beta);
      expect(result.reply).toEqual({ ok: false, error: 'This store call needs a scope.' });
    }
  });

  it('checks journals fetched or removed by id against the sender’s host', async () => {
    expect((await dispatch(fake, db('journals', 'get', ['bulk-acme']), beta)).reply).toEqual(refusal);
    expect((await dispatch(fake, db('journals', 'remove', ['bulk-acme']), beta)).reply).toEqual(refusal);
    expect((await dispatch(fake, db('journals', 'get', [{ id: 'bulk-acme' }]), beta)).reply).toEqual({ ok: false, error: 'Journal id must be a string.' });
    expect(await journals.get('bulk-acme')).toBeDefined();
    // The owner still can.
    expect((await dispatch(fake, db('journals', 'get', ['bulk-acme']), acme)).reply).toMatchObject({ ok: true, value: { id: 'bulk-acme' } });
  });

  it('serves the sender’s own host, and lists only its records', async () => {
    await dispatch(fake, db('drafts', 'put', [betaScope, 5, { baseLockVersion: 1, fields: { name: 'beta draft' }, source: 'panel' }]), beta);
    const listed = (await dispatch(fake, db('drafts', 'list', [betaScope]), beta)).reply as { ok: true; value: Array<{ fields: { name: string } }> };
    expect(listed.value.map((d) => d.fields.name)).toEqual(['beta draft']);
  });

  it('drops secret-named fields from whatever a content script asks to store', async () => {
    const draft = { baseLockVersion: 1, source: 'panel', fields: { name: 'n', secret: 'S1', api_key: 'S2' }, apiKey: 'S3', nested: [{ password: 'S4', authenticity_token: 'S5' }] };
    await dispatch(fake, db('drafts', 'put', [acmeScope, 11, draft]), acme);
    await dispatch(fake, db('journals', 'put', [acmeScope, 'bulk-s', 'done', { items: [{ keyId: 1, secret: 'S6', access_key_value: 'S7' }] }]), acme);
    await dispatch(fake, db('auditCache', 'put', [acmeScope, { rows: [{ keyId: 1, session_id: 'S8' }] }]), acme);
    const stored = JSON.stringify([await drafts.get(acmeScope, 11), await journals.get('bulk-s'), (await dispatch(fake, db('auditCache', 'get', [acmeScope]), acme)).reply]);
    expect(stored).toContain('"name":"n"');
    for (const secret of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']) expect(stored).not.toContain(`"${secret}"`);
  });

  // FIXME(security, low): `journals.put` is scoped by its first argument only, but journals are keyed by id alone.
  // A content script on beta can therefore REPLACE acme's journal by reusing its id (the stored record then
  // belongs to beta, so acme loses its undo/resume journal). Page scripts cannot send these messages, so only a
  // compromised content script could; ids are random, so accidental collisions are unlikely. Fix in
  // src/background/db-service.ts `execute()`: for `journals.put`, load the stored journal with that id first and
  // refuse when it exists with a scope of another host (same check as get/remove). Remove `.skip` when fixed.
  it('journals.put cannot replace another host’s journal that has the same id', async () => {
    const result = await dispatch(fake, db('journals', 'put', [betaScope, 'bulk-acme', 'running', { takenOver: true }]), beta);
    expect(result.reply).toEqual(refusal);
    expect((await journals.get('bulk-acme'))?.scope).toBe('acme.workbooks.com|Acme Ltd');
  });
});

describe('reminders: a page only ever gets and feeds its own origin’s data', () => {
  it('hands the pending audit filter only to the origin it was left for', async () => {
    const filter = { reason: 'expiry-reminder', keyIds: [3, 4], database: 'Acme Ltd', createdAt: new Date().toISOString() };
    fake.storage.session.data.set('pendingAuditFilter', { [ACME]: filter });
    expect((await dispatch(fake, message({ type: 'reminder-take-audit-filter' }), beta)).reply).toBeNull();
    expect((await dispatch(fake, message({ type: 'reminder-take-audit-filter' }), acme)).reply).toEqual(filter);
  });

  it('stores an audit snapshot under the sender’s own host, whatever the message says', async () => {
    await dispatch(fake, message({ type: 'reminder-audit-snapshot', database: 'Acme Ltd', keys: [{ keyId: 1, name: 'from beta', until: null }] }), beta);
    const acmeCache = (await dispatch(fake, message({ type: 'db', store: 'auditCache', op: 'get', args: [acmeScope] }), acme)).reply as { value?: unknown };
    expect(acmeCache.value).toBeUndefined();
    const betaCache = (await dispatch(fake, message({ type: 'db', store: 'auditCache', op: 'get', args: [{ host: 'beta.workbooks.com', database: 'Acme Ltd' }] }), beta)).reply;
    expect(JSON.stringify(betaCache)).toContain('from beta');
  });
});
