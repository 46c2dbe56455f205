// Public types of the Workbooks simulator. Other helpers import these: keep them stable.
import type { SimSchema, SchemaDescription } from './schema';

export type { SimSchema, SchemaDescription };

/** Everything `startSimulator` accepts; every field has a default. */
export interface SimOptions {
  /** TCP port on 127.0.0.1; 0 picks a free port. */
  port: number;
  /** Seed of every pseudo-random choice (data, secrets, ratio faults, jitter). */
  seed: number;
  /** Number of API keys to seed, the administrator's key included. */
  keys: number;
  /** Number of users to seed, the administrator and deleted users included. */
  users: number;
  /** 'default' | 'alt' | a path to a JSON schema description | a schema description object. */
  schema: 'default' | 'alt' | string | SchemaDescription;
  /** Added to every `.api` response. */
  latencyMs: number;
  /** Uniform jitter (±) around latencyMs, drawn from the seeded generator. */
  jitterMs: number;
  /** Fault spec string (grammar in README.md). */
  faults: string;
  /** JSON file: loaded on start if present, saved after each write and on stop. */
  stateFile: string | undefined;
  /** The seeded administrator's API key value. */
  adminApiKey: string;
  /** YYYY-MM-DD: the Europe/London calendar date the simulator treats as today. */
  today: string | undefined;
  /** Suppress console output. */
  quiet: boolean;
}

export type AuthKind = 'session' | 'api-key' | 'none';

/** One request as the simulator saw it. Secrets (api_key, password) are replaced with "[redacted]". */
export interface RecordedRequest {
  /** 1-based index among all recorded requests since start or the last clearRequests(). */
  seq: number;
  /** The HTTP method on the wire. */
  method: string;
  /** The method the request was treated as (after `_method`). */
  effectiveMethod: string;
  /** Path without the query string, e.g. "/admin/api_keys.api". */
  path: string;
  /** Query parameters then body parameters, in order. */
  params: Array<[string, string]>;
  auth: AuthKind;
  status: number;
  /** Epoch ms when the request arrived. */
  time: number;
  /** Names of the faults that fired on this request, if any. */
  faults: string[];
}

export type UserStatus = 'ok' | 'login-disabled' | 'no-edition' | 'deleted';

export interface GroundTruthKey {
  id: number;
  name: string;
  userId: number | null;
  /** Audit finding codes (issue 4 / issue 6 names), sorted. */
  problems: string[];
  /**
   * False when the key's IP list or dates changed since seeding (or it was created later): then only the
   * codes derived from users and names are known to the simulator, and `problems` holds only those.
   */
  exact: boolean;
}

export interface GroundTruth {
  /** The London date the validity codes are relative to. */
  today: string;
  thresholds: GroundTruthThresholds;
  keys: GroundTruthKey[];
  users: Array<{ id: number; status: UserStatus }>;
}

export interface GroundTruthThresholds {
  expiresSoonWarningDays: number;
  expiresSoonInfoDays: number;
  lifetimeInfoDays: number;
  lifetimeWarningDays: number;
  hugeRangeIpv4Prefix: number;
  hugeRangeIpv6Prefix: number;
  manyKeysPerUser: number;
  startsInFutureWarningDays: number;
}

export interface SimAdmin {
  username: string;
  password: string;
  apiKey: string;
  userId: number;
}

export type RecordKind = 'apiKey' | 'user';

export interface SimHandle {
  url: string;
  stop(): Promise<void>;
  /** Live request log (the same array object is kept; clearRequests empties it). */
  requests: RecordedRequest[];
  state: import('./store').SimState;
  groundTruth(): GroundTruth;
  setFaults(spec: string): void;
  clearRequests(): void;
  admin: SimAdmin;
  schema: SimSchema;
  /** A concurrent modification by someone else: applies role-named changes, bumps lock_version and updated_at. */
  modifyRecord(kind: RecordKind, id: number, changes: Record<string, unknown>): void;
  /** Every existing session answers 401 session_expired from now on. */
  expireSessions(): void;
}
