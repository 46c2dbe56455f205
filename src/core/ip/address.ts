/**
 * Address arithmetic and canonical formatting. Values are family-relative BigInts unless a name says
 * "unified" (see IpInterval in types.ts).
 */
import { formatCount } from '../i18n/index';
import { IP_MESSAGES } from './messages';
import type { IpFamily, IpInterval } from './types';

export const IPV4_MAX = 0xffff_ffffn;
export const IPV6_MAX = (1n << 128n) - 1n;
/** Where IPv6 starts in the unified space: just above the IPv4 space, so the two never collide. */
export const IPV6_OFFSET = 1n << 32n;
/** ::ffff:0:0/96, the IPv4-mapped IPv6 block (RFC 4291 §2.5.5.2). */
export const IPV4_MAPPED_BASE = 0xffff_0000_0000n;

export function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

export function maxOf(family: IpFamily): bigint {
  return family === 4 ? IPV4_MAX : IPV6_MAX;
}

/** Number of addresses in a block of this prefix length. */
export function blockSize(family: IpFamily, prefix: number): bigint {
  return 1n << BigInt(bitsOf(family) - prefix);
}

export function toUnified(family: IpFamily, value: bigint): bigint {
  return family === 4 ? value : value + IPV6_OFFSET;
}

export function familyOfUnified(value: bigint): IpFamily {
  return value < IPV6_OFFSET ? 4 : 6;
}

export function fromUnified(value: bigint): { family: IpFamily; value: bigint } {
  return value < IPV6_OFFSET ? { family: 4, value } : { family: 6, value: value - IPV6_OFFSET };
}

export function unifiedInterval(family: IpFamily, first: bigint, last: bigint): IpInterval {
  return { start: toUnified(family, first), end: toUnified(family, last) };
}

export function formatIpv4(value: bigint | number): string {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The run RFC 5952 compresses to `::`: the longest run (first on a tie) of two or more zero groups; start -1 if none. */
export function longestZeroRun(groups: readonly number[]): { start: number; length: number } {
  let start = -1;
  let length = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > length) {
      start = i;
      length = j - i;
    }
    i = j;
  }
  return { start, length };
}

/** RFC 5952: lower case, no leading zeros, the longest run (first on a tie) of two or more zero groups as `::`. */
export function formatIpv6Groups(groups: readonly number[]): string {
  const { start: bestStart, length: bestLength } = longestZeroRun(groups);
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLength - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += groups[i]!.toString(16);
  }
  return text;
}

export function ipv6Groups(value: bigint): number[] {
  const groups = new Array<number>(8);
  let rest = value;
  for (let i = 7; i >= 0; i--) {
    groups[i] = Number(rest & 0xffffn);
    rest >>= 16n;
  }
  return groups;
}

export function formatIpv6(value: bigint): string {
  return formatIpv6Groups(ipv6Groups(value));
}

export function formatAddress(family: IpFamily, value: bigint): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** A block in canonical form; a single host has no `/32` or `/128`. */
export function formatBlock(family: IpFamily, value: bigint, prefix: number): string {
  const address = formatAddress(family, value);
  return prefix === bitsOf(family) ? address : `${address}/${prefix}`;
}

/** Whole number of addresses, written for people ("65,536" or "2^80"). */
export function formatAddressCount(count: bigint): string {
  if (count <= 1_000_000_000_000n) return formatCount(Number(count));
  const exponent = floorLog2(count);
  const power = `2^${exponent}`;
  return count === 1n << BigInt(exponent) ? power : IP_MESSAGES.aboutPowerOfTwo(power);
}

/** Index of the highest set bit of a positive BigInt. */
export function floorLog2(value: bigint): number {
  let rest = value;
  let bits = 0;
  while (rest > 0xffff_ffffn) {
    rest >>= 32n;
    bits += 32;
  }
  return bits + 31 - Math.clz32(Number(rest));
}

/** Number of trailing zero bits, capped at `limit` (a zero value has `limit`). */
export function trailingZeros(value: bigint, limit: number): number {
  if (value === 0n) return limit;
  let rest = value;
  let bits = 0;
  for (;;) {
    const low = Number(rest & 0xffff_ffffn);
    if (low !== 0) return Math.min(limit, bits + 31 - Math.clz32(low & -low));
    rest >>= 32n;
    bits += 32;
  }
}
