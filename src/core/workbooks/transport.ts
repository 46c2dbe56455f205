/**
 * HTTP transports for the Workbooks API. Pure: the `fetch` function is injected (the page's fetch for the
 * session transport, the service worker's for the API-key transport, Node's in tests).
 *
 * What goes on the wire (README "HTTP Methods", "Retrieving Objects", "Changing Objects"; official bindings):
 * - Reads are GET with the parameters in the query string plus the cache-buster `_dc=<epoch ms>`. When the
 *   query would exceed ~2000 characters (URL limits of proxies and servers) the read goes as POST with
 *   `_method=GET` and the parameters in a form body, as the README describes.
 * - Writes are PUT with an `application/x-www-form-urlencoded` body: the README says a change "is always a PUT
 *   request" and fetch supports PUT everywhere. We keep PUT rather than the bindings' POST + `_method=PUT`
 *   because fetch's automatic redirect following (the only kind browsers expose) turns a 302'd POST into a GET
 *   and drops its body, while a PUT keeps its method and body. `writeMethod: 'POST'` switches to POST with
 *   `_method=PUT` for environments whose proxies mishandle PUT.
 * - Redirects (302 "may be received at any time and must be followed", also used to slow greedy clients) are
 *   followed by repeating the same request at the Location, at most 5 hops, only within the service's origin
 *   (never carry credentials elsewhere). Browsers hide Location from `redirect: 'manual'` (an opaque-redirect
 *   answer); there the transport lets fetch follow GET and PUT itself, and repeats a POST at its original URL.
 */
import { AuthError, CancelledError, describeRequest, NetworkError, ProtocolError, type RequestDescription } from './errors';
import { encodeForm, type Param } from './encode';
import { msg } from '../i18n/index';

export type WireMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface WireRequest {
  /** The logical method: GET reads, PUT writes, POST for login/logout. The transport decides what goes on the wire. */
  method: WireMethod;
  /** Service-relative path, e.g. 'admin/api_keys.api'. */
  path: string;
  params: Array<[string, string]>;
  signal?: AbortSignal;
  /** Default true. logout.api answers 302 on success, which must not be followed. */
  followRedirects?: boolean;
}

export interface WireResponse {
  status: number;
  /** Final URL without its query string (which may hold secrets). */
  url: string;
  body: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

export interface Transport {
  readonly kind: 'session' | 'api-key';
  readonly baseUrl: string;
  send(req: WireRequest): Promise<WireResponse>;
  /** Session transports keep the authenticity token a login through them answered (null forgets it). */
  rememberAuthenticityToken?(token: string | null): void;
}

/** The subset of fetch's init this code uses: assignable from the standard `fetch`. */
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  credentials: 'include' | 'omit' | 'same-origin';
  redirect: 'manual' | 'follow';
  signal?: AbortSignal;
}

export interface FetchResponseLike {
  readonly status: number;
  readonly url: string;
  readonly type?: string;
  readonly headers: { get(name: string): string | null; forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}

export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

interface CommonTransportOptions {
  /** The service URL, e.g. 'https://secure.workbooks.com/'. */
  baseUrl: string;
  fetch: FetchLike;
  /** Clock for `_dc` (injectable for reproducible tests). */
  now?: () => number;
  /** Query length (encoded characters) above which a read goes as POST with `_method=GET`. Default 2000. */
  longQueryThreshold?: number;
  /** 'PUT' (default, README) or 'POST' (POST with `_method=PUT`). */
  writeMethod?: 'PUT' | 'POST';
  /** Default 5. */
  maxRedirects?: number;
}

export interface SessionTransportOptions extends CommonTransportOptions {
  /** Where the page's session authenticity token comes from; null when it cannot be found. */
  authenticityToken: () => Promise<string | null>;
}

export interface ApiKeyTransportOptions extends CommonTransportOptions {
  apiKey: () => Promise<string>;
}

export const DEFAULT_LONG_QUERY_THRESHOLD = 2000;
export const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Ensures a trailing slash so relative paths resolve beneath it. */
export function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}

