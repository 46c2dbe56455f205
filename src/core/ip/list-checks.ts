/**
 * List-wide checks on sorted intervals: duplicates, containment, overlap, allow-all by union, and aggregation
 * (mergeable). One sort and one sweep: O(n log n), never pairwise.
 *
 * Works on entry indices and typed arrays rather than per-entry objects: on a 10,000-entry list the garbage
 * collector, not the arithmetic, is the main cost.
 */
import { IPV4_MAX, IPV6_MAX, IPV6_OFFSET, toUnified } from './address';
import { formatCidr, intervalToBlocks, unionSortedIntervals } from './intervals';
import { IP_MESSAGES } from './messages';
import type { ParsedValue } from './parser';
import { finding } from './findings';
import type { IpEntry, IpFinding, IpInterval } from './types';

/** Sort keys below this are IPv4, and exact (IPv6 keys are rounded but keep the order). */
const IPV4_KEY_LIMIT = 2 ** 32;
/** Room for the list position packed under an IPv4 start: (2^32 - 1) · 2^21 + 2^21 - 1 = 2^53 - 1 stays exact. */
const INDEX_SLOTS = 2 ** 21;
const WHOLE_IPV4_END = toUnified(4, IPV4_MAX);
const WHOLE_IPV6_END = toUnified(6, IPV6_MAX);

function isWholeFamily(start: bigint, end: bigint): boolean {
  if (start === 0n) return end === WHOLE_IPV4_END;
  return start === IPV6_OFFSET && end === WHOLE_IPV6_END;
}

/**
 * Reports duplicate, contained, overlap, allow-all (by union) and mergeable. Returns a mark (1) for each entry
 * that repeats an earlier one, so that `normalized` can drop it.
 */
export function checkList(
  text: string,
  entries: readonly IpEntry[],
  values: readonly (ParsedValue | null)[],
  /** Unified start and end of each entry as numbers: exact for IPv4, order-preserving for IPv6, NaN if unreadable. */
  startKeys: Float64Array,
  endKeys: Float64Array,
  findings: IpFinding[],
): Uint8Array {
  const count = entries.length;
  const duplicates = new Uint8Array(count);
  const intervalOf = (i: number): IpInterval => entries[i]!.interval!;
  const describe = (i: number): string => {
    const value = values[i];
    return value && value.kind !== 'range' && value.kind !== 'wildcard' ? value.canonical : entries[i]!.text;
  };
  const order = sortForSweep(entries, startKeys);

  let cover = -1;
  let groupHead = -1;
  const maximal = new Int32Array(order.length);
  let maximalCount = 0;
  let blocksBefore = 0;
  let blocksAfter = 0;
  // The union of the maximal entries so far, as loose variables: an interval object per entry would cost more.
  let unionStart = 0n;
  let unionEnd = 0n;
  let unionEndKey = 0;
  let unionMembers = 0;
  let unionSingleBlocks = 0;
  const closeUnion = (): void => {
    if (unionMembers === 0) return;
    blocksAfter += unionMembers === 1 ? unionSingleBlocks : intervalToBlocks({ start: unionStart, end: unionEnd }).length;
    // A single entry that allows everything has its own allow-all finding.
    if (unionMembers > 1 && isWholeFamily(unionStart, unionEnd)) {
      findings.push(finding('allow-all', 0, text.length, IP_MESSAGES.allowAllUnion(unionStart < IPV6_OFFSET ? 'IPv4' : 'IPv6')));
    }
  };

  for (const current of order) {
    const entry = entries[current]!;
    const interval = entry.interval!;
    const ipv4 = endKeys[current]! < IPV4_KEY_LIMIT;
    if (cover >= 0 && ipv4 !== (endKeys[cover]! < IPV4_KEY_LIMIT)) cover = -1; // IPv4 never covers IPv6
    if (groupHead >= 0 && startKeys[groupHead] === startKeys[current] && sameInterval(intervalOf(groupHead), interval, ipv4, endKeys[groupHead]!, endKeys[current]!)) {
      findings.push(finding('duplicate', entry.start, entry.end, IP_MESSAGES.duplicate(describe(groupHead))));
      duplicates[current] = 1;
      continue;
    }
    groupHead = current;
    const coverEndsLater = cover >= 0 && (ipv4 ? endKeys[cover]! >= endKeys[current]! : intervalOf(cover).end >= interval.end);
    if (coverEndsLater) {
      findings.push(finding('contained', entry.start, entry.end, IP_MESSAGES.contained(describe(cover))));
      continue;
    }
    if (cover >= 0 && (ipv4 ? endKeys[cover]! >= startKeys[current]! : intervalOf(cover).end >= interval.start)) {
      findings.push(finding('overlap', entry.start, entry.end, IP_MESSAGES.overlap(describe(cover))));
    }
    cover = current;

    const blocks = values[current]?.rangeBlocks?.length ?? 1;
    maximal[maximalCount++] = current;
    blocksBefore += blocks;
    // Adjacent blocks merge too, but never across the IPv4/IPv6 boundary.
    const joins =
      unionMembers > 0 &&
      (ipv4 ? unionEndKey < IPV4_KEY_LIMIT && startKeys[current]! <= unionEndKey + 1 : unionEnd >= IPV6_OFFSET && interval.start <= unionEnd + 1n);
    if (joins) {
      if (interval.end > unionEnd) {
        unionEnd = interval.end;
        unionEndKey = endKeys[current]!;
      }
      unionMembers++;
    } else {
      closeUnion();
      unionStart = interval.start;
      unionEnd = interval.end;
      unionEndKey = endKeys[current]!;
      unionMembers = 1;
      unionSingleBlocks = blocks;
    }
  }
  closeUnion();

  // Mergeable only when every entry is readable: otherwise the combined list would silently drop entries.
  if (order.length === count && maximalCount > 1 && blocksAfter < blocksBefore) {
    const replacement = unionSortedIntervals(Array.from(maximal.subarray(0, maximalCount), intervalOf)).flatMap(intervalToBlocks).map(formatCidr).join(', ');
    findings.push(finding('mergeable', 0, text.length, IP_MESSAGES.mergeable(blocksAfter), [{ label: IP_MESSAGES.mergeableFixLabel(), replacement }]));
  }
  return duplicates;
}

