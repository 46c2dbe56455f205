// The HTTP server: routing, body limits, authentication, faults, the request log and the /__sim/ endpoints.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AuthFailure, authenticateApiKey, authenticateSession, normalizePeer, parseCookies, SESSION_COOKIE, type Principal } from './auth';
import { grantFor, json, notFound, unacceptable, type ApiResponse, type SimContext } from './context';
import { handleDesktop, handleStatic } from './desktop-server';
import { FaultSpecError, type FaultEngine } from './faults';
import { handleLogin, handleLogout } from './login';
import { handleMetadata } from './metadata';
import { ParamError, Params, parseFormBytes } from './params';
import { handleRead } from './reads';
import type { AuthKind, RecordedRequest } from './types';
import { handleWrite } from './writes';

/** Bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const REDACTED = '[redacted]';
const SECRET_PARAMS = new Set(['api_key', 'password']);

export interface SimEndpoints {
  /** /__sim/* handler (loopback only); returns null for unknown paths. */
  handle(method: string, path: string, query: URLSearchParams, body: Buffer): Promise<ApiResponse | null>;
}

export interface ServerDeps {
  ctx: () => SimContext;
  faults: FaultEngine;
  requests: RecordedRequest[];
  sim: SimEndpoints;
  log: (line: string) => void;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (error) => { if (!failed) { failed = true; reject(error); } });
  });
}

