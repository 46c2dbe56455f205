// Server side of the simulated Workbooks Desktop: the page shell (with the authenticity-token strategy of the
// page load), the explicit login form, and the static ES modules under /static/desktop/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthFailure, authenticateSession, newSession, SESSION_COOKIE, userRefusal } from './auth';
import type { SimContext } from './context';
import { DATABASE, sessionCookie } from './login';
import type { Params } from './params';
import { ADMIN_USER_ID } from './seed';
import type { Session } from './store';

export const DESKTOP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'desktop');
export const TOKEN_STRATEGIES = ['meta', 'hidden', 'global', 'none'] as const;
export type TokenStrategy = (typeof TOKEN_STRATEGIES)[number];
export type Layout = 'modern' | 'classic';
export const DESKTOP_HOME = '/desktop/config/api-keys';

export interface DesktopRequest {
  method: string;
  path: string;
  rawQuery: string;
  params: Params;
  cookies: Map<string, string>;
  accept: string;
  peer: string;
}

export interface DesktopResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers: Record<string, string | string[]>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function html(status: number, body: string, headers: Record<string, string | string[]> = {}): DesktopResponse {
  return { status, contentType: 'text/html; charset=utf-8', body, headers };
}

function redirect(location: string, headers: Record<string, string | string[]> = {}): DesktopResponse {
  return { status: 302, contentType: 'text/html; charset=utf-8', body: `<a href="${escapeHtml(location)}">Continue</a>`, headers: { ...headers, Location: location } };
}

export interface ShellOptions {
  ctx: SimContext;
  session: Session;
  strategy: TokenStrategy;
  layout: Layout;
}

/** The roles → field names the Desktop itself knows (it is the same product as the API). */
function schemaForPage(ctx: SimContext): Record<string, unknown> {
  const describe = (type: typeof ctx.schema.apiKeyType): Record<string, unknown> => ({
    path: type.controller_path,
    human: type.human_class_name,
    fields: Object.fromEntries(type.fields.map((f) => [f.role, f.name])),
    related: Object.fromEntries(type.associations.map((a) => [a.foreignKeyRole, `${a.name}[${a.displayName}]`])),
  });
  return { apiKey: describe(ctx.schema.apiKeyType), user: describe(ctx.schema.userType) };
}

/** The HTML shell the single-page app boots in. */
export function renderShell({ ctx, session, strategy, layout }: ShellOptions): string {
  const user = ctx.state.users.get(session.userId);
  const token = session.authenticityToken;
  const head: string[] = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Workbooks</title>',
  ];
  if (strategy === 'meta') head.push(`<meta name="csrf-token" content="${escapeHtml(token)}">`);
  head.push('<link rel="stylesheet" href="/static/desktop/desktop.css">');
  if (strategy === 'global') {
    // A page global: visible to page scripts, not to an isolated content script.
    head.push(`<script>window.WB_SESSION = ${JSON.stringify({ authenticityToken: token, userId: session.userId }).replace(/</g, '\\u003c')};</script>`);
  }
  head.push('<script type="module" src="/static/desktop/app.js"></script>');
  const boot = JSON.stringify({
    layout,
    user: { id: session.userId, name: user?.userName ?? '' },
    database: DATABASE.name,
    schema: schemaForPage(ctx),
  });
  const hiddenToken = strategy === 'hidden'
    ? `<div class="x-hidden" id="wb-form-template" hidden><input type="hidden" name="authenticity_token" value="${escapeHtml(token)}"></div>`
    : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head>${head.join('\n')}</head>`,
    `<body class="x-body wb-layout-${layout}">`,
    `<div id="ext-comp-1001" class="x-viewport" data-boot="${escapeHtml(boot)}"><div class="x-mask-msg">Loading…</div></div>`,
    hiddenToken,
    '<noscript>Workbooks needs JavaScript.</noscript>',
    '</body>',
    '</html>',
  ].join('\n');
}

export function renderLoginPage(message: string | null, returnTo: string): string {
  return [
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Workbooks – Sign in</title>',
    '<link rel="stylesheet" href="/static/desktop/desktop.css"></head>',
    '<body class="x-body wb-login">',
    '<form class="wb-login-form" method="post" action="/login">',
    '<h1>Sign in to Workbooks</h1>',
    message ? `<div class="wb-login-error" role="alert">${escapeHtml(message)}</div>` : '',
    '<label for="wb-login-username">Email</label>',
    '<input id="wb-login-username" name="username" type="email" autocomplete="username" required>',
    '<label for="wb-login-password">Password</label>',
    '<input id="wb-login-password" name="password" type="password" autocomplete="current-password" required>',
    `<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">`,
    '<button type="submit">Sign in</button>',
    '</form></body></html>',
  ].join('\n');
}

