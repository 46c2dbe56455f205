/**
 * Entry-level diff of an IP list, before → after, in list order. Lists can hold thousands of entries, so this is
 * not the quadratic textbook LCS: entries on the after side are unique (canonical lists drop duplicates), which
 * makes the longest common subsequence a longest increasing subsequence of after-positions, O(n log n).
 */

export type DiffLineKind = 'kept' | 'added' | 'removed';

export interface DiffLine {
  kind: DiffLineKind;
  entry: string;
}

/**
 * Order-preserving diff: `kept` + `removed` lines, in order, spell `before`; `kept` + `added` spell `after`.
 * Between two kept entries, removals come before additions (the usual reading order of a diff). A duplicate on
 * the before side that the after side dropped shows as removed next to its kept twin.
 */
export function diffEntries(before: readonly string[], after: readonly string[]): DiffLine[] {
  const firstPositionInAfter = new Map<string, number>();
  after.forEach((entry, position) => {
    if (!firstPositionInAfter.has(entry)) firstPositionInAfter.set(entry, position);
  });

  const candidates: Array<{ beforeIndex: number; afterIndex: number }> = [];
  before.forEach((entry, beforeIndex) => {
    const afterIndex = firstPositionInAfter.get(entry);
    if (afterIndex !== undefined) candidates.push({ beforeIndex, afterIndex });
  });
  const anchors = longestIncreasing(candidates.map((candidate) => candidate.afterIndex)).map(
    (candidateIndex) => candidates[candidateIndex]!,
  );

  const lines: DiffLine[] = [];
  let beforeCursor = 0;
  let afterCursor = 0;
  const flushUntil = (beforeEnd: number, afterEnd: number): void => {
    for (; beforeCursor < beforeEnd; beforeCursor++) lines.push({ kind: 'removed', entry: before[beforeCursor]! });
    for (; afterCursor < afterEnd; afterCursor++) lines.push({ kind: 'added', entry: after[afterCursor]! });
  };
  for (const anchor of anchors) {
    flushUntil(anchor.beforeIndex, anchor.afterIndex);
    lines.push({ kind: 'kept', entry: before[anchor.beforeIndex]! });
    beforeCursor = anchor.beforeIndex + 1;
    afterCursor = anchor.afterIndex + 1;
  }
  flushUntil(before.length, after.length);
  return lines;
}

/** Indices (into `values`) of one longest strictly increasing subsequence: patience sorting with back-links. */
function longestIncreasing(values: readonly number[]): number[] {
  const tailIndexByLength: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tailIndexByLength.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tailIndexByLength[mid]!]! < value) low = mid + 1;
      else high = mid;
    }
    // An equal value already ends a sequence of this length: keep that earlier one, so that of two duplicates
    // the first reads as kept (the length is the same either way).
    const tail = tailIndexByLength[low];
    if (tail !== undefined && values[tail] === value) return;
    if (low > 0) previous[index] = tailIndexByLength[low - 1]!;
    tailIndexByLength[low] = index;
  });
  const result: number[] = [];
  let cursor = tailIndexByLength.length > 0 ? tailIndexByLength[tailIndexByLength.length - 1]! : -1;
  while (cursor !== -1) {
    result.push(cursor);
    cursor = previous[cursor]!;
  }
  return result.reverse();
}

/** Counts of each kind, for summaries ("+2 −1"). */
export function countDiff(lines: readonly DiffLine[]): Record<DiffLineKind, number> {
  const counts: Record<DiffLineKind, number> = { kept: 0, added: 0, removed: 0 };
  for (const line of lines) counts[line.kind]++;
  return counts;
}
