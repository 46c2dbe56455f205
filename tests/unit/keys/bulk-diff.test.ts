import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDiff, diffEntries, type DiffLine } from '../../../src/core/keys/bulk-diff';

const spell = (lines: readonly DiffLine[], side: 'before' | 'after'): string[] =>
  lines.filter((line) => line.kind === 'kept' || line.kind === (side === 'before' ? 'removed' : 'added')).map((line) => line.entry);

describe('diffEntries', () => {
  it('shows a replacement in place, between kept entries', () => {
    expect(diffEntries(['81.2.69.142', '81.2.69.0/24', '151.101.1.69'], ['81.2.69.142', '92.40.1.1', '151.101.1.69'])).toEqual([
      { kind: 'kept', entry: '81.2.69.142' },
      { kind: 'removed', entry: '81.2.69.0/24' },
      { kind: 'added', entry: '92.40.1.1' },
      { kind: 'kept', entry: '151.101.1.69' },
    ]);
  });

  it('adds at the end and removes at the start', () => {
    expect(diffEntries(['a', 'b'], ['b', 'c'])).toEqual([
      { kind: 'removed', entry: 'a' },
      { kind: 'kept', entry: 'b' },
      { kind: 'added', entry: 'c' },
    ]);
  });

  it('shows a moved entry as removed and added, keeping the longest common order', () => {
    const lines = diffEntries(['a', 'b', 'c'], ['c', 'a', 'b']);
    expect(lines.filter((line) => line.kind === 'kept').map((line) => line.entry)).toEqual(['a', 'b']);
    expect(countDiff(lines)).toEqual({ kept: 2, added: 1, removed: 1 });
  });

  it('shows a dropped duplicate as removed next to its kept twin', () => {
    expect(diffEntries(['a', 'a', 'b'], ['a', 'b'])).toEqual([
      { kind: 'kept', entry: 'a' },
      { kind: 'removed', entry: 'a' },
      { kind: 'kept', entry: 'b' },
    ]);
  });

  it('handles empty sides', () => {
    expect(diffEntries([], [])).toEqual([]);
    expect(diffEntries([], ['a'])).toEqual([{ kind: 'added', entry: 'a' }]);
    expect(diffEntries(['a'], [])).toEqual([{ kind: 'removed', entry: 'a' }]);
  });

  it('property: kept+removed spell before, kept+added spell after, and kept is a longest common subsequence', () => {
    const entry = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.uniqueArray(entry, { maxLength: 7 }), (before, after) => {
        const lines = diffEntries(before, after);
        expect(spell(lines, 'before')).toEqual(before);
        expect(spell(lines, 'after')).toEqual(after);
        expect(countDiff(lines).kept).toBe(lcsLength(before, after));
      }),
      { numRuns: 500 },
    );
  });

  it('is fast enough for very long lists (no quadratic table)', () => {
    const before = Array.from({ length: 20_000 }, (_, index) => `e${index}`);
    const after = before.filter((_, index) => index % 7 !== 0).concat(['new']);
    const counts = countDiff(diffEntries(before, after));
    expect(counts).toEqual({ kept: after.length - 1, added: 1, removed: before.length - (after.length - 1) });
  });
});

/** Textbook quadratic LCS, as an independent oracle for small inputs. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  return table[a.length]![b.length]!;
}
