// Authentication: API keys on every request, or a session (Workbooks-Session cookie) opened by login.api.
// The simulator honours the keys it stores: validity dates (Until valid through 23:59 London time), the
// Permitted IP addresses (checked with net.BlockList; unparseable entries ignored), and the state of the
// Access-as-User user.
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { CAPABILITIES } from './seed';
import { NO_EDITION } from './schema';
import type { ApiKeyRecord, Session, SimState, UserRecord } from './store';
import type { Clock } from './dates';

export const SESSION_COOKIE = 'Workbooks-Session';
/** Sessions end after this much inactivity (README: "more than eight hours of inactivity"). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

export interface Principal {
  kind: 'session' | 'api-key';
  userId: number;
  grants: Set<string>;
  session?: Session;
  keyId?: number;
}

export class AuthFailure {
  constructor(
    readonly status: 401 | 403,
    readonly reason: string,
    readonly message: string,
  ) {}

  body(): Record<string, unknown> {
    return { success: false, failure_reason: this.reason, failure_message: this.message, errors: [this.message] };
  }
}

/** Loopback forms we normalise: IPv4-mapped IPv6 peers become IPv4. */
export function normalizePeer(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

const blockListCache = new Map<string, BlockList>();

/** Builds the allow-list the service would enforce from the stored text: commas separate entries. */
function allowListOf(text: string): BlockList {
  const cached = blockListCache.get(text);
  if (cached) return cached;
  const list = new BlockList();
  for (const rawEntry of text.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const range = /^([^-\s]+)\s*-\s*([^-\s]+)$/.exec(entry);
    const subnet = /^([^/\s]+)\/(\d{1,3})$/.exec(entry);
    try {
      if (range && isIP(range[1] ?? '') !== 0 && isIP(range[1] ?? '') === isIP(range[2] ?? '')) {
        list.addRange(range[1] as string, range[2] as string, isIP(range[1] ?? '') === 4 ? 'ipv4' : 'ipv6');
      } else if (subnet && isIP(subnet[1] ?? '') !== 0) {
        const family = isIP(subnet[1] ?? '') === 4 ? 'ipv4' : 'ipv6';
        const prefix = Number(subnet[2]);
        if (prefix <= (family === 'ipv4' ? 32 : 128)) list.addSubnet(subnet[1] as string, prefix, family);
      } else if (isIP(entry) !== 0) {
        list.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
      }
    } catch {
      // An entry node cannot represent (e.g. a reversed range) permits nothing, like any unparseable entry.
    }
  }
  if (blockListCache.size > 5000) blockListCache.clear();
  blockListCache.set(text, list);
  return list;
}

/** A blank list (older releases) permits every address. */
export function ipPermitted(permittedIps: string | null, peer: string): boolean {
  if (permittedIps === null || permittedIps.trim() === '') return true;
  const address = normalizePeer(peer);
  const family = isIP(address);
  if (family === 0) return false;
  return allowListOf(permittedIps).check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a user cannot use the API, or null. */
export function userRefusal(user: UserRecord | undefined, viaKey: boolean): AuthFailure | null {
  if (!user || user.isDeleted) {
    return viaKey
      ? new AuthFailure(401, 'login_disabled', 'The user this API key acts as has been deleted.')
      : new AuthFailure(401, 'unrecognised_name_or_password', 'Either the name or the password was not correct.');
  }
  if (!user.loginEnabled) return new AuthFailure(401, 'login_disabled', 'The user, or the user\'s employer\'s account, has been disabled.');
  if (user.edition === NO_EDITION) {
    return new AuthFailure(401, 'no_licensed_edition', 'The user has not been allocated a Licensed Edition by the Administrator.');
  }
  if (!user.grants.includes(CAPABILITIES.apiAccess)) {
    return new AuthFailure(403, 'no_permission_for_api', 'The user does not have api_access capability.');
  }
  return null;
}

/** The user's grants, narrowed by the key's "Restrict Capabilities" list when it is not blank. */
export function effectiveGrants(user: UserRecord, key: ApiKeyRecord | undefined): Set<string> {
  const grants = new Set(user.grants);
  if (!key || key.capabilities === null || key.capabilities.trim() === '') return grants;
  const allowed = new Set(key.capabilities.split(',').map((c) => c.trim()).filter((c) => c !== ''));
  // The restriction limits record types; API access itself is what the key is for.
  allowed.add(CAPABILITIES.apiAccess);
  return new Set([...grants].filter((g) => allowed.has(g)));
}

export function findKeyBySecret(state: SimState, secret: string): ApiKeyRecord | undefined {
  for (const key of state.apiKeys.values()) if (!key.isDeleted && key.secret === secret) return key;
  return undefined;
}

/** Checks an API key for use from `peer` now. */
export function authenticateApiKey(state: SimState, clock: Clock, secret: string, peer: string): Principal | AuthFailure {
  const key = secret === '' ? undefined : findKeyBySecret(state, secret);
  if (!key) return new AuthFailure(401, 'invalid_api_key', 'The API key is not recognised.');
  const today = clock.today();
  if (key.validFrom !== null && today < key.validFrom) {
    return new AuthFailure(401, 'api_key_not_yet_valid', `The API key is valid from ${key.validFrom}.`);
  }
  if (key.until !== null && today > key.until) {
    return new AuthFailure(401, 'api_key_expired', `The API key expired at the end of ${key.until} (UK time).`);
  }
  if (!ipPermitted(key.permittedIps, peer)) {
    return new AuthFailure(401, 'ip_address_not_permitted', `The API key may not be used from ${normalizePeer(peer)}.`);
  }
  const user = key.accessAsUser === null ? undefined : state.users.get(key.accessAsUser);
  const refusal = userRefusal(user, true);
  if (refusal || !user) return refusal ?? new AuthFailure(401, 'login_disabled', 'The API key has no user.');
  return { kind: 'api-key', userId: user.id, grants: effectiveGrants(user, key), keyId: key.id };
}

export function newSession(state: SimState, clock: Clock, userId: number, keyId: number | null): Session {
  const session: Session = {
    id: randomBytes(16).toString('hex'),
    userId,
    authenticityToken: randomBytes(20).toString('hex'),
    keyId,
    createdAt: clock.now(),
    lastUsedAt: clock.now(),
    expired: false,
  };
  state.sessions.set(session.id, session);
  return session;
}

/** Resolves the session cookie; touching a live session keeps it alive. */
export function authenticateSession(state: SimState, clock: Clock, sessionId: string | undefined): Principal | AuthFailure {
  if (!sessionId) return new AuthFailure(401, 'no_session', 'You do not have a session.');
  const session = state.sessions.get(sessionId);
  if (!session) return new AuthFailure(401, 'no_session', 'You do not have a session.');
  if (session.expired || clock.now() - session.lastUsedAt > SESSION_IDLE_MS) {
    session.expired = true;
    return new AuthFailure(401, 'session_expired', 'The session has expired.');
  }
  const user = state.users.get(session.userId);
  const refusal = userRefusal(user, false);
  if (refusal || !user) return refusal ?? new AuthFailure(401, 'no_session', 'You do not have a session.');
  session.lastUsedAt = clock.now();
  const key = session.keyId === null ? undefined : state.apiKeys.get(session.keyId);
  return { kind: 'session', userId: user.id, grants: effectiveGrants(user, key), session };
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}