function isLoopback(peer: string): boolean {
  const address = normalizePeer(peer);
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

function isForm(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let exceptionCounter = 0;
/** 500 with an exception reference, as the README describes. */
export function serverError(reason: string): ApiResponse {
  exceptionCounter += 1;
  const ref = `SIM-${Date.now().toString(36).toUpperCase()}-${String(exceptionCounter).padStart(4, '0')}`;
  const message = `An error has occurred (${reason}). Quote exception reference ${ref} to Workbooks Support.`;
  return json(500, { success: false, errors: [message], flash: message, exception_ref: ref });
}

function send(res: ServerResponse, response: ApiResponse, params: Params | null, slowMs = 0): Promise<void> {
  let text = JSON.stringify(response.body);
  let contentType = 'application/json; charset=utf-8';
  const callback = params ? (params.pairs.find(([n]) => n === 'callback' || n === 'jsonp')?.[1] ?? '') : '';
  if (callback !== '' && /^[A-Za-z_$][\w$.]{0,60}$/.test(callback)) {
    text = `${callback}(${text});`;
    contentType = 'application/javascript; charset=utf-8';
  }
  const body = Buffer.from(text, 'utf8');
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Expires: 'Fri, 30 Oct 1998 14:19:41 GMT',
    ...(response.headers ?? {}),
  };
  if (slowMs <= 0) {
    res.writeHead(response.status, { ...headers, 'Content-Length': body.length });
    res.end(body);
    return Promise.resolve();
  }
  // A slow body: headers at once, then the body in ten pieces spread over slowMs.
  res.writeHead(response.status, headers);
  return (async () => {
    const pieces = 10;
    const size = Math.ceil(body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      if (res.destroyed) return;
      res.write(body.subarray(i * size, (i + 1) * size));
      await sleep(slowMs / pieces);
    }
    res.end();
  })();
}

function redact(pairs: Array<[string, string]>): Array<[string, string]> {
  return pairs.map(([n, v]) => [n, SECRET_PARAMS.has(n) ? REDACTED : v]);
}

export function createSimServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handleRequest(deps, req, res).catch((error: unknown) => {
      deps.log(`simulator: unexpected error ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) void send(res, serverError('unexpected'), null);
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

async function handleRequest(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrived = Date.now();
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const method = (req.method ?? 'GET').toUpperCase();
  const socketPeer = req.socket.remoteAddress ?? '';
  // Tests may pretend to come from another address; only honoured from loopback peers.
  const override = req.headers['x-sim-client-address'];
  const peer = isLoopback(socketPeer) && typeof override === 'string' && override !== '' ? override.trim() : socketPeer;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }

  if (path.startsWith('/__sim/')) {
    if (!isLoopback(socketPeer)) {
      await send(res, json(403, { success: false, errors: ['Test endpoints answer loopback peers only'] }), null);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      await send(res, json(413, { success: false, errors: ['Request body too large'] }), null);
      return;
    }
    if (path === '/__sim/delay') {
      const query = new URLSearchParams(rawQuery);
      const to = query.get('to') ?? '/';
      const ms = Math.min(Number(query.get('ms') ?? '100') || 0, 30_000);
      await sleep(ms);
      const safeTarget = to.startsWith('/') && !to.startsWith('//') ? to : '/';
      const status = method === 'GET' || method === 'HEAD' ? 302 : 307;
      await send(res, json(status, { success: true, flash: 'Redirecting' }, { Location: safeTarget }), null);
      return;
    }
    const response = await deps.sim.handle(method, path, new URLSearchParams(rawQuery), body).catch((error: unknown) => {
      if (error instanceof FaultSpecError) return unacceptable(error.message);
      if (error instanceof SyntaxError) return unacceptable(`Bad JSON: ${error.message}`);
      if (error instanceof Error && /^(Unknown|Invalid|No record)/.test(error.message)) return unacceptable(error.message);
      throw error;
    });
    await send(res, response ?? notFound('That test endpoint'), null);
    return;
  }

  if (method === 'GET' && path.startsWith('/static/desktop/')) {
    const response = handleStatic(path);
    res.writeHead(response.status, { 'Content-Type': response.contentType, 'Cache-Control': 'no-cache' });
    res.end(response.body);
    return;
  }

  const isApi = path.endsWith('.api');
  const record: RecordedRequest = {
    seq: 0, method, effectiveMethod: method, path, params: [], auth: 'none', status: 0, time: arrived, faults: [],
  };
  if (isApi) {
    record.seq = deps.requests.length + 1;
    deps.requests.push(record);
  }

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    record.status = 413;
    await send(res, json(413, { success: false, errors: [`Request body larger than ${MAX_BODY_BYTES} bytes`] }), null);
    return;
  }

  let params: Params;
  try {
    const pairs = parseFormBytes(Buffer.from(rawQuery, 'latin1'));
    if (body.length > 0 && isForm(req)) pairs.push(...parseFormBytes(body));
    params = new Params(pairs);
    record.params = redact(pairs);
  } catch (error) {
    record.params = [];
    record.status = 406;
    const message = error instanceof ParamError ? error.message : 'Unreadable parameters';
    await send(res, unacceptable(message), null);
    return;
  }

  if (!isApi) {
    const ctx = deps.ctx();
    const response = handleDesktop(ctx, { method, path, rawQuery, params, cookies: parseCookies(req.headers.cookie), accept: req.headers.accept ?? '', peer });
    res.writeHead(response.status, { 'Cache-Control': 'no-cache', ...response.headers, 'Content-Type': response.contentType });
    res.end(response.body);
    return;
  }

  // `.api` requests: effective method, faults, then the handler.
  let effectiveMethod = method;
  let response: ApiResponse | null = null;
  try {
    const override = params.get('_method');
    if (override !== undefined && method === 'POST') effectiveMethod = override.trim().toUpperCase();
  } catch (error) {
    response = unacceptable(error instanceof Error ? error.message : 'Bad _method');
  }
  record.effectiveMethod = effectiveMethod;
  let startParam: string | undefined;
  try {
    startParam = params.get('_start');
  } catch {
    startParam = undefined;
  }
  const fired = deps.faults.fire({ seq: deps.faults.nextSeq(), path: path.slice(1), method: effectiveMethod, start: startParam });
  record.faults = fired.map((r) => r.text);
  let delay = deps.faults.latency();
  let slowMs = 0;
  const ctx = deps.ctx();
  for (const rule of fired) {
    if (response) break;
    switch (rule.action) {
      case 'latency': delay += rule.arg ?? 1000; break;
      case 'slow': slowMs = rule.arg ?? 1000; break;
      case 'expire': for (const session of ctx.state.sessions.values()) session.expired = true; break;
      case 'drop': {
        await sleep(delay);
        record.status = 0;
        req.socket.destroy();
        return;
      }
      case '500': response = serverError('injected fault'); break;
      case '403': response = json(403, { success: false, failure_reason: 'database_being_migrated', failure_message: 'A new release of software has been deployed and the selected database has not yet been upgraded. Try again soon.', errors: ['Database being migrated'] }); break;
      case 'redirect': {
        const status = effectiveMethod === 'GET' && method === 'GET' ? 302 : 307;
        const location = `/__sim/delay?ms=${rule.arg ?? 100}&to=${encodeURIComponent(rawUrl)}`;
        response = json(status, { success: true, flash: 'Please slow down' }, { Location: location });
        break;
      }
      case 'conflict': break;
    }
  }

  if (!response) {
    try {
      response = dispatchApi(ctx, { method, effectiveMethod, path, params, req, peer, record });
    } catch (error) {
      if (error instanceof ParamError) response = json(error.status, { success: false, errors: [error.message], flash: error.message });
      else {
        deps.log(`simulator: handler error ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        response = serverError('unexpected');
      }
    }
  }
  if (delay > 0) await sleep(delay);
  record.status = response.status;
  await send(res, response, params, slowMs);
}

