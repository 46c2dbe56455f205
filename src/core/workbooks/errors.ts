/**
 * Typed failures of the Workbooks API client. Every error carries a discriminating `kind` so callers can
 * `switch` on it without `instanceof` (errors cross the service-worker message boundary as plain objects).
 *
 * Secrets never appear in an error: request descriptions are built with `redactParams`/`redactUrl`.
 */
import { msg } from '../i18n/index';

export type WorkbooksErrorKind =
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'rolled-back'
  | 'server'
  | 'bad-request'
  | 'network'
  | 'cancelled'
  | 'protocol';

/** What was asked, with secrets replaced: safe to log, show and store. */
export interface RequestDescription {
  method: string;
  path: string;
  params: Array<[string, string]>;
}

/** Parameter names whose values are secrets. Compared case-insensitively, with or without a `[]` suffix. */
const SECRET_PARAM_NAMES = new Set(['api_key', 'password', '_authenticity_token', 'session_id']);
export const REDACTED = '[redacted]';

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM_NAMES.has(name.toLowerCase().replace(/\[\]$/, ''));
}

/** Copies a parameter list with every secret value replaced by `[redacted]`. */
export function redactParams(params: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return params.map(([name, value]) => [name, isSecretParam(name) ? REDACTED : value]);
}

/** Replaces secret query parameters in a URL (an API key in a GET query string must not reach a log). */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const base = url.slice(0, queryStart);
  const rest = url.slice(queryStart + 1);
  const hashStart = rest.indexOf('#');
  const query = hashStart < 0 ? rest : rest.slice(0, hashStart);
  const hash = hashStart < 0 ? '' : rest.slice(hashStart);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return isSecretParam(name) ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
  return `${base}?${redacted}${hash}`;
}

export function describeRequest(method: string, path: string, params: ReadonlyArray<readonly [string, string]>): RequestDescription {
  return { method, path, params: redactParams(params) };
}

export abstract class WorkbooksError extends Error {
  abstract readonly kind: WorkbooksErrorKind;
  /** The request that failed, secrets redacted; absent for per-record errors decoded from a write answer. */
  request: RequestDescription | undefined;

  protected constructor(message: string, request?: RequestDescription) {
    super(message);
    this.name = new.target.name;
    this.request = request;
  }
}

/**
 * 401, a login refusal, or a local inability to authenticate. `failureReason` is Workbooks' code
 * (`session_expired`, `no_session`, `login_disabled`, `unrecognised_name_or_password`, …) or one of ours:
 * `no_authenticity_token` (the session transport has no token to send with a write), `unknown`.
 */
export class AuthError extends WorkbooksError {
  readonly kind = 'auth' as const;
  constructor(
    readonly failureReason: string,
    message: string,
    readonly status: number | null = 401,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** 403: the database is unavailable to this caller, or the caller lacks a capability (`no_permission_for_api`). */
export class PermissionError extends WorkbooksError {
  readonly kind = 'permission' as const;
  constructor(
    message: string,
    readonly failureReason: string | null = null,
    readonly status = 403,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** 404 (does not exist, or access denied — Workbooks does not distinguish), or a record that is no longer accessible. */
export class NotFoundError extends WorkbooksError {
  readonly kind = 'not-found' as const;
  constructor(
    message: string,
    readonly ids: number[] = [],
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** A stale `lock_version`: the record was changed elsewhere since it was read. Reload and re-apply. */
export class ConflictError extends WorkbooksError {
  readonly kind = 'conflict' as const;
  constructor(
    message: string,
    readonly ids: number[],
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

export interface RecordValidationFailure {
  /** Position of the record in the caller's list of operations. */
  index: number;
  /** The record id (0 for a create). */
  id: number;
  /** Field name → messages. */
  fields: Record<string, string[]>;
  /** Messages not tied to a field. */
  messages: string[];
}

/** The service refused values: per record, per field, plus messages for the request as a whole. */
export class ValidationError extends WorkbooksError {
  readonly kind = 'validation' as const;
  constructor(
    message: string,
    readonly records: RecordValidationFailure[],
    readonly general: string[] = [],
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/**
 * A record that was valid but was not saved because another record in the same all-or-nothing request failed
 * (only without `_per_object_transactions`).
 */
export class RolledBackError extends WorkbooksError {
  readonly kind = 'rolled-back' as const;
  constructor(
    message: string,
    readonly id: number,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** 5xx: Workbooks logged an exception; quote `exceptionReference` to its support team. */
export class ServerError extends WorkbooksError {
  readonly kind = 'server' as const;
  constructor(
    message: string,
    readonly status: number,
    readonly exceptionReference: string | null,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** 405/406/501: the request itself was unacceptable (parameters, method, or operation not allowed). */
export class BadRequestError extends WorkbooksError {
  readonly kind = 'bad-request' as const;
  constructor(
    message: string,
    readonly status: number,
    readonly details: string[] = [],
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/**
 * The connection failed or dropped. For a write the outcome is unknown: the service may have applied it, so
 * re-read before retrying.
 */
export class NetworkError extends WorkbooksError {
  readonly kind = 'network' as const;
  constructor(
    message: string,
    readonly causeMessage: string | null = null,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

/** The caller's AbortSignal fired. */
export class CancelledError extends WorkbooksError {
  readonly kind = 'cancelled' as const;
  constructor(message = msg('engineClientCancelled'), request?: RequestDescription) {
    super(message, request);
  }
}

/** The answer could not be understood (not JSON, wrong shape, too many redirects, unexpected status). */
export class ProtocolError extends WorkbooksError {
  readonly kind = 'protocol' as const;
  constructor(
    message: string,
    readonly status: number | null = null,
    request?: RequestDescription,
  ) {
    super(message, request);
  }
}

export type AnyWorkbooksError =
  | AuthError
  | PermissionError
  | NotFoundError
  | ConflictError
  | ValidationError
  | RolledBackError
  | ServerError
  | BadRequestError
  | NetworkError
  | CancelledError
  | ProtocolError;

export function isWorkbooksError(value: unknown): value is AnyWorkbooksError {
  return value instanceof WorkbooksError;
}

/** Throws CancelledError when the signal has fired: called before every step that could start work. */
export function throwIfAborted(signal: AbortSignal | undefined, request?: RequestDescription): void {
  if (signal?.aborted) throw new CancelledError(undefined, request);
}
