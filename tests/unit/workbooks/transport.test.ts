import { describe, expect, it } from 'vitest';
import { createApiKeyTransport, createSessionTransport, normaliseBaseUrl } from '../../../src/core/workbooks/transport';
import { AuthError, CancelledError, NetworkError, ProtocolError } from '../../../src/core/workbooks/errors';
import { json, paramsOf, scriptedFetch, valuesOf } from './helpers';

const BASE = 'https://secure.workbooks.com/';
const NOW = 1_777_000_000_000;

function apiKeyTransport(fetch: ReturnType<typeof scriptedFetch>['fetch'], extra: Partial<Parameters<typeof createApiKeyTransport>[0]> = {}) {
  return createApiKeyTransport({ baseUrl: BASE, fetch, apiKey: async () => 'secret-key-123', now: () => NOW, ...extra });
}

describe('API-key transport', () => {
  it('sends reads as GET with api_key, client=api, _api_version=1 and _dc in the query, without cookies', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true, data: [], total: 0 }));
    const transport = apiKeyTransport(fetch);
    const response = await transport.send({ method: 'GET', path: 'admin/api_keys.api', params: [['_start', '0']] });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.init.method).toBe('GET');
    expect(call.init.credentials).toBe('omit');
    expect(call.init.body).toBeUndefined();
    expect(call.url.startsWith('https://secure.workbooks.com/admin/api_keys.api?')).toBe(true);
    expect(paramsOf(call)).toEqual([
      ['_start', '0'],
      ['api_key', 'secret-key-123'],
      ['client', 'api'],
      ['_api_version', '1'],
      ['_dc', String(NOW)],
    ]);
    expect(response.url).not.toContain('secret-key-123');
    expect(response.status).toBe(200);
  });

  it('sends writes as PUT with a form body and no _dc', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true, affected_objects: [] }));
    await apiKeyTransport(fetch).send({ method: 'PUT', path: 'admin/api_keys.api', params: [['__method[]', 'POST']] });
    const call = calls[0]!;
    expect(call.init.method).toBe('PUT');
    expect(call.init.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(call.url).toBe('https://secure.workbooks.com/admin/api_keys.api');
    expect(valuesOf(paramsOf(call), '_dc')).toEqual([]);
    expect(valuesOf(paramsOf(call), '__method[]')).toEqual(['POST']);
    expect(valuesOf(paramsOf(call), 'api_key')).toEqual(['secret-key-123']);
  });

  it('can send writes as POST with _method=PUT', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true }));
    await apiKeyTransport(fetch, { writeMethod: 'POST' }).send({ method: 'PUT', path: 'admin/api_keys.api', params: [] });
    expect(calls[0]!.init.method).toBe('POST');
    expect(paramsOf(calls[0]!)[0]).toEqual(['_method', 'PUT']);
  });

  it('sends a long read as POST with _method=GET and the parameters in the body', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true, data: [], total: 0 }));
    const ids = Array.from({ length: 600 }, (_, i) => String(100000 + i)).join(',');
    await apiKeyTransport(fetch).send({ method: 'GET', path: 'admin/users.api', params: [['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', ids]] });
    const call = calls[0]!;
    expect(call.init.method).toBe('POST');
    expect(call.url).toBe('https://secure.workbooks.com/admin/users.api');
    const params = paramsOf(call);
    expect(params[0]).toEqual(['_method', 'GET']);
    expect(valuesOf(params, '_fc[]')).toEqual([ids]);
    expect(valuesOf(params, '_dc')).toEqual([String(NOW)]);
  });

  it('refuses to send without an API key', async () => {
    const { fetch, calls } = scriptedFetch(() => json({}));
    const transport = createApiKeyTransport({ baseUrl: BASE, fetch, apiKey: async () => '' });
    await expect(transport.send({ method: 'GET', path: 'x.api', params: [] })).rejects.toMatchObject({ kind: 'auth', failureReason: 'no_api_key' });
    expect(calls).toHaveLength(0);
  });
});

describe('session transport', () => {
  it('sends cookies and adds the authenticity token to writes only', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true, data: [] }));
    const transport = createSessionTransport({ baseUrl: BASE, fetch, authenticityToken: async () => 'tok-1', now: () => NOW });
    await transport.send({ method: 'GET', path: 'admin/api_keys.api', params: [] });
    await transport.send({ method: 'PUT', path: 'admin/api_keys.api', params: [['id[]', '1']] });
    expect(calls.map((c) => c.init.credentials)).toEqual(['include', 'include']);
    expect(valuesOf(paramsOf(calls[0]!), '_authenticity_token')).toEqual([]);
    expect(valuesOf(paramsOf(calls[0]!), 'api_key')).toEqual([]);
    expect(valuesOf(paramsOf(calls[0]!), 'client')).toEqual([]);
    expect(paramsOf(calls[1]!)[0]).toEqual(['_authenticity_token', 'tok-1']);
  });

  it('fails a write with AuthError no_authenticity_token when the source has none, sending nothing', async () => {
    const { fetch, calls } = scriptedFetch(() => json({}));
    const transport = createSessionTransport({ baseUrl: BASE, fetch, authenticityToken: async () => null });
    const error = await transport.send({ method: 'PUT', path: 'admin/api_keys.api', params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ kind: 'auth', failureReason: 'no_authenticity_token' });
    expect(calls).toHaveLength(0);
    // A login POST does not need one.
    await transport.send({ method: 'POST', path: 'login.api', params: [] });
    expect(calls).toHaveLength(1);
  });

  it('prefers a token learned from its own login over the page source', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ success: true }));
    const transport = createSessionTransport({ baseUrl: BASE, fetch, authenticityToken: async () => 'page-token' });
    transport.rememberAuthenticityToken?.('login-token');
    await transport.send({ method: 'PUT', path: 'a.api', params: [] });
    transport.rememberAuthenticityToken?.(null);
    await transport.send({ method: 'PUT', path: 'a.api', params: [] });
    expect(calls.map((c) => valuesOf(paramsOf(c), '_authenticity_token')[0])).toEqual(['login-token', 'page-token']);
  });
});

