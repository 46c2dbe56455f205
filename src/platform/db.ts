/**
 * The extension's IndexedDB (via idb): drafts, activity, the support session log, bulk-edit journals and
 * the audit cache. Every record is scoped by host + database, so two Workbooks databases never mix.
 * Nothing stored here may carry a secret: `put` goes through `withoutSecrets`.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { withoutSecrets } from './secrets';

export interface Scope {
  host: string;
  database: string;
}

export function scopeId(scope: Scope): string {
  return `${scope.host.toLowerCase()}|${scope.database}`;
}

export type DraftKeyId = number | 'new';

export interface DraftFields {
  name?: string;
  description?: string;
  accessAsUserId?: number | null;
  accessAsUserName?: string | null;
  validFrom?: string;
  until?: string;
  permittedIps?: string;
  capabilities?: string;
}

export interface DraftRecord {
  scope: string;
  keyId: string;
  /** The lock_version the admin started from: a save with it detects remote changes. */
  baseLockVersion: number | null;
  fields: DraftFields;
  source: 'panel' | 'native-form';
  updatedAt: string;
}

export interface ActivityRecord {
  id?: number;
  scope: string;
  at: string;
  who: string;
  action: 'create' | 'update' | 'bulk-apply' | 'bulk-undo' | 'bulk-resume';
  keyId: number | null;
  keyName: string;
  fields: string[];
  outcome: 'saved' | 'conflict' | 'failed' | 'partial';
  detail?: string;
}

export interface SessionLogRecord {
  id?: number;
  scope: string;
  at: string;
  kind: 'audit-run' | 'audit-cancelled' | 'filter' | 'export' | 'key-opened' | 'key-saved' | 'bulk' | 'log-cleared';
  detail: string;
}

export interface StoredJournal {
  id: string;
  scope: string;
  updatedAt: string;
  state: string;
  journal: unknown;
}

export interface AuditCacheRecord {
  scope: string;
  savedAt: string;
  report: unknown;
}

interface AssistantDb extends DBSchema {
  drafts: { key: [string, string]; value: DraftRecord; indexes: { byScope: string } };
  activity: { key: number; value: ActivityRecord; indexes: { byScope: string; byAt: string } };
  sessionLog: { key: number; value: SessionLogRecord; indexes: { byScope: string; byAt: string } };
  journals: { key: string; value: StoredJournal; indexes: { byScope: string } };
  auditCache: { key: string; value: AuditCacheRecord };
}

export const DB_NAME = 'wbka';
const DB_VERSION = 1;

let opening: Promise<IDBPDatabase<AssistantDb>> | null = null;

export function openAssistantDb(): Promise<IDBPDatabase<AssistantDb>> {
  opening ??= openDB<AssistantDb>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      const drafts = db.createObjectStore('drafts', { keyPath: ['scope', 'keyId'] });
      drafts.createIndex('byScope', 'scope');
      const activity = db.createObjectStore('activity', { keyPath: 'id', autoIncrement: true });
      activity.createIndex('byScope', 'scope');
      activity.createIndex('byAt', 'at');
      const log = db.createObjectStore('sessionLog', { keyPath: 'id', autoIncrement: true });
      log.createIndex('byScope', 'scope');
      log.createIndex('byAt', 'at');
      const journals = db.createObjectStore('journals', { keyPath: 'id' });
      journals.createIndex('byScope', 'scope');
      db.createObjectStore('auditCache', { keyPath: 'scope' });
    },
    blocking() {
      // A newer version of the extension wants to upgrade: let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
}

/** For tests: forget the cached connection (fake-indexeddb is reset between tests). */
export function resetAssistantDbConnection(): void {
  opening = null;
}

export const drafts = {
  async get(scope: Scope, keyId: DraftKeyId): Promise<DraftRecord | undefined> {
    return (await openAssistantDb()).get('drafts', [scopeId(scope), String(keyId)]);
  },
  async put(scope: Scope, keyId: DraftKeyId, draft: Omit<DraftRecord, 'scope' | 'keyId' | 'updatedAt'>, now = new Date()): Promise<void> {
    const record: DraftRecord = withoutSecrets({ ...draft, scope: scopeId(scope), keyId: String(keyId), updatedAt: now.toISOString() });
    await (await openAssistantDb()).put('drafts', record);
  },
  async remove(scope: Scope, keyId: DraftKeyId): Promise<void> {
    await (await openAssistantDb()).delete('drafts', [scopeId(scope), String(keyId)]);
  },
  async list(scope: Scope): Promise<DraftRecord[]> {
    return (await openAssistantDb()).getAllFromIndex('drafts', 'byScope', scopeId(scope));
  },
};

export const activity = {
  async add(scope: Scope, entry: Omit<ActivityRecord, 'id' | 'scope'>): Promise<void> {
    await (await openAssistantDb()).add('activity', withoutSecrets({ ...entry, scope: scopeId(scope) }));
  },
  async list(scope: Scope): Promise<ActivityRecord[]> {
    const all = await (await openAssistantDb()).getAllFromIndex('activity', 'byScope', scopeId(scope));
    return all.sort((a, b) => b.at.localeCompare(a.at));
  },
};

export const sessionLog = {
  async add(scope: Scope, kind: SessionLogRecord['kind'], detail: string, now = new Date()): Promise<void> {
    await (await openAssistantDb()).add('sessionLog', withoutSecrets({ scope: scopeId(scope), kind, detail, at: now.toISOString() }));
  },
  async list(scope: Scope): Promise<SessionLogRecord[]> {
    const all = await (await openAssistantDb()).getAllFromIndex('sessionLog', 'byScope', scopeId(scope));
    return all.sort((a, b) => a.at.localeCompare(b.at));
  },
  async clear(scope: Scope): Promise<void> {
    const db = await openAssistantDb();
    const tx = db.transaction('sessionLog', 'readwrite');
    for (const key of await tx.store.index('byScope').getAllKeys(scopeId(scope))) await tx.store.delete(key);
    await tx.done;
  },
  /** Drops entries older than the retention period, across all scopes. Returns how many went. */
  async prune(retentionDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const db = await openAssistantDb();
    const tx = db.transaction('sessionLog', 'readwrite');
    let removed = 0;
    for (let cursor = await tx.store.index('byAt').openCursor(IDBKeyRange.upperBound(cutoff, true)); cursor; cursor = await cursor.continue()) {
      await cursor.delete();
      removed++;
    }
    await tx.done;
    return removed;
  },
};

export const journals = {
  async put(scope: Scope, id: string, state: string, journal: unknown, now = new Date()): Promise<void> {
    await (await openAssistantDb()).put('journals', withoutSecrets({ id, scope: scopeId(scope), state, journal, updatedAt: now.toISOString() }));
  },
  async get(id: string): Promise<StoredJournal | undefined> {
    return (await openAssistantDb()).get('journals', id);
  },
  async list(scope: Scope): Promise<StoredJournal[]> {
    return (await openAssistantDb()).getAllFromIndex('journals', 'byScope', scopeId(scope));
  },
  async remove(id: string): Promise<void> {
    await (await openAssistantDb()).delete('journals', id);
  },
};

export const auditCache = {
  async get(scope: Scope): Promise<AuditCacheRecord | undefined> {
    return (await openAssistantDb()).get('auditCache', scopeId(scope));
  },
  async put(scope: Scope, report: unknown, now = new Date()): Promise<void> {
    await (await openAssistantDb()).put('auditCache', withoutSecrets({ scope: scopeId(scope), report, savedAt: now.toISOString() }));
  },
};
