/**
 * Request encoding for the Workbooks wire protocol (github.com/workbooks/client_lib README.markdown):
 * form-urlencoded parameter lists, read queries (paging, sorting, filters, columns) and "square" write batches.
 * Pure functions: the transport adds authentication, `_dc` and `_method`.
 */

export type Param = [string, string];

/** The filter operators documented in the README ("Filtering Types"). */
export type FilterOp =
  | 'eq'
  | 'ne'
  | 'ct'
  | 'nct'
  | 'bg'
  | 'nbg'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'blank'
  | 'not_blank'
  | 'true'
  | 'false'
  | 'today'
  | 'ge_today'
  | 'gt_today'
  | 'le_today'
  | 'lt_today'
  | 'between'
  | 'not_between';

/** Operators that take no value: the README says `_fc[]` "should be present but is ignored". */
const VALUELESS_OPS: ReadonlySet<FilterOp> = new Set(['blank', 'not_blank', 'true', 'false', 'today', 'ge_today', 'gt_today', 'le_today', 'lt_today']);

export interface FilterSpec {
  field: string;
  op: FilterOp;
  /**
   * A single value; for `eq` a list is sent as one comma-separated criterion (an IN list, commas inside values
   * escaped with a backslash); for `between`/`not_between` exactly two values, sent as `JSON([a,b])`.
   */
  value?: string | number | boolean | ReadonlyArray<string | number>;
}

export interface SortSpec {
  field: string;
  dir: 'ASC' | 'DESC';
}

export interface ReadQuery {
  /** 0-based first row. Always sent when `limit` is: the service ignores `_limit` without `_start`. */
  start?: number;
  limit?: number;
  sort?: SortSpec[];
  filters?: FilterSpec[];
  /** `and` (the service default), `or`, or a boolean expression over 1-based filter numbers, e.g. `(1 OR 2) AND NOT 3`. */
  filterMode?: 'and' | 'or' | (string & {});
  selectColumns?: string[];
  /** Sends `__skip_total_rows=true`: `total` then counts only the rows returned. */
  skipTotal?: boolean;
}

/** A value for one field of one record in a write. `null` clears the field (sent as an empty value). */
export type FieldValue = string | number | boolean | null;

export type WriteOp =
  | { method: 'create'; fields: Record<string, FieldValue> }
  | { method: 'update'; id: number; lockVersion: number; fields: Record<string, FieldValue> }
  | { method: 'delete'; id: number; lockVersion: number };

/** Square-array placeholder meaning "leave this field unchanged" (README: Changing Objects › Methods). */
export const NO_VALUE = ':no_value:';
/** At most 100 objects per write request (README: Changing Objects). */
export const MAX_RECORDS_PER_WRITE = 100;

const RESERVED_WRITE_FIELDS = new Set(['id', 'lock_version', '__method', '_method']);

/**
 * Replaces lone UTF-16 surrogates with U+FFFD: `encodeURIComponent` throws on them, and the service expects
 * well-formed UTF-8 (README: Character Sets).
 */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function encodeComponent(text: string): string {
  return encodeURIComponent(toWellFormed(text)).replace(/%20/g, '+');
}

/** `application/x-www-form-urlencoded` serialisation that keeps repeated names and their order. */
export function encodeForm(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');
}

/** Parses a form body or query string back into an ordered parameter list (tests and recorders use it). */
export function decodeForm(text: string): Param[] {
  const source = text.startsWith('?') ? text.slice(1) : text;
  if (source === '') return [];
  return source.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    return [decodeURIComponent(rawName.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' '))];
  });
}

function scalarText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0'; // README: "testing boolean values using eq or ne use 0 and 1"
  return String(value);
}

/** Escapes commas so a value containing one is not split into an IN list (README: Filtering). */
export function escapeInListValue(value: string): string {
  return value.replace(/,/g, '\\,');
}

export function encodeFilterCriterion(filter: FilterSpec): string {
  const { op, value } = filter;
  if (VALUELESS_OPS.has(op)) return '';
  if (op === 'between' || op === 'not_between') {
    if (!Array.isArray(value) || value.length !== 2) {
      throw new TypeError(`Filter "${filter.field} ${op}" needs exactly two values.`);
    }
    return `JSON([${value.map((v) => String(v)).join(',')}])`;
  }
  if (Array.isArray(value)) {
    if (op !== 'eq') throw new TypeError(`Filter "${filter.field} ${op}" takes one value; only eq accepts a list.`);
    if (value.length === 0) throw new TypeError(`Filter "${filter.field} eq" needs at least one value.`);
    return value.map((v) => escapeInListValue(String(v))).join(',');
  }
  if (value === undefined) throw new TypeError(`Filter "${filter.field} ${op}" needs a value.`);
  return scalarText(value as string | number | boolean);
}

