// Writes: one "square" set of array parameters per record (__method[], id[], lock_version[], field[]...),
// a filter selecting the working set, at most 100 records, lock_version checks, and either one transaction
// for the whole request or one per record (_per_object_transactions).
import { columnsOf, serializeRecord, toWire, type Column } from './columns';
import { json, unacceptable, type ApiResponse, type SimContext } from './context';
import { parseWireDate } from './dates';
import { collectFilters, compileFilters, matchMode } from './filters';
import { isTruthy, ParamError, rejectUnknownUnderscore, type Params } from './params';
import type { FieldSpec, RecordTypeSpec } from './schema';
import { CAPABILITIES, SIM_PASSWORD } from './seed';
import { allocateId, tableOf, type GenericRecord } from './store';
import { outputFormats } from './reads';

export const MAX_BATCH = 100;
export const CONFLICT_MESSAGE = 'This record cannot be saved since it has already been updated elsewhere.';
export const NO_VALUE = ':no_value:';

/** Array parameters that are not record fields. */
const NON_FIELD_ARRAYS = new Set([
  '__method[]', 'method[]', 'id[]', 'lock_version[]', '_ff[]', '_ft[]', '_fc[]', '_fm[]', '_sort[]', '_dir[]', '_select_columns[]', 'class_names[]',
]);

/** Scalar parameters of the protocol itself (credentials, client identification, JSONP). */
const PROTOCOL_SCALARS = new Set(['api_key', 'client', 'json', 'api_version', 'json_utf8_encoding', 'api_logging_key', 'api_logging_seq', 'callback', 'jsonp']);

type Method = 'POST' | 'PUT' | 'DELETE';

interface RecordRequest {
  index: number;
  method: Method;
  id: number;
  lockVersion: number;
  values: Map<string, string>;
}

interface RecordOutcome {
  success: boolean;
  errors: Record<string, string[]>;
  failures: string[];
  affected: Record<string, unknown>;
  /** Committed or to be committed: the working copy. */
  working?: GenericRecord;
  rolledBack?: boolean;
}

function parseBatch(params: Params, columns: Map<string, Column>): RecordRequest[] {
  const methods = params.has('__method[]') ? params.list('__method[]') : params.list('method[]');
  const count = methods.length;
  if (count === 0) throw new ParamError('No records to change: send __method[], id[] and lock_version[] for each record');
  if (count > MAX_BATCH) throw new ParamError(`At most ${MAX_BATCH} records can be changed in one request (${count} sent)`);
  const ids = params.list('id[]');
  const locks = params.list('lock_version[]');
  if (ids.length !== count || locks.length !== count) {
    throw new ParamError(`Square arrays required: ${count} __method[] values but ${ids.length} id[] and ${locks.length} lock_version[]`);
  }
  const fieldNames = params.names().filter((n) => n.endsWith('[]') && !NON_FIELD_ARRAYS.has(n));
  for (const name of fieldNames) {
    const n = params.list(name).length;
    if (n !== count) throw new ParamError(`Square arrays required: ${name} has ${n} values for ${count} records`);
  }
  for (const name of params.names()) {
    // `api_key` is also the default schema's secret field name; as a scalar it is always the credential.
    if (!name.endsWith('[]') && !name.startsWith('_') && !PROTOCOL_SCALARS.has(name) && columns.get(name)?.kind === 'field') {
      throw new ParamError(`Field values must be sent as arrays: ${name}[]`);
    }
  }
  return methods.map((rawMethod, index) => {
    const method = rawMethod.trim().toUpperCase();
    if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
      throw new ParamError(`__method[] must be POST, PUT or DELETE (record ${index + 1} has "${rawMethod}")`);
    }
    const idText = (ids[index] ?? '').trim();
    const lockText = (locks[index] ?? '').trim();
    if (!/^\d{1,10}$/.test(idText)) throw new ParamError(`id[] of record ${index + 1} is not an integer`);
    if (!/^\d{1,10}$/.test(lockText)) throw new ParamError(`lock_version[] of record ${index + 1} is not an integer`);
    const values = new Map<string, string>();
    for (const name of fieldNames) values.set(name.slice(0, -2), params.list(name)[index] ?? '');
    return { index, method, id: Number(idText), lockVersion: Number(lockText), values };
  });
}

