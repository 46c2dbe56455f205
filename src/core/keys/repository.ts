/**
 * API keys and users through the Workbooks client, mapped to the extension's model via the discovered schema.
 * Every feature (panel, audit, bulk edit) reads and saves keys here; nothing else knows field names.
 */
import { formatWorkbooksDate, isCalendarDate, parseWorkbooksDate } from '../dates';
import { CancelledError, isWorkbooksError, type AnyWorkbooksError } from '../workbooks/errors';
import { chunk, type FieldValue, type WriteOp } from '../workbooks/encode';
import type { WireRecord, WriteResult } from '../workbooks/decode';
import type { WorkbooksClient } from '../workbooks/client';
import { discoverSchema, type DiscoverSchemaOptions, type DiscoveredSchema } from '../workbooks/schema';
import { statusOfUser, type ApiKeyChanges, type ApiKeyRecord, type NewApiKey, type UserRecord, type UserStatus } from './model';
import { msg, plural } from '../i18n/index';

/** Ids per user read: one `id eq 1,2,…` IN list per request, at most one page. */
export const USER_IDS_PER_REQUEST = 100;

export interface UserLookup {
  /** Users that reads returned, by id. */
  users: Map<number, UserRecord>;
  /** A status for every id asked about: read users' status, 'deleted' when not returned, 'unknown' when refused. */
  statuses: Map<number, UserStatus>;
  /** Why some ids are 'unknown'. */
  problems: string[];
}

export interface AuditProgress {
  keysLoaded: number;
  keysTotal: number | null;
  usersLoaded: number;
  usersRequested: number;
}

export interface AuditData {
  schema: DiscoveredSchema;
  keys: ApiKeyRecord[];
  users: UserLookup;
}

export type KeySaveResult =
  | {
      ok: true;
      id: number;
      lockVersion: number;
      /** The values sent, overlaid with what the service reported back (all attributes for a create). */
      values: Partial<ApiKeyRecord>;
      /** The generated key value, when the service returned it (creates). */
      secret: string | null;
    }
  | { ok: false; id: number | null; error: AnyWorkbooksError; attempted: boolean };

export type KeyWrite =
  | { kind: 'create'; key: NewApiKey }
  | { kind: 'update'; id: number; lockVersion: number; changes: ApiKeyChanges }
  | { kind: 'delete'; id: number; lockVersion: number };

export interface SignalOption {
  signal?: AbortSignal;
}

export interface KeyRepository {
  /** Resolves (and memoises) the schema: the one given, or discovered from metadata on first use. */
  schema(options?: SignalOption): Promise<DiscoveredSchema>;
  loadAllKeys(options?: SignalOption & { onProgress?: (loaded: number, total: number) => void }): Promise<ApiKeyRecord[]>;
  loadUsersByIds(ids: Iterable<number>, options?: SignalOption): Promise<UserLookup>;
  loadAuditData(options?: SignalOption & { onProgress?: (progress: AuditProgress) => void }): Promise<AuditData>;
  getKey(id: number, options?: SignalOption): Promise<ApiKeyRecord | null>;
  createKey(key: NewApiKey, options?: SignalOption): Promise<KeySaveResult>;
  updateKey(id: number, lockVersion: number, changes: ApiKeyChanges, options?: SignalOption): Promise<KeySaveResult>;
  deleteKey(id: number, lockVersion: number, options?: SignalOption): Promise<KeySaveResult>;
  saveKeys(writes: readonly KeyWrite[], options?: SignalOption & { onBatch?: (done: number, total: number) => void }): Promise<KeySaveResult[]>;
}

// ---------------------------------------------------------------------------------------------- mapping

function integerOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  return text.trim() === '' ? null : text;
}

function booleanOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(true|t|on|1|yes|y)$/i.test(value.trim()); // README "boolean"
  return false;
}

function wireDate(value: unknown, label: string, problems: string[]): string | null {
  const text = textOrNull(value);
  if (text === null) return null;
  const parsed = parseWorkbooksDate(text);
  if (parsed.ok) return parsed.date;
  problems.push(msg('engineKeysNotADate', label, text, parsed.message));
  return null;
}

/** The columns a key read asks for: every role except the secret (never bulk-read key values). */
export function keyColumns(schema: DiscoveredSchema): string[] {
  const { fields, accessAsUserNameColumn, updatedByNameColumn } = schema.apiKey;
  const columns = ['id', 'lock_version', fields.name, fields.description, fields.accessAsUser, fields.validFrom, fields.until, fields.permittedIps, fields.capabilities, 'updated_at', 'updated_by'];
  if (accessAsUserNameColumn) columns.push(accessAsUserNameColumn);
  if (updatedByNameColumn) columns.push(updatedByNameColumn);
  return [...new Set(columns)];
}

