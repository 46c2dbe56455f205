/** Builds clients against a running simulator (integration tests and the bench). */
import { WorkbooksClient, type RetryPolicy, type Sleep } from '../../../../src/core/workbooks/client';
import { createApiKeyTransport, createSessionTransport, type FetchLike, type Transport } from '../../../../src/core/workbooks/transport';
import { cookieJarFetch, nodeFetch, recordingFetch, type RecordedCall } from './node-fetch';

export interface ClientOptions {
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  now?: () => number;
  apiKey?: string;
}

/** Short backoff so fault tests stay fast; still exponential with jitter. */
export const FAST_RETRY: Partial<RetryPolicy> = { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

interface SimLike {
  url: string;
  admin: { username: string; password: string; apiKey: string };
}

export interface BuiltClient {
  client: WorkbooksClient;
  transport: Transport;
  calls: RecordedCall[];
}

export function apiKeyClient(sim: SimLike, options: ClientOptions = {}): BuiltClient {
  const recorder = recordingFetch(options.fetch ?? nodeFetch);
  const transport = createApiKeyTransport({
    baseUrl: sim.url,
    fetch: recorder,
    apiKey: async () => options.apiKey ?? sim.admin.apiKey,
    ...(options.now ? { now: options.now } : {}),
  });
  const client = new WorkbooksClient({ transport, retry: options.retry ?? FAST_RETRY, ...(options.sleep ? { sleep: options.sleep } : {}) });
  return { client, transport, calls: recorder.calls };
}

/**
 * A session client as the page would have it, in Node: the cookie jar plays the browser, and the token
 * source plays "the page's authenticity token" (here: what login answered, or nothing).
 */
export function sessionClient(sim: SimLike, options: ClientOptions & { token?: () => Promise<string | null> } = {}): BuiltClient & { cookies: Map<string, string> } {
  const jar = cookieJarFetch(options.fetch ?? nodeFetch);
  const recorder = recordingFetch(jar);
  const transport = createSessionTransport({
    baseUrl: sim.url,
    fetch: recorder,
    authenticityToken: options.token ?? (async () => null),
    ...(options.now ? { now: options.now } : {}),
  });
  const client = new WorkbooksClient({ transport, retry: options.retry ?? FAST_RETRY, ...(options.sleep ? { sleep: options.sleep } : {}) });
  return { client, transport, calls: recorder.calls, cookies: jar.cookies };
}
