import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { activity, auditCache, drafts, journals, resetAssistantDbConnection, sessionLog, type Scope } from '../../../src/platform/db';
import { maskSecret, withoutSecrets } from '../../../src/platform/secrets';

const scope: Scope = { host: 'secure.workbooks.com', database: 'db1' };
const other: Scope = { host: 'secure.workbooks.com', database: 'db2' };

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetAssistantDbConnection();
});

describe('withoutSecrets', () => {
  it('drops credential fields at any depth and keeps everything else', () => {
    const input = { name: 'k', secret: 's1', nested: { api_key: 's2', apiKey: 's3', keep: 1, list: [{ password: 'p', ok: true }] } };
    expect(withoutSecrets(input)).toEqual({ name: 'k', nested: { keep: 1, list: [{ ok: true }] } });
  });
  it('masks all but the last four characters', () => {
    expect(maskSecret('abcdef-123456')).toBe('••••••••3456');
    expect(maskSecret('abc')).toBe('••••');
  });
});

describe('IndexedDB stores', () => {
  it('keeps drafts per scope and key, and removes them', async () => {
    await drafts.put(scope, 7, { baseLockVersion: 3, fields: { permittedIps: '1.2.3.4' }, source: 'panel' });
    await drafts.put(other, 7, { baseLockVersion: 1, fields: { permittedIps: '5.6.7.8' }, source: 'panel' });
    expect((await drafts.get(scope, 7))?.fields.permittedIps).toBe('1.2.3.4');
    expect(await drafts.list(scope)).toHaveLength(1);
    await drafts.remove(scope, 7);
    expect(await drafts.get(scope, 7)).toBeUndefined();
    expect(await drafts.get(other, 7)).toBeDefined();
  });

  it('never stores a secret even when one is passed by mistake', async () => {
    const sneaky = { baseLockVersion: 1, fields: { name: 'x', secret: 'SEEKRIT' } as Record<string, unknown>, source: 'panel' as const };
    await drafts.put(scope, 'new', sneaky as never);
    await auditCache.put(scope, { rows: [{ id: 1, secret: 'SEEKRIT' }] });
    await journals.put(scope, 'j1', 'applying', { items: [{ keyId: 1, api_key: 'SEEKRIT' }] });
    const all = JSON.stringify([await drafts.list(scope), await auditCache.get(scope), await journals.get('j1')]);
    expect(all).not.toContain('SEEKRIT');
  });

  it('lists activity newest first and the session log oldest first, and prunes by age', async () => {
    await activity.add(scope, { at: '2027-01-01T10:00:00.000Z', who: 'a', action: 'update', keyId: 1, keyName: 'k', fields: ['permittedIps'], outcome: 'saved' });
    await activity.add(scope, { at: '2027-01-02T10:00:00.000Z', who: 'a', action: 'create', keyId: 2, keyName: 'k2', fields: ['name'], outcome: 'saved' });
    expect((await activity.list(scope)).map((a) => a.keyId)).toEqual([2, 1]);
    await sessionLog.add(scope, 'audit-run', 'old', new Date('2027-01-01T00:00:00Z'));
    await sessionLog.add(scope, 'export', 'new', new Date('2027-02-01T00:00:00Z'));
    expect((await sessionLog.list(scope)).map((e) => e.detail)).toEqual(['old', 'new']);
    expect(await sessionLog.prune(10, new Date('2027-02-05T00:00:00Z'))).toBe(1);
    expect((await sessionLog.list(scope)).map((e) => e.detail)).toEqual(['new']);
    await sessionLog.clear(scope);
    expect(await sessionLog.list(scope)).toEqual([]);
  });
});
