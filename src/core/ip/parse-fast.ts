/**
 * Fast paths for the common entries (a canonical-looking IPv4 address or block, a plain IPv6 address or block):
 * no allocation beyond the result. Anything unusual returns null and goes through the full grammar.
 */
import { formatIpv6Groups, longestZeroRun } from './address';
import type { ParsedValue } from './parse-common';

/**
 * The common case, without allocation: a canonical dotted quad with an optional decimal prefix and no host bits.
 * Anything unusual returns null and goes through the full grammar, which explains what is wrong.
 */
export function parsePlainIpv4(text: string): ParsedValue | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      if (digits === 1 && octet === 0) leadingZero = true;
      octet = octet * 10 + (code - 0x30);
      digits++;
      if (digits > 3 || octet > 255 || leadingZero) return null;
    } else if (code === 0x2e || code === 0x2f) {
      if (digits === 0) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      if (code === 0x2f) break;
      if (++dots > 3) return null;
    } else {
      return null;
    }
  }
  if (dots !== 3) return null;
  let prefix = 32;
  if (i < text.length) {
    // text[i] is the slash; the value is complete.
    const prefixText = text.slice(i + 1);
    if (!/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefixText)) return null;
    prefix = Number(prefixText);
  } else {
    if (digits === 0) return null;
    value = value * 256 + octet;
  }
  const size = 2 ** (32 - prefix);
  if (value % size !== 0) return null;
  const first = BigInt(value);
  const canonical = prefix === 32 ? text.slice(0, i) : text;
  const last = size === 1 ? first : first + BigInt(size - 1);
  return {
    kind: prefix === 32 ? 'address' : 'block',
    family: 4,
    first,
    last,
    prefix,
    rangeBlocks: null,
    canonical,
    folded: false,
    firstNumber: value,
    lastNumber: value + size - 1,
  };
}

const IPV6_HOST_MASKS: readonly bigint[] = Array.from({ length: 129 }, (_, prefix) => (1n << BigInt(128 - prefix)) - 1n);
const scratchGroups = new Array<number>(8).fill(0);

/**
 * The common IPv6 case: hex groups with at most one `::` and an optional decimal prefix, no embedded IPv4, not
 * IPv4-mapped, no host bits. Anything else returns null and goes through the full grammar.
 */
export function parsePlainIpv6(text: string): ParsedValue | null {
  const groups = scratchGroups;
  let count = 0;
  let gapAt = -1;
  let group = 0;
  let digits = 0;
  let i = 0;
  /** Stays true while the text is already in RFC 5952 form (lower case, no leading zeros, right `::`). */
  let written = true;
  let end = text.length;
  const slash = text.indexOf('/');
  if (slash >= 0) end = slash;
  if (end < 2) return null;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return null;
    gapAt = 0;
    i = 2;
    if (i === end) {
      // "::" alone
    } else if (text.charCodeAt(i) === 0x3a) return null;
  }
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    let nibble: number;
    if (code >= 0x30 && code <= 0x39) nibble = code - 0x30;
    else if (code >= 0x61 && code <= 0x66) nibble = code - 0x57;
    else if (code >= 0x41 && code <= 0x46) {
      nibble = code - 0x37;
      written = false;
    } else if (code === 0x3a) {
      if (digits === 0) return null;
      if (count === 8) return null;
      if (digits > 1 && group < 1 << (4 * (digits - 1))) written = false; // leading zeros
      groups[count++] = group;
      group = 0;
      digits = 0;
      if (text.charCodeAt(i + 1) === 0x3a) {
        if (gapAt >= 0) return null;
        gapAt = count;
        i++;
        if (i + 1 < end && text.charCodeAt(i + 1) === 0x3a) return null;
      }
      continue;
    } else return null;
    if (++digits > 4) return null;
    group = group * 16 + nibble;
  }
  if (digits > 0) {
    if (count === 8) return null;
    if (digits > 1 && group < 1 << (4 * (digits - 1))) written = false;
    groups[count++] = group;
  } else if (gapAt !== count) {
    return null; // ends with a single colon
  }
  if (gapAt < 0 ? count !== 8 : count > 7) return null;
  const zeros = gapAt >= 0 ? 8 - count : 0;
  if (gapAt >= 0) {
    for (let k = count - 1; k >= gapAt; k--) groups[k + zeros] = groups[k]!;
    for (let k = gapAt; k < gapAt + zeros; k++) groups[k] = 0;
  }
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) return null; // IPv4-mapped: folded by the full grammar
  let prefix = 128;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    for (let bit = prefix; bit < 128; bit += 16 - (bit % 16)) {
      const index = bit >> 4;
      const hostBits = 16 - (bit % 16);
      if ((groups[index]! & ((1 << hostBits) - 1)) !== 0) return null;
    }
  }
  // Three chunks of at most 48 bits each stay exact as numbers: fewer BigInt operations than one per group.
  const first =
    (BigInt((groups[0]! * 0x10000 + groups[1]!) * 0x10000 + groups[2]!) << 80n) |
    (BigInt((groups[3]! * 0x10000 + groups[4]!) * 0x10000 + groups[5]!) << 32n) |
    BigInt(groups[6]! * 0x10000 + groups[7]!);
  let canonical: string;
  if (written && compressionIsCanonical(groups, gapAt, zeros)) {
    canonical = prefix === 128 && slash >= 0 ? text.slice(0, slash) : text;
  } else {
    const address = formatIpv6Groups(groups);
    canonical = prefix === 128 ? address : `${address}/${prefix}`;
  }
  return {
    kind: prefix === 128 ? 'address' : 'block',
    family: 6,
    first,
    last: first | IPV6_HOST_MASKS[prefix]!,
    prefix,
    rangeBlocks: null,
    canonical,
    folded: false,
  };
}

/** Whether `::` stands exactly for the run RFC 5952 compresses: the longest run of two or more zero groups, first on a tie. */
function compressionIsCanonical(groups: readonly number[], gapAt: number, zeros: number): boolean {
  const { start: bestStart, length: bestLength } = longestZeroRun(groups);
  return bestStart < 0 ? gapAt < 0 : gapAt === bestStart && zeros === bestLength;
}
