/**
 * The typed Workbooks API client every feature uses: paged reads with bounded concurrency, batched square-array
 * writes, metadata, login/session/logout. Talks only through a Transport.
 *
 * Retry rule: reads (idempotent) are retried with exponential backoff and jitter on network errors and 5xx;
 * writes are never retried, because a dropped connection leaves their outcome unknown (the service may have
 * applied them) and a blind repeat could create duplicates or fail on a bumped lock_version.
 */
import {
  CancelledError,
  describeRequest,
  isWorkbooksError,
  NetworkError,
  ProtocolError,
  ServerError,
  throwIfAborted,
  type AnyWorkbooksError,
} from './errors';
import { chunk, encodeReadQuery, encodeWriteBatch, MAX_RECORDS_PER_WRITE, type Param, type ReadQuery, type WriteOp } from './encode';
import {
  decodeLoginResponse,
  decodeReadResponse,
  decodeWriteResponse,
  errorFromStatus,
  failedRequestError,
  isObject,
  parseJsonBody,
  type LoginAnswer,
  type ReadPage,
  type WireRecord,
  type WriteResult,
} from './decode';
import { decodeMetadata, type RecordTypeMetadata } from './metadata';
import type { Transport, WireRequest, WireResponse } from './transport';
import { msg } from '../i18n/index';
import { errorMessage } from '../error-message';

export interface RetryPolicy {
  /** Total tries including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };
/** The official bindings' PARALLEL_CONCURRENCY_LIMIT. */
export const MAX_CONCURRENT_REQUESTS = 5;
/** The README's "safe" page size. */
export const DEFAULT_PAGE_SIZE = 100;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface WorkbooksClientOptions {
  transport: Transport;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests; must reject with CancelledError (or resolve early) when the signal fires. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Requests in flight at once across the whole client (default 5, the official bindings' limit). */
  maxConcurrentRequests?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ReadAllOptions extends RequestOptions {
  onProgress?: (loaded: number, total: number) => void;
  /** Called as each page arrives (any order); lets callers start dependent reads early. */
  onPage?: (records: WireRecord[], pageIndex: number) => void;
  pageSize?: number;
  /** Pages in flight at once; capped at 5. */
  concurrency?: number;
}

export interface WriteOptions extends RequestOptions {
  /** Default true: each record is its own transaction, so one bad record does not sink the others. */
  perObjectTransactions?: boolean;
  /** After each request: operations done so far, total operations. */
  onBatch?: (done: number, total: number) => void;
}

export type LoginCredentials = { apiKey: string } | { username: string; password: string };

export interface LoginOptions extends RequestOptions {
  logicalDatabaseId?: number;
  applicationName?: string;
}

/** Appends `.api` unless the path already names an extension (as the bindings do). */
export function apiPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return /\.\w{3,4}$/.test(trimmed) ? trimmed : `${trimmed}.api`;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ServerError && error.status >= 500);
}

/** An AbortController that also aborts when `outer` does; `dispose` detaches it. */
function linkedController(outer: AbortSignal | undefined): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (!outer) return { controller, dispose: () => undefined };
  const onAbort = () => controller.abort(outer.reason);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => outer.removeEventListener('abort', onAbort) };
}

/** FIFO limiter for requests in flight; a waiter whose signal fires leaves the queue with CancelledError. */
class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<{ start: () => void; cancel: () => void }> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const entry = {
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          cancel: () => reject(new CancelledError()),
        };
        const onAbort = () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          entry.cancel();
        };
        if (signal?.aborted) {
          entry.cancel();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(entry);
      });
    }
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      const next = this.waiting.shift();
      if (next) next.start();
    }
  }
}

function recordId(record: WireRecord): number | null {
  const id = record.id;
  if (typeof id === 'number' && Number.isInteger(id)) return id;
  if (typeof id === 'string' && /^\d+$/.test(id)) return Number(id);
  return null;
}

export class WorkbooksClient {
  readonly transport: Transport;
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly limiter: RequestLimiter;

  constructor(options: WorkbooksClientOptions) {
    this.transport = options.transport;
    this.limiter = new RequestLimiter(Math.max(1, options.maxConcurrentRequests ?? MAX_CONCURRENT_REQUESTS));
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** Delay before retry number `retryNumber` (1-based): exponential, capped, with "equal jitter". */
  backoffDelay(retryNumber: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (retryNumber - 1));
    return Math.round(exponential / 2 + (exponential / 2) * this.random());
  }