function safeReturn(value: string | undefined): string {
  return value && value.startsWith('/desktop/') && !value.includes('//') ? value : DESKTOP_HOME;
}

function acceptsHtml(accept: string): boolean {
  return accept === '' || /text\/html|\*\/\*/.test(accept);
}

function query(req: DesktopRequest, name: string): string | undefined {
  return new URLSearchParams(req.rawQuery).get(name) ?? undefined;
}

/** Session for a page load: none → a demo session for the seeded admin; dead → sign in again. */
function pageSession(ctx: SimContext, req: DesktopRequest): { session: Session; fresh: boolean } | { login: true } {
  const sessionId = req.cookies.get(SESSION_COOKIE);
  if (sessionId === undefined || sessionId === '') {
    return { session: newSession(ctx.state, ctx.clock, ADMIN_USER_ID, null), fresh: true };
  }
  const principal = authenticateSession(ctx.state, ctx.clock, sessionId);
  if (principal instanceof AuthFailure || !principal.session) return { login: true };
  return { session: principal.session, fresh: false };
}

export function handleDesktop(ctx: SimContext, req: DesktopRequest): DesktopResponse {
  const { method, path } = req;
  if (path === '/login') {
    if (method === 'GET') return html(200, renderLoginPage(null, safeReturn(query(req, 'return_to'))));
    if (method !== 'POST') return html(405, renderLoginPage('Use the form to sign in.', DESKTOP_HOME));
    let username: string | undefined;
    let password: string | undefined;
    let returnTo: string | undefined;
    try {
      username = req.params.get('username');
      password = req.params.get('password');
      returnTo = req.params.get('return_to');
    } catch {
      return html(406, renderLoginPage('Please fill in the form once.', DESKTOP_HOME));
    }
    const user = [...ctx.state.users.values()].find((u) => !u.isDeleted && u.email.toLowerCase() === (username ?? '').trim().toLowerCase());
    if (!user || user.password !== password) return html(401, renderLoginPage('Either the name or the password was not correct.', safeReturn(returnTo)));
    const refusal = userRefusal(user, false);
    if (refusal && refusal.reason !== 'no_permission_for_api') return html(401, renderLoginPage(refusal.message, safeReturn(returnTo)));
    const session = newSession(ctx.state, ctx.clock, user.id, null);
    return redirect(safeReturn(returnTo), { 'Set-Cookie': sessionCookie(session) });
  }
  if (path === '/logout') {
    const sessionId = req.cookies.get(SESSION_COOKIE);
    if (sessionId) ctx.state.sessions.delete(sessionId);
    return redirect('/login', { 'Set-Cookie': `${SESSION_COOKIE}=; path=/; Max-Age=0` });
  }
  if (path === '/' || path === '/desktop' || path.startsWith('/desktop/')) {
    if (method !== 'GET' && method !== 'HEAD') return html(405, '<p>Method not allowed</p>');
    if (!acceptsHtml(req.accept)) {
      return { status: 406, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ success: false, errors: ['This page is HTML'] }), headers: {} };
    }
    const target = path === '/' || path === '/desktop' ? DESKTOP_HOME : path;
    const found = pageSession(ctx, req);
    if ('login' in found) return redirect(`/login?return_to=${encodeURIComponent(target)}`);
    const cookie: Record<string, string> = found.fresh ? { 'Set-Cookie': sessionCookie(found.session) } : {};
    // Only the root redirects into the app; every /desktop/* path renders the shell (the app routes itself).
    if (target !== path) return redirect(`${target}${req.rawQuery ? `?${req.rawQuery}` : ''}`, cookie);
    const strategyText = query(req, 'token') ?? 'meta';
    const strategy: TokenStrategy = (TOKEN_STRATEGIES as readonly string[]).includes(strategyText) ? (strategyText as TokenStrategy) : 'meta';
    const layout: Layout = query(req, 'layout') === 'classic' ? 'classic' : 'modern';
    return html(200, renderShell({ ctx, session: found.session, strategy, layout }), cookie);
  }
  if (path === '/favicon.ico') return { status: 204, contentType: 'image/x-icon', body: '', headers: {} };
  return {
    status: 404,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ success: false, errors: [`${path} could not be found.`] }),
    headers: {},
  };
}

const STATIC_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function handleStatic(path: string): { status: number; contentType: string; body: string | Buffer } {
  const match = /^\/static\/desktop\/([a-z0-9-]+)\.(js|css)$/.exec(path);
  if (!match) return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
  try {
    return { status: 200, contentType: STATIC_TYPES[match[2] ?? 'js'] ?? 'text/plain', body: readFileSync(join(DESKTOP_DIR, `${match[1]}.${match[2]}`)) };
  } catch {
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
  }
}