/** Encodes a read query into its documented parameters (without `_dc`, which the transport adds). */
export function encodeReadQuery(query: ReadQuery): Param[] {
  const params: Param[] = [];
  if (query.start !== undefined || query.limit !== undefined) {
    params.push(['_start', String(query.start ?? 0)]);
    if (query.limit !== undefined) params.push(['_limit', String(query.limit)]);
  }
  const sort = query.sort ?? [];
  if (sort.length === 1) {
    params.push(['_sort', sort[0]!.field], ['_dir', sort[0]!.dir]);
  } else {
    for (const s of sort) params.push(['_sort[]', s.field], ['_dir[]', s.dir]);
  }
  for (const filter of query.filters ?? []) {
    params.push(['_ff[]', filter.field], ['_ft[]', filter.op], ['_fc[]', encodeFilterCriterion(filter)]);
  }
  if (query.filterMode !== undefined && (query.filters?.length ?? 0) > 0) params.push(['_fm', query.filterMode]);
  for (const column of query.selectColumns ?? []) params.push(['_select_columns[]', column]);
  if (query.skipTotal) params.push(['__skip_total_rows', 'true']);
  return params;
}

function fieldText(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** The ids the working-set filter must select: 0 for creates, the record id otherwise; duplicates removed. */
export function workingSetIds(ops: readonly WriteOp[]): number[] {
  const ids: number[] = [];
  for (const op of ops) {
    const id = op.method === 'create' ? 0 : op.id;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * The filter that selects exactly the working set, as the README shows it: one `id eq` filter
 * (`_ff[]=id&_ft[]=eq&_fc[]=0` for creates), or `_fm=or` over one `id eq` filter per id.
 */
export function encodeWorkingSetFilter(ops: readonly WriteOp[]): Param[] {
  const ids = workingSetIds(ops);
  const params: Param[] = [];
  if (ids.length > 1) params.push(['_fm', 'or']);
  for (const id of ids) params.push(['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', String(id)]);
  return params;
}

/** The union of field names across a batch, sorted so every record lists them in the same order. */
export function squareFieldNames(ops: readonly WriteOp[]): string[] {
  const names = new Set<string>();
  for (const op of ops) {
    if (op.method === 'delete') continue;
    for (const name of Object.keys(op.fields)) {
      if (RESERVED_WRITE_FIELDS.has(name)) throw new TypeError(`"${name}" is set by the client, not as a field.`);
      names.add(name);
    }
  }
  return [...names].sort();
}

const WIRE_METHOD = { create: 'POST', update: 'PUT', delete: 'DELETE' } as const;

function checkOp(op: WriteOp, index: number): void {
  if (op.method === 'create') return;
  if (!Number.isInteger(op.id) || op.id <= 0) throw new TypeError(`Operation ${index}: ${op.method} needs a positive integer id.`);
  if (!Number.isInteger(op.lockVersion) || op.lockVersion < 0) {
    throw new TypeError(`Operation ${index}: ${op.method} needs a lock_version (a non-negative integer).`);
  }
}

/**
 * Encodes one write request (≤ 100 records): the working-set filter, then one square set of array parameters
 * per record: `__method[]`, `id[]`, `lock_version[]` and one `<field>[]` for every field in the batch,
 * `:no_value:` where a record does not set that field (deletes set none).
 */
export function encodeWriteBatch(ops: readonly WriteOp[], options: { perObjectTransactions: boolean }): Param[] {
  if (ops.length === 0) throw new TypeError('A write needs at least one operation.');
  if (ops.length > MAX_RECORDS_PER_WRITE) {
    throw new TypeError(`A write request carries at most ${MAX_RECORDS_PER_WRITE} records (got ${ops.length}).`);
  }
  ops.forEach(checkOp);
  const fieldNames = squareFieldNames(ops);
  const params: Param[] = [];
  if (options.perObjectTransactions) params.push(['_per_object_transactions', 'true']);
  params.push(...encodeWorkingSetFilter(ops));
  for (const op of ops) {
    const isCreate = op.method === 'create';
    params.push(['__method[]', WIRE_METHOD[op.method]]);
    params.push(['id[]', isCreate ? '0' : String(op.id)]);
    params.push(['lock_version[]', isCreate ? '0' : String(op.lockVersion)]);
    for (const name of fieldNames) {
      const fields = op.method === 'delete' ? undefined : op.fields;
      const value = fields && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
      params.push([`${name}[]`, value === undefined ? NO_VALUE : fieldText(value)]);
    }
  }
  return params;
}

/** Splits operations into request-sized chunks, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError('Chunk size must be a positive integer.');
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
