/** Test doubles for the Workbooks client: a scripted fetch and a scripted transport. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchInitLike, FetchLike, FetchResponseLike, Transport, WireRequest, WireResponse } from '../../../src/core/workbooks/transport';

const here = dirname(fileURLToPath(import.meta.url));

export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

export interface FetchCall {
  url: string;
  init: FetchInitLike;
}

export interface ScriptedAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  type?: string;
  /** Reject the fetch itself (a network failure). */
  networkError?: boolean;
  /** Reject while reading the body (a dropped connection). */
  bodyError?: boolean;
}

export function fakeResponse(url: string, answer: ScriptedAnswer): FetchResponseLike {
  const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status: answer.status ?? 200,
    url,
    ...(answer.type ? { type: answer.type } : {}),
    headers: {
      get: (name: string) => headers.get(name.toLowerCase()) ?? null,
      forEach: (callback: (value: string, name: string) => void) => headers.forEach((v, k) => callback(v, k)),
    },
    text: () => (answer.bodyError ? Promise.reject(new TypeError('terminated')) : Promise.resolve(answer.body ?? '')),
  };
}

/** A fetch that answers from a function of the call and records every call. */
export function scriptedFetch(answer: (call: FetchCall, index: number) => ScriptedAnswer): { fetch: FetchLike; calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { url, init };
    calls.push(call);
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const scripted = answer(call, calls.length - 1);
    if (scripted.networkError) throw new TypeError('fetch failed');
    return fakeResponse(url, scripted);
  };
  return { fetch, calls };
}

export function json(value: unknown, status = 200): ScriptedAnswer {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8' } };
}

/** Parameters of a recorded call: query string then form body, in order. */
export function paramsOf(call: FetchCall): Array<[string, string]> {
  const url = new URL(call.url);
  const params: Array<[string, string]> = [...url.searchParams.entries()];
  if (call.init.body) params.push(...new URLSearchParams(call.init.body).entries());
  return params;
}

export function valuesOf(params: Array<[string, string]>, name: string): string[] {
  return params.filter(([n]) => n === name).map(([, v]) => v);
}

/** A transport answering from a function; records requests and tracks the peak number in flight. */
export function scriptedTransport(
  answer: (req: WireRequest, index: number) => Promise<WireResponse> | WireResponse,
  kind: Transport['kind'] = 'api-key',
): Transport & { requests: WireRequest[]; peakInFlight: () => number } {
  const requests: WireRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    kind,
    baseUrl: 'https://secure.workbooks.com/',
    requests,
    peakInFlight: () => peak,
    async send(req) {
      requests.push(req);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return await answer(req, requests.length - 1);
      } finally {
        inFlight -= 1;
      }
    },
  };
}

export function wire(body: unknown, status = 200): WireResponse {
  return { status, url: 'https://secure.workbooks.com/x.api', body: typeof body === 'string' ? body : JSON.stringify(body), headers: {} };
}

export function param(req: WireRequest, name: string): string | undefined {
  return req.params.find(([n]) => n === name)?.[1];
}

export const noSleep = (): Promise<void> => Promise.resolve();
