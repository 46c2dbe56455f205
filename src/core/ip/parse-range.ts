/** Ranges (`a-b`, `a.b.c.10-20`, `2001:db8::10-1f`) and trailing `*` wildcards: read, then reported as fixable. */
import { IPV4_MAPPED_BASE, blockSize, formatAddress } from './address';
import { type CidrBlock, formatCidr, rangeToBlocks } from './intervals';
import { IP_MESSAGES } from './messages';
import { parseAddress, reportNonDigits, splitWithOffsets } from './parse-address';
import { DIGITS, HEX_GROUP, HEX_PART, type Out, type ParsedAddress, type ParsedValue, add } from './parse-common';

function foldMapped(address: ParsedAddress): ParsedAddress {
  if (address.family === 6 && address.value >> 32n === 0xffffn) return { family: 4, value: address.value - IPV4_MAPPED_BASE };
  return address;
}

export function parseRange(text: string, out: Out): ParsedValue | null {
  const dash = text.indexOf('-');
  if (text.indexOf('-', dash + 1) >= 0) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.rangeTooManyDashes());
    return null;
  }
  const left = text.slice(0, dash);
  const right = text.slice(dash + 1);
  if (left === '' || right === '') {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.rangeMissingEnd());
    return null;
  }
  if (/[/*[\]]/.test(text)) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.rangePlainAddresses());
    return null;
  }
  const parsedLeft = parseAddress(left, 0, out);
  if (!parsedLeft) return null;
  const first = foldMapped(parsedLeft);
  let last: ParsedAddress;
  const rightStart = dash + 1;
  if (first.family === 4 && DIGITS.test(right)) {
    // Last-number shorthand: 192.0.2.10-20.
    if (right.length > 1 && right.startsWith('0')) {
      const decimal = Number(right);
      add(
        out,
        'leading-zero',
        rightStart,
        text.length,
        IP_MESSAGES.leadingZero(decimal <= 255 ? String(decimal) : null),
        decimal <= 255 ? [{ label: IP_MESSAGES.leadingZeroFixLabel(String(decimal)), replacement: String(decimal) }] : undefined,
      );
      return null;
    }
    if (right.length > 3 || Number(right) > 255) {
      add(out, 'octet-out-of-range', rightStart, text.length, IP_MESSAGES.octetOutOfRange(right));
      return null;
    }
    last = { family: 4, value: (first.value & ~0xffn) | BigInt(Number(right)) };
  } else if (first.family === 6 && parsedLeft.family === 6 && HEX_GROUP.test(right)) {
    // Last-group shorthand: 2001:db8::10-1f.
    last = { family: 6, value: (first.value & ~0xffffn) | BigInt(parseInt(right, 16)) };
  } else {
    const parsedRight = parseAddress(right, rightStart, out);
    if (!parsedRight) return null;
    last = foldMapped(parsedRight);
  }
  if (first.family !== last.family) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.rangeMixedFamilies());
    return null;
  }
  if (last.value < first.value) {
    add(out, 'reversed-range', 0, text.length, IP_MESSAGES.reversedRange(formatAddress(first.family, first.value), formatAddress(last.family, last.value)));
    return null;
  }
  const blocks = rangeToBlocks(first.family, first.value, last.value);
  const canonicalBlocks = blocks.map(formatCidr);
  const canonical = canonicalBlocks.join(', ');
  add(out, 'range', 0, text.length, IP_MESSAGES.range(canonicalBlocks), [{ label: IP_MESSAGES.rangeFixLabel(canonicalBlocks), replacement: canonical }]);
  return {
    kind: 'range',
    family: first.family,
    first: first.value,
    last: last.value,
    prefix: null,
    rangeBlocks: blocks,
    canonical,
    folded: parsedLeft.family !== first.family,
  };
}

// --- wildcards -----------------------------------------------------------------------------------------

export function parseWildcard(text: string, out: Out): ParsedValue | null {
  if (text.includes(':')) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.wildcardIpv6());
    return null;
  }
  if (text.includes('/')) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.wildcardWithPrefix());
    return null;
  }
  const parts = splitWithOffsets(text, '.', 0);
  if (parts.length > 4) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.tooManyIpv4Parts());
    return null;
  }
  if (parts.some((part) => part.text === '')) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.emptyIpv4Part());
    return null;
  }
  let firstStar = -1;
  let numberAfterStar = false;
  let bad = false;
  let leadingZero = false;
  for (const [index, part] of parts.entries()) {
    if (part.text === '*') {
      if (firstStar < 0) firstStar = index;
    } else if (part.text.includes('*')) {
      add(out, 'invalid-syntax', part.start, part.start + part.text.length, IP_MESSAGES.wildcardWholeNumber());
      bad = true;
    } else if (HEX_PART.test(part.text)) {
      add(out, 'non-decimal-form', part.start, part.start + part.text.length, IP_MESSAGES.nonDecimalHex(part.text, null));
      bad = true;
    } else if (!DIGITS.test(part.text)) {
      reportNonDigits(part.text, part.start, out);
      bad = true;
    } else if (firstStar >= 0) {
      numberAfterStar = true;
    } else if (part.text.length > 1 && part.text.startsWith('0')) {
      leadingZero = true;
    } else if (part.text.length > 3 || Number(part.text) > 255) {
      add(out, 'octet-out-of-range', part.start, part.start + part.text.length, IP_MESSAGES.octetOutOfRange(part.text));
      bad = true;
    }
  }
  if (numberAfterStar) {
    add(out, 'non-contiguous-wildcard', 0, text.length, IP_MESSAGES.nonContiguousWildcard());
    return null;
  }
  if (leadingZero) {
    const rewritten = parts.map((part) => (part.text === '*' ? '*' : String(Number(part.text))));
    const readable = !bad && rewritten.every((part) => part === '*' || Number(part) <= 255);
    const decimal = rewritten.join('.');
    add(out, 'leading-zero', 0, text.length, IP_MESSAGES.leadingZero(readable ? decimal : null), readable ? [{ label: IP_MESSAGES.leadingZeroFixLabel(decimal), replacement: decimal }] : undefined);
    return null;
  }
  if (bad || firstStar < 0) return null;
  let value = 0n;
  for (let index = 0; index < firstStar; index++) value |= BigInt(Number(parts[index]!.text)) << BigInt(8 * (3 - index));
  const prefix = 8 * firstStar;
  const block: CidrBlock = { family: 4, value, prefix };
  const canonical = formatCidr(block);
  add(out, 'wildcard', 0, text.length, IP_MESSAGES.wildcard(text, canonical), [{ label: IP_MESSAGES.wildcardFixLabel(canonical), replacement: canonical }]);
  return {
    kind: 'wildcard',
    family: 4,
    first: value,
    last: value + blockSize(4, prefix) - 1n,
    prefix,
    rangeBlocks: null,
    canonical,
    folded: false,
  };
}
