/**
 * Fakes for the Bulk edit tab's UI tests (bulk-tab, bulk-run-lock): an in-memory Workbooks with lock_version
 * semantics behind the repository and client seams, the extension's stores (journals with JSON round trips like
 * the worker's messages, activity and session log recorded), and AssistantServices wired to both.
 */
import type { AssistantServices, ConnectionState } from '../../../../src/content/services';
import type { ActivityRecord, Scope, StoredJournal } from '../../../../src/platform/db';
import type { ApiKeyRecord } from '../../../../src/core/keys/model';
import type { KeySaveResult, KeyWrite } from '../../../../src/core/keys/repository';
import type { BulkJournal } from '../../../../src/core/keys/bulk-journal';
import { parseStoredJournal } from '../../../../src/core/keys/bulk-runner';
import { ConflictError } from '../../../../src/core/workbooks/errors';
import type { ReadQuery } from '../../../../src/core/workbooks/encode';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../../src/core/workbooks/schema';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';

export const SCOPE: Scope = { host: 'secure.workbooks.com', database: 'Acme' };
/** The address the bulk edits replace, and what they replace it with. */
export const OLD = '81.2.69.142';
export const NEW = '92.40.1.1';
export const SCHEMA: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fieldInfo: {} },
  problems: [],
  source: 'metadata',
};

/** A key's IP list: `address` plus a range of its own, so each key's list differs. */
export const listOf = (id: number, address: string) => `${address}, 151.101.${id}.0/24`;

/** Key 3's name is markup (it must render as text); even ids act as Ada (can log in), odd as Grace (cannot). */
export function keyRecord(id: number, permittedIps: string | null): ApiKeyRecord {
  return {
    id,
    lockVersion: 5,
    name: id === 3 ? '<img src=x onerror=alert(1)>' : `Key ${id}`,
    description: '',
    accessAsUserId: id % 2 === 0 ? 7 : 8,
    accessAsUserName: id % 2 === 0 ? 'Ada' : 'Grace',
    validFrom: null,
    until: '2027-09-01',
    permittedIps,
    capabilities: null,
    secret: `SECRET-${id}`,
    updatedAt: null,
    updatedBy: null,
  };
}

export interface Gate {
  open(): void;
  opened: Promise<void>;
}

