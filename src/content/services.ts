/**
 * Everything the panel needs, wired once per page: the connection (session or API-key mode), the Workbooks
 * client, the key repository, and the IndexedDB stores, all scoped by host + database. UI components get
 * this object and never reach for fetch, storage or browser.* themselves.
 */
import { WorkbooksClient } from '../core/workbooks/client';
import { decodeLoginResponse, type LoginAnswer } from '../core/workbooks/decode';
import { createSessionTransport, type FetchLike, type Transport } from '../core/workbooks/transport';
import { isWorkbooksError } from '../core/workbooks/errors';
import { createKeyRepository, type KeyRepository } from '../core/keys/repository';
import type { DiscoveredSchema } from '../core/workbooks/schema';
import type { Settings } from '../core/settings';
import type { Scope } from '../platform/db';
import { takePendingAuditFilter } from '../platform/pending-requests';
import type { AuditFilter } from '../core/keys/audit-table';
import { browser } from '../platform/browser';
import { createRemoteStores, type AssistantStores } from '../platform/remote-stores';
import { loadSettings } from '../platform/settings';
import { createWorkerTransport, forgetStoredApiKey, getApiKeyStatus, storeApiKey } from '../platform/worker-transport';
import type { ApiKeyStatus } from '../platform/api-messages';
import { tokenFromDocument, type TokenStrategy } from './token-strategies';
import { errorMessage } from '../core/error-message';

export type ConnectionMode = 'session' | 'api-key';

export interface ConnectionState {
  status: 'connecting' | 'connected' | 'failed';
  mode: ConnectionMode;
  host: string;
  database: string | null;
  userName: string | null;
  userId: number | null;
  /** Session mode: where the authenticity token came from; null when writes are impossible. */
  tokenStrategy: TokenStrategy | null;
  canWrite: boolean;
  /** Plain-language problem and what to do about it. */
  problem: string | null;
  failureReason: string | null;
  apiKey: ApiKeyStatus | null;
}

