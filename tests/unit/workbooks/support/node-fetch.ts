/**
 * Node-side fetch wrappers used only by tests and the bench: a cookie jar (Node's fetch keeps no cookies,
 * browsers do it for the session transport) and a recorder of what actually went over the wire.
 */
import type { FetchInitLike, FetchLike, FetchResponseLike } from '../../../../src/core/workbooks/transport';
import { decodeForm } from '../../../../src/core/workbooks/encode';

/** Node's global fetch typed as FetchLike. */
export const nodeFetch: FetchLike = (url, init) => fetch(url, init);

interface ResponseWithSetCookie extends FetchResponseLike {
  headers: FetchResponseLike['headers'] & { getSetCookie?: () => string[] };
}

/**
 * Keeps cookies set by the service and sends them back when the request says `credentials: 'include'`
 * (and never when it says 'omit'), like a browser on the same origin.
 */
export function cookieJarFetch(inner: FetchLike = nodeFetch): FetchLike & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  const wrapped = async (url: string, init: FetchInitLike): Promise<FetchResponseLike> => {
    const headers = { ...init.headers };
    if (init.credentials !== 'omit' && cookies.size > 0) {
      headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = (await inner(url, { ...init, headers })) as ResponseWithSetCookie;
    if (init.credentials !== 'omit') {
      const setCookies = response.headers.getSetCookie?.() ?? [];
      for (const line of setCookies) {
        const [pair = '', ...attributes] = line.split(';');
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
        if (expired || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
    }
    return response;
  };
  return Object.assign(wrapped, { cookies });
}

export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  /** Query parameters, then form-body parameters, in order. */
  params: Array<[string, string]>;
  contentType: string | null;
  credentials: string;
  status: number;
}

/** Records every call (after the fact, with the answer's status). */
export function recordingFetch(inner: FetchLike = nodeFetch): FetchLike & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const wrapped = async (url: string, init: FetchInitLike): Promise<FetchResponseLike> => {
    const parsed = new URL(url);
    const params: Array<[string, string]> = decodeForm(parsed.search);
    if (init.body) params.push(...decodeForm(init.body));
    const call: RecordedCall = {
      method: init.method,
      url,
      path: parsed.pathname,
      params,
      contentType: init.headers['Content-Type'] ?? null,
      credentials: init.credentials,
      status: 0,
    };
    calls.push(call);
    const response = await inner(url, init);
    call.status = response.status;
    return response;
  };
  return Object.assign(wrapped, { calls });
}