export function userColumns(schema: DiscoveredSchema): string[] {
  const { fields } = schema.user;
  return [...new Set(['id', 'lock_version', fields.userName, fields.email, fields.loginEnabled, fields.edition])];
}

/** Wire record → model. Returns null for a row without an id (never expected; skipped rather than crashing). */
export function keyFromRecord(record: WireRecord, schema: DiscoveredSchema): ApiKeyRecord | null {
  const id = integerOf(record.id);
  if (id === null) return null;
  const { fields, accessAsUserNameColumn, updatedByNameColumn } = schema.apiKey;
  const problems: string[] = [];
  const updatedByName = updatedByNameColumn ? textOrNull(record[updatedByNameColumn]) : null;
  const key: ApiKeyRecord = {
    id,
    lockVersion: integerOf(record.lock_version) ?? 0,
    name: textOrNull(record[fields.name]) ?? '',
    description: textOrNull(record[fields.description]) ?? '',
    accessAsUserId: integerOf(record[fields.accessAsUser]),
    accessAsUserName: accessAsUserNameColumn ? textOrNull(record[accessAsUserNameColumn]) : null,
    validFrom: wireDate(record[fields.validFrom], 'Valid From', problems),
    until: wireDate(record[fields.until], 'Until', problems),
    permittedIps: textOrNull(record[fields.permittedIps]),
    capabilities: textOrNull(record[fields.capabilities]),
    secret: textOrNull(record[fields.secret]),
    updatedAt: textOrNull(record.updated_at),
    updatedBy: updatedByName ?? textOrNull(record.updated_by),
  };
  if (problems.length > 0) key.readProblems = problems;
  return key;
}

export function userFromRecord(record: WireRecord, schema: DiscoveredSchema): UserRecord | null {
  const id = integerOf(record.id);
  if (id === null) return null;
  const { fields } = schema.user;
  return {
    id,
    name: textOrNull(record[fields.userName]) ?? '',
    email: textOrNull(record[fields.email]) ?? '',
    loginEnabled: booleanOf(record[fields.loginEnabled]),
    edition: textOrNull(record[fields.edition]),
  };
}

function dateToWire(date: string | null | undefined, label: string): FieldValue {
  if (date === null || date === undefined || date === '') return null;
  if (!isCalendarDate(date)) throw new TypeError(`${label} must be a YYYY-MM-DD date (got "${date}").`);
  return formatWorkbooksDate(date);
}

/** Model changes → wire fields (only the properties present are sent; the rest stay `:no_value:`). */
export function fieldsFromChanges(changes: ApiKeyChanges, schema: DiscoveredSchema): Record<string, FieldValue> {
  const { fields } = schema.apiKey;
  const wire: Record<string, FieldValue> = {};
  if (changes.name !== undefined) wire[fields.name] = changes.name;
  if (changes.description !== undefined) wire[fields.description] = changes.description;
  if (changes.accessAsUserId !== undefined) wire[fields.accessAsUser] = changes.accessAsUserId;
  if (changes.validFrom !== undefined) wire[fields.validFrom] = dateToWire(changes.validFrom, 'Valid From');
  if (changes.until !== undefined) wire[fields.until] = dateToWire(changes.until, 'Until');
  if (changes.permittedIps !== undefined) wire[fields.permittedIps] = changes.permittedIps;
  if (changes.capabilities !== undefined) wire[fields.capabilities] = changes.capabilities;
  return wire;
}

function opFor(write: KeyWrite, schema: DiscoveredSchema): WriteOp {
  switch (write.kind) {
    case 'create':
      return { method: 'create', fields: fieldsFromChanges(write.key, schema) };
    case 'update':
      return { method: 'update', id: write.id, lockVersion: write.lockVersion, fields: fieldsFromChanges(write.changes, schema) };
    case 'delete':
      return { method: 'delete', id: write.id, lockVersion: write.lockVersion };
  }
}

