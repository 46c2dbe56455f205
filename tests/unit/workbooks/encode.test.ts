import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chunk,
  decodeForm,
  encodeFilterCriterion,
  encodeForm,
  encodeReadQuery,
  encodeWorkingSetFilter,
  encodeWriteBatch,
  NO_VALUE,
  toWellFormed,
  type WriteOp,
} from '../../../src/core/workbooks/encode';

describe('form encoding', () => {
  it('keeps repeated names and their order, encodes brackets, spaces and UTF-8', () => {
    const body = encodeForm([
      ['_ff[]', 'id'],
      ['_ff[]', 'name'],
      ['name[]', 'Zoë & Co = 1+1'],
    ]);
    expect(body).toBe('_ff%5B%5D=id&_ff%5B%5D=name&name%5B%5D=Zo%C3%AB+%26+Co+%3D+1%2B1');
    expect(decodeForm(body)).toEqual([
      ['_ff[]', 'id'],
      ['_ff[]', 'name'],
      ['name[]', 'Zoë & Co = 1+1'],
    ]);
  });

  it('round-trips any parameter list (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })), { maxLength: 20 }), (params) => {
        expect(decodeForm(encodeForm(params))).toEqual(params);
      }),
    );
  });

  it('replaces lone surrogates instead of throwing', () => {
    expect(toWellFormed('a\uD800b')).toBe('a\uFFFDb');
    expect(toWellFormed('ok 😀')).toBe('ok 😀');
    expect(() => encodeForm([['x', '\uDC00']])).not.toThrow();
  });
});

describe('read query encoding (README: Retrieving Objects)', () => {
  it('sends _start with _limit (the service ignores _limit without _start)', () => {
    expect(encodeReadQuery({ limit: 100 })).toEqual([
      ['_start', '0'],
      ['_limit', '100'],
    ]);
  });

  it('uses _sort/_dir for one column and arrays for several', () => {
    expect(encodeReadQuery({ sort: [{ field: 'id', dir: 'ASC' }] })).toEqual([
      ['_sort', 'id'],
      ['_dir', 'ASC'],
    ]);
    expect(encodeReadQuery({ sort: [{ field: 'due_date', dir: 'DESC' }, { field: 'id', dir: 'ASC' }] })).toEqual([
      ['_sort[]', 'due_date'],
      ['_dir[]', 'DESC'],
      ['_sort[]', 'id'],
      ['_dir[]', 'ASC'],
    ]);
  });

  it('encodes filters as parallel _ff[]/_ft[]/_fc[] with _fm, columns and __skip_total_rows', () => {
    const params = encodeReadQuery({
      start: 0,
      limit: 20,
      filters: [
        { field: 'main_location[email]', op: 'bg', value: 'an' },
        { field: 'refcode', op: 'ct', value: 'g' },
        { field: 'person_last_name', op: 'bg', value: 'go' },
      ],
      filterMode: '(1 OR 2) AND 3',
      selectColumns: ['lock_version', 'name'],
      skipTotal: true,
    });
    expect(params).toEqual([
      ['_start', '0'],
      ['_limit', '20'],
      ['_ff[]', 'main_location[email]'],
      ['_ft[]', 'bg'],
      ['_fc[]', 'an'],
      ['_ff[]', 'refcode'],
      ['_ft[]', 'ct'],
      ['_fc[]', 'g'],
      ['_ff[]', 'person_last_name'],
      ['_ft[]', 'bg'],
      ['_fc[]', 'go'],
      ['_fm', '(1 OR 2) AND 3'],
      ['_select_columns[]', 'lock_version'],
      ['_select_columns[]', 'name'],
      ['__skip_total_rows', 'true'],
    ]);
  });

  it('encodes an eq list as one comma-separated IN criterion, escaping commas in values', () => {
    expect(encodeFilterCriterion({ field: 'id', op: 'eq', value: [1, 2, 3] })).toBe('1,2,3');
    expect(encodeFilterCriterion({ field: 'name', op: 'eq', value: ['Smith, J', 'Jones'] })).toBe('Smith\\, J,Jones');
  });

  it('encodes between as JSON([a,b]), booleans as 1/0, and sends an empty criterion for value-less operators', () => {
    expect(encodeFilterCriterion({ field: 'due', op: 'between', value: ['2023-12-01', '2023-12-31'] })).toBe('JSON([2023-12-01,2023-12-31])');
    expect(encodeFilterCriterion({ field: 'login_allowed', op: 'eq', value: true })).toBe('1');
    expect(encodeFilterCriterion({ field: 'valid_until', op: 'blank' })).toBe('');
    expect(encodeReadQuery({ filters: [{ field: 'valid_until', op: 'lt_today' }] })).toEqual([
      ['_ff[]', 'valid_until'],
      ['_ft[]', 'lt_today'],
      ['_fc[]', ''],
    ]);
  });

  it('rejects filters that cannot be encoded faithfully', () => {
    expect(() => encodeFilterCriterion({ field: 'due', op: 'between', value: ['2023-12-01'] })).toThrow(/two values/);
    expect(() => encodeFilterCriterion({ field: 'name', op: 'ct', value: ['a', 'b'] })).toThrow(/only eq/);
    expect(() => encodeFilterCriterion({ field: 'name', op: 'eq' })).toThrow(/needs a value/);
    expect(() => encodeFilterCriterion({ field: 'id', op: 'eq', value: [] })).toThrow(/at least one/);
  });
});