/** Parses a wire value for a field; returns an error message on failure. */
function parseValue(field: FieldSpec, raw: string): { value: unknown } | { error: string } {
  switch (field.datatype) {
    case 'integer': {
      if (raw.trim() === '') return { value: null };
      if (!/^-?\d{1,10}$/.test(raw.trim())) return { error: 'is not a number' };
      const n = Number(raw.trim());
      if (n > 2147483647 || n < -2147483648) return { error: 'is out of range' };
      return { value: n };
    }
    case 'date': {
      if (raw.trim() === '') return { value: null };
      const day = parseWireDate(raw);
      return day ? { value: day } : { error: 'is not a valid date' };
    }
    case 'boolean':
      return { value: isTruthy(raw) };
    case 'datetime':
      return { error: 'is read-only' };
    case 'string':
      if (field.max_length !== undefined && [...raw].length > field.max_length) {
        return { error: `is too long (maximum is ${field.max_length} characters)` };
      }
      return { value: raw === '' ? (field.is_nullable ? null : '') : raw };
    case 'text':
      return { value: raw === '' && field.is_nullable ? null : raw };
  }
}

function blank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function addError(errors: Record<string, string[]>, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/** Record rules only speak about fields whose sent value was itself acceptable. */
function mergeRecordErrors(errors: Record<string, string[]>, recordErrors: Record<string, string[]>): void {
  for (const [field, messages] of Object.entries(recordErrors)) {
    if (errors[field]) continue;
    for (const m of messages) addError(errors, field, m);
  }
}

/** Record-level rules by role: names come from the schema, never from literals. */
function validate(ctx: SimContext, type: RecordTypeSpec, record: GenericRecord): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const byRole = (role: string): FieldSpec | undefined => type.fields.find((f) => f.role === role);
  for (const field of type.fields) {
    const value = record[field.role];
    if (field.required && blank(value) && field.is_createable) {
      // Until and IPs: required on create, and on any update that would leave them blank.
      addError(errors, field.name, "can't be blank");
    }
    if (field.allowed_values && !blank(value) && !field.allowed_values.includes(String(value))) {
      addError(errors, field.name, `is not one of: ${field.allowed_values.join(', ')}`);
    }
  }
  if (type.kind === 'apiKey') {
    const validFrom = record['validFrom'];
    const until = record['until'];
    const untilField = byRole('until');
    if (typeof validFrom === 'string' && typeof until === 'string' && until < validFrom && untilField) {
      addError(errors, untilField.name, 'must be on or after Valid From');
    }
    const userField = byRole('accessAsUser');
    const userId = record['accessAsUser'];
    if (userField && typeof userId === 'number') {
      const user = ctx.state.users.get(userId);
      if (!user) addError(errors, userField.name, `refers to user ${userId}, who does not exist`);
      else if (user.isDeleted) addError(errors, userField.name, `refers to user ${userId}, who has been deleted`);
    }
  }
  if (type.kind === 'user') {
    const emailField = byRole('email');
    const email = record['email'];
    if (emailField && typeof email === 'string' && email.trim() !== '') {
      if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) addError(errors, emailField.name, 'is not an email address');
      const taken = [...ctx.state.users.values()].some(
        (u) => u.id !== record.id && !u.isDeleted && u.email.toLowerCase() === email.trim().toLowerCase(),
      );
      if (taken) addError(errors, emailField.name, 'has already been taken');
    }
  }
  return errors;
}

function newRecord(ctx: SimContext, type: RecordTypeSpec, actorId: number): GenericRecord {
  const now = ctx.clock.now();
  const record: GenericRecord = { id: 0, lockVersion: 0, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId, isDeleted: false };
  for (const field of type.fields) record[field.role] = field.default_value;
  if (type.kind === 'apiKey') {
    record['secret'] = Array.from({ length: 8 }, () => ctx.rng.hex(5)).join('-');
  }
  if (type.kind === 'user') {
    record['password'] = SIM_PASSWORD;
    record['grants'] = [CAPABILITIES.apiAccess, CAPABILITIES.people, CAPABILITIES.organisations, CAPABILITIES.tasks];
  }
  return record;
}

