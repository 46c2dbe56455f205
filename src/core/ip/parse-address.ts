/** Strict IPv4 dotted quads and IPv6 (RFC 4291 §2.2) addresses, without prefix. */
import { formatIpv4 } from './address';
import { describeChar } from './characters';
import { IP_MESSAGES, quote } from './messages';
import { DIGITS, HEX_GROUP, HEX_PART, type Out, type ParsedAddress, add } from './parse-common';

/** Hex digits, colons and dots (for an embedded IPv4 address). */
function isIpv6Char(code: number): boolean {
  return (code >= 0x30 && code <= 0x3a) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66) || code === 0x2e;
}
/** An IPv4 or IPv6 address without prefix. IPv4-mapped IPv6 is returned as written (IPv6). */
export function parseAddress(text: string, base: number, out: Out): ParsedAddress | null {
  if (text === '') {
    add(out, 'invalid-syntax', base, base, IP_MESSAGES.missingAddress());
    return null;
  }
  if (text.includes(':')) return parseIpv6(text, base, out);
  const value = parseIpv4(text, base, out);
  return value === null ? null : { family: 4, value: BigInt(value) };
}

export function splitWithOffsets(text: string, separator: string, base: number): Array<{ text: string; start: number }> {
  const parts: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (;;) {
    const next = text.indexOf(separator, start);
    if (next < 0) {
      parts.push({ text: text.slice(start), start: base + start });
      return parts;
    }
    parts.push({ text: text.slice(start, next), start: base + start });
    start = next + separator.length;
  }
}

/** Strict dotted quad. Returns the 32-bit value, or null after reporting why it cannot be read. */
export function parseIpv4(text: string, base: number, out: Out): number | null {
  const end = base + text.length;
  const parts = splitWithOffsets(text, '.', base);
  if (parts.length > 4) {
    add(out, 'invalid-syntax', base, end, IP_MESSAGES.tooManyIpv4Parts());
    return null;
  }
  if (parts.some((part) => part.text === '')) {
    add(out, 'invalid-syntax', base, end, IP_MESSAGES.emptyIpv4Part());
    return null;
  }
  let hasHex = false;
  let hasBadCharacter = false;
  for (const part of parts) {
    if (DIGITS.test(part.text)) continue;
    if (HEX_PART.test(part.text)) {
      hasHex = true;
      continue;
    }
    hasBadCharacter = true;
    reportNonDigits(part.text, part.start, out);
  }
  if (hasBadCharacter) return null;
  const numbers = parts.map((part) => part.text);
  if (hasHex || parts.length === 1) {
    const reading = inetAtonReading(numbers);
    if (hasHex) add(out, 'non-decimal-form', base, end, IP_MESSAGES.nonDecimalHex(text, reading));
    else if (reading !== null) add(out, 'non-decimal-form', base, end, IP_MESSAGES.nonDecimalInteger(text, reading));
    else add(out, 'invalid-syntax', base, end, IP_MESSAGES.nonDecimalInteger(text, null));
    return null;
  }
  if (parts.length < 4) {
    add(out, 'short-form', base, end, IP_MESSAGES.shortForm(text, inetAtonReading(numbers)));
    return null;
  }
  let leadingZero = false;
  let outOfRange = false;
  for (const part of parts) {
    if (part.text.length > 1 && part.text.startsWith('0')) {
      leadingZero = true;
    } else if (part.text.length > 3 || Number(part.text) > 255) {
      outOfRange = true;
      add(out, 'octet-out-of-range', part.start, part.start + part.text.length, IP_MESSAGES.octetOutOfRange(part.text));
    }
  }
  if (leadingZero) {
    const decimal = numbers.map((number) => Number(number));
    const reading = !outOfRange && decimal.every((n) => n <= 255) ? decimal.join('.') : null;
    add(out, 'leading-zero', base, end, IP_MESSAGES.leadingZero(reading), reading === null ? undefined : [{ label: IP_MESSAGES.leadingZeroFixLabel(reading), replacement: reading }]);
    return null;
  }
  if (outOfRange) return null;
  return ((Number(numbers[0]) << 24) >>> 0) + (Number(numbers[1]) << 16) + (Number(numbers[2]) << 8) + Number(numbers[3]);
}

