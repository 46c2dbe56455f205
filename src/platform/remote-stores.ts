/**
 * Content-side stand-ins for the IndexedDB stores: the same API as src/platform/db.ts, each call forwarded to
 * the worker, which owns the extension-origin database (see db-messages.ts for why).
 */
import { MESSAGE_NAMESPACE } from './messages';
import type { DbCallReply, DbStoreName } from './db-messages';
import type { activity, auditCache, drafts, journals, sessionLog } from './db';

export interface AssistantStores {
  drafts: typeof drafts;
  activity: typeof activity;
  sessionLog: typeof sessionLog;
  journals: typeof journals;
  auditCache: typeof auditCache;
}

export type SendDbMessage = (message: unknown) => Promise<unknown>;

function serialiseArg(arg: unknown): unknown {
  return arg instanceof Date ? arg.toISOString() : arg;
}

export function createRemoteStores(send: SendDbMessage): AssistantStores {
  const call = async (store: DbStoreName, op: string, args: unknown[]): Promise<never> => {
    const reply = (await send({ ns: MESSAGE_NAMESPACE, type: 'db', store, op, args: args.map(serialiseArg) })) as DbCallReply | undefined;
    if (!reply) throw new Error('The extension did not answer. Reload the page and try again.');
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as never;
  };
  const proxy = <T>(store: DbStoreName, ops: readonly string[]): T =>
    Object.fromEntries(ops.map((op) => [op, (...args: unknown[]) => call(store, op, args)])) as T;
  return {
    drafts: proxy('drafts', ['get', 'put', 'remove', 'list']),
    activity: proxy('activity', ['add', 'list']),
    sessionLog: proxy('sessionLog', ['add', 'list', 'clear', 'prune']),
    journals: proxy('journals', ['put', 'get', 'list', 'remove']),
    auditCache: proxy('auditCache', ['get', 'put']),
  };
}