function hasParam(params: readonly Param[], name: string): boolean {
  return params.some(([n]) => n === name);
}

interface PreparedRequest {
  method: string;
  url: string;
  body: string | undefined;
  description: RequestDescription;
}

function prepare(options: CommonTransportOptions, baseUrl: string, req: WireRequest, params: Param[]): PreparedRequest {
  const target = new URL(req.path.replace(/^\/+/, ''), baseUrl).toString();
  const now = options.now ?? Date.now;
  if (req.method === 'GET') {
    const withDc: Param[] = [...params, ['_dc', String(now())]];
    const query = encodeForm(withDc);
    if (query.length <= (options.longQueryThreshold ?? DEFAULT_LONG_QUERY_THRESHOLD)) {
      return { method: 'GET', url: `${target}?${query}`, body: undefined, description: describeRequest('GET', req.path, withDc) };
    }
    const overridden: Param[] = [['_method', 'GET'], ...withDc];
    return { method: 'POST', url: target, body: encodeForm(overridden), description: describeRequest('POST', req.path, overridden) };
  }
  if (req.method === 'PUT' && (options.writeMethod ?? 'PUT') === 'PUT') {
    return { method: 'PUT', url: target, body: encodeForm(params), description: describeRequest('PUT', req.path, params) };
  }
  if (req.method === 'POST') {
    return { method: 'POST', url: target, body: encodeForm(params), description: describeRequest('POST', req.path, params) };
  }
  // PUT (POST mode) and DELETE travel as POST with the `_method` override the README documents.
  const overridden: Param[] = [['_method', req.method], ...params];
  return { method: 'POST', url: target, body: encodeForm(overridden), description: describeRequest('POST', req.path, overridden) };
}