export function reportNonDigits(part: string, start: number, out: Out): void {
  let i = 0;
  while (i < part.length) {
    if (part[i]! >= '0' && part[i]! <= '9') {
      i++;
      continue;
    }
    let j = i;
    while (j < part.length && !(part[j]! >= '0' && part[j]! <= '9')) j++;
    const found = part.slice(i, j);
    add(out, 'invalid-character', start + i, start + j, IP_MESSAGES.invalidCharacterIpv4Hex(j - i === 1 ? describeChar(found) : quote(found)));
    i = j;
  }
}

/**
 * How inet_aton(3) and the many parsers that copy it would read a non-standard form: each part in hex (0x),
 * octal (leading 0) or decimal, the last part filling the remaining bytes. Shown in messages only; never used.
 */
export function inetAtonReading(parts: readonly string[]): string | null {
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (HEX_PART.test(part)) value = parseInt(part.slice(2), 16);
    else if (part.length > 1 && part.startsWith('0')) {
      if (!/^[0-7]+$/.test(part)) return null;
      value = parseInt(part, 8);
    } else if (DIGITS.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const count = values.length;
  if (count < 1 || count > 4) return null;
  let result = 0;
  for (let i = 0; i < count - 1; i++) {
    if (values[i]! > 255) return null;
    result = result * 256 + values[i]!;
  }
  const lastBytes = 5 - count;
  const last = values[count - 1]!;
  if (last >= 2 ** (8 * lastBytes)) return null;
  result = result * 2 ** (8 * lastBytes) + last;
  return formatIpv4(result);
}

function parseIpv6(text: string, base: number, out: Out): ParsedAddress | null {
  const end = base + text.length;
  let bad = false;
  for (let i = 0; i < text.length; i++) {
    if (isIpv6Char(text.charCodeAt(i))) continue;
    let j = i;
    while (j < text.length && !isIpv6Char(text.charCodeAt(j))) j++;
    const found = text.slice(i, j);
    add(out, 'invalid-character', base + i, base + j, IP_MESSAGES.ipv6BadCharacter(j - i === 1 ? describeChar(found) : quote(found)));
    bad = true;
    i = j - 1;
  }
  if (bad) return null;
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) {
    add(out, 'invalid-syntax', base, end, IP_MESSAGES.ipv6DoubleColonTwice());
    return null;
  }
  const head = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tail = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const headGroups = head === '' ? [] : splitWithOffsets(head, ':', base);
  const tailGroups = tail === '' ? [] : splitWithOffsets(tail, ':', base + doubleColon + 2);
  if (headGroups.some((group) => group.text === '') || tailGroups.some((group) => group.text === '')) {
    add(out, 'invalid-syntax', base, end, IP_MESSAGES.ipv6EmptyGroup());
    return null;
  }
  const lastGroup = tailGroups[tailGroups.length - 1] ?? headGroups[headGroups.length - 1];
  const readGroups = (groups: ReadonlyArray<{ text: string; start: number }>): number[] | null => {
    const values: number[] = [];
    for (const group of groups) {
      if (group.text.includes('.')) {
        if (group !== lastGroup) {
          add(out, 'invalid-syntax', group.start, group.start + group.text.length, IP_MESSAGES.ipv6Ipv4Position());
          return null;
        }
        const ipv4 = parseIpv4(group.text, group.start, out);
        if (ipv4 === null) return null;
        values.push(ipv4 >>> 16, ipv4 & 0xffff);
      } else if (HEX_GROUP.test(group.text)) {
        values.push(parseInt(group.text, 16));
      } else {
        add(out, 'invalid-syntax', group.start, group.start + group.text.length, IP_MESSAGES.ipv6GroupTooLong(group.text));
        return null;
      }
    }
    return values;
  };
  const headValues = readGroups(headGroups);
  if (!headValues) return null;
  const tailValues = readGroups(tailGroups);
  if (!tailValues) return null;
  const count = headValues.length + tailValues.length;
  if ((doubleColon < 0 && count !== 8) || (doubleColon >= 0 && count > 7)) {
    add(out, 'invalid-syntax', base, end, IP_MESSAGES.ipv6GroupCount(doubleColon >= 0 ? count + 1 : count));
    return null;
  }
  let value = 0n;
  for (const group of headValues) value = (value << 16n) | BigInt(group);
  value <<= BigInt(16 * (8 - headValues.length));
  let tailValue = 0n;
  for (const group of tailValues) tailValue = (tailValue << 16n) | BigInt(group);
  value |= tailValue;
  return { family: 6, value };
}