/** A blank record with id 0: what a create's working-set filter (`id eq 0`) must select. */
function virtualNewRecord(type: RecordTypeSpec): GenericRecord {
  const record: GenericRecord = { id: 0, lockVersion: 0, createdAt: 0, createdBy: 0, updatedAt: 0, updatedBy: 0, isDeleted: false };
  for (const field of type.fields) record[field.role] = null;
  return record;
}

function applyValues(
  request: RecordRequest,
  columns: Map<string, Column>,
  working: GenericRecord,
  errors: Record<string, string[]>,
): string[] {
  const changed: string[] = [];
  for (const [name, raw] of request.values) {
    if (raw === NO_VALUE) continue;
    const column = columns.get(name);
    if (!column) {
      addError(errors, name, 'is not a known attribute');
      continue;
    }
    const field = column.field;
    if (column.kind !== 'field' || !field) {
      addError(errors, name, 'is read-only');
      continue;
    }
    if ((request.method === 'POST' && !field.is_createable) || (request.method === 'PUT' && !field.is_updateable)) {
      addError(errors, name, 'is read-only');
      continue;
    }
    const parsed = parseValue(field, raw);
    if ('error' in parsed) {
      addError(errors, name, parsed.error);
      continue;
    }
    if (working[field.role] !== parsed.value) changed.push(name);
    working[field.role] = parsed.value;
  }
  return changed;
}

