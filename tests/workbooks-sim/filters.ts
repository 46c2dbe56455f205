// Filters: `_ff[]`/`_ft[]`/`_fc[]` (or their single-filter forms without brackets) and `_filter_json`,
// combined by `_fm` = and | or | a boolean expression over 1-based filter numbers.
import { daysBetween, londonDate, parseWireDate, parseWireDatetime } from './dates';
import type { Column } from './columns';
import type { Datatype } from './schema';
import { isTruthy, ParamError, type Params } from './params';
import type { GenericRecord } from './store';

export interface FilterSpec {
  field: string;
  op: string;
  value: string | string[];
}

const STRING_OPS = ['eq', 'ne', 'ct', 'nct', 'bg', 'nbg', 'blank', 'not_blank'];
const NUMBER_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between', 'not_between', 'blank', 'not_blank'];
const DATE_OPS = [...NUMBER_OPS, 'today', 'ge_today', 'gt_today', 'le_today', 'lt_today'];
/** Which operator applies to which datatype (README, "Filtering Types"). */
export const OPERATORS_BY_DATATYPE: Record<Datatype, readonly string[]> = {
  string: STRING_OPS,
  text: STRING_OPS,
  integer: NUMBER_OPS,
  boolean: ['eq', 'ne', 'true', 'false'],
  date: DATE_OPS,
  datetime: DATE_OPS,
};
const ALL_OPERATORS = new Set(Object.values(OPERATORS_BY_DATATYPE).flat());

/** Collects filters from the array parameters and `_filter_json` (array filters first). */
export function collectFilters(params: Params): FilterSpec[] {
  const bracketed = params.has('_ff[]') || params.has('_ft[]') || params.has('_fc[]');
  const plain = params.has('_ff') || params.has('_ft') || params.has('_fc');
  if (bracketed && plain) throw new ParamError('Use either _ff[]/_ft[]/_fc[] or the single-filter _ff/_ft/_fc, not both');
  const fields = bracketed ? params.list('_ff[]') : plain ? optionalList(params.get('_ff')) : [];
  const ops = bracketed ? params.list('_ft[]') : plain ? optionalList(params.get('_ft')) : [];
  const values = bracketed ? params.list('_fc[]') : plain ? optionalList(params.get('_fc')) : [];
  if (fields.length !== ops.length || fields.length !== values.length) {
    throw new ParamError(
      `Filter arrays must have the same length (_ff[]: ${fields.length}, _ft[]: ${ops.length}, _fc[]: ${values.length})`,
    );
  }
  const filters: FilterSpec[] = fields.map((field, i) => ({ field, op: ops[i] ?? '', value: values[i] ?? '' }));
  const json = params.get('_filter_json');
  if (json !== undefined) filters.push(...parseFilterJson(json));
  return filters;
}

function optionalList(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return null;
}

function parseFilterJson(text: string): FilterSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ParamError('_filter_json is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw new ParamError('_filter_json must be an array of [field, type, criteria] arrays');
  return parsed.map((item: unknown, i) => {
    if (!Array.isArray(item) || item.length !== 3 || typeof item[0] !== 'string' || typeof item[1] !== 'string') {
      throw new ParamError(`_filter_json item ${i + 1} must be [field, type, criteria]`);
    }
    const criteria: unknown = item[2];
    let value: string | string[];
    if (Array.isArray(criteria)) {
      const parts = criteria.map(scalarText);
      if (parts.some((p) => p === null)) throw new ParamError(`_filter_json item ${i + 1} has an unusable criteria value`);
      value = parts as string[];
    } else {
      const single = scalarText(criteria);
      if (single === null) throw new ParamError(`_filter_json item ${i + 1} has an unusable criteria value`);
      value = single;
    }
    return { field: item[0], op: item[1], value };
  });
}

/** Splits an `eq` list on commas not escaped by a backslash; `\,` is a literal comma, `\\` a backslash. */
export function splitEscapedList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i++;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items;
}

/** `between` criteria: `JSON([a,b])`, a JSON array, or "a,b". */
function betweenBounds(value: string | string[], field: string): [string, string] {
  let parts: string[];
  if (Array.isArray(value)) parts = value;
  else {
    let text = value.trim();
    const wrapped = /^JSON\((.*)\)$/s.exec(text);
    if (wrapped) text = wrapped[1]?.trim() ?? '';
    if (text.startsWith('[') && text.endsWith(']')) {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      parts = Array.isArray(parsed) ? parsed.map((p) => String(p)) : text.slice(1, -1).split(',');
    } else {
      parts = text.split(',');
    }
  }
  if (parts.length !== 2) throw new ParamError(`Filter "between" on ${field} needs exactly two values`);
  return [(parts[0] ?? '').trim(), (parts[1] ?? '').trim()];
}

type Predicate = (record: GenericRecord) => boolean;

