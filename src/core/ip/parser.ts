/**
 * The strict grammar for one entry (already cleaned by the tokenizer: ASCII equivalents mapped, spaces removed).
 * Accepted without complaint: IPv4 dotted quads with four decimal numbers and no leading zeros; IPv6 per
 * RFC 4291 §2.2 (with `::` once, embedded dotted quad last); either followed by `/prefix`. Everything else is
 * either read with a fixable error (ranges, wildcards, netmasks, brackets, ports, `/024`) when its meaning is
 * certain, or rejected without guessing (octal-looking zeros, short and hexadecimal forms, host bits).
 */
import { IPV4_MAPPED_BASE, bitsOf, blockSize, formatAddress, formatBlock } from './address';
import { LOOKALIKE_DIGITS, describeChar } from './characters';
import { type CidrBlock, formatCidr } from './intervals';
import { IP_MESSAGES, quote } from './messages';
import { parseAddress } from './parse-address';
import { type EntryParse, NO_FINDINGS, type Out, type ParsedValue, add } from './parse-common';
import { parsePlainIpv4, parsePlainIpv6 } from './parse-fast';
import { ZERO_PREFIX, parsePrefix } from './parse-prefix';
import { parseRange, parseWildcard } from './parse-range';
import type { IpFamily } from './types';

export { type EntryParse, type LocalFinding, type ParsedAddress, type ParsedValue, valueBlocks } from './parse-common';
export { parseAddress, parseIpv4, inetAtonReading } from './parse-address';

/** 1 for the ASCII characters an entry may contain (anything else is reported as invalid-character). */
const ENTRY_CHAR = Uint8Array.from({ length: 0x80 }, (_, code) => (/[0-9A-Fa-fxX.:/\-*%[\]]/.test(String.fromCharCode(code)) ? 1 : 0));
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.?(?::[0-9]{1,5})?$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function parseEntry(text: string): EntryParse {
  const out: Out = [];
  const value = parseEntryInto(text, out);
  return { findings: out.length === 0 ? NO_FINDINGS : out, value };
}

/** parseEntry without allocating for the common case: findings are appended to `out`. */
export function parseEntryInto(text: string, out: Out): ParsedValue | null {
  const fast = parsePlainIpv4(text) ?? parsePlainIpv6(text);
  if (fast) return fast;
  let value: ParsedValue | null = null;
  if (checkCharacters(text, out)) {
    if (text.includes('%')) value = parseSingle(text, out);
    else if (text.includes('-')) value = parseRange(text, out);
    else if (text.includes('*')) value = parseWildcard(text, out);
    else value = parseSingle(text, out);
  }
  // A finding about something missing has no characters of its own: point at the whole entry.
  for (const local of out) {
    if (local.start >= local.end) {
      local.start = 0;
      local.end = text.length;
    }
  }
  return value;
}

/** Reports characters that can never be part of an entry. Zone IDs (`%eth0`) are skipped: zone-id covers them. */
function checkCharacters(text: string, out: Out): boolean {
  const runs: Array<{ start: number; end: number }> = [];
  let inZone = false;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === 0x25) inZone = true; // %
    else if (code === 0x2f || code === 0x5d) inZone = false; // / and ]
    if (inZone || (code < 0x80 && ENTRY_CHAR[code] === 1)) {
      i++;
      continue;
    }
    const width = text.codePointAt(i)! > 0xffff ? 2 : 1;
    const last = runs[runs.length - 1];
    if (last && last.end === i) last.end = i + width;
    else runs.push({ start: i, end: i + width });
    i += width;
  }
  if (runs.length === 0) return true;
  const badChars = runs.flatMap((run) => Array.from(text.slice(run.start, run.end)));
  if (badChars.every((char) => LOOKALIKE_DIGITS.has(char))) {
    for (const run of runs) {
      const found = text.slice(run.start, run.end);
      const meant = Array.from(found, (char) => LOOKALIKE_DIGITS.get(char) ?? char).join('');
      add(out, 'invalid-character', run.start, run.end, IP_MESSAGES.invalidCharacterLookalike(quote(found), meant), [
        { label: IP_MESSAGES.lookalikeFixLabel(meant), replacement: meant },
      ]);
    }
    return false;
  }
  if (URL_SCHEME.test(text)) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.urlNotAllowed());
    return false;
  }
  if (HOST_NAME.test(text)) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.hostName(text));
    return false;
  }
  for (const run of runs) {
    const found = text.slice(run.start, run.end);
    const shown = Array.from(found).length === 1 ? describeChar(found) : quote(found);
    add(out, 'invalid-character', run.start, run.end, IP_MESSAGES.invalidCharacter(shown));
  }
  return false;
}

