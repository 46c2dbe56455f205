// The simulator's in-memory database and its JSON persistence.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TableId } from './schema';

export interface BaseRecord {
  id: number;
  lockVersion: number;
  /** Epoch ms. */
  createdAt: number;
  createdBy: number;
  updatedAt: number;
  updatedBy: number;
  isDeleted: boolean;
}

/** An API key, by contract role. Dates are London calendar dates (YYYY-MM-DD) or null. */
export interface ApiKeyRecord extends BaseRecord {
  name: string;
  description: string | null;
  accessAsUser: number | null;
  validFrom: string | null;
  until: string | null;
  permittedIps: string | null;
  capabilities: string | null;
  secret: string;
}

export interface UserRecord extends BaseRecord {
  userName: string;
  email: string;
  loginEnabled: boolean;
  edition: string;
  /** Not a field: the login password (seeded users share the documented one). */
  password: string;
  /** Not a field: what this user may do through the API (see README, "Capabilities"). */
  grants: string[];
}

export type GenericRecord = BaseRecord & Record<string, unknown>;

export interface Session {
  id: string;
  userId: number;
  authenticityToken: string;
  /** The API key the session was opened with, if any (its capability restriction applies). */
  keyId: number | null;
  createdAt: number;
  lastUsedAt: number;
  expired: boolean;
}

/** What seeding declared about a key; see seed.ts. */
export interface SeedTruth {
  /** Codes of the IP-list and validity templates (not derivable from the live records). */
  textCodes: string[];
  /** Every code the key's templates declared at seeding (for consistency checks). */
  declared: string[];
  /** validFrom|until|permittedIps at seeding: textCodes hold only while these are unchanged. */
  fingerprint: string;
}

export interface SimState {
  users: Map<number, UserRecord>;
  apiKeys: Map<number, ApiKeyRecord>;
  people: Map<number, GenericRecord>;
  organisations: Map<number, GenericRecord>;
  tasks: Map<number, GenericRecord>;
  nextIds: Record<TableId, number>;
  sessions: Map<string, Session>;
  seedTruth: Map<number, SeedTruth>;
  /** The London date the seed data (and its truth) is relative to. */
  seedToday: string;
  seed: number;
}

export function keyFingerprint(key: Pick<ApiKeyRecord, 'validFrom' | 'until' | 'permittedIps'>): string {
  return JSON.stringify([key.validFrom, key.until, key.permittedIps]);
}

/** Generic access to a table: records hold role-named properties. */
export function tableOf(state: SimState, table: TableId): Map<number, GenericRecord> {
  return state[table] as unknown as Map<number, GenericRecord>;
}

export function allocateId(state: SimState, table: TableId): number {
  const id = state.nextIds[table];
  state.nextIds[table] = id + 1;
  return id;
}

interface PersistedState {
  format: 'workbooks-sim-state/1';
  seed: number;
  seedToday: string;
  nextIds: Record<TableId, number>;
  users: UserRecord[];
  apiKeys: ApiKeyRecord[];
  people: GenericRecord[];
  organisations: GenericRecord[];
  tasks: GenericRecord[];
  seedTruth: Array<[number, SeedTruth]>;
  /** Live sessions, so that a demo browser stays signed in across restarts. */
  sessions?: Session[];
}

export function saveState(state: SimState, file: string): void {
  const persisted: PersistedState = {
    format: 'workbooks-sim-state/1',
    seed: state.seed,
    seedToday: state.seedToday,
    nextIds: state.nextIds,
    users: [...state.users.values()],
    apiKeys: [...state.apiKeys.values()],
    people: [...state.people.values()],
    organisations: [...state.organisations.values()],
    tasks: [...state.tasks.values()],
    seedTruth: [...state.seedTruth.entries()],
    sessions: [...state.sessions.values()].filter((session) => !session.expired),
  };
  // Write then rename, so a crash mid-write never leaves a truncated state file behind.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(persisted));
  renameSync(temporary, file);
}

function byId<R extends BaseRecord>(records: R[]): Map<number, R> {
  return new Map(records.map((r) => [r.id, r]));
}

/** Loads a state file written by saveState; returns null when the file does not exist. */
export function loadState(file: string): SimState | null {
  if (!existsSync(file)) return null;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedState>;
  if (raw.format !== 'workbooks-sim-state/1' || !raw.nextIds || !raw.users || !raw.apiKeys) {
    throw new Error(`${file} is not a workbooks-sim state file`);
  }
  return {
    users: byId(raw.users),
    apiKeys: byId(raw.apiKeys),
    people: byId(raw.people ?? []),
    organisations: byId(raw.organisations ?? []),
    tasks: byId(raw.tasks ?? []),
    nextIds: raw.nextIds,
    sessions: new Map((raw.sessions ?? []).map((session) => [session.id, session])),
    seedTruth: new Map(raw.seedTruth ?? []),
    seedToday: raw.seedToday ?? '1970-01-01',
    seed: raw.seed ?? 1,
  };
}
