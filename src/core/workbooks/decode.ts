/**
 * Response decoding: HTTP status + JSON body → typed results or typed errors. Shapes from the README
 * ("HTTP Response Codes", "Failure Reporting", "Changing Objects by Example", "Login").
 */
import {
  AuthError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ProtocolError,
  RolledBackError,
  ServerError,
  ValidationError,
  type AnyWorkbooksError,
  type RecordValidationFailure,
  type RequestDescription,
} from './errors';
import type { WriteOp } from './encode';
import type { WireResponse } from './transport';
import { msg } from '../i18n/index';

/** One record as the service renders it: field name → value (related values use bracket names). */
export type WireRecord = Record<string, unknown>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The README's stale-lock message; matched loosely because wording may drift between releases. */
const CONFLICT_PATTERN = /already been updated elsewhere|cannot be saved since|stale|lock[_ ]?version/i;
const NOT_FOUND_PATTERN = /not found|no longer (exists|accessible|available)|does not exist|could not be found|cannot be found/i;

/**
 * README ("Logout"): using an invalid session with a request answers a 302, which leads to the sign-in page
 * rather than JSON. An answer that ended on such a page therefore means "no session".
 */
function landedOnSignIn(response: WireResponse): boolean {
  let path: string;
  try {
    path = new URL(response.url).pathname;
  } catch {
    return false;
  }
  return !path.endsWith('.api') && /\/(login|signin|sign_in)(\/|\.html?)?$/i.test(path);
}

export function parseJsonBody(response: WireResponse, request?: RequestDescription): unknown {
  const text = response.body.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (landedOnSignIn(response)) {
      throw new AuthError('no_session', msg('engineClientSignedOut'), response.status, request);
    }
    const preview = text.slice(0, 80).replace(/\s+/g, ' ');
    const status = String(response.status);
    throw new ProtocolError(preview ? msg('engineClientNotJson', preview, status) : msg('engineClientNotJsonEmpty', status), response.status, request);
  }
}

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/** Flattens the many ways messages appear (string, array of strings, {field: msg}, [{body,title}]) into strings. */
export function collectMessages(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(collectMessages);
  if (isObject(value)) {
    const direct = textOf(value.message) ?? textOf(value.body) ?? textOf(value.error);
    if (direct) return [direct];
    return Object.values(value).flatMap(collectMessages);
  }
  return [];
}

const EXCEPTION_KEYS = ['exception_reference', 'exception_ref', 'exception_id', 'exception', 'reference', 'error_reference'];

