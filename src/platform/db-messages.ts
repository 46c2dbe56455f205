/**
 * The extension's IndexedDB lives in the worker's (extension) origin, not in the Workbooks page's origin where
 * content scripts run: page scripts cannot read or tamper with drafts, journals or logs, clearing a site's data
 * does not wipe them, and the worker (reminders) sees them. Content scripts reach the stores through these
 * messages; the worker checks every call's scope against the sender's own host.
 */
import { MESSAGE_NAMESPACE } from './messages';

export const DB_OPERATIONS = {
  drafts: ['get', 'put', 'remove', 'list'],
  activity: ['add', 'list'],
  sessionLog: ['add', 'list', 'clear', 'prune'],
  journals: ['put', 'get', 'list', 'remove'],
  auditCache: ['get', 'put'],
} as const;

export type DbStoreName = keyof typeof DB_OPERATIONS;

export interface DbCallMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'db';
  store: DbStoreName;
  op: string;
  args: unknown[];
}

export type DbCallReply = { ok: true; value: unknown } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseDbCall(value: unknown): DbCallMessage | null {
  if (!isRecord(value) || value.ns !== MESSAGE_NAMESPACE || value.type !== 'db') return null;
  const store = value.store;
  if (typeof store !== 'string' || !Object.hasOwn(DB_OPERATIONS, store)) return null;
  const ops = DB_OPERATIONS[store as DbStoreName] as readonly string[];
  if (typeof value.op !== 'string' || !ops.includes(value.op) || !Array.isArray(value.args) || value.args.length > 6) return null;
  return { ns: MESSAGE_NAMESPACE, type: 'db', store: store as DbStoreName, op: value.op, args: value.args };
}

/** The scope argument of a call, when it has one (first argument for every scoped operation). */
export function scopeArgument(message: DbCallMessage): { host: string; database: string } | null | 'unscoped' {
  const unscoped = (message.store === 'journals' && (message.op === 'get' || message.op === 'remove')) || (message.store === 'sessionLog' && message.op === 'prune');
  if (unscoped) return 'unscoped';
  const scope = message.args[0];
  if (!isRecord(scope) || typeof scope.host !== 'string' || typeof scope.database !== 'string') return null;
  return { host: scope.host, database: scope.database };
}
