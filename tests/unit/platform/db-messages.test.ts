import { describe, expect, it } from 'vitest';
import { parseDbCall, scopeArgument } from '../../../src/platform/db-messages';
import { createRemoteStores } from '../../../src/platform/remote-stores';

const call = (store: string, op: string, args: unknown[]) => ({ ns: 'wbka', type: 'db', store, op, args });

describe('store messages', () => {
  it('accepts only known stores and operations', () => {
    expect(parseDbCall(call('drafts', 'put', [{ host: 'a.workbooks.com', database: 'd' }, 1, {}]))).not.toBeNull();
    expect(parseDbCall(call('drafts', 'clear', []))).toBeNull();
    expect(parseDbCall(call('__proto__', 'get', []))).toBeNull();
    expect(parseDbCall(call('constructor', 'get', []))).toBeNull();
    expect(parseDbCall(call('drafts', 'toString', []))).toBeNull();
    expect(parseDbCall({ ...call('drafts', 'get', []), ns: 'x' })).toBeNull();
    expect(parseDbCall(call('drafts', 'get', 'nope' as unknown as unknown[]))).toBeNull();
  });

  it('finds the scope every scoped call must carry', () => {
    const scoped = parseDbCall(call('auditCache', 'get', [{ host: 'a.workbooks.com', database: 'd' }]))!;
    expect(scopeArgument(scoped)).toEqual({ host: 'a.workbooks.com', database: 'd' });
    expect(scopeArgument(parseDbCall(call('auditCache', 'get', ['a.workbooks.com']))!)).toBeNull();
    expect(scopeArgument(parseDbCall(call('journals', 'get', ['j1']))!)).toBe('unscoped');
    expect(scopeArgument(parseDbCall(call('sessionLog', 'prune', [30]))!)).toBe('unscoped');
  });

  it('forwards calls with dates serialised, and surfaces worker errors', async () => {
    const sent: unknown[] = [];
    const stores = createRemoteStores(async (message) => {
      sent.push(message);
      return (message as { op: string }).op === 'list' ? { ok: false, error: 'A page may only use its own host’s records.' } : { ok: true, value: 'done' };
    });
    const scope = { host: 'a.workbooks.com', database: 'd' };
    await stores.sessionLog.add(scope, 'export', 'csv', new Date('2027-01-02T03:04:05Z'));
    expect(sent[0]).toEqual({ ns: 'wbka', type: 'db', store: 'sessionLog', op: 'add', args: [scope, 'export', 'csv', '2027-01-02T03:04:05.000Z'] });
    await expect(stores.drafts.list(scope)).rejects.toThrow('own host');
  });
});
