// The Workbooks simulator: `startSimulator(options)` → `{ url, stop(), requests, state, ... }`.
// See README.md in this folder for the protocol facts it implements and every choice it makes.
import type { AddressInfo } from 'node:net';
import { createClock } from './dates';
import type { SimContext } from './context';
import { FaultEngine } from './faults';
import { computeGroundTruth } from './groundtruth';
import { createRng } from './prng';
import { resolveSchema } from './schema';
import { ADMIN_USER_ID, DEFAULT_ADMIN_API_KEY, OTHER_ADMIN_USER_ID, seedState, SIM_ADMIN_USERNAME, SIM_PASSWORD } from './seed';
import { createSimServer } from './server';
import { createSimEndpoints } from './sim-endpoints';
import { loadState, saveState, tableOf, type SimState } from './store';
import type { GroundTruth, RecordedRequest, RecordKind, SimHandle, SimOptions } from './types';

export type * from './types';
export type { SimState, ApiKeyRecord, UserRecord, GenericRecord, Session } from './store';
export type { SimSchema, SchemaDescription, RecordTypeSpec, FieldSpec } from './schema';
export { DEFAULT_ADMIN_API_KEY, SIM_ADMIN_USERNAME, SIM_PASSWORD, THRESHOLDS, CAPABILITIES } from './seed';
export { DEFAULT_SCHEMA, ALT_SCHEMA } from './schema';

export const DEFAULT_OPTIONS: SimOptions = {
  port: 0,
  seed: 1,
  keys: 40,
  users: 15,
  schema: 'default',
  latencyMs: 0,
  jitterMs: 0,
  faults: '',
  stateFile: undefined,
  adminApiKey: DEFAULT_ADMIN_API_KEY,
  today: undefined,
  quiet: false,
};

export async function startSimulator(overrides: Partial<SimOptions> = {}): Promise<SimHandle> {
  const options: SimOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(overrides) };
  if (options.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new Error(`today must be YYYY-MM-DD, not ${options.today}`);
  }
  const schema = resolveSchema(options.schema);
  const clock = createClock(options.today);
  const log = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const freshState = (): SimState =>
    seedState({ seed: options.seed, keys: options.keys, users: options.users, today: clock.today(), now: clock.now(), adminApiKey: options.adminApiKey });
  let state = (options.stateFile ? loadState(options.stateFile) : null) ?? freshState();
  // A state file keeps its own admin key unless one is asked for explicitly.
  const adminKey = state.apiKeys.get(1);
  if (adminKey && overrides.adminApiKey !== undefined) adminKey.secret = overrides.adminApiKey;
  const requests: RecordedRequest[] = [];
  const faults = new FaultEngine(options.seed, options.faults, { latencyMs: options.latencyMs, jitterMs: options.jitterMs });
  const rng = createRng(options.seed * 31 + 17);

  const persist = (): void => {
    if (options.stateFile) saveState(state, options.stateFile);
  };

  const modifyRecord = (kind: RecordKind, id: number, changes: Record<string, unknown>): void => {
    const type = kind === 'apiKey' ? schema.apiKeyType : schema.userType;
    const record = tableOf(state, type.table).get(id);
    if (!record) throw new Error(`No record ${kind} ${id}`);
    for (const role of Object.keys(changes)) {
      if (!type.fields.some((f) => f.role === role)) throw new Error(`Unknown role ${role} for ${kind}`);
    }
    const updated = { ...record, ...changes, lockVersion: record.lockVersion + 1, updatedAt: clock.now(), updatedBy: OTHER_ADMIN_USER_ID };
    tableOf(state, type.table).set(id, updated);
    persist();
  };

  const ctx: SimContext = {
    schema,
    get state() {
      return state;
    },
    set state(next: SimState) {
      state = next;
    },
    clock,
    rng,
    persist,
    onRead: (type, ids) => {
      if (type.kind === 'apiKey') faults.noteKeyRead(ids);
    },
    beforeWrite: (type, ids) => {
      if (type.kind !== 'apiKey') return;
      for (const id of faults.conflictsFor(ids)) {
        const key = state.apiKeys.get(id);
        if (!key) continue;
        modifyRecord('apiKey', id, { description: `${key.description ?? ''} (edited elsewhere)`.trim() });
      }
    },
  };

  const expireSessions = (): void => {
    for (const session of state.sessions.values()) session.expired = true;
  };
  const groundTruth = (): GroundTruth => computeGroundTruth(state);
  const admin = { username: SIM_ADMIN_USERNAME, password: SIM_PASSWORD, apiKey: state.apiKeys.get(1)?.secret ?? options.adminApiKey, userId: ADMIN_USER_ID };

  const sim = createSimEndpoints({
    ctx: () => ctx,
    requests,
    faults,
    groundTruth,
    modifyRecord,
    expireSessions,
    reset: () => {
      state = freshState();
      requests.length = 0;
      faults.set(options.faults);
      persist();
    },
  });
  const server = createSimServer({ ctx: () => ctx, faults, requests, sim, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  log(`workbooks-sim: ${url} (schema ${schema.name}, seed ${options.seed}, ${state.apiKeys.size} keys, ${state.users.size} users)`);

  let stopped = false;
  const handle: SimHandle = {
    url,
    requests,
    get state() {
      return state;
    },
    schema,
    admin,
    groundTruth,
    setFaults: (spec) => faults.set(spec),
    clearRequests: () => {
      requests.length = 0;
    },
    modifyRecord,
    expireSessions,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      persist();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return handle;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