describe('write encoding (README: Changing Objects)', () => {
  it('encodes a create with the id eq 0 working-set filter and zero id/lock_version', () => {
    expect(encodeWriteBatch([{ method: 'create', fields: { name: 'New Organisation' } }], { perObjectTransactions: false })).toEqual([
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '0'],
      ['__method[]', 'POST'],
      ['id[]', '0'],
      ['lock_version[]', '0'],
      ['name[]', 'New Organisation'],
    ]);
  });

  it('encodes a square array over the union of fields, :no_value: where a record does not set one', () => {
    const ops: WriteOp[] = [
      { method: 'update', id: 1234, lockVersion: 2, fields: { name: 'John' } },
      { method: 'update', id: 4567, lockVersion: 0, fields: { age: 26 } },
    ];
    expect(encodeWriteBatch(ops, { perObjectTransactions: true })).toEqual([
      ['_per_object_transactions', 'true'],
      ['_fm', 'or'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '1234'],
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '4567'],
      ['__method[]', 'PUT'],
      ['id[]', '1234'],
      ['lock_version[]', '2'],
      ['age[]', NO_VALUE],
      ['name[]', 'John'],
      ['__method[]', 'PUT'],
      ['id[]', '4567'],
      ['lock_version[]', '0'],
      ['age[]', '26'],
      ['name[]', NO_VALUE],
    ]);
  });

  it('sends deletes with :no_value: for every field of the batch and mixes methods in one request', () => {
    const params = encodeWriteBatch(
      [
        { method: 'delete', id: 1, lockVersion: 2 },
        { method: 'update', id: 2, lockVersion: 1, fields: { name: '10197', due_date: null } },
        { method: 'create', fields: { name: 'create_10197', flag: true } },
      ],
      { perObjectTransactions: false },
    );
    const methods = params.filter(([n]) => n === '__method[]').map(([, v]) => v);
    expect(methods).toEqual(['DELETE', 'PUT', 'POST']);
    expect(params.filter(([n]) => n === 'name[]').map(([, v]) => v)).toEqual([NO_VALUE, '10197', 'create_10197']);
    expect(params.filter(([n]) => n === 'due_date[]').map(([, v]) => v)).toEqual([NO_VALUE, '', NO_VALUE]);
    expect(params.filter(([n]) => n === 'flag[]').map(([, v]) => v)).toEqual([NO_VALUE, NO_VALUE, 'true']);
    expect(params.filter(([n]) => n === '_fc[]').map(([, v]) => v)).toEqual(['1', '2', '0']);
    expect(params[0]).toEqual(['_fm', 'or']);
  });

  it('every record carries the same parameter names (square) for random batches (property)', () => {
    const field = fc.constantFrom('name', 'description', 'valid_until', 'user_id', 'permitted_ip_addresses');
    const fields = fc.dictionary(field, fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 4 });
    const op: fc.Arbitrary<WriteOp> = fc.oneof(
      fields.map((f): WriteOp => ({ method: 'create', fields: f })),
      fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.nat(50), fields).map(([id, lockVersion, f]): WriteOp => ({ method: 'update', id, lockVersion, fields: f })),
      fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.nat(50)).map(([id, lockVersion]): WriteOp => ({ method: 'delete', id, lockVersion })),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 100 }), (ops) => {
        const params = encodeWriteBatch(ops, { perObjectTransactions: true });
        const squareNames = new Set(params.filter(([n]) => n.endsWith('[]') && !n.startsWith('_f')).map(([n]) => n));
        for (const name of squareNames) expect(params.filter(([n]) => n === name)).toHaveLength(ops.length);
        const ids = new Set(ops.map((o) => (o.method === 'create' ? 0 : o.id)));
        expect(params.filter(([n]) => n === '_fc[]').map(([, v]) => Number(v)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      }),
    );
  });

  it('refuses batches over 100, reserved field names and updates without id/lock_version', () => {
    const many: WriteOp[] = Array.from({ length: 101 }, () => ({ method: 'create', fields: { name: 'x' } }));
    expect(() => encodeWriteBatch(many, { perObjectTransactions: true })).toThrow(/at most 100/);
    expect(() => encodeWriteBatch([{ method: 'create', fields: { id: 5 } }], { perObjectTransactions: true })).toThrow(/set by the client/);
    expect(() => encodeWriteBatch([{ method: 'update', id: 0, lockVersion: 1, fields: {} }], { perObjectTransactions: true })).toThrow(/positive integer id/);
    expect(() => encodeWriteBatch([{ method: 'delete', id: 3, lockVersion: -1 }], { perObjectTransactions: true })).toThrow(/lock_version/);
    expect(() => encodeWriteBatch([], { perObjectTransactions: true })).toThrow(/at least one/);
  });

  it('builds the working-set filter: one id eq filter without _fm, _fm=or over several, duplicates once', () => {
    expect(encodeWorkingSetFilter([{ method: 'update', id: 7, lockVersion: 1, fields: {} }])).toEqual([
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '7'],
    ]);
    const creates: WriteOp[] = [
      { method: 'create', fields: {} },
      { method: 'create', fields: {} },
    ];
    expect(encodeWorkingSetFilter(creates)).toEqual([
      ['_ff[]', 'id'],
      ['_ft[]', 'eq'],
      ['_fc[]', '0'],
    ]);
  });

  it('chunks in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