function isBlankValue(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Converts a criteria value to the comparable form of the column, or throws 406. */
function comparable(column: Column, text: string): { kind: 'point'; value: number | string } | { kind: 'day'; day: string } {
  switch (column.datatype) {
    case 'integer': {
      if (!/^-?\d+$/.test(text.trim())) throw new ParamError(`"${text}" is not an integer (filter on ${column.name})`);
      return { kind: 'point', value: Number(text.trim()) };
    }
    case 'date': {
      const day = parseWireDate(text);
      if (!day) throw new ParamError(`"${text}" is not a date (filter on ${column.name})`);
      return { kind: 'point', value: day };
    }
    case 'datetime': {
      const parsed = parseWireDatetime(text);
      if (!parsed) throw new ParamError(`"${text}" is not a date or time (filter on ${column.name})`);
      return 'instant' in parsed ? { kind: 'point', value: parsed.instant } : { kind: 'day', day: parsed.day };
    }
    default:
      return { kind: 'point', value: text.toLowerCase() };
  }
}

/** For datetimes compared with a bare day: the day's UTC bounds. */
function dayBounds(day: string): [number, number] {
  const start = Date.parse(`${day}T00:00:00Z`);
  return [start, start + 86_400_000 - 1];
}

function valueOf(column: Column, record: GenericRecord): number | string | null {
  const raw = column.get(record);
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const text = String(raw);
  return column.datatype === 'date' ? text : text.toLowerCase();
}

function ordered(column: Column, op: 'gt' | 'ge' | 'lt' | 'le', criteria: string): Predicate {
  const c = comparable(column, criteria);
  // Against a whole day, "after" means after its end and "before" means before its start.
  const bound = c.kind === 'day' ? dayBounds(c.day) : ([c.value, c.value] as const);
  return (record) => {
    const v = valueOf(column, record);
    if (v === null) return false;
    switch (op) {
      case 'gt': return compare(v, bound[1]) > 0;
      case 'ge': return compare(v, bound[0]) >= 0;
      case 'lt': return compare(v, bound[0]) < 0;
      case 'le': return compare(v, bound[1]) <= 0;
    }
  };
}

function equalsAny(column: Column, items: string[]): Predicate {
  if (column.datatype === 'boolean') {
    const wanted = items.map((i) => (isTruthy(i) ? 1 : 0));
    return (record) => wanted.includes(valueOf(column, record) === 1 ? 1 : 0);
  }
  const blankWanted = items.some((i) => i.trim() === '') && column.datatype !== 'string' && column.datatype !== 'text';
  const points = items.filter((i) => blankWanted ? i.trim() !== '' : true).map((i) => comparable(column, i));
  return (record) => {
    const v = valueOf(column, record);
    if (v === null || v === '') return blankWanted || points.some((p) => p.kind === 'point' && p.value === '');
    return points.some((p) => {
      if (p.kind === 'day') {
        const [from, to] = dayBounds(p.day);
        return typeof v === 'number' && v >= from && v <= to;
      }
      return v === p.value;
    });
  };
}

function compileOne(filter: FilterSpec, columns: Map<string, Column>, today: string): Predicate {
  const column = columns.get(filter.field);
  if (!column) throw new ParamError(`Unknown filter field ${filter.field}`);
  const op = filter.op.trim().toLowerCase();
  if (!ALL_OPERATORS.has(op)) throw new ParamError(`Unknown filter type "${filter.op}"`);
  if (!OPERATORS_BY_DATATYPE[column.datatype].includes(op)) {
    throw new ParamError(`Filter type "${op}" cannot be used on ${column.name} (${column.datatype})`);
  }
  const text = Array.isArray(filter.value) ? filter.value.join(',') : filter.value;
  const items = Array.isArray(filter.value) ? filter.value : splitEscapedList(filter.value);
  const contains = (mode: 'ct' | 'bg'): ((v: string) => boolean) => {
    const needle = text.toLowerCase();
    return mode === 'ct' ? (v) => v.includes(needle) : (v) => v.startsWith(needle);
  };
  const todayOf = (v: number | string): number =>
    typeof v === 'number' ? daysBetween(today, londonDate(v)) : daysBetween(today, v);
  switch (op) {
    case 'eq': return equalsAny(column, items);
    case 'ne': { const eq = equalsAny(column, items); return (r) => !eq(r); }
    case 'ct': case 'bg': {
      const test = contains(op);
      return (r) => { const v = valueOf(column, r); return typeof v === 'string' && test(v); };
    }
    case 'nct': case 'nbg': {
      const test = contains(op === 'nct' ? 'ct' : 'bg');
      return (r) => { const v = valueOf(column, r); return !(typeof v === 'string' && test(v)); };
    }
    case 'blank': return (r) => isBlankValue(column.get(r));
    case 'not_blank': return (r) => !isBlankValue(column.get(r));
    case 'true': return (r) => column.get(r) === true;
    case 'false': return (r) => column.get(r) === false;
    case 'gt': case 'ge': case 'lt': case 'le': return ordered(column, op, text);
    case 'between': case 'not_between': {
      const [low, high] = betweenBounds(filter.value, column.name);
      const ge = ordered(column, 'ge', low);
      const le = ordered(column, 'le', high);
      if (op === 'between') return (r) => ge(r) && le(r);
      return (r) => valueOf(column, r) !== null && !(ge(r) && le(r));
    }
    case 'today': case 'ge_today': case 'gt_today': case 'le_today': case 'lt_today': {
      return (r) => {
        const v = valueOf(column, r);
        if (v === null) return false;
        const d = todayOf(v);
        if (op === 'today') return d === 0;
        if (op === 'ge_today') return d >= 0;
        if (op === 'gt_today') return d > 0;
        if (op === 'le_today') return d <= 0;
        return d < 0;
      };
    }
    default:
      throw new ParamError(`Unknown filter type "${filter.op}"`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// `_fm` boolean expressions: NOT/! > AND > XOR > OR, parentheses, 1-based filter numbers.

type Expr =
  | { kind: 'ref'; index: number }
  | { kind: 'not'; operand: Expr }
  | { kind: 'and' | 'or' | 'xor'; left: Expr; right: Expr };

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\d+|AND\b|OR\b|XOR\b|NOT\b|!|\(|\))/iy;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) throw new ParamError(`_fm: unexpected "${text.slice(position).trim().slice(0, 20)}"`);
    tokens.push((match[1] ?? '').toUpperCase());
    position = pattern.lastIndex;
  }
  return tokens;
}