interface ApiRequest {
  method: string;
  effectiveMethod: string;
  path: string;
  params: Params;
  req: IncomingMessage;
  peer: string;
  record: RecordedRequest;
}

function authenticate(ctx: SimContext, request: ApiRequest): Principal | AuthFailure {
  const apiKey = request.params.get('api_key');
  if (apiKey !== undefined) return authenticateApiKey(ctx.state, ctx.clock, apiKey, request.peer);
  const sessionId = parseCookies(request.req.headers.cookie).get(SESSION_COOKIE);
  return authenticateSession(ctx.state, ctx.clock, sessionId);
}

function authKindOf(request: ApiRequest): AuthKind {
  if (request.params.has('api_key')) return 'api-key';
  return parseCookies(request.req.headers.cookie).has(SESSION_COOKIE) ? 'session' : 'none';
}

function dispatchApi(ctx: SimContext, request: ApiRequest): ApiResponse {
  const { path, params, effectiveMethod } = request;
  request.record.auth = authKindOf(request);
  const cookies = parseCookies(request.req.headers.cookie);
  if (path === '/login.api') {
    if (request.method !== 'GET' && !isForm(request.req)) return unacceptable('Content-Type must be application/x-www-form-urlencoded');
    return handleLogin(ctx, request.method, params, cookies.get(SESSION_COOKIE), request.peer);
  }
  if (path === '/logout.api') return handleLogout(ctx, params, cookies.get(SESSION_COOKIE));
  const type = ctx.schema.types.find((t) => `/${t.controller_path}.api` === path);
  if (path !== '/metadata/types.api' && !type) return notFound(`${path}`);
  if (!['GET', 'PUT'].includes(effectiveMethod)) {
    return json(405, { success: false, errors: [`${request.method}${effectiveMethod !== request.method ? ` (_method=${effectiveMethod})` : ''} is not allowed here: read with GET (or POST with _method=GET), change with PUT (or POST with _method=PUT)`] });
  }
  if (request.method !== 'GET' && !isForm(request.req)) return unacceptable('Content-Type must be application/x-www-form-urlencoded');
  const principal = authenticate(ctx, request);
  if (principal instanceof AuthFailure) return json(principal.status, principal.body());
  if (!type) {
    if (effectiveMethod !== 'GET') return json(405, { success: false, errors: ['metadata/types.api is read-only'] });
    return handleMetadata(ctx, params, principal.grants);
  }
  if (!principal.grants.has(grantFor(type))) return notFound(`${path}`);
  if (effectiveMethod === 'GET') return handleRead(ctx, type, params);
  if (principal.kind === 'session') {
    const token = params.get('_authenticity_token');
    if (token === undefined || token !== principal.session?.authenticityToken) {
      return json(401, {
        success: false,
        failure_reason: 'invalid_authenticity_token',
        failure_message: 'Changes in a session need the session\'s _authenticity_token.',
        errors: ['Changes in a session need the session\'s _authenticity_token.'],
      });
    }
  }
  return handleWrite(ctx, type, params, principal.userId);
}