export function exceptionReferenceOf(body: unknown, rawText: string): string | null {
  if (isObject(body)) {
    for (const key of EXCEPTION_KEYS) {
      const value = body[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
      if (typeof value === 'number') return String(value);
    }
  }
  const match = /exception reference[:\s#]*([A-Za-z0-9][A-Za-z0-9_-]*)/i.exec(rawText) ?? /\breference[:\s#]+([A-Za-z0-9][A-Za-z0-9_-]*)/i.exec(rawText);
  return match?.[1] ?? null;
}

function failureReasonOf(body: unknown): string | null {
  return isObject(body) ? textOf(body.failure_reason) : null;
}

function messageOf(body: unknown, fallback: string): string {
  if (!isObject(body)) return fallback;
  return textOf(body.failure_message) ?? textOf(body.message) ?? textOf(body.flash) ?? collectMessages(body.errors)[0] ?? fallback;
}

/** Maps a non-200 answer to its typed error (README "HTTP Response Codes"). */
export function errorFromStatus(response: WireResponse, request?: RequestDescription): AnyWorkbooksError {
  const body = tryJson(response.body);
  const { status } = response;
  const reason = failureReasonOf(body);
  if (status === 401) {
    return new AuthError(reason ?? 'unknown', messageOf(body, msg('engineClientHttp401')), status, request);
  }
  if (status === 403) {
    return new PermissionError(messageOf(body, msg('engineClientHttp403')), reason, status, request);
  }
  if (status === 404) return new NotFoundError(messageOf(body, msg('engineClientHttp404')), [], request);
  if (status === 405 || status === 406 || status === 501) {
    const details = isObject(body) ? collectMessages(body.errors ?? body.failures ?? body.message) : [];
    return new BadRequestError(messageOf(body, msg('engineClientNotAccepted', String(status))), status, details, request);
  }
  if (status >= 500) {
    const reference = exceptionReferenceOf(body, response.body);
    const message = reference ? msg('engineClientServerErrorReference', String(status), reference) : msg('engineClientServerError', String(status));
    return new ServerError(message, status, reference, request);
  }
  return new ProtocolError(msg('engineClientUnexpectedStatus', String(status)), status, request);
}

export interface ReadPage<T = WireRecord> {
  records: T[];
  total: number;
}

/** Decodes `{success, total, data: [...]}`. */
export function decodeReadResponse(response: WireResponse, request?: RequestDescription): ReadPage {
  if (response.status !== 200) throw errorFromStatus(response, request);
  const body = parseJsonBody(response, request);
  if (!isObject(body)) throw new ProtocolError(msg('engineClientReadNotObject'), 200, request);
  if (body.success === false) throw failedRequestError(body, 200, request);
  if (!Array.isArray(body.data)) throw new ProtocolError(msg('engineClientReadNoData'), 200, request);
  const records = body.data.filter(isObject);
  if (records.length !== body.data.length) throw new ProtocolError(msg('engineClientReadRowsNotObjects'), 200, request);
  const total = typeof body.total === 'number' ? body.total : typeof body.total === 'string' && /^\d+$/.test(body.total) ? Number(body.total) : records.length;
  return { records, total };
}

/** A 200 with `success: false` that is not about individual records. */
export function failedRequestError(body: Record<string, unknown>, status: number, request?: RequestDescription): AnyWorkbooksError {
  const reason = failureReasonOf(body);
  const messages = collectMessages(body.errors ?? body.failures ?? body.failure_message ?? body.message);
  const message = messages[0] ?? textOf(body.flash) ?? msg('engineClientSuccessFalse');
  if (reason) return new AuthError(reason, messageOf(body, message), status, request);
  if (messages.some((m) => CONFLICT_PATTERN.test(m))) return new ConflictError(message, [], request);
  if (messages.some((m) => /permission|not permitted|not allowed|access denied/i.test(m))) return new PermissionError(message, null, status, request);
  return new ValidationError(message, [], messages, request);
}

export type WriteResult =
  | { ok: true; id: number; lockVersion: number; record: WireRecord }
  | { ok: false; error: AnyWorkbooksError; /** false when the request was never sent */ attempted: boolean };

function toInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

interface RecordProblems {
  fields: Record<string, string[]>;
  messages: string[];
}

function emptyProblems(): RecordProblems {
  return { fields: {}, messages: [] };
}

const GENERAL_FIELD_KEYS = new Set(['base', '[]', '', 'message', 'messages', 'general']);

function addProblems(target: RecordProblems, source: unknown): void {
  if (source === null || source === undefined) return;
  if (typeof source === 'string' || Array.isArray(source)) {
    target.messages.push(...collectMessages(source));
    return;
  }
  if (!isObject(source)) return;
  for (const [key, value] of Object.entries(source)) {
    const messages = collectMessages(value);
    if (messages.length === 0) continue;
    if (GENERAL_FIELD_KEYS.has(key)) target.messages.push(...messages);
    else (target.fields[key] ??= []).push(...messages);
  }
}

function hasProblems(problems: RecordProblems): boolean {
  return problems.messages.length > 0 || Object.keys(problems.fields).length > 0;
}

function allMessages(problems: RecordProblems): string[] {
  return [...problems.messages, ...Object.entries(problems.fields).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`))];
}

function opId(op: WriteOp): number {
  return op.method === 'create' ? 0 : op.id;
}

/**
 * Finds the problems reported for record `index`, from the first container that has any (they repeat each
 * other): `affected_object_information[i].errors`, `affected_object_errors[i]`, `failures` (by id or index, or
 * positional when it has one entry per record) and, for a single-record request, the top-level `errors`.
 */
function problemsFor(body: Record<string, unknown>, index: number, op: WriteOp, count: number): RecordProblems {
  const problems = emptyProblems();
  const information = Array.isArray(body.affected_object_information) ? body.affected_object_information[index] : undefined;
  if (isObject(information)) addProblems(problems, information.errors);
  if (!hasProblems(problems) && Array.isArray(body.affected_object_errors)) addProblems(problems, body.affected_object_errors[index]);
  const failures = body.failures;
  if (!hasProblems(problems) && Array.isArray(failures)) {
    const id = opId(op);
    const matching = failures.find((f) => isObject(f) && ((id !== 0 && toInteger(f.id) === id) || toInteger(f.index) === index));
    if (isObject(matching)) addProblems(problems, matching.errors ?? matching.message ?? matching.messages);
    else if (failures.length === count) addProblems(problems, failures[index]);
  } else if (!hasProblems(problems) && isObject(failures)) {
    addProblems(problems, failures[String(index)] ?? (opId(op) !== 0 ? failures[String(opId(op))] : undefined));
  }
  if (!hasProblems(problems) && count === 1 && body.errors !== undefined) {
    const errors = body.errors;
    if (isObject(errors)) for (const value of Object.values(errors)) addProblems(problems, value);
    else addProblems(problems, errors);
  }
  problems.messages = [...new Set(problems.messages)];
  for (const field of Object.keys(problems.fields)) problems.fields[field] = [...new Set(problems.fields[field])];
  return problems;
}

function recordError(problems: RecordProblems, index: number, op: WriteOp): AnyWorkbooksError {
  const messages = allMessages(problems);
  const id = opId(op);
  const conflict = messages.find((m) => CONFLICT_PATTERN.test(m));
  if (conflict) return new ConflictError(conflict, id ? [id] : []);
  const notFound = messages.find((m) => NOT_FOUND_PATTERN.test(m));
  if (notFound && Object.keys(problems.fields).length === 0) return new NotFoundError(notFound, id ? [id] : []);
  const failure: RecordValidationFailure = { index, id, fields: problems.fields, messages: problems.messages };
  return new ValidationError(messages[0] ?? msg('engineClientRecordNotSaved'), [failure]);
}

/**
 * Decodes a write answer into one result per operation, in request order. `indexOffset` is the position of the
 * batch's first operation in the caller's list (for validation failure indexes).
 */
export function decodeWriteResponse(
  response: WireResponse,
  ops: readonly WriteOp[],
  options: { perObjectTransactions: boolean; indexOffset?: number },
  request?: RequestDescription,
): WriteResult[] {
  if (response.status !== 200) throw errorFromStatus(response, request);
  const body = parseJsonBody(response, request);
  if (!isObject(body)) throw new ProtocolError(msg('engineClientWriteNotObject'), 200, request);
  const offset = options.indexOffset ?? 0;
  if (isObject(body) && failureReasonOf(body)) throw failedRequestError(body, 200, request);
  const affected = Array.isArray(body.affected_objects) ? body.affected_objects : [];
  const overallFailed = body.success === false;

  const results: WriteResult[] = ops.map((op, i): WriteResult => {
    const problems = problemsFor(body, i, op, ops.length);
    if (hasProblems(problems)) return { ok: false, error: withRequest(recordError(problems, offset + i, op), request), attempted: true };
    if (overallFailed && !options.perObjectTransactions) {
      return { ok: false, error: new RolledBackError(msg('engineClientRolledBack'), opId(op), request), attempted: true };
    }
    const information = Array.isArray(body.affected_object_information) ? body.affected_object_information[i] : undefined;
    const record = affected[i];
    if ((isObject(information) && information.success === false) || (overallFailed && !isObject(record))) {
      const stated = isObject(information) ? collectMessages(information.message ?? information.warnings) : [];
      const messages = stated.length > 0 ? stated : [msg('engineClientRecordNotSaved')];
      return { ok: false, error: withRequest(recordError({ fields: {}, messages }, offset + i, op), request), attempted: true };
    }
    if (!isObject(record)) {
      if (op.method === 'delete') return { ok: true, id: op.id, lockVersion: op.lockVersion, record: {} };
      throw new ProtocolError(msg('engineClientWriteNoAffected', String(offset + i)), 200, request);
    }
    const id = toInteger(record.id) ?? (op.method === 'create' ? null : op.id);
    const lockVersion = toInteger(record.lock_version) ?? (op.method === 'create' ? 0 : op.lockVersion);
    if (id === null || (op.method === 'create' && id === 0)) throw new ProtocolError(msg('engineClientWriteNoId', String(offset + i)), 200, request);
    return { ok: true, id, lockVersion, record };
  });

  if (overallFailed && results.every((r) => r.ok || r.error.kind === 'rolled-back')) {
    // success:false but no record-level detail: report the request-level messages on every record.
    const error = failedRequestError(body, 200, request);
    return ops.map(() => ({ ok: false, error, attempted: true }));
  }
  return results;
}

function withRequest<E extends AnyWorkbooksError>(error: E, request: RequestDescription | undefined): E {
  if (request && !error.request) error.request = request;
  return error;
}

export interface LoginAnswer {
  sessionId: string | null;
  authenticityToken: string | null;
  userId: number | null;
  databaseName: string | null;
  logicalDatabaseId: number | null;
  personName: string | null;
  loginName: string | null;
  apiVersion: number | null;
  raw: WireRecord;
}

/** Decodes a login.api answer (200 with session details; 401/403 with `failure_reason`). */
export function decodeLoginResponse(response: WireResponse, request?: RequestDescription): LoginAnswer {
  if (response.status !== 200) throw errorFromStatus(response, request);
  const body = parseJsonBody(response, request);
  if (!isObject(body)) throw new ProtocolError(msg('engineClientLoginNotObject'), 200, request);
  if (body.success === false || failureReasonOf(body)) {
    throw new AuthError(failureReasonOf(body) ?? 'unknown', messageOf(body, msg('engineClientLoginFailed')), 200, request);
  }
  const string = (key: string): string | null => (typeof body[key] === 'string' ? (body[key] as string) : null);
  return {
    sessionId: string('session_id'),
    authenticityToken: string('authenticity_token'),
    userId: toInteger(body.user_id),
    databaseName: string('database_name'),
    logicalDatabaseId: toInteger(body.logical_database_id),
    personName: string('person_name'),
    loginName: string('login_name'),
    apiVersion: toInteger(body.api_version),
    raw: body,
  };
}