  /** Every request goes through here: at most `maxConcurrentRequests` in flight. */
  private send(request: WireRequest): Promise<WireResponse> {
    return this.limiter.run(() => this.transport.send(request), request.signal);
  }

  /** Sends an idempotent request, retrying network errors and 5xx with backoff. */
  private async sendIdempotent<T>(request: WireRequest, decode: (response: WireResponse) => T): Promise<T> {
    const attempts = Math.max(1, this.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(request.signal, describeRequest(request.method, request.path, request.params));
      try {
        return decode(await this.send(request));
      } catch (error) {
        if (!isRetryable(error) || attempt >= attempts || request.signal?.aborted) throw error;
        await this.sleep(this.backoffDelay(attempt), request.signal);
      }
    }
  }

  /** One page: `{records, total}`. `total` counts every matching row unless `skipTotal` is set. */
  async readPage(path: string, query: ReadQuery = {}, options: RequestOptions = {}): Promise<ReadPage> {
    const request: WireRequest = { method: 'GET', path: apiPath(path), params: encodeReadQuery(query) };
    if (options.signal) request.signal = options.signal;
    return this.sendIdempotent(request, (response) => decodeReadResponse(response, describeRequest('GET', request.path, request.params)));
  }

  /**
   * Every matching row. The first page gives `total`; the remaining pages are fetched with at most
   * `concurrency` (≤ 5) requests in flight and returned in order. Rows are sorted by id unless the query sorts,
   * so pages do not shift under each other, and duplicates (rows that moved between pages) are dropped.
   */
  async readAll(path: string, query: ReadQuery = {}, options: ReadAllOptions = {}): Promise<ReadPage> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize <= 0) throw new RangeError('pageSize must be a positive integer.');
    const concurrency = Math.max(1, Math.min(MAX_CONCURRENT_REQUESTS, options.concurrency ?? MAX_CONCURRENT_REQUESTS));
    const base: ReadQuery = { ...query, skipTotal: false, sort: query.sort?.length ? query.sort : [{ field: 'id', dir: 'ASC' }] };
    const { controller, dispose } = linkedController(options.signal);
    try {
      const first = await this.readPage(path, { ...base, start: 0, limit: pageSize }, { signal: controller.signal });
      const total = first.total;
      const pageCount = Math.max(1, Math.ceil(total / pageSize));
      const pages: WireRecord[][] = new Array<WireRecord[]>(pageCount);
      pages[0] = first.records;
      let loaded = first.records.length;
      options.onPage?.(first.records, 0);
      options.onProgress?.(loaded, total);

      let next = 1;
      const worker = async (): Promise<void> => {
        while (next < pageCount) {
          const index = next++;
          const page = await this.readPage(path, { ...base, start: index * pageSize, limit: pageSize }, { signal: controller.signal });
          pages[index] = page.records;
          loaded += page.records.length;
          options.onPage?.(page.records, index);
          options.onProgress?.(loaded, total);
        }
      };
      const workers = Array.from({ length: Math.min(concurrency, pageCount - 1) }, () => worker());
      try {
        await Promise.all(workers);
      } catch (error) {
        controller.abort();
        await Promise.allSettled(workers);
        if (options.signal?.aborted) throw new CancelledError();
        throw error;
      }

      const seen = new Set<number>();
      const records: WireRecord[] = [];
      for (const page of pages) {
        for (const record of page ?? []) {
          const id = recordId(record);
          if (id !== null) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          records.push(record);
        }
      }
      return { records, total };
    } finally {
      dispose();
    }
  }

  /**
   * Creates, updates and deletes records: batches of at most 100 (square arrays, working-set filter), sent one
   * after another, never retried. Returns one result per operation in the caller's order. A request-level
   * failure stops the run: that batch's operations get the error (`attempted: true`, outcome unknown for
   * network errors), later ones get it with `attempted: false`.
   */
  async write(path: string, ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    const perObjectTransactions = options.perObjectTransactions ?? true;
    const target = apiPath(path);
    const batches = chunk(ops, MAX_RECORDS_PER_WRITE);
    batches.forEach((batch) => encodeWriteBatch(batch, { perObjectTransactions })); // reject bad input before sending anything
    const results: WriteResult[] = [];
    let stoppedBy: AnyWorkbooksError | null = null;
    for (const batch of batches) {
      if (stoppedBy === null && options.signal?.aborted) stoppedBy = new CancelledError(msg('engineClientCancelledBeforeBatch'));
      if (stoppedBy !== null) {
        const error = stoppedBy;
        results.push(...batch.map((): WriteResult => ({ ok: false, error, attempted: false })));
        continue;
      }
      const params: Param[] = encodeWriteBatch(batch, { perObjectTransactions });
      const request: WireRequest = { method: 'PUT', path: target, params };
      if (options.signal) request.signal = options.signal;
      const description = describeRequest('PUT', target, params);
      try {
        const response = await this.send(request);
        results.push(...decodeWriteResponse(response, batch, { perObjectTransactions, indexOffset: results.length }, description));
      } catch (error) {
        const typed: AnyWorkbooksError = isWorkbooksError(error)
          ? error
          : new ProtocolError(msg('engineClientWriteFailure', errorMessage(error)), null, description);
        results.push(...batch.map((): WriteResult => ({ ok: false, error: typed, attempted: true })));
        stoppedBy = typed;
      }
      options.onBatch?.(results.length, ops.length);
    }
    return results;
  }

  /** Record types from `metadata/types.api`, optionally only `classNames` and only `selectColumns`. */
  async getMetadata(classNames: string[] = [], options: RequestOptions & { selectColumns?: string[] } = {}): Promise<RecordTypeMetadata[]> {
    const params: Param[] = [
      ...classNames.map((name): Param => ['class_names[]', name]),
      ...(options.selectColumns ?? []).map((column): Param => ['_select_columns[]', column]),
    ];
    const request: WireRequest = { method: 'GET', path: 'metadata/types.api', params };
    if (options.signal) request.signal = options.signal;
    const description = describeRequest('GET', request.path, params);
    return this.sendIdempotent(request, (response) => {
      if (response.status !== 200) throw errorFromStatus(response, description);
      const body = parseJsonBody(response, description);
      if (isObject(body) && body.success === false) throw failedRequestError(body, response.status, description);
      return decodeMetadata(body, description);
    });
  }

  /**
   * Starts a session (login.api with `client=api`, `api_version=1`). Through a session transport the answered
   * authenticity token is remembered for later writes.
   */
  async login(credentials: LoginCredentials, options: LoginOptions = {}): Promise<LoginAnswer> {
    const params: Param[] =
      'apiKey' in credentials
        ? [['api_key', credentials.apiKey]]
        : [
            ['username', credentials.username],
            ['password', credentials.password],
          ];
    params.push(['client', 'api'], ['api_version', '1']);
    if (options.logicalDatabaseId !== undefined) params.push(['logical_database_id', String(options.logicalDatabaseId)]);
    if (options.applicationName) params.push(['_application_name', options.applicationName]);
    const request: WireRequest = { method: 'POST', path: 'login.api', params };
    if (options.signal) request.signal = options.signal;
    const answer = decodeLoginResponse(await this.send(request), describeRequest('POST', request.path, params));
    this.transport.rememberAuthenticityToken?.(answer.authenticityToken);
    return answer;
  }

  /** The current session (GET login.api): user, database, authenticity token; AuthError when there is none. */
  async sessionInfo(options: RequestOptions = {}): Promise<LoginAnswer> {
    const request: WireRequest = { method: 'GET', path: 'login.api', params: [] };
    if (options.signal) request.signal = options.signal;
    return this.sendIdempotent(request, (response) => decodeLoginResponse(response, describeRequest('GET', request.path, [])));
  }

  /** Ends the session. logout.api answers a 302 on success (README), which is not followed. */
  async logout(options: RequestOptions = {}): Promise<void> {
    const request: WireRequest = { method: 'POST', path: 'logout.api', params: [], followRedirects: false };
    if (options.signal) request.signal = options.signal;
    const response = await this.send(request);
    this.transport.rememberAuthenticityToken?.(null);
    if (response.status === 200 || (response.status >= 300 && response.status < 400)) return;
    throw errorFromStatus(response, describeRequest('POST', request.path, []));
  }
}
