/**
 * Security claim 8, API-key handling: where a key is kept (storage.session by default, storage.local only when
 * remembered, per Workbooks origin, removed from both on Forget), what the transport puts on the wire, and what
 * it refuses. Redaction of errors is covered by tests/unit/workbooks/errors.test.ts ("redaction") and
 * tests/unit/workbooks/transport.test.ts ("never puts the API key into an error or its request description").
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiKeyTransport, type FetchInitLike, type FetchLike, type FetchResponseLike } from '../../../src/core/workbooks/transport';
import { ProtocolError } from '../../../src/core/workbooks/errors';
import type { FakeExtension } from './fake-extension';

const fake: FakeExtension = vi.hoisted(() => ({}) as FakeExtension);
vi.mock('webextension-polyfill', async () => {
  const { createFakeExtension } = await import('./fake-extension');
  Object.assign(fake, createFakeExtension());
  return { default: fake };
});

const { apiKeyStatus, forgetApiKey, getApiKey, setApiKey } = await import('../../../src/platform/api-key-store');

const ACME = 'https://acme.workbooks.com';
const BETA = 'https://beta.workbooks.com';
const KEY = 'acme-key-0123456789abcdef';

beforeEach(() => fake.resetStorage());

describe('where API keys are kept', () => {
  it('by default only in storage.session (memory, trusted contexts only), never in storage.local', async () => {
    await setApiKey(ACME, KEY, false);
    expect(fake.storage.session.data.get(`apiKey:${ACME}`)).toBe(KEY);
    expect(JSON.stringify([...fake.storage.local.data.entries()])).not.toContain(KEY);
    expect(await apiKeyStatus(ACME)).toEqual({ present: true, masked: `••••••••${KEY.slice(-4)}`, remembered: false });
  });

  it('in storage.local only when the admin asks to remember it, and no longer once they un-tick it', async () => {
    await setApiKey(ACME, KEY, true);
    expect(fake.storage.local.data.get(`apiKey:${ACME}`)).toBe(KEY);
    expect((await apiKeyStatus(ACME)).remembered).toBe(true);
    await setApiKey(ACME, KEY, false);
    expect(fake.storage.local.data.has(`apiKey:${ACME}`)).toBe(false);
    expect((await apiKeyStatus(ACME)).remembered).toBe(false);
  });

  it('per Workbooks origin: one origin never reads or forgets another’s key', async () => {
    await setApiKey(ACME, KEY, true);
    expect(await getApiKey(BETA)).toBeNull();
    expect(await getApiKey('http://acme.workbooks.com')).toBeNull();
    await forgetApiKey(BETA);
    expect(await getApiKey(ACME)).toBe(KEY);
  });

  it('Forget removes the key from both areas', async () => {
    await setApiKey(ACME, KEY, true);
    await forgetApiKey(ACME);
    expect(await getApiKey(ACME)).toBeNull();
    expect(JSON.stringify([...fake.storage.session.data.entries(), ...fake.storage.local.data.entries()])).not.toContain(KEY);
  });

  it('a status never holds more than the last four characters', async () => {
    await setApiKey(ACME, KEY, false);
    const status = JSON.stringify(await apiKeyStatus(ACME));
    expect(status).not.toContain(KEY.slice(0, -4));
    expect(status).toContain(KEY.slice(-4));
  });
});

// ------------------------------------------------------------------------------------------ the transport

interface Call {
  url: string;
  init: FetchInitLike;
}

function response(url: string, init: { status?: number; type?: string; body?: string }): FetchResponseLike {
  return {
    status: init.status ?? 200,
    url,
    ...(init.type ? { type: init.type } : {}),
    headers: { get: () => null, forEach: () => undefined },
    text: async () => init.body ?? '{"success":true}',
  };
}

function recordingFetch(answer: (call: Call, index: number) => FetchResponseLike): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      return answer(call, calls.length - 1);
    },
  };
}

const transport = (fetch: FetchLike, extra: Partial<Parameters<typeof createApiKeyTransport>[0]> = {}) =>
  createApiKeyTransport({ baseUrl: `${ACME}/`, fetch, apiKey: async () => KEY, now: () => 1_800_000_000_000, ...extra });

describe('what the API-key transport sends', () => {
  it('sends every request to the configured origin only, without cookies', async () => {
    const { fetch, calls } = recordingFetch((call) => response(call.url, {}));
    const t = transport(fetch);
    for (const method of ['GET', 'PUT', 'POST', 'DELETE'] as const) await t.send({ method, path: 'admin/api_keys.api', params: [['a', 'b']] });
    expect(calls.map((c) => new URL(c.url).origin)).toEqual([ACME, ACME, ACME, ACME]);
    expect(calls.every((c) => c.init.credentials === 'omit')).toBe(true);
  });

  it('puts the key in the query string of GET reads (Workbooks’ convention; the risk is noted in docs/security.md §8)', async () => {
    const { fetch, calls } = recordingFetch((call) => response(call.url, {}));
    await transport(fetch).send({ method: 'GET', path: 'admin/api_keys.api', params: [] });
    expect(new URL(calls[0]!.url).searchParams.get('api_key')).toBe(KEY);
  });

  it('keeps the key out of every URL when reads go as POST with _method=GET (the recommended setting: longQueryThreshold 0)', async () => {
    const { fetch, calls } = recordingFetch((call) => response(call.url, {}));
    await transport(fetch, { longQueryThreshold: 0 }).send({ method: 'GET', path: 'admin/api_keys.api', params: [['_start', '0']] });
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.url).toBe(`${ACME}/admin/api_keys.api`);
    expect(new URLSearchParams(calls[0]!.init.body).get('_method')).toBe('GET');
    expect(new URLSearchParams(calls[0]!.init.body).get('api_key')).toBe(KEY);
  });

  it('never reports the URL with its query back to the caller', async () => {
    const { fetch } = recordingFetch((call) => response(call.url, {}));
    const answer = await transport(fetch).send({ method: 'GET', path: 'admin/api_keys.api', params: [] });
    expect(answer.url).toBe(`${ACME}/admin/api_keys.api`);
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  it('refuses a visible redirect to another origin without sending the key there', async () => {
    const { fetch, calls } = recordingFetch((call, index) =>
      index === 0 ? { ...response(call.url, { status: 302 }), headers: { get: (n: string) => (n === 'location' ? 'https://evil.example/collect' : null), forEach: () => undefined } } : response(call.url, {}),
    );
    await expect(transport(fetch).send({ method: 'PUT', path: 'admin/api_keys.api', params: [] })).rejects.toBeInstanceOf(ProtocolError);
    expect(calls.map((c) => new URL(c.url).origin)).toEqual([ACME]);
  });

  // FIXME(security, low-medium): browsers hide a redirect's Location from `redirect: 'manual'` (opaque redirect).
  // The transport then retries GET and PUT with `redirect: 'follow'`, so the BROWSER follows the redirect
  // wherever it points: a PUT keeps its method and body on 302/307/308, so `api_key=…` in the body would be
  // re-sent to another origin, and the other origin's answer is returned as if it came from Workbooks. The
  // "never carry credentials elsewhere" promise in src/core/workbooks/transport.ts therefore holds only while the
  // Workbooks service never redirects off its own origin. Fix (src/core/workbooks/transport.ts `exchange()`): in
  // API-key mode (credentials 'omit'), never switch to 'follow': treat an opaque redirect like the POST case
  // (repeat the request at its original URL, counting hops). At the least, refuse an answer whose
  // `response.url` origin differs from the service origin. Remove `.skip` once fixed.
  it('an API-key request never lets the browser follow a redirect it cannot see, and refuses an answer from another origin', async () => {
    const { fetch, calls } = recordingFetch((call) =>
      call.init.redirect === 'manual' ? response('', { status: 0, type: 'opaqueredirect' }) : response('https://evil.example/collect', { status: 200 }),
    );
    const outcome = await transport(fetch)
      .send({ method: 'PUT', path: 'admin/api_keys.api', params: [] })
      .then((answer) => answer.url)
      .catch((error: unknown) => error);
    expect(calls.every((c) => c.init.redirect === 'manual')).toBe(true);
    expect(outcome).toBeInstanceOf(ProtocolError);
  });
});
