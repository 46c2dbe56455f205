/**
 * Interval arithmetic on sorted BigInt intervals: CIDR decomposition, union and aggregation.
 * Everything here is O(n log n) or better; nothing compares entries pairwise.
 */
import { IPV6_OFFSET, bitsOf, floorLog2, formatBlock, fromUnified, toUnified, trailingZeros } from './address';
import type { IpFamily, IpInterval } from './types';

export interface CidrBlock {
  family: IpFamily;
  /** Network address, family-relative. */
  value: bigint;
  prefix: number;
}

export function formatCidr(block: CidrBlock): string {
  return formatBlock(block.family, block.value, block.prefix);
}

/**
 * The minimal list of CIDR blocks that covers exactly [first, last] (family-relative, inclusive):
 * at each step take the largest block that is aligned at the current address and still fits.
 */
export function rangeToBlocks(family: IpFamily, first: bigint, last: bigint): CidrBlock[] {
  const bits = bitsOf(family);
  const blocks: CidrBlock[] = [];
  let current = first;
  while (current <= last) {
    const alignment = trailingZeros(current, bits);
    const fits = floorLog2(last - current + 1n);
    const size = Math.min(alignment, fits);
    blocks.push({ family, value: current, prefix: bits - size });
    current += 1n << BigInt(size);
  }
  return blocks;
}

/** Unified-space interval of a block. */
export function blockInterval(block: CidrBlock): IpInterval {
  const start = toUnified(block.family, block.value);
  return { start, end: start + (1n << BigInt(bitsOf(block.family) - block.prefix)) - 1n };
}

export function compareIntervals(a: IpInterval, b: IpInterval): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end > b.end ? -1 : 1;
  return 0;
}

/**
 * Union of intervals as sorted, disjoint, non-adjacent intervals. Adjacent intervals merge, but never across the
 * IPv4/IPv6 boundary (255.255.255.255 and :: are neighbours in the unified space only).
 */
export function unionIntervals(intervals: readonly IpInterval[]): IpInterval[] {
  return unionSortedIntervals([...intervals].sort(compareIntervals));
}

/** unionIntervals for input already sorted by start (skips the sort). */
export function unionSortedIntervals(sorted: readonly IpInterval[]): IpInterval[] {
  const union: IpInterval[] = [];
  for (const interval of sorted) {
    const last = union[union.length - 1];
    if (last && interval.start <= last.end + 1n && sameFamily(last.end, interval.start)) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      union.push({ start: interval.start, end: interval.end });
    }
  }
  return union;
}

function sameFamily(a: bigint, b: bigint): boolean {
  return (a < IPV6_OFFSET) === (b < IPV6_OFFSET);
}

/** Splits a unified interval (within one family) into its minimal CIDR blocks. */
export function intervalToBlocks(interval: IpInterval): CidrBlock[] {
  const first = fromUnified(interval.start);
  const last = fromUnified(interval.end);
  return rangeToBlocks(first.family, first.value, last.value);
}

/** Minimal CIDR blocks covering exactly the union of the intervals, IPv4 first, each family in address order. */
export function aggregateIntervals(intervals: readonly IpInterval[]): CidrBlock[] {
  return unionIntervals(intervals).flatMap(intervalToBlocks);
}

/** Whether `inner` lies entirely inside one interval of a sorted disjoint union (binary search). */
export function unionCovers(union: readonly IpInterval[], inner: IpInterval): boolean {
  let low = 0;
  let high = union.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const candidate = union[mid]!;
    if (candidate.end < inner.start) low = mid + 1;
    else if (candidate.start > inner.start) high = mid - 1;
    else return candidate.end >= inner.end;
  }
  return false;
}

/** Whether any interval of a sorted disjoint union shares an address with `other`. */
export function unionOverlaps(union: readonly IpInterval[], other: IpInterval): boolean {
  let low = 0;
  let high = union.length - 1;
  // First interval whose end reaches other.start.
  while (low < high) {
    const mid = (low + high) >> 1;
    if (union[mid]!.end < other.start) low = mid + 1;
    else high = mid;
  }
  const candidate = union[low];
  return candidate !== undefined && candidate.end >= other.start && candidate.start <= other.end;
}
