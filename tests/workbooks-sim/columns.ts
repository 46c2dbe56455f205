// Columns of a record type as the API exposes them: common attributes, the type's fields (by schema), and
// related values such as `user[person_name]`. Values stay internal (ISO dates, epoch-ms datetimes) until
// serialised by toWire.
import { formatWireDate, formatWireDatetime, strftime } from './dates';
import type { Datatype, FieldSpec, RecordTypeSpec, SimSchema, TableId } from './schema';
import { tableOf, type GenericRecord, type SimState } from './store';

export interface Column {
  name: string;
  title: string;
  datatype: Datatype;
  kind: 'common' | 'field' | 'related';
  field?: FieldSpec;
  get(record: GenericRecord): unknown;
}

export interface OutputFormats {
  date?: string;
  datetime?: string;
}

function typeOfTable(schema: SimSchema, table: TableId): RecordTypeSpec {
  const type = schema.types.find((t) => t.table === table);
  if (!type) throw new Error(`no record type for table ${table}`);
  return type;
}

/** The display value of a live (not deleted) record, or null. */
function displayOf(schema: SimSchema, state: SimState, table: TableId, id: unknown): unknown {
  if (typeof id !== 'number') return null;
  const target = tableOf(state, table).get(id);
  if (!target || target.isDeleted) return null;
  return target[typeOfTable(schema, table).displayRole] ?? null;
}

const columnCache = new WeakMap<RecordTypeSpec, WeakMap<SimState, Map<string, Column>>>();

export function columnsOf(schema: SimSchema, state: SimState, type: RecordTypeSpec): Map<string, Column> {
  let perState = columnCache.get(type);
  if (!perState) {
    perState = new WeakMap();
    columnCache.set(type, perState);
  }
  const cached = perState.get(state);
  if (cached) return cached;
  const columns = new Map<string, Column>();
  const add = (column: Column): void => {
    columns.set(column.name, column);
  };
  const common = (name: string, title: string, datatype: Datatype, get: (r: GenericRecord) => unknown): void =>
    add({ name, title, datatype, kind: 'common', get });
  common('id', 'ID', 'integer', (r) => r.id);
  common('lock_version', 'Lock Version', 'integer', (r) => r.lockVersion);
  common('created_at', 'Created', 'datetime', (r) => r.createdAt);
  common('created_by', 'Created By', 'integer', (r) => r.createdBy);
  common('updated_at', 'Updated', 'datetime', (r) => r.updatedAt);
  common('updated_by', 'Updated By', 'integer', (r) => r.updatedBy);
  common('is_deleted', 'Deleted', 'boolean', (r) => r.isDeleted);
  common('object_ref', 'Reference', 'string', (r) => `${type.objectRefPrefix}-${r.id}`);
  common('type', 'Type', 'string', () => type.class_name);
  common('_can_read', 'Can read', 'boolean', () => true);
  common('_can_modify', 'Can modify', 'boolean', () => true);
  common('_can_delete', 'Can delete', 'boolean', () => true);
  const userDisplay = schema.userDisplayName;
  add({ name: `created_by_user[${userDisplay}]`, title: 'Created By', datatype: 'string', kind: 'related', get: (r) => displayOf(schema, state, 'users', r.createdBy) });
  add({ name: `updated_by_user[${userDisplay}]`, title: 'Updated By', datatype: 'string', kind: 'related', get: (r) => displayOf(schema, state, 'users', r.updatedBy) });
  for (const field of type.fields) {
    add({ name: field.name, title: field.title, datatype: field.datatype, kind: 'field', field, get: (r) => r[field.role] ?? null });
  }
  for (const association of type.associations) {
    add({
      name: `${association.name}[${association.displayName}]`,
      title: association.title,
      datatype: 'string',
      kind: 'related',
      get: (r) => displayOf(schema, state, association.target, r[association.foreignKeyRole]),
    });
  }
  perState.set(state, columns);
  return columns;
}

/** Serialises an internal value for JSON output. */
export function toWire(column: Column, value: unknown, formats: OutputFormats = {}): unknown {
  if (value === null || value === undefined) return null;
  if (column.datatype === 'date' && typeof value === 'string') {
    return formats.date ? strftime(formats.date, Date.parse(`${value}T00:00:00Z`)) : formatWireDate(value);
  }
  if (column.datatype === 'datetime' && typeof value === 'number') {
    return formats.datetime ? strftime(formats.datetime, value) : formatWireDatetime(value);
  }
  return value;
}

export function serializeRecord(
  columns: Map<string, Column>,
  record: GenericRecord,
  selected: readonly string[] | null,
  formats: OutputFormats = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = selected ?? [...columns.keys()];
  for (const name of names) {
    const column = columns.get(name);
    if (column) out[name] = toWire(column, column.get(record), formats);
  }
  return out;
}
