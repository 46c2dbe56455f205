// login.api and logout.api.
import { AuthFailure, authenticateApiKey, authenticateSession, newSession, SESSION_COOKIE, userRefusal } from './auth';
import { json, unacceptable, type ApiResponse, type SimContext } from './context';
import type { Params } from './params';
import type { Session } from './store';
import { formatWireDatetime } from './dates';

export const DATABASE = {
  name: 'Simulated Workbooks Ltd',
  logicalDatabaseId: 2001,
  databaseInstanceId: 880042,
  createdAt: Date.UTC(2019, 0, 7, 9, 30, 0),
};

export function sessionCookie(session: Session): string {
  return `${SESSION_COOKIE}=${session.id}; path=/; HttpOnly; SameSite=Lax`;
}

export function sessionInfo(ctx: SimContext, session: Session): Record<string, unknown> {
  const user = ctx.state.users.get(session.userId);
  return {
    success: true,
    session_id: session.id,
    authenticity_token: session.authenticityToken,
    user_id: session.userId,
    person_name: user?.userName ?? '',
    login_name: user?.email ?? '',
    database_name: DATABASE.name,
    logical_database_id: DATABASE.logicalDatabaseId,
    default_database_id: DATABASE.logicalDatabaseId,
    database_instance_id: DATABASE.databaseInstanceId,
    databases: [{ name: DATABASE.name, id: DATABASE.logicalDatabaseId, created_at: formatWireDatetime(DATABASE.createdAt) }],
    api_version: 1,
    version: 'Workbooks simulator (build 1)',
    timezone: 'London',
    my_queues: {},
  };
}

function failure(f: AuthFailure): ApiResponse {
  return json(f.status, f.body());
}

export function handleLogin(
  ctx: SimContext,
  method: string,
  params: Params,
  sessionId: string | undefined,
  peer: string,
): ApiResponse {
  if (method === 'GET') {
    // With a live session cookie, answers the same session information (the Desktop's token strategy).
    const principal = authenticateSession(ctx.state, ctx.clock, sessionId);
    if (principal instanceof AuthFailure) return failure(principal);
    if (!principal.session) return failure(new AuthFailure(401, 'no_session', 'You do not have a session.'));
    return json(200, sessionInfo(ctx, principal.session));
  }
  if (method !== 'POST') return json(405, { success: false, errors: ['login.api accepts GET and POST'] });
  if (params.get('client') !== 'api') return unacceptable('login.api needs client=api');
  const apiVersion = params.get('api_version') ?? params.get('_api_version');
  if (apiVersion !== '1') return unacceptable('login.api needs api_version=1');
  const database = params.get('logical_database_id');
  if (database !== undefined && database !== String(DATABASE.logicalDatabaseId)) {
    return failure(new AuthFailure(403, 'requested_database_not_available', 'The requested database is not available.'));
  }
  const apiKey = params.get('api_key');
  const username = params.get('username');
  const password = params.get('password');
  const reconnectId = params.get('session_id');
  let userId: number;
  let keyId: number | null = null;
  if (apiKey !== undefined) {
    const principal = authenticateApiKey(ctx.state, ctx.clock, apiKey, peer);
    if (principal instanceof AuthFailure) return failure(principal);
    userId = principal.userId;
    keyId = principal.keyId ?? null;
  } else if (username !== undefined && password !== undefined) {
    const user = [...ctx.state.users.values()].find((u) => !u.isDeleted && u.email.toLowerCase() === username.trim().toLowerCase());
    if (!user || user.password !== password) {
      return failure(new AuthFailure(401, 'unrecognised_name_or_password', 'Either the name or the password was not correct.'));
    }
    const refusal = userRefusal(user, false);
    if (refusal) return failure(refusal);
    userId = user.id;
  } else if (username !== undefined && reconnectId !== undefined) {
    const old = ctx.state.sessions.get(reconnectId);
    const user = old ? ctx.state.users.get(old.userId) : undefined;
    if (!old || !user || user.email.toLowerCase() !== username.trim().toLowerCase() || database === undefined) {
      return failure(new AuthFailure(401, 'no_session_found', 'No session was found to reconnect to.'));
    }
    const refusal = userRefusal(user, false);
    if (refusal) return failure(refusal);
    userId = user.id;
    keyId = old.keyId;
    ctx.state.sessions.delete(old.id);
  } else {
    return unacceptable('login.api needs api_key, or username and password');
  }
  const session = newSession(ctx.state, ctx.clock, userId, keyId);
  return json(200, sessionInfo(ctx, session), { 'Set-Cookie': sessionCookie(session) });
}

export function handleLogout(ctx: SimContext, params: Params, sessionId: string | undefined): ApiResponse {
  if (sessionId) ctx.state.sessions.delete(sessionId);
  const expired = `${SESSION_COOKIE}=; path=/; Max-Age=0`;
  // The README says logout normally answers 302; API clients (client=api) get JSON instead.
  if (params.get('client') === 'api') return json(200, { success: true, flash: 'Logged out' }, { 'Set-Cookie': expired });
  return json(302, { success: true, flash: 'Logged out' }, { 'Set-Cookie': expired, Location: '/login' });
}