describe('redirects', () => {
  it('follows a 302 by repeating the request at the Location (same method and body)', async () => {
    const { fetch, calls } = scriptedFetch((call, i) =>
      i === 0 ? { status: 302, headers: { location: '/delay?t=1' } } : json({ success: true, affected_objects: [] }),
    );
    const response = await apiKeyTransport(fetch).send({ method: 'PUT', path: 'admin/api_keys.api', params: [['id[]', '5']] });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.url).toBe('https://secure.workbooks.com/delay?t=1');
    expect(calls[1]!.init.method).toBe('PUT');
    expect(calls[1]!.init.body).toBe(calls[0]!.init.body);
    expect(calls.map((c) => c.init.redirect)).toEqual(['manual', 'manual']);
  });

  it('stops after 5 hops with a ProtocolError', async () => {
    const { fetch, calls } = scriptedFetch(() => ({ status: 302, headers: { location: '/again' } }));
    await expect(apiKeyTransport(fetch).send({ method: 'GET', path: 'a.api', params: [] })).rejects.toBeInstanceOf(ProtocolError);
    expect(calls).toHaveLength(6);
  });

  it('refuses to follow a redirect to another origin (credentials stay home)', async () => {
    const { fetch, calls } = scriptedFetch(() => ({ status: 302, headers: { location: 'https://evil.example/steal' } }));
    await expect(apiKeyTransport(fetch).send({ method: 'GET', path: 'a.api', params: [] })).rejects.toMatchObject({ kind: 'protocol' });
    expect(calls).toHaveLength(1);
  });

  it('never lets the browser follow a redirect it cannot see: repeats the request at its own URL', async () => {
    let gets = 0;
    const { fetch, calls } = scriptedFetch(() => (gets++ < 1 ? { status: 0, type: 'opaqueredirect' } : json({ success: true, data: [], total: 0 })));
    await apiKeyTransport(fetch).send({ method: 'GET', path: 'a.api', params: [] });
    expect(calls.map((c) => c.init.redirect)).toEqual(['manual', 'manual']);
    expect(calls[1]!.url).toBe(calls[0]!.url);

    let posts = 0;
    const post = scriptedFetch(() => (posts++ < 2 ? { status: 0, type: 'opaqueredirect' } : json({ success: true })));
    await apiKeyTransport(post.fetch).send({ method: 'POST', path: 'login.api', params: [] });
    expect(post.calls.map((c) => [c.init.method, c.init.redirect, c.url])).toEqual([
      ['POST', 'manual', 'https://secure.workbooks.com/login.api'],
      ['POST', 'manual', 'https://secure.workbooks.com/login.api'],
      ['POST', 'manual', 'https://secure.workbooks.com/login.api'],
    ]);
  });

  it('returns a redirect unfollowed when asked (logout)', async () => {
    const { fetch, calls } = scriptedFetch(() => ({ status: 302, headers: { location: '/' } }));
    const response = await apiKeyTransport(fetch).send({ method: 'POST', path: 'logout.api', params: [], followRedirects: false });
    expect(response.status).toBe(302);
    expect(calls).toHaveLength(1);
  });
});

describe('failures', () => {
  it('turns a rejected fetch into NetworkError and a dropped body into NetworkError', async () => {
    const rejected = scriptedFetch(() => ({ networkError: true }));
    await expect(apiKeyTransport(rejected.fetch).send({ method: 'GET', path: 'a.api', params: [] })).rejects.toBeInstanceOf(NetworkError);
    const dropped = scriptedFetch(() => ({ status: 200, bodyError: true }));
    await expect(apiKeyTransport(dropped.fetch).send({ method: 'GET', path: 'a.api', params: [] })).rejects.toMatchObject({ kind: 'network' });
  });

  it('never puts the API key into an error or its request description', async () => {
    const rejected = scriptedFetch(() => ({ networkError: true }));
    const error = await apiKeyTransport(rejected.fetch)
      .send({ method: 'GET', path: 'a.api', params: [['password', 'hunter2']] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const text = JSON.stringify({ message: (error as NetworkError).message, request: (error as NetworkError).request });
    expect(text).not.toContain('secret-key-123');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('[redacted]');
  });

  it('turns an aborted signal into CancelledError, before and during the request', async () => {
    const { fetch, calls } = scriptedFetch(() => json({}));
    const controller = new AbortController();
    controller.abort();
    await expect(apiKeyTransport(fetch).send({ method: 'GET', path: 'a.api', params: [], signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toHaveLength(0);

    const during = new AbortController();
    const slow = apiKeyTransport(async (_url, init) => {
      during.abort();
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      throw new Error('unreachable');
    });
    await expect(slow.send({ method: 'GET', path: 'a.api', params: [], signal: during.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('normalises the base URL', () => {
    expect(normaliseBaseUrl('https://acme.workbooks.com')).toBe('https://acme.workbooks.com/');
    expect(normaliseBaseUrl('http://127.0.0.1:4000/sub?x=1#y')).toBe('http://127.0.0.1:4000/sub/');
  });
});
