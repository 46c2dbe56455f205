// What every handler needs: the live database, the active schema variant, the clock, and hooks.
import type { Clock } from './dates';
import type { Rng } from './prng';
import type { RecordTypeSpec, SimSchema } from './schema';
import type { SimState } from './store';

export interface SimContext {
  schema: SimSchema;
  /** Replaced wholesale by /__sim/reset, so always read it through the context. */
  state: SimState;
  clock: Clock;
  /** Seeded generator for runtime choices (new secrets, jitter). */
  rng: Rng;
  /** Saves the state file, if any. */
  persist(): void;
  /** Fault hook: records of `type` were returned by a read. */
  onRead(type: RecordTypeSpec, ids: number[]): void;
  /** Fault hook: a write to `type` is about to touch `ids`. */
  beforeWrite(type: RecordTypeSpec, ids: number[]): void;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | string[]>;
}

export function json(status: number, body: unknown, headers?: Record<string, string | string[]>): ApiResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** 406 with the service's error shape. */
export function unacceptable(message: string): ApiResponse {
  return json(406, { success: false, errors: [message], flash: message });
}

/** Which grant a record type needs (README: "Capabilities"). */
export function grantFor(type: RecordTypeSpec): string {
  switch (type.table) {
    case 'apiKeys': return 'admin_api_keys';
    case 'users': return 'admin_users';
    case 'people': return 'crm_people';
    case 'organisations': return 'crm_organisations';
    case 'tasks': return 'activity_tasks';
  }
}

/** "Not found: the resource could not be found (it did not exist, or access was denied)." */
export function notFound(what = 'The requested resource'): ApiResponse {
  const message = `${what} could not be found.`;
  return json(404, { success: false, errors: [message], flash: message });
}