function allowsAll(out: Out, text: string, family: IpFamily): void {
  add(out, 'allow-all', 0, text.length, IP_MESSAGES.allowAllEntry(text, family === 4 ? 'IPv4' : 'IPv6'));
}

function parseSingle(text: string, out: Out): ParsedValue | null {
  let body = text;
  let base = 0;
  let prefixText: string | null = null;
  let prefixBase = 0;
  let bracketed = false;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text.indexOf('[', 1) >= 0 || text.indexOf(']', close + 1) >= 0) {
      add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.unbalancedBrackets());
      return null;
    }
    bracketed = true;
    body = text.slice(1, close);
    base = 1;
    add(out, 'brackets', 0, close + 1, IP_MESSAGES.brackets(), [{ label: IP_MESSAGES.bracketsFixLabel(), replacement: body }]);
    const after = text.slice(close + 1);
    if (after.startsWith('/')) {
      prefixText = after.slice(1);
      prefixBase = close + 2;
    } else if (/^:[0-9]{1,5}$/.test(after)) {
      add(out, 'port-suffix', close + 1, text.length, IP_MESSAGES.portSuffix(after), [{ label: IP_MESSAGES.portFixLabel(), replacement: '' }]);
    } else if (after !== '') {
      add(out, 'invalid-syntax', close + 1, text.length, IP_MESSAGES.badPort());
      return null;
    }
  } else if (text.includes('[') || text.includes(']')) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.unbalancedBrackets());
    return null;
  }

  const slash = body.indexOf('/');
  if (slash >= 0) {
    if (prefixText !== null || body.indexOf('/', slash + 1) >= 0) {
      add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.tooManySlashes());
      return null;
    }
    prefixText = body.slice(slash + 1);
    prefixBase = base + slash + 1;
    body = body.slice(0, slash);
  }
  if (prefixText !== null && prefixText.includes('/')) {
    add(out, 'invalid-syntax', 0, text.length, IP_MESSAGES.tooManySlashes());
    return null;
  }

  const percent = body.indexOf('%');
  if (percent >= 0) {
    const zone = body.slice(percent);
    add(out, 'zone-id', base + percent, base + body.length, IP_MESSAGES.zoneId(zone));
    body = body.slice(0, percent);
  }

  if (!bracketed) {
    const colon = body.indexOf(':');
    if (colon >= 0 && colon === body.lastIndexOf(':') && body.includes('.')) {
      const port = body.slice(colon + 1);
      if (!/^[0-9]{1,5}$/.test(port)) {
        add(out, 'invalid-syntax', base + colon, base + body.length, IP_MESSAGES.badPort());
        return null;
      }
      add(out, 'port-suffix', base + colon, base + body.length, IP_MESSAGES.portSuffix(body.slice(colon)), [
        { label: IP_MESSAGES.portFixLabel(), replacement: '' },
      ]);
      body = body.slice(0, colon);
    }
  }

  const address = parseAddress(body, base, out);
  if (!address) {
    // Whatever a lenient reader makes of the address, a /0 lets everyone in: say so even when we cannot read it.
    if (prefixText !== null && ZERO_PREFIX.test(prefixText)) allowsAll(out, text, body.includes(':') ? 6 : 4);
    return null;
  }
  let { family, value } = address;
  let prefix = bitsOf(family);
  if (prefixText !== null) {
    const parsed = parsePrefix(prefixText, prefixBase, family, out);
    if (parsed === null) return null;
    prefix = parsed;
  }

  let folded = false;
  if (family === 6 && prefix >= 96 && value >> 32n === 0xffffn) {
    family = 4;
    value -= IPV4_MAPPED_BASE;
    prefix -= 96;
    folded = true;
  }

  const hostBits = value & (blockSize(family, prefix) - 1n);
  if (hostBits !== 0n) {
    const network = formatBlock(family, value - hostBits, prefix);
    const host = formatAddress(family, value);
    add(out, 'host-bits-set', 0, text.length, IP_MESSAGES.hostBitsSet(text, network, host), [
      { label: IP_MESSAGES.hostBitsNetworkLabel(network), replacement: network },
      { label: IP_MESSAGES.hostBitsHostLabel(host), replacement: host },
    ]);
    if (prefix === 0) allowsAll(out, text, family); // read as a network, it is everything
    return null;
  }

  const block: CidrBlock = { family, value, prefix };
  const canonical = formatCidr(block);
  if (folded) {
    add(out, 'ipv4-mapped', 0, text.length, IP_MESSAGES.ipv4Mapped(text, canonical), [{ label: IP_MESSAGES.useCanonicalLabel(canonical), replacement: canonical }]);
  }
  return {
    kind: prefix === bitsOf(family) ? 'address' : 'block',
    family,
    first: value,
    last: value + blockSize(family, prefix) - 1n,
    prefix,
    rangeBlocks: null,
    canonical,
    folded,
  };
}