function headersToRecord(headers: FetchResponseLike['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/** The URL without its query: the query of a GET holds `api_key` in API-key mode. */
function withoutQuery(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart < 0 ? url : url.slice(0, queryStart);
}

async function exchange(
  options: CommonTransportOptions,
  baseUrl: string,
  credentials: FetchInitLike['credentials'],
  req: WireRequest,
  params: Param[],
): Promise<WireResponse> {
  const prepared = prepare(options, baseUrl, req, params);
  const { description } = prepared;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (prepared.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const followRedirects = req.followRedirects ?? true;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const origin = new URL(baseUrl).origin;
  let url = prepared.url;
  const redirectMode: FetchInitLike['redirect'] = 'manual';
  let hops = 0;

  for (;;) {
    if (req.signal?.aborted) throw new CancelledError(undefined, description);
    let response: FetchResponseLike;
    try {
      const init: FetchInitLike = { method: prepared.method, headers, credentials, redirect: redirectMode };
      if (prepared.body !== undefined) init.body = prepared.body;
      if (req.signal) init.signal = req.signal;
      response = await options.fetch(url, init);
    } catch (error) {
      if (req.signal?.aborted) throw new CancelledError(undefined, description);
      throw new NetworkError(msg('engineClientUnreachable', origin, errorMessage(error)), errorMessage(error), description);
    }

    const opaqueRedirect = response.type === 'opaqueredirect' || (response.status === 0 && redirectMode === 'manual');
    if (opaqueRedirect) {
      if (!followRedirects) return { status: 302, url: withoutQuery(url), body: '', headers: {} };
      hops += 1;
      if (hops > maxRedirects) throw new ProtocolError(msg('engineClientTooManyRedirects', String(maxRedirects)), 302, description);
      // The runtime hides Location, so we cannot check where the redirect points. Letting the browser follow it
      // would carry the body (with api_key or _authenticity_token) to wherever it leads, so never do that: repeat
      // the request at its original URL (Workbooks also uses 302 to slow greedy clients), counting hops.
      url = prepared.url;
      continue;
    }

    if (followRedirects && REDIRECT_STATUSES.has(response.status)) {
      const location = response.headers.get('location');
      await response.text().catch(() => '');
      if (!location) throw new ProtocolError(msg('engineClientRedirectNoLocation', String(response.status)), response.status, description);
      hops += 1;
      if (hops > maxRedirects) throw new ProtocolError(msg('engineClientTooManyRedirects', String(maxRedirects)), response.status, description);
      const next = new URL(location, url);
      if (next.origin !== origin) {
        throw new ProtocolError(msg('engineClientRedirectOtherOrigin', next.origin), response.status, description);
      }
      url = next.toString();
      continue;
    }

    if (response.url && new URL(response.url, url).origin !== origin) {
      throw new ProtocolError(msg('engineClientAnswerOtherOrigin', new URL(response.url, url).origin), response.status, description);
    }

    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      if (req.signal?.aborted) throw new CancelledError(undefined, description);
      throw new NetworkError(msg('engineClientConnectionDropped', errorMessage(error)), errorMessage(error), description);
    }
    return { status: response.status, url: withoutQuery(response.url || url), body, headers: headersToRecord(response.headers) };
  }
}

/**
 * Same-origin requests on the signed-in user's session (`credentials: 'include'` sends the Workbooks-Session
 * cookie). Writes carry `_authenticity_token` (README "Changing Objects"); without one they fail with
 * AuthError `no_authenticity_token` before anything is sent.
 */
export function createSessionTransport(options: SessionTransportOptions): Transport {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  let learnedToken: string | null = null;

  async function currentToken(): Promise<string | null> {
    if (learnedToken) return learnedToken;
    try {
      return (await options.authenticityToken()) || null;
    } catch {
      return null;
    }
  }

  return {
    kind: 'session',
    baseUrl,
    rememberAuthenticityToken(token: string | null) {
      learnedToken = token;
    },
    async send(req: WireRequest): Promise<WireResponse> {
      if (req.signal?.aborted) throw new CancelledError(undefined, describeRequest(req.method, req.path, req.params));
      const params: Param[] = [...req.params];
      if (req.method !== 'GET' && !hasParam(params, '_authenticity_token')) {
        const token = await currentToken();
        if (token) {
          params.unshift(['_authenticity_token', token]);
        } else if (req.method === 'PUT' || req.method === 'DELETE') {
          throw new AuthError(
            'no_authenticity_token',
            msg('engineClientNoToken'),
            null,
            describeRequest(req.method, req.path, params),
          );
        }
      }
      return exchange(options, baseUrl, 'include', req, params);
    },
  };
}

/**
 * Requests authenticated by an API key on every request, as the official bindings send it: `api_key`,
 * `client=api`, `_api_version=1`. No cookies are sent or accepted (`credentials: 'omit'`), so a signed-in
 * browser session can never leak into API-key mode.
 */
export function createApiKeyTransport(options: ApiKeyTransportOptions): Transport {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  return {
    kind: 'api-key',
    baseUrl,
    async send(req: WireRequest): Promise<WireResponse> {
      if (req.signal?.aborted) throw new CancelledError(undefined, describeRequest(req.method, req.path, req.params));
      let apiKey: string;
      try {
        apiKey = await options.apiKey();
      } catch {
        apiKey = '';
      }
      if (!apiKey) {
        throw new AuthError('no_api_key', msg('engineClientNoApiKey'), null, describeRequest(req.method, req.path, req.params));
      }
      const params: Param[] = [...req.params];
      if (!hasParam(params, 'api_key')) params.push(['api_key', apiKey]);
      if (!hasParam(params, 'client')) params.push(['client', 'api']);
      if (!hasParam(params, '_api_version') && !hasParam(params, 'api_version')) params.push(['_api_version', '1']);
      return exchange(options, baseUrl, 'omit', req, params);
    },
  };
}