function saveResultFrom(result: WriteResult, write: KeyWrite, schema: DiscoveredSchema): KeySaveResult {
  const requestedId = write.kind === 'create' ? null : write.id;
  if (!result.ok) return { ok: false, id: requestedId, error: result.error, attempted: result.attempted };
  const sent: Partial<ApiKeyRecord> = write.kind === 'create' ? { ...write.key } : write.kind === 'update' ? { ...write.changes } : {};
  const reported = keyFromRecord({ id: result.id, ...result.record }, schema);
  const values: Partial<ApiKeyRecord> = { ...sent };
  if (reported) {
    // Only attributes the service actually echoed override what was sent (updates echo just the changes).
    const { fields, accessAsUserNameColumn, updatedByNameColumn } = schema.apiKey;
    const echoed = (name: string | null): boolean => name !== null && Object.prototype.hasOwnProperty.call(result.record, name);
    if (echoed(fields.name)) values.name = reported.name;
    if (echoed(fields.description)) values.description = reported.description;
    if (echoed(fields.accessAsUser)) values.accessAsUserId = reported.accessAsUserId;
    if (echoed(accessAsUserNameColumn)) values.accessAsUserName = reported.accessAsUserName;
    if (echoed(fields.validFrom)) values.validFrom = reported.validFrom;
    if (echoed(fields.until)) values.until = reported.until;
    if (echoed(fields.permittedIps)) values.permittedIps = reported.permittedIps;
    if (echoed(fields.capabilities)) values.capabilities = reported.capabilities;
    if (echoed('updated_at')) values.updatedAt = reported.updatedAt;
    if (echoed(updatedByNameColumn) || echoed('updated_by')) values.updatedBy = reported.updatedBy;
    if (reported.readProblems) values.readProblems = reported.readProblems;
  }
  values.id = result.id;
  values.lockVersion = result.lockVersion;
  return { ok: true, id: result.id, lockVersion: result.lockVersion, values, secret: reported?.secret ?? null };
}

// ------------------------------------------------------------------------------------------ user reads

function isUncheckable(error: unknown): boolean {
  return isWorkbooksError(error) && (error.kind === 'permission' || error.kind === 'not-found');
}

/** One request: the users with these ids (at most one page), mapped to the model; deleted users are not returned. */
export async function readUserChunk(client: WorkbooksClient, schema: DiscoveredSchema, ids: number[], signal: AbortSignal | undefined): Promise<UserRecord[]> {
  const page = await client.readPage(
    schema.user.path,
    {
      start: 0,
      limit: ids.length,
      filters: [{ field: 'id', op: 'eq', value: ids }],
      selectColumns: userColumns(schema),
      skipTotal: true,
    },
    signal ? { signal } : {},
  );
  return page.records.map((r) => userFromRecord(r, schema)).filter((u): u is UserRecord => u !== null);
}

/**
 * Collects user ids as they become known and reads them in full chunks of 100 as soon as a chunk fills, the
 * remainder on `finish()`: so the number of user requests is ceil(distinct ids / 100) however the ids trickle in.
 */
class UserLoader {
  private readonly requested = new Set<number>();
  private pending: number[] = [];
  private readonly reads: Array<Promise<void>> = [];
  private readonly lookup: UserLookup = { users: new Map(), statuses: new Map(), problems: [] };
  loaded = 0;

  constructor(
    private readonly client: WorkbooksClient,
    private readonly schema: DiscoveredSchema,
    private readonly signal: AbortSignal | undefined,
    private readonly onLoaded: () => void,
  ) {}

  get requestedCount(): number {
    return this.requested.size;
  }

  add(ids: Iterable<number>): void {
    for (const id of ids) {
      if (!Number.isInteger(id) || id <= 0 || this.requested.has(id)) continue;
      this.requested.add(id);
      this.pending.push(id);
      if (this.pending.length >= USER_IDS_PER_REQUEST) this.flush();
    }
  }

  private flush(): void {
    for (const ids of chunk(this.pending, USER_IDS_PER_REQUEST)) {
      const read = readUserChunk(this.client, this.schema, ids, this.signal).then(
        (users) => {
          const found = new Set<number>();
          for (const user of users) {
            found.add(user.id);
            this.lookup.users.set(user.id, user);
          }
          for (const id of ids) {
            const user = this.lookup.users.get(id);
            this.lookup.statuses.set(id, found.has(id) && user ? statusOfUser(user) : 'deleted');
          }
          this.loaded += ids.length;
          this.onLoaded();
        },
        (error: unknown) => {
          if (!isUncheckable(error)) throw error;
          for (const id of ids) this.lookup.statuses.set(id, 'unknown');
          const reason = isWorkbooksError(error) ? error.message : String(error);
          this.lookup.problems.push(plural('engineKeysUsersUnreadable', ids.length, ids.join(', '), reason));
          this.loaded += ids.length;
          this.onLoaded();
        },
      );
      read.catch(() => undefined); // observed in finish(); avoids an unhandled rejection in between
      this.reads.push(read);
    }
    this.pending = [];
  }

  async finish(): Promise<UserLookup> {
    if (this.pending.length > 0) this.flush();
    await Promise.all(this.reads);
    return this.lookup;
  }

  /** After a failure elsewhere: waits for the reads already started, starts none. */
  async settle(): Promise<void> {
    this.pending = [];
    await Promise.allSettled(this.reads);
  }
}

// ------------------------------------------------------------------------------------------ repository

/**
 * `schema`: a discovered schema, or discovery options (cache, cacheKey) to discover it on first use.
 */