export interface AssistantServices {
  readonly baseUrl: string;
  readonly host: string;
  connection(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  connect(mode?: ConnectionMode): Promise<ConnectionState>;
  setApiKey(apiKey: string, remember: boolean): Promise<ConnectionState>;
  forgetApiKey(): Promise<ConnectionState>;
  client(): WorkbooksClient;
  keys(): KeyRepository;
  schema(): Promise<DiscoveredSchema>;
  scope(): Scope;
  settings(): Promise<Settings>;
  /** IndexedDB stores in the extension's origin, reached through the worker. */
  readonly stores: AssistantStores;
  now(): Date;
  /** The audit filter an expiry reminder left for this page (once), or null. */
  pendingAuditFilter(): Promise<AuditFilter | null>;
}

export interface ServicesOptions {
  document: Document;
  fetch: FetchLike;
}

const schemaCache = new Map<string, DiscoveredSchema>();

export function describeConnectionProblem(error: unknown, mode: ConnectionMode): { problem: string; reason: string | null } {
  if (isWorkbooksError(error) && error.kind === 'auth') {
    const reason = (error as { failureReason?: string }).failureReason ?? null;
    if (reason === 'no_api_key') return { problem: 'Paste an API key to use API-key mode.', reason };
    if (reason === 'session_expired') return { problem: 'Your Workbooks session has expired. Sign in again in this tab, then press Reconnect.', reason };
    if (reason === 'no_session') return { problem: 'You are not signed in to Workbooks in this tab. Sign in, then press Reconnect — or use an API key.', reason };
    if (mode === 'api-key') return { problem: `Workbooks refused the API key (${reason ?? 'unknown reason'}): ${error.message}`, reason };
    return { problem: `Workbooks refused the session (${reason ?? 'unknown reason'}): ${error.message}`, reason };
  }
  if (isWorkbooksError(error) && error.kind === 'permission') {
    return { problem: `Workbooks refused access: ${error.message}`, reason: error.failureReason };
  }
  const message = errorMessage(error);
  return { problem: `Could not reach Workbooks: ${message}`, reason: null };
}

export function createAssistantServices({ document: doc, fetch: fetchFn }: ServicesOptions): AssistantServices {
  const origin = doc.location.origin;
  const baseUrl = `${origin}/`;
  const host = doc.location.host;
  const listeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = {
    status: 'connecting',
    mode: 'session',
    host,
    database: null,
    userName: null,
    userId: null,
    tokenStrategy: null,
    canWrite: false,
    problem: null,
    failureReason: null,
    apiKey: null,
  };
  let tokenFromLogin: string | null = null;

  const sessionTransport = createSessionTransport({
    baseUrl,
    fetch: fetchFn,
    // The token login.api answered belongs to the CURRENT session; the page's copy can be stale (the admin
    // signed in again in another tab, or the page was rendered for an older session), so it wins when known.
    authenticityToken: async () => tokenFromLogin ?? tokenFromDocument(doc)?.token ?? null,
  });
  const workerTransport = createWorkerTransport(baseUrl);
  let transport: Transport = sessionTransport;
  let client = new WorkbooksClient({ transport });
  let repository: KeyRepository | null = null;

  const publish = (next: Partial<ConnectionState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener(state);
    return state;
  };

  const cacheKey = () => `${host}|${state.database ?? '?'}|${state.mode}`;

  const useTransport = (next: Transport) => {
    transport = next;
    client = new WorkbooksClient({ transport });
    repository = null;
  };

  async function connectSession(): Promise<ConnectionState> {
    useTransport(sessionTransport);
    const fromDocument = tokenFromDocument(doc);
    let answer: LoginAnswer;
    try {
      answer = await client.sessionInfo();
    } catch (error) {
      // A token from a session that failed must never be sent with a later write.
      tokenFromLogin = null;
      const { problem, reason } = describeConnectionProblem(error, 'session');
      return publish({ status: 'failed', problem, failureReason: reason, canWrite: false, tokenStrategy: null });
    }
    tokenFromLogin = answer.authenticityToken;
    // Report where the token that will actually be sent comes from: the page's copy when it matches the session's
    // (or login.api gave none), else login.api.
    const tokenStrategy: TokenStrategy | null =
      fromDocument && (answer.authenticityToken === null || fromDocument.token === answer.authenticityToken)
        ? fromDocument.strategy
        : answer.authenticityToken
          ? 'login-api'
          : null;
    return publish({
      status: 'connected',
      database: answer.databaseName,
      userName: answer.personName ?? answer.loginName,
      userId: answer.userId,
      tokenStrategy,
      canWrite: tokenStrategy !== null,
      problem: tokenStrategy ? null : 'Signed in, but the page does not reveal the session’s authenticity token, so changes cannot be saved in session mode. Use API-key mode to save.',
      failureReason: null,
    });
  }

  async function connectApiKey(): Promise<ConnectionState> {
    useTransport(workerTransport);
    const apiKey = await getApiKeyStatus().catch(() => null);
    if (!apiKey?.present) {
      return publish({ status: 'failed', apiKey, problem: 'Paste an API key to use API-key mode.', failureReason: 'no_api_key', canWrite: false, tokenStrategy: null });
    }
    try {
      // login.api answers who the key acts as and which database it opens; the worker adds the key itself.
      const response = await transport.send({ method: 'POST', path: 'login.api', params: [['client', 'api'], ['api_version', '1']] });
      const answer = decodeLoginResponse(response);
      return publish({
        status: 'connected',
        apiKey,
        database: answer.databaseName,
        userName: answer.personName ?? answer.loginName,
        userId: answer.userId,
        tokenStrategy: null,
        canWrite: true,
        problem: null,
        failureReason: null,
      });
    } catch (error) {
      const { problem, reason } = describeConnectionProblem(error, 'api-key');
      return publish({ status: 'failed', apiKey, problem, failureReason: reason, canWrite: false });
    }
  }

  const services: AssistantServices = {
    baseUrl,
    host,
    connection: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async connect(mode) {
      const chosen = mode ?? (await loadSettings().catch(() => null))?.connectionMode ?? 'session';
      publish({ status: 'connecting', mode: chosen, problem: null });
      return chosen === 'api-key' ? connectApiKey() : connectSession();
    },
    async setApiKey(apiKey, remember) {
      await storeApiKey(apiKey, remember);
      publish({ status: 'connecting', mode: 'api-key', problem: null });
      return connectApiKey();
    },
    async forgetApiKey() {
      const apiKey = await forgetStoredApiKey();
      publish({ apiKey });
      return state.mode === 'api-key' ? connectApiKey() : state;
    },
    client: () => client,
    keys() {
      repository ??= createKeyRepository(client, { cacheKey: cacheKey(), cache: schemaCache });
      return repository;
    },
    schema: () => services.keys().schema(),
    scope: () => ({ host, database: state.database ?? 'unknown-database' }),
    settings: () => loadSettings(),
    stores: createRemoteStores((message) => browser.runtime.sendMessage(message)),
    now: () => new Date(),
    async pendingAuditFilter() {
      const pending = await takePendingAuditFilter();
      if (!pending || pending.keyIds.length === 0) return null;
      // A reminder about another database of this host must not filter this one's audit.
      if (pending.database && state.database && pending.database !== state.database) return null;
      return { keyIds: pending.keyIds };
    },
  };
  return services;
}
