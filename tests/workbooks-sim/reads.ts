// Reads of a record type: filters, sorting, paging, totals and column selection.
import { columnsOf, serializeRecord, type Column, type OutputFormats } from './columns';
import { json, type ApiResponse, type SimContext } from './context';
import { collectFilters, compileFilters, matchMode } from './filters';
import { ParamError, rejectUnknownUnderscore, type Params } from './params';
import type { RecordTypeSpec } from './schema';
import { tableOf, type GenericRecord } from './store';

/** The simulator caps `_limit` at 100 ("a _limit of 100 can be expected to work"): see README. */
export const MAX_PAGE_SIZE = 100;

function nonNegativeInteger(name: string, text: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) throw new ParamError(`${name} must be a non-negative integer`);
  return Number(text.trim());
}

interface SortKey {
  column: Column;
  descending: boolean;
}

function sortKeys(params: Params, columns: Map<string, Column>): SortKey[] {
  const scalar = params.get('_sort');
  const arraySorts = params.list('_sort[]');
  if (scalar !== undefined && arraySorts.length > 0) throw new ParamError('Use either _sort/_dir or _sort[]/_dir[], not both');
  const names = scalar !== undefined ? [scalar] : arraySorts;
  const dirs = scalar !== undefined ? (params.get('_dir') === undefined ? [] : [params.get('_dir') as string]) : params.list('_dir[]');
  if (scalar === undefined && params.get('_dir') !== undefined && arraySorts.length === 0) {
    throw new ParamError('_dir needs _sort');
  }
  if (dirs.length > names.length) throw new ParamError('More _dir values than _sort columns');
  return names.map((name, i) => {
    const column = columns.get(name);
    if (!column) throw new ParamError(`Unknown sort column ${name}`);
    const dir = (dirs[i] ?? 'ASC').trim().toUpperCase();
    if (dir !== 'ASC' && dir !== 'DESC') throw new ParamError(`Sort direction must be ASC or DESC, not "${dirs[i]}"`);
    return { column, descending: dir === 'DESC' };
  });
}

function sortValue(column: Column, record: GenericRecord): number | string | null {
  const v = column.get(record);
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  return String(v).toLowerCase();
}

function compareRecords(keys: SortKey[], a: GenericRecord, b: GenericRecord): number {
  for (const { column, descending } of keys) {
    const x = sortValue(column, a);
    const y = sortValue(column, b);
    let c = 0;
    // Blanks sort first ascending, as in the underlying database.
    if (x === null && y !== null) c = -1;
    else if (x !== null && y === null) c = 1;
    else if (x !== null && y !== null) c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return descending ? -c : c;
  }
  return a.id - b.id;
}

export function outputFormats(params: Params): OutputFormats {
  const date = params.get('_json_output_date_format');
  const datetime = params.get('_json_output_datetime_format');
  return { ...(date ? { date } : {}), ...(datetime ? { datetime } : {}) };
}

export function handleRead(ctx: SimContext, type: RecordTypeSpec, params: Params): ApiResponse {
  rejectUnknownUnderscore(params);
  const columns = columnsOf(ctx.schema, ctx.state, type);
  const filters = collectFilters(params);
  const predicate = compileFilters(filters, matchMode(params), columns, ctx.clock.today());
  // Deleted records stay hidden unless the filter asks about is_deleted (README: "Visibility of Deleted Objects").
  const includeDeleted = filters.some((f) => f.field === 'is_deleted');
  const keys = sortKeys(params, columns);

  const startText = params.get('_start');
  const limitText = params.get('_limit');
  const limit = limitText === undefined ? MAX_PAGE_SIZE : Math.min(nonNegativeInteger('_limit', limitText), MAX_PAGE_SIZE);
  const start = startText === undefined ? undefined : nonNegativeInteger('_start', startText);

  const selectedNames = params.list('_select_columns[]');
  for (const name of selectedNames) if (!columns.has(name)) throw new ParamError(`Unknown column in _select_columns[]: ${name}`);
  const selected = selectedNames.length > 0 ? ['id', ...selectedNames.filter((n) => n !== 'id')] : null;

  const matching = [...tableOf(ctx.state, type.table).values()].filter((r) => (includeDeleted || !r.isDeleted) && predicate(r));
  matching.sort((a, b) => compareRecords(keys, a, b));
  // The service ignores _limit without _start: then every matching record comes back.
  const page = start === undefined ? matching : matching.slice(start, start + limit);
  const formats = outputFormats(params);
  const data = page.map((r) => serializeRecord(columns, r, selected, formats));
  ctx.onRead(type, page.map((r) => r.id));
  const total = params.flag('__skip_total_rows') ? page.length : matching.length;
  return json(200, { success: true, total, data, flash: '', updates: {} });
}