/** Parses a `_fm` expression; every number must name one of `count` filters. */
export function parseFilterExpression(text: string, count: number): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const parseOr = (): Expr => {
    let left = parseXor();
    while (peek() === 'OR') { i++; left = { kind: 'or', left, right: parseXor() }; }
    return left;
  };
  const parseXor = (): Expr => {
    let left = parseAnd();
    while (peek() === 'XOR') { i++; left = { kind: 'xor', left, right: parseAnd() }; }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseNot();
    while (peek() === 'AND') { i++; left = { kind: 'and', left, right: parseNot() }; }
    return left;
  };
  const parseNot = (): Expr => {
    if (peek() === 'NOT' || peek() === '!') { i++; return { kind: 'not', operand: parseNot() }; }
    return parsePrimary();
  };
  const parsePrimary = (): Expr => {
    const token = peek();
    if (token === undefined) throw new ParamError('_fm: the expression ends too early');
    if (token === '(') {
      i++;
      const inner = parseOr();
      if (peek() !== ')') throw new ParamError('_fm: missing ")"');
      i++;
      return inner;
    }
    if (/^\d+$/.test(token)) {
      i++;
      const index = Number(token);
      if (index < 1 || index > count) throw new ParamError(`_fm refers to filter ${index} but there are ${count} filters`);
      return { kind: 'ref', index: index - 1 };
    }
    throw new ParamError(`_fm: unexpected "${token}"`);
  };
  if (tokens.length === 0) throw new ParamError('_fm is empty');
  const expr = parseOr();
  if (i < tokens.length) throw new ParamError(`_fm: unexpected "${tokens[i]}"`);
  return expr;
}

function evaluate(expr: Expr, results: (index: number) => boolean): boolean {
  switch (expr.kind) {
    case 'ref': return results(expr.index);
    case 'not': return !evaluate(expr.operand, results);
    case 'and': return evaluate(expr.left, results) && evaluate(expr.right, results);
    case 'or': return evaluate(expr.left, results) || evaluate(expr.right, results);
    case 'xor': return evaluate(expr.left, results) !== evaluate(expr.right, results);
  }
}

/** Reads `_fm` (or `_fm[]`, as one README example writes it). */
export function matchMode(params: Params): string | undefined {
  const plain = params.get('_fm');
  const bracketed = params.list('_fm[]');
  if (plain !== undefined && bracketed.length > 0) throw new ParamError('Give _fm once');
  if (bracketed.length > 1) throw new ParamError('Give _fm once');
  return plain ?? bracketed[0];
}

/** Compiles filters + `_fm` into one predicate. */
export function compileFilters(
  filters: FilterSpec[],
  mode: string | undefined,
  columns: Map<string, Column>,
  today: string,
): Predicate {
  const predicates = filters.map((f) => compileOne(f, columns, today));
  const normalized = (mode ?? 'and').trim().toLowerCase();
  if (normalized === 'and' || normalized === '') return (r) => predicates.every((p) => p(r));
  if (normalized === 'or') return (r) => predicates.length === 0 || predicates.some((p) => p(r));
  const expr = parseFilterExpression(mode ?? '', predicates.length);
  return (r) => {
    const memo = new Map<number, boolean>();
    return evaluate(expr, (index) => {
      let value = memo.get(index);
      if (value === undefined) {
        value = (predicates[index] as Predicate)(r);
        memo.set(index, value);
      }
      return value;
    });
  };
}
