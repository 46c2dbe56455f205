/** Prefix lengths after the slash: decimal, or an IPv4 netmask (a Cisco hostmask is recognised and refused). */
import { bitsOf } from './address';
import { IP_MESSAGES } from './messages';
import { DIGITS, type Out, add } from './parse-common';
import type { IpFamily } from './types';

const NETMASK = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

/** A prefix that means "no bits fixed", however it is written: /0, /00, /0.0.0.0. */
export const ZERO_PREFIX = /^(?:0+|0\.0\.0\.0)$/;

function maskOfPrefix(prefix: number): number {
  return prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
}

function prefixOfMask(mask: number): number | null {
  for (let prefix = 0; prefix <= 32; prefix++) if (maskOfPrefix(prefix) === mask) return prefix;
  return null;
}

/** `text` follows the slash at `base - 1`. Returns the prefix length when its meaning is certain. */
export function parsePrefix(text: string, base: number, family: IpFamily, out: Out): number | null {
  const bits = bitsOf(family);
  const start = base - 1;
  const end = base + text.length;
  if (text === '') {
    add(out, 'invalid-syntax', start, end, IP_MESSAGES.missingPrefix(bits));
    return null;
  }
  if (DIGITS.test(text)) {
    const value = text.length > 4 ? Number.POSITIVE_INFINITY : Number(text);
    if (value > bits) {
      add(out, 'prefix-out-of-range', start, end, IP_MESSAGES.prefixOutOfRange(text, bits));
      return null;
    }
    if (text.length > 1 && text.startsWith('0')) {
      add(out, 'prefix-leading-zero', start, end, IP_MESSAGES.prefixLeadingZero(value), [
        { label: IP_MESSAGES.prefixFixLabel(value), replacement: `/${value}` },
      ]);
    }
    return value;
  }
  if (family === 4 && text.includes('.')) {
    const match = NETMASK.exec(text);
    const octets = match ? match.slice(1, 5).map(Number) : [];
    if (!match || octets.some((octet) => octet > 255)) {
      add(out, 'invalid-syntax', start, end, IP_MESSAGES.badNetmask(text));
      return null;
    }
    const mask = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
    const prefix = prefixOfMask(mask);
    if (prefix !== null) {
      add(out, 'netmask-notation', start, end, IP_MESSAGES.netmaskNotation(text, prefix), [
        { label: IP_MESSAGES.prefixFixLabel(prefix), replacement: `/${prefix}` },
      ]);
      return prefix;
    }
    const inverted = prefixOfMask(~mask >>> 0);
    if (inverted !== null) {
      add(out, 'wildcard-mask', start, end, IP_MESSAGES.wildcardMask(text, inverted));
      return null;
    }
    add(out, 'invalid-syntax', start, end, IP_MESSAGES.badNetmask(text));
    return null;
  }
  add(out, 'invalid-syntax', start, end, IP_MESSAGES.badPrefix(bits));
  return null;
}
