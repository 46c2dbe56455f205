/**
 * Security claim 1, on the pure validators every receiver calls first: the content script's toggle handler
 * (`isFromOwnWorker` + `isTogglePanelMessage`), the worker's sender check (`senderOrigin`/`originAllowed`) and
 * payload parsers (`parseContentToWorkerMessage`, `parseDbCall` + `scopeArgument`, `parseReminderMessage`,
 * `parsePendingAuditFilter`). Hostile and random inputs never throw, never parse into something broader than
 * the typed message, and never carry unknown fields through.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { isFromOwnWorker, isTogglePanelMessage, togglePanelMessage } from '../../../src/platform/messages';
import { isApiPath, parseContentToWorkerMessage } from '../../../src/platform/api-messages';
import { parseDbCall, scopeArgument, DB_OPERATIONS } from '../../../src/platform/db-messages';
import { parsePendingAuditFilter, parseReminderMessage } from '../../../src/platform/pending-requests';
import { originAllowed, senderOrigin } from '../../../src/background/sender';
import { contentScriptSender, HOST_PATTERNS, hostileSenders, OWN_EXTENSION_ID } from './fake-extension';

// pending-requests.ts loads the platform layer (the polyfill): give it an inert stand-in in Node.
vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-extension')).createFakeExtension() }));

const TAB = { index: 0, highlighted: false, active: true, pinned: false, incognito: false, id: 3 };

describe('content script: the toggle handler trusts only our own worker', () => {
  it('accepts exactly the toggle message from our worker (no tab)', () => {
    expect(isFromOwnWorker({ id: OWN_EXTENSION_ID }, OWN_EXTENSION_ID)).toBe(true);
    expect(isTogglePanelMessage(togglePanelMessage('action'))).toBe(true);
    expect(isTogglePanelMessage(togglePanelMessage('command'))).toBe(true);
  });

  it('refuses other extensions, other content scripts and tabs (pages, our options page)', () => {
    expect(isFromOwnWorker({ id: 'other-extension' }, OWN_EXTENSION_ID)).toBe(false);
    expect(isFromOwnWorker({}, OWN_EXTENSION_ID)).toBe(false);
    expect(isFromOwnWorker({ id: OWN_EXTENSION_ID, tab: TAB, url: 'https://acme.workbooks.com/' }, OWN_EXTENSION_ID)).toBe(false);
    expect(isFromOwnWorker({ id: OWN_EXTENSION_ID, tab: TAB, url: `chrome-extension://${OWN_EXTENSION_ID}/src/options/options.html` }, OWN_EXTENSION_ID)).toBe(false);
  });

  it('refuses toggle look-alikes: extra fields, wrong source, wrong namespace, prototype tricks', () => {
    const hostile: unknown[] = [
      null,
      'toggle-panel',
      [],
      { ns: 'wbka', type: 'toggle-panel' },
      { ns: 'wbka', type: 'toggle-panel', source: 'page' },
      { ns: 'wbka', type: 'toggle-panel', source: 'action', open: true },
      { ns: 'other', type: 'toggle-panel', source: 'action' },
      { ns: 'wbka', type: 'Toggle-Panel', source: 'action' },
      JSON.parse('{"ns":"wbka","type":"toggle-panel","source":"action","__proto__":{"x":1}}'),
      Object.assign(Object.create({ ns: 'wbka', type: 'toggle-panel', source: 'action' }) as object, {}),
    ];
    for (const value of hostile) expect(isTogglePanelMessage(value), JSON.stringify(value)).toBe(false);
  });
});

describe('worker: who may ask', () => {
  it('serves our content script on a manifest host only', () => {
    expect(senderOrigin(contentScriptSender(), OWN_EXTENSION_ID, HOST_PATTERNS)).toBe('https://acme.workbooks.com');
    for (const { why, sender } of hostileSenders()) expect(senderOrigin(sender, OWN_EXTENSION_ID, HOST_PATTERNS), why).toBeNull();
  });

  it('matches hosts the way the manifest pattern means them, and no look-alike', () => {
    const allowed = ['https://acme.workbooks.com', 'https://a.b.workbooks.com', 'https://ACME.WORKBOOKS.COM', 'https://acme.workbooks.com:8443'];
    const refused = [
      'https://workbooks.com.evil.example',
      'https://evilworkbooks.com',
      'https://acme.workbooks.com.',
      'https://acme.workbooks.co',
      'http://acme.workbooks.com',
      'ftp://acme.workbooks.com',
      'https://acme.workbooks.com@evil.example',
      'https://evil.example#.workbooks.com',
      'https://evil.example/?.workbooks.com',
      'https://evil.example\\.workbooks.com',
      'chrome-extension://acme.workbooks.com',
      'null',
      '',
      'not a url',
    ];
    for (const origin of allowed) expect(originAllowed(origin, HOST_PATTERNS), origin).toBe(true);
    for (const origin of refused) expect(originAllowed(origin, HOST_PATTERNS), origin).toBe(false);
  });

  it('takes the origin from the sender’s URL, never its path or credentials', () => {
    const sender = contentScriptSender('https://user:pass@acme.workbooks.com/x?api_key=1#frag');
    expect(senderOrigin(sender, OWN_EXTENSION_ID, HOST_PATTERNS)).toBe('https://acme.workbooks.com');
  });
});

describe('worker: API-key mode payloads', () => {
  const send = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ns: 'wbka', type: 'api-send', requestId: 'r1', request, ...extra });

  it('accepts only service-relative .api paths', () => {
    const good = ['login.api', 'admin/api_keys.api', 'settings/integration_keys.api', 'metadata/types.api'];
    const bad = [
      'https://evil.example/x.api',
      'http:x.api',
      '//evil.example/x.api',
      '/admin/api_keys.api',
      '\\\\evil\\x.api',
      '../x.api',
      'a/../x.api',
      'a/..',
      '%2e%2e/x.api',
      'a/%2F/x.api',
      'x.api?api_key=1',
      'x.api#f',
      'x.api\n',
      'x.api ',
      'x.API',
      'x.apix',
      '.api',
      'data:text/html,x.api',
      'javascript:x.api',
      '',
    ];
    for (const path of good) expect(isApiPath(path), path).toBe(true);
    for (const path of bad) expect(isApiPath(path), JSON.stringify(path)).toBe(false);
  });

  it('strips unknown fields and copies only typed ones (so nothing extra reaches the transport)', () => {
    const parsed = parseContentToWorkerMessage(send({ method: 'GET', path: 'a.api', params: [], signal: 'x', baseUrl: 'https://evil.example/', credentials: 'include' }, { origin: 'https://evil.example' }));
    expect(parsed).toEqual({ ns: 'wbka', type: 'api-send', requestId: 'r1', request: { method: 'GET', path: 'a.api', params: [] } });
  });

  it('refuses credentials smuggled in the parameters, whatever their letter case', () => {
    for (const name of ['api_key', 'API_KEY', 'Api_Key', 'password', 'PASSWORD', '_authenticity_token', '_AUTHENTICITY_TOKEN']) {
      expect(parseContentToWorkerMessage(send({ method: 'GET', path: 'a.api', params: [['x', 'y'], [name, 'attacker']] })), name).toBeNull();
    }
  });

  // FIXME(security, low): the smuggling check compares exact names only, while the error redaction
  // (src/core/workbooks/errors.ts `isSecretParam`) also treats `api_key[]` and `session_id` as credentials. A
  // content script can therefore add `api_key[]=…` (Rails-style servers read it as `api_key`) or `session_id`
  // beside the key the worker adds. Only our own content script can send these messages, so this is hardening.
  // Fix in src/platform/api-messages.ts `parseContentToWorkerMessage`: export `isSecretParam` from errors.ts and
  // refuse any parameter whose trimmed name it accepts. Remove `.skip` when fixed.
  it('refuses bracketed or padded credential names and session ids too', () => {
    for (const name of ['api_key[]', 'API_KEY[]', ' api_key', 'api_key ', 'session_id', 'password[]', '_authenticity_token[]']) {
      expect(parseContentToWorkerMessage(send({ method: 'GET', path: 'a.api', params: [[name, 'attacker']] })), JSON.stringify(name)).toBeNull();
    }
  });

  it('never throws and never accepts random values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(parseContentToWorkerMessage(value)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('keeps exactly the typed fields of any well-formed message with random extra fields', () => {
    const extra = fc.dictionary(fc.string().filter((k) => !['ns', 'type', 'requestId', 'request', 'method', 'path', 'params', 'followRedirects'].includes(k)), fc.anything(), { maxKeys: 5 });
    fc.assert(
      fc.property(extra, extra, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), (outer, inner, method) => {
        const parsed = parseContentToWorkerMessage({ ...outer, ns: 'wbka', type: 'api-send', requestId: 'r', request: { ...inner, method, path: 'a.api', params: [['a', 'b']] } });
        expect(parsed).toEqual({ ns: 'wbka', type: 'api-send', requestId: 'r', request: { method, path: 'a.api', params: [['a', 'b']] } });
      }),
      { numRuns: 200 },
    );
  });
});

describe('worker: store payloads', () => {
  const call = (store: unknown, op: unknown, args: unknown) => ({ ns: 'wbka', type: 'db', store, op, args });

  it('offers only the listed operations of the listed stores (no prototype members)', () => {
    for (const store of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'apiKeys', 'settings', '', 42, null]) {
      expect(parseDbCall(call(store, 'get', [])), String(store)).toBeNull();
    }
    for (const op of ['constructor', '__proto__', 'toString', 'clear', 'getAll', 'delete', 'openCursor', 'length', 0, null]) {
      expect(parseDbCall(call('drafts', op, [])), String(op)).toBeNull();
    }
    for (const [store, ops] of Object.entries(DB_OPERATIONS)) {
      for (const op of ops) expect(parseDbCall(call(store, op, [])), `${store}.${op}`).not.toBeNull();
    }
  });

  it('needs a {host, database} scope for every call except journals get/remove (checked by id) and sessionLog.prune', () => {
    const scoped: string[] = [];
    const unscoped: string[] = [];
    for (const [store, ops] of Object.entries(DB_OPERATIONS)) {
      for (const op of ops) {
        const result = scopeArgument(parseDbCall(call(store, op, ['not-a-scope']))!);
        (result === 'unscoped' ? unscoped : scoped).push(`${store}.${op}`);
        if (result !== 'unscoped') expect(result, `${store}.${op}`).toBeNull();
      }
    }
    expect(unscoped.sort()).toEqual(['journals.get', 'journals.remove', 'sessionLog.prune']);
    expect(scoped.length).toBeGreaterThan(10);
  });

  it('reads the scope strictly: string fields only, never coerced ones', () => {
    const parsed = (args: unknown[]) => scopeArgument(parseDbCall(call('drafts', 'list', args))!);
    expect(parsed([{ host: 'acme.workbooks.com', database: 'd', extra: 1 }])).toEqual({ host: 'acme.workbooks.com', database: 'd' });
    expect(parsed([{ host: ['acme.workbooks.com'], database: 'd' }])).toBeNull();
    expect(parsed([{ host: { toString: () => 'acme.workbooks.com' }, database: 'd' }])).toBeNull();
    expect(parsed([['acme.workbooks.com', 'd']])).toBeNull();
    expect(parsed([null])).toBeNull();
  });

  it('never throws on random values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (store, op, args) => {
        const parsed = parseDbCall(call(store, op, args));
        if (parsed) expect(() => scopeArgument(parsed)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('worker: reminder payloads', () => {
  it('accepts the two reminder messages with typed, bounded content only', () => {
    expect(parseReminderMessage({ ns: 'wbka', type: 'reminder-take-audit-filter' })).toEqual({ ns: 'wbka', type: 'reminder-take-audit-filter' });
    const parsed = parseReminderMessage({ ns: 'wbka', type: 'reminder-audit-snapshot', database: 'd', keys: [{ keyId: 1, name: 'n', until: '2027-01-31', secret: 'S', permittedIps: '1.2.3.4' }] });
    expect(parsed).toEqual({ ns: 'wbka', type: 'reminder-audit-snapshot', database: 'd', keys: [{ keyId: 1, name: 'n', until: '2027-01-31' }] });
  });

  it('refuses hostile snapshots', () => {
    const snapshot = (keys: unknown, database: unknown = null) => ({ ns: 'wbka', type: 'reminder-audit-snapshot', database, keys });
    const hostile = [
      snapshot('keys'),
      snapshot([{ keyId: '1', name: 'n', until: null }]),
      snapshot([{ keyId: -1, name: 'n', until: null }]),
      snapshot([{ keyId: 2 ** 53, name: 'n', until: null }]),
      snapshot([{ keyId: 1, name: 7, until: null }]),
      snapshot([{ keyId: 1, name: 'n', until: '31/01/2027' }]),
      snapshot([{ keyId: 1, name: 'n' }]),
      snapshot(Array.from({ length: 20_001 }, (_, i) => ({ keyId: i + 1, name: 'n', until: null }))),
      snapshot([], 42),
      snapshot([], 'd'.repeat(201)),
    ];
    for (const value of hostile) expect(parseReminderMessage(value)).toBeNull();
  });

  it('reads a stored pending filter strictly', () => {
    const good = { reason: 'expiry-reminder', keyIds: [1, 2], database: null, createdAt: '2027-01-01T00:00:00.000Z' };
    expect(parsePendingAuditFilter({ ...good, origin: 'https://evil.example' })).toEqual(good);
    for (const bad of [{ ...good, reason: 'other' }, { ...good, keyIds: [0] }, { ...good, keyIds: 'all' }, { ...good, database: 3 }, { ...good, createdAt: 1 }, null]) {
      expect(parsePendingAuditFilter(bad)).toBeNull();
    }
  });

  it('never throws on random values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => parseReminderMessage(value)).not.toThrow();
        expect(() => parsePendingAuditFilter(value)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