function sameInterval(a: IpInterval, b: IpInterval, ipv4: boolean, aEndKey: number, bEndKey: number): boolean {
  return ipv4 ? aEndKey === bEndKey : a.start === b.start && a.end === b.end;
}

/**
 * Indices of the readable entries in sweep order: start ascending, the widest first on a tie (so it covers what
 * follows), then list order. IPv4 entries, usually most of the list, are sorted as packed numbers
 * (start · 2^21 + index) by the native numeric sort; only runs sharing a start, and IPv6, need a comparator.
 */
function sortForSweep(entries: readonly IpEntry[], startKeys: Float64Array): Int32Array {
  const bySortKey = (a: number, b: number): number => {
    if (startKeys[a] !== startKeys[b]) return startKeys[a]! - startKeys[b]!;
    const x = entries[a]!.interval!;
    const y = entries[b]!.interval!;
    if (x.start !== y.start) return x.start < y.start ? -1 : 1;
    if (x.end !== y.end) return x.end > y.end ? -1 : 1;
    return a - b;
  };
  let ipv4Count = 0;
  let ipv6Count = 0;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i]!.interval === null) continue;
    if (startKeys[i]! < IPV4_KEY_LIMIT) ipv4Count++;
    else ipv6Count++;
  }
  const order = new Int32Array(ipv4Count + ipv6Count);
  const packed = new Float64Array(ipv4Count);
  let ipv4Index = 0;
  let ipv6Index = ipv4Count;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i]!.interval === null) continue;
    if (startKeys[i]! < IPV4_KEY_LIMIT) packed[ipv4Index++] = startKeys[i]! * INDEX_SLOTS + i;
    else order[ipv6Index++] = i;
  }
  order.subarray(ipv4Count).sort(bySortKey);
  if (entries.length >= INDEX_SLOTS) {
    // Too many entries to pack the index: sort the IPv4 part with the comparator too.
    let k = 0;
    for (let i = 0; i < entries.length; i++) if (entries[i]!.interval !== null && startKeys[i]! < IPV4_KEY_LIMIT) order[k++] = i;
    order.subarray(0, ipv4Count).sort(bySortKey);
    return order;
  }
  packed.sort();
  for (let k = 0; k < ipv4Count; k++) order[k] = packed[k]! % INDEX_SLOTS;
  // Entries sharing a start: the widest first, then list order.
  for (let from = 0; from < ipv4Count; ) {
    let to = from + 1;
    while (to < ipv4Count && startKeys[order[to]!] === startKeys[order[from]!]) to++;
    if (to - from > 1) order.subarray(from, to).sort(bySortKey);
    from = to;
  }
  return order;
}