export function handleWrite(ctx: SimContext, type: RecordTypeSpec, params: Params, actorId: number): ApiResponse {
  rejectUnknownUnderscore(params);
  const columns = columnsOf(ctx.schema, ctx.state, type);
  const requests = parseBatch(params, columns);
  const filters = collectFilters(params);
  if (filters.length === 0) {
    return unacceptable(
      'A filter selecting the records to change is required: _ff[]=id&_ft[]=eq&_fc[]=0 for creates, _fm=or with one id filter per record otherwise',
    );
  }
  const inWorkingSet = compileFilters(filters, matchMode(params), columns, ctx.clock.today());
  ctx.beforeWrite(type, requests.filter((r) => r.method !== 'POST').map((r) => r.id));

  const perObject = params.flag('_per_object_transactions');
  const table = tableOf(ctx.state, type.table);
  const overlay = new Map<number, GenericRecord>();
  const nextIdBefore = ctx.state.nextIds[type.table];
  const formats = outputFormats(params);
  const current = (id: number): GenericRecord | undefined => overlay.get(id) ?? table.get(id);

  const outcomes: RecordOutcome[] = requests.map((request) => {
    const errors: Record<string, string[]> = {};
    const failures: string[] = [];
    const fail = (message: string, existing?: GenericRecord): RecordOutcome => {
      failures.push(message);
      addError(errors, 'base', message);
      return { success: false, errors, failures, affected: { id: existing?.id ?? request.id, lock_version: existing?.lockVersion ?? request.lockVersion } };
    };
    if (request.method === 'POST') {
      if (request.id !== 0 || request.lockVersion !== 0) return fail('A new record must be sent with id 0 and lock_version 0');
      if (!inWorkingSet(virtualNewRecord(type))) return fail('The request\'s filter does not select new records (add _ff[]=id&_ft[]=eq&_fc[]=0)');
      const working = newRecord(ctx, type, actorId);
      applyValues(request, columns, working, errors);
      mergeRecordErrors(errors, validate(ctx, type, working));
      if (Object.keys(errors).length > 0) return { success: false, errors, failures, affected: { id: 0, lock_version: 0 } };
      working.id = allocateId(ctx.state, type.table);
      return { success: true, errors, failures, affected: {}, working };
    }
    const existing = current(request.id);
    if (!existing || existing.isDeleted) return fail(`Record ${request.id} could not be found (it does not exist, was deleted, or access was denied)`);
    if (!inWorkingSet(existing)) return fail(`Record ${request.id} is not selected by the request's filter`, existing);
    if (existing.lockVersion !== request.lockVersion) return fail(CONFLICT_MESSAGE, existing);
    const working: GenericRecord = { ...existing };
    const now = ctx.clock.now();
    if (request.method === 'DELETE') {
      working.isDeleted = true;
    } else {
      const changed = applyValues(request, columns, working, errors);
      mergeRecordErrors(errors, validate(ctx, type, working));
      if (Object.keys(errors).length > 0) return { success: false, errors, failures, affected: { id: existing.id, lock_version: existing.lockVersion } };
      working['__changed'] = changed;
    }
    working.lockVersion = existing.lockVersion + 1;
    working.updatedAt = now;
    working.updatedBy = actorId;
    return { success: true, errors, failures, affected: {}, working };
  });

  const allSucceeded = outcomes.every((o) => o.success);
  const commit = perObject || allSucceeded;
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome.success || !outcome.working) continue;
    if (!commit) {
      outcome.success = false;
      outcome.rolledBack = true;
      const request = requests[i] as RecordRequest;
      outcome.affected = { id: request.method === 'POST' ? 0 : request.id, lock_version: request.lockVersion };
      continue;
    }
    const working = outcome.working;
    const changed = (working['__changed'] as string[] | undefined) ?? [];
    delete working['__changed'];
    overlay.set(working.id, working);
    table.set(working.id, working);
    const request = requests[i] as RecordRequest;
    if (request.method === 'POST') {
      outcome.affected = serializeRecord(columns, working, null, formats);
    } else if (request.method === 'DELETE') {
      outcome.affected = { id: working.id, lock_version: working.lockVersion, is_deleted: true };
    } else {
      const affected: Record<string, unknown> = { id: working.id, lock_version: working.lockVersion };
      for (const name of ['updated_at', 'updated_by', `updated_by_user[${ctx.schema.userDisplayName}]`, ...changed]) {
        const column = columns.get(name);
        if (column) affected[name] = toWire(column, column.get(working), formats);
      }
      for (const association of type.associations) {
        const fk = type.fields.find((f) => f.role === association.foreignKeyRole);
        const related = columns.get(`${association.name}[${association.displayName}]`);
        if (fk && related && changed.includes(fk.name)) affected[related.name] = related.get(working) ?? null;
      }
      outcome.affected = affected;
    }
  }
  if (!commit) ctx.state.nextIds[type.table] = nextIdBefore;
  if (outcomes.some((o) => o.success)) ctx.persist();

  const information = outcomes.map((o) => ({
    success: o.success,
    errors: o.errors,
    warnings: o.rolledBack ? { base: ['Not saved: another record in this request failed, so the whole request was rolled back.'] } : {},
  }));
  if (outcomes.every((o) => o.success)) {
    return json(200, {
      success: true,
      affected_objects: outcomes.map((o) => o.affected),
      affected_object_information: information,
      flash: 'Updated successfully',
      updates: {},
    });
  }
  const failed = outcomes.filter((o) => !o.success && !o.rolledBack).length;
  const fullMessages: string[] = [];
  const failures: string[] = [];
  outcomes.forEach((o, i) => {
    for (const [field, messages] of Object.entries(o.errors)) {
      if (field === 'base') continue;
      const title = columns.get(field)?.title ?? field;
      for (const m of messages) fullMessages.push(`Record ${i + 1}: ${title} ${m}`);
    }
    failures.push(...o.failures);
  });
  const flash = `${failed} of ${outcomes.length} record${outcomes.length === 1 ? '' : 's'} could not be saved` +
    (commit ? '' : '; nothing was saved');
  return json(200, {
    success: false,
    flash,
    errors: fullMessages,
    failures,
    affected_objects: outcomes.map((o) => o.affected),
    affected_object_information: information,
    affected_object_errors: outcomes.map((o) => o.errors),
    updates: {},
  });
}