/** A promise the test resolves when it chooses: holds a request "in flight". */
export function gate(): Gate {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** The extension's stores (shared by every tab), with JSON round trips like the worker's messages. */
export class FakeStores {
  readonly journals = new Map<string, StoredJournal>();
  readonly activity: ActivityRecord[] = [];
  /** The detail of every session-log entry, in order. */
  readonly sessionLog: string[] = [];
  /** When set, storing a journal fails as a worker that does not answer would. */
  failPuts = false;

  async putJournal(scope: Scope, id: string, state: string, journal: unknown): Promise<void> {
    if (this.failPuts) throw new Error('The extension did not answer.');
    // Re-inserted so the map's order is the order of last writes (lastJournal relies on it).
    this.journals.delete(id);
    this.journals.set(id, { id, scope: `${scope.host}|${scope.database}`, state, journal: JSON.parse(JSON.stringify(journal)) as unknown, updatedAt: '' });
  }

  save(journal: BulkJournal): Promise<void> {
    return this.putJournal(journal.scope, journal.id, journal.state, journal);
  }

  stored(id: string): BulkJournal {
    const journal = parseStoredJournal(this.journals.get(id)?.journal);
    if (!journal) throw new Error(`no journal ${id}`);
    return journal;
  }

  lastJournal(): BulkJournal | null {
    const all = [...this.journals.values()];
    const last = all[all.length - 1];
    return last ? (JSON.parse(JSON.stringify(last.journal)) as BulkJournal) : null;
  }

  api() {
    return {
      journals: {
        put: (scope: Scope, id: string, state: string, journal: unknown) => this.putJournal(scope, id, state, journal),
        list: async () => [...this.journals.values()],
        get: async (id: string) => this.journals.get(id),
        remove: async (id: string) => void this.journals.delete(id),
      },
      activity: {
        add: async (_scope: unknown, entry: Omit<ActivityRecord, 'id' | 'scope'>) => void this.activity.push({ ...entry, scope: 'x' }),
        list: async () => this.activity,
      },
      sessionLog: { add: async (_scope: unknown, _kind: string, detail: string) => void this.sessionLog.push(detail), list: async () => [], clear: async () => undefined },
      drafts: {},
      auditCache: {},
    };
  }
}

/** Workbooks behind the repository and client seams: lock_version checks, per-record outcomes, every request recorded. */
export class FakeWorkbooks {
  readonly keys = new Map<number, ApiKeyRecord>();
  /** Key ids of every save request, in order, whichever tab sent it. */
  readonly saveRequests: number[][] = [];
  /** Key ids of every read by id, in order. */
  readonly readRequests: number[][] = [];
  /** The journal last stored when each save request arrived. */
  readonly storedAtSave: Array<BulkJournal | null> = [];
  /** When set, save requests wait here once recorded. */
  gate: Gate | null = null;

  /** Keys 1..count; by default every key's IP list holds OLD. */
  constructor(
    count: number,
    private readonly stores: FakeStores,
    permittedIpsOf: (id: number) => string = (id) => listOf(id, OLD),
  ) {
    for (let id = 1; id <= count; id++) this.keys.set(id, keyRecord(id, permittedIpsOf(id)));
  }

  /** A change made elsewhere: the key's lock_version moves on. */
  modify(id: number, changes: Partial<ApiKeyRecord>): void {
    const current = this.keys.get(id)!;
    this.keys.set(id, { ...current, ...changes, lockVersion: current.lockVersion + 1 });
  }

  /** How many save requests carried each key (any tab). */
  writesPerKey(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const id of this.saveRequests.flat()) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  /** Called as each save request arrives, before the gate: a test's subclass notes what else it needs then. */
  protected noteSaveRequest(): void {
    // Nothing beyond the request and the stored journal by default.
  }

  repository() {
    return {
      schema: async () => SCHEMA,
      // Reads never carry the secret, as Workbooks never sends it back.
      loadAllKeys: async () => [...this.keys.values()].map((record) => ({ ...record, secret: null })),
      loadAuditData: async () => ({
        schema: SCHEMA,
        keys: [...this.keys.values()].map((record) => ({ ...record, secret: null })),
        users: {
          users: new Map([
            [7, { id: 7, name: 'Ada', email: 'ada@example.com', loginEnabled: true, edition: 'Workbooks CRM' }],
            [8, { id: 8, name: 'Grace', email: 'grace@example.com', loginEnabled: false, edition: 'Workbooks CRM' }],
          ]),
          statuses: new Map([
            [7, 'ok'],
            [8, 'login-disabled'],
          ]),
          problems: [],
        },
      }),
      saveKeys: async (writes: readonly KeyWrite[]): Promise<KeySaveResult[]> => {
        this.saveRequests.push(writes.map((write) => (write.kind === 'create' ? 0 : write.id)));
        this.storedAtSave.push(this.stores.lastJournal());
        this.noteSaveRequest();
        if (this.gate) await this.gate.opened;
        return writes.map((write): KeySaveResult => {
          if (write.kind !== 'update') throw new Error('updates only');
          const current = this.keys.get(write.id)!;
          if (current.lockVersion !== write.lockVersion) return { ok: false, id: write.id, error: new ConflictError('already been updated elsewhere', [write.id]), attempted: true };
          const lockVersion = current.lockVersion + 1;
          this.keys.set(write.id, { ...current, ...write.changes, lockVersion });
          return { ok: true, id: write.id, lockVersion, values: { ...write.changes }, secret: null };
        });
      },
    };
  }

  client() {
    return {
      readPage: async (_path: string, query: ReadQuery = {}) => {
        const value = query.filters?.[0]?.value;
        const ids = Array.isArray(value) ? value.map(Number) : [];
        this.readRequests.push(ids);
        const records = ids.flatMap((id) => {
          const found = this.keys.get(id);
          return found ? [{ id, lock_version: found.lockVersion, name: found.name, permitted_ip_addresses: found.permittedIps }] : [];
        });
        return { records, total: records.length };
      },
    };
  }
}

/** A session connection to `scope` as Alex Morgan (user 1), allowed to write. */
export function connectedState(scope: Scope): ConnectionState {
  return {
    status: 'connected',
    mode: 'session',
    host: scope.host,
    database: scope.database,
    userName: 'Alex Morgan',
    userId: 1,
    tokenStrategy: 'meta',
    canWrite: true,
    problem: null,
    failureReason: null,
    apiKey: null,
  };
}

export function fakeServices(workbooks: FakeWorkbooks, stores: FakeStores): AssistantServices {
  const connected = connectedState(SCOPE);
  const repository = workbooks.repository();
  const client = workbooks.client();
  const services = {
    baseUrl: `https://${SCOPE.host}/`,
    host: SCOPE.host,
    connection: () => connected,
    subscribe: () => () => undefined,
    connect: async () => connected,
    setApiKey: async () => connected,
    forgetApiKey: async () => connected,
    client: () => client,
    keys: () => repository,
    schema: async () => SCHEMA,
    scope: () => SCOPE,
    settings: async () => DEFAULT_SETTINGS,
    stores: stores.api(),
    now: () => new Date('2027-06-02T10:00:00.000Z'),
    pendingAuditFilter: async () => null,
  };
  return services as unknown as AssistantServices;
}