export function createKeyRepository(client: WorkbooksClient, schema?: DiscoveredSchema | DiscoverSchemaOptions): KeyRepository {
  let schemaPromise: Promise<DiscoveredSchema> | null = schema && 'apiKey' in schema ? Promise.resolve(schema) : null;
  const discoverOptions: DiscoverSchemaOptions = schema && !('apiKey' in schema) ? schema : {};

  const resolveSchema = (options: SignalOption = {}): Promise<DiscoveredSchema> => {
    if (!schemaPromise) {
      const attempt = discoverSchema(client, { ...discoverOptions, ...(options.signal ? { signal: options.signal } : {}) });
      schemaPromise = attempt;
      // A cancelled or defaults-only discovery is not memoised: the next call tries metadata again.
      attempt.then(
        (found) => {
          if (found.source === 'defaults' && schemaPromise === attempt) schemaPromise = null;
        },
        () => {
          if (schemaPromise === attempt) schemaPromise = null;
        },
      );
    }
    return schemaPromise;
  };

  const signalOf = (options: SignalOption): { signal?: AbortSignal } => (options.signal ? { signal: options.signal } : {});

  async function write(writes: readonly KeyWrite[], options: SignalOption & { onBatch?: (done: number, total: number) => void }): Promise<KeySaveResult[]> {
    const found = await resolveSchema(options);
    const ops = writes.map((w) => opFor(w, found));
    const results = await client.write(found.apiKey.path, ops, {
      perObjectTransactions: true,
      ...signalOf(options),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    return results.map((result, i) => saveResultFrom(result, writes[i]!, found));
  }

  async function single(w: KeyWrite, options: SignalOption): Promise<KeySaveResult> {
    const [result] = await write([w], options);
    if (!result) throw new Error('A write returned no result.');
    return result;
  }

  const repository: KeyRepository = {
    schema: resolveSchema,

    async loadAllKeys(options = {}) {
      const found = await resolveSchema(options);
      const page = await client.readAll(
        found.apiKey.path,
        { selectColumns: keyColumns(found) },
        { ...signalOf(options), ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
      );
      return page.records.map((r) => keyFromRecord(r, found)).filter((k): k is ApiKeyRecord => k !== null);
    },

    async loadUsersByIds(ids, options = {}) {
      const found = await resolveSchema(options);
      const loader = new UserLoader(client, found, options.signal, () => undefined);
      loader.add(ids);
      return loader.finish();
    },

    async loadAuditData(options = {}) {
      const found = await resolveSchema(options);
      const progress: AuditProgress = { keysLoaded: 0, keysTotal: null, usersLoaded: 0, usersRequested: 0 };
      const report = () => options.onProgress?.({ ...progress });
      const controller = new AbortController();
      const onOuterAbort = () => controller.abort();
      options.signal?.addEventListener('abort', onOuterAbort, { once: true });
      const loader = new UserLoader(client, found, controller.signal, () => {
        progress.usersLoaded = loader.loaded;
        report();
      });
      try {
        // Pipelined: user ids from each key page are queued while the other key pages are still loading.
        const keysPage = await client.readAll(
          found.apiKey.path,
          { selectColumns: keyColumns(found) },
          {
            signal: controller.signal,
            onPage: (records) => {
              loader.add(records.map((r) => integerOf(r[found.apiKey.fields.accessAsUser])).filter((id): id is number => id !== null));
              progress.usersRequested = loader.requestedCount;
            },
            onProgress: (loaded, total) => {
              progress.keysLoaded = loaded;
              progress.keysTotal = total;
              report();
            },
          },
        );
        const users = await loader.finish();
        const keys = keysPage.records.map((r) => keyFromRecord(r, found)).filter((k): k is ApiKeyRecord => k !== null);
        return { schema: found, keys, users };
      } catch (error) {
        controller.abort();
        await loader.settle();
        if (options.signal?.aborted && !(error instanceof CancelledError)) throw new CancelledError();
        throw error;
      } finally {
        options.signal?.removeEventListener('abort', onOuterAbort);
      }
    },

    async getKey(id, options = {}) {
      const found = await resolveSchema(options);
      const page = await client.readPage(
        found.apiKey.path,
        { start: 0, limit: 1, filters: [{ field: 'id', op: 'eq', value: id }], selectColumns: keyColumns(found), skipTotal: true },
        signalOf(options),
      );
      const record = page.records[0];
      return record ? keyFromRecord(record, found) : null;
    },

    createKey: (key, options = {}) => single({ kind: 'create', key }, options),
    updateKey: (id, lockVersion, changes, options = {}) => single({ kind: 'update', id, lockVersion, changes }, options),
    deleteKey: (id, lockVersion, options = {}) => single({ kind: 'delete', id, lockVersion }, options),
    saveKeys: (writes, options = {}) => write(writes, options),
  };
  return repository;
}
