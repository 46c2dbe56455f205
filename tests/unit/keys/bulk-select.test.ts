import { describe, expect, it } from 'vitest';
import { selectKeys, validateSelectionQuery } from '../../../src/core/keys/bulk-select';
import type { ApiKeyRecord } from '../../../src/core/keys/model';

function key(id: number, permittedIps: string | null, accessAsUserId: number | null = 1): ApiKeyRecord {
  return {
    id,
    lockVersion: 1,
    name: `Key ${id}`,
    description: '',
    accessAsUserId,
    accessAsUserName: null,
    validFrom: null,
    until: '2027-05-02',
    permittedIps,
    capabilities: null,
    secret: null,
    updatedAt: null,
    updatedBy: null,
  };
}

const keys = [
  key(1, '81.2.69.142, 151.101.1.69', 7),
  key(2, '81.2.69.0/24', 7),
  key(3, '81.2.69.0/25, 81.2.69.128/25', 8),
  key(4, null, null),
  key(5, '81.2.0.0/16'),
  key(6, '81.2.69.200, 010.1.1.1', 8), // has an error, still selectable by its readable entries
  key(7, '92.40.1.1'),
];
const ids = (selected: readonly ApiKeyRecord[]): number[] => selected.map((selectedKey) => selectedKey.id);

describe('selectKeys', () => {
  it('by ids, in the original order, ignoring unknown ids', () => {
    expect(ids(selectKeys(keys, { kind: 'ids', ids: [7, 2, 99] }))).toEqual([2, 7]);
    expect(ids(selectKeys(keys, { kind: 'ids', ids: new Set([1]) }))).toEqual([1]);
  });

  it('keys that let an address in: equal entry, inside a block, or across adjacent blocks', () => {
    expect(ids(selectKeys(keys, { kind: 'contains', address: '81.2.69.142' }))).toEqual([1, 2, 3, 5]);
    expect(ids(selectKeys(keys, { kind: 'contains', address: '81.2.69.142', exactEntry: true }))).toEqual([1]);
    expect(ids(selectKeys(keys, { kind: 'contains', address: '81.2.69.0/24' }))).toEqual([2, 3, 5]);
    expect(ids(selectKeys(keys, { kind: 'contains', address: '81.2.69.200' }))).toEqual([2, 3, 5, 6]);
  });

  it('keys that allow any address of a range, or (whole) all of it', () => {
    expect(ids(selectKeys(keys, { kind: 'covers', range: '81.2.69.128/25' }))).toEqual([1, 2, 3, 5, 6]);
    expect(ids(selectKeys(keys, { kind: 'covers', range: '81.2.69.0/24', whole: true }))).toEqual([2, 3, 5]);
    expect(ids(selectKeys(keys, { kind: 'covers', range: '81.2.68.0-81.2.69.10' }))).toEqual([2, 3, 5]);
  });

  it('an unreadable address matches nothing, and says why', () => {
    expect(selectKeys(keys, { kind: 'contains', address: '81.2.69.1420' })).toEqual([]);
    expect(validateSelectionQuery({ kind: 'contains', address: '81.2.69.1420' })).toMatchObject([{ field: 'address' }]);
    expect(validateSelectionQuery({ kind: 'covers', range: '81.2.69.0/24' })).toEqual([]);
  });

  it('by user, including keys with no user', () => {
    expect(ids(selectKeys(keys, { kind: 'user', userId: 8 }))).toEqual([3, 6]);
    expect(ids(selectKeys(keys, { kind: 'user', userId: null }))).toEqual([4]);
  });

  it('by audit finding code', () => {
    const findingsByKey = new Map<number, string[]>([
      [4, ['ip-empty', 'user-missing']],
      [6, ['ip-errors']],
    ]);
    expect(ids(selectKeys(keys, { kind: 'finding', code: 'ip-errors', findingsByKey }))).toEqual([6]);
    expect(ids(selectKeys(keys, { kind: 'finding', code: 'nothing', findingsByKey }))).toEqual([]);
  });
});
