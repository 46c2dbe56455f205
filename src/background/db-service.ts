/**
 * Serves the IndexedDB stores (src/platform/db.ts, extension origin) to content scripts. A page on one
 * Workbooks host can only touch records scoped to that host; journals fetched or removed by id are checked
 * against the sender's host too.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser } from '../platform/browser';
import { activity, auditCache, drafts, journals, scopeId, sessionLog } from '../platform/db';
import { parseDbCall, scopeArgument, type DbCallMessage, type DbCallReply } from '../platform/db-messages';
import { senderOrigin } from './sender';
import { errorMessage } from '../core/error-message';

const stores = { drafts, activity, sessionLog, journals, auditCache };

/** `now` arguments travel as epoch numbers or ISO strings; the stores want Dates. */
function reviveDates(message: DbCallMessage): unknown[] {
  const nowIndex: Record<string, number> = { 'drafts.put': 3, 'sessionLog.add': 3, 'sessionLog.prune': 1, 'journals.put': 4, 'auditCache.put': 2 };
  const index = nowIndex[`${message.store}.${message.op}`];
  const args = [...message.args];
  if (index !== undefined && args[index] !== undefined && args[index] !== null) {
    const date = new Date(args[index] as string | number);
    args[index] = Number.isNaN(date.getTime()) ? undefined : date;
  }
  return args;
}

async function execute(message: DbCallMessage, host: string): Promise<unknown> {
  const scope = scopeArgument(message);
  if (scope === null) throw new Error('This store call needs a scope.');
  if (scope !== 'unscoped' && scope.host.toLowerCase() !== host.toLowerCase()) throw new Error('A page may only use its own host’s records.');
  if (message.store === 'journals' && (message.op === 'get' || message.op === 'remove')) {
    const id = message.args[0];
    if (typeof id !== 'string') throw new Error('Journal id must be a string.');
    const stored = await journals.get(id);
    if (!stored) return undefined;
    if (!stored.scope.startsWith(`${host.toLowerCase()}|`)) throw new Error('A page may only use its own host’s records.');
    return message.op === 'get' ? stored : journals.remove(id);
  }
  if (message.store === 'journals' && message.op === 'put') {
    // Journals are keyed by id alone: a page on another host must not replace one by reusing its id.
    const id = message.args[1];
    if (typeof id !== 'string') throw new Error('Journal id must be a string.');
    const existing = await journals.get(id);
    if (existing && !existing.scope.startsWith(`${host.toLowerCase()}|`)) throw new Error('A page may only use its own host’s records.');
  }
  const store = stores[message.store] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return store[message.op]!(...reviveDates(message));
}

export function registerDbService(): void {
  const hostPatterns = (browser.runtime.getManifest().host_permissions ?? []) as string[];
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const message = parseDbCall(raw);
    if (!message) return undefined;
    const origin = senderOrigin(sender, browser.runtime.id, hostPatterns);
    if (!origin) return undefined;
    return execute(message, new URL(origin).host).then(
      (value): DbCallReply => ({ ok: true, value }),
      (error: unknown): DbCallReply => ({ ok: false, error: errorMessage(error) }),
    );
  });
}

export { scopeId };
