/**
 * Every user-visible string of the IP engine, in one table (en-GB), so that an i18n pass can move them.
 * Messages say what is wrong and what to do; `quote` marks user text.
 */

export function quote(text: string): string {
  return `‘${text}’`;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

export const IP_MESSAGES = {
  // --- list and separators -------------------------------------------------------------------------
  emptyList: () => 'The list is empty — add at least one IP address that may use this key.',
  emptyEntry: () => 'Extra separator with no address — remove it.',
  separator: (found: string) => `Separate entries with a comma, not ${found}.`,
  separatorSpace: () => 'Separate entries with a comma, not only a space.',
  separatorFixLabel: () => 'Use a comma',
  removeLabel: () => 'Remove it',
  nonAsciiEquivalent: (what: string, ascii: string) => `${what} looks like ${quote(ascii)} but is a different character — type ${quote(ascii)} instead.`,
  nonAsciiInvisible: (what: string) => `Invisible character here (${what}) — remove it.`,
  nonAsciiSpace: (what: string) => `Unusual space here (${what}) — use an ordinary space or none.`,
  nonAsciiFixLabel: (ascii: string) => `Replace with ${quote(ascii)}`,
  nonAsciiSpaceFixLabel: () => 'Use an ordinary space',
  strayWhitespace: (compact: string) => `Remove the space inside this entry (write ${compact}).`,
  strayWhitespaceFixLabel: () => 'Remove the space',

  // --- characters ----------------------------------------------------------------------------------
  invalidCharacterLookalike: (found: string, meant: string) => `${found} is not allowed in an IP address — did you mean ${quote(meant)}?`,
  invalidCharacter: (found: string) => `${found} is not allowed in an IP address — remove it.`,
  invalidCharacterIpv4Hex: (found: string) => `${found} is not allowed in an IPv4 address — use decimal numbers only.`,
  lookalikeFixLabel: (meant: string) => `Replace with ${quote(meant)}`,
  urlNotAllowed: () => 'This is a web address (URL) — enter just the IP address, such as 203.0.113.7.',
  hostName: (text: string) => `${quote(text)} looks like a host name — enter its IP address instead.`,

  // --- IPv4 ----------------------------------------------------------------------------------------
  notAnAddress: () => 'This is not an IP address — enter one such as 203.0.113.7, a block such as 203.0.113.0/24, or a range.',
  missingAddress: () => 'An address is missing here — enter one such as 203.0.113.7.',
  emptyIpv4Part: () => 'A number is missing (two dots together, or a dot at the start or end) — write four numbers separated by dots.',
  tooManyIpv4Parts: () => 'Too many numbers — an IPv4 address has exactly four, such as 203.0.113.7.',
  octetOutOfRange: (octet: string) => `${octet} is too large — each number in an IPv4 address is from 0 to 255.`,
  leadingZero: (decimal: string | null) =>
    decimal === null
      ? 'Leading zeros are ambiguous (octal?) — remove them and write each number in decimal.'
      : `Leading zeros are ambiguous (octal?) — write ${decimal} if that is what you mean.`,
  leadingZeroFixLabel: (decimal: string) => `Use ${decimal} (decimal)`,
  shortForm: (text: string, reading: string | null) =>
    reading === null
      ? `${text} is a shortened address — write all four numbers, such as 203.0.113.7.`
      : `${text} is a shortened address, which some systems read as ${reading} — write all four numbers (${reading} if that is what you mean).`,
  nonDecimalHex: (text: string, reading: string | null) =>
    reading === null
      ? `${text} uses hexadecimal — write the address as four decimal numbers.`
      : `${text} uses hexadecimal, which some systems read as ${reading} — write ${reading} if that is what you mean.`,
  nonDecimalInteger: (text: string, reading: string | null) =>
    reading === null
      ? `${text} is a single number, not an address — write four numbers separated by dots.`
      : `${text} is a 32-bit number that some systems read as ${reading} — write ${reading} if that is what you mean.`,
  portSuffix: (port: string) => `${quote(port)} is a port number; the list takes addresses only — remove it.`,
  portFixLabel: () => 'Remove the port',
  badPort: () => 'Only a port number may follow a single colon after an IPv4 address — remove it.',

  // --- IPv6 ----------------------------------------------------------------------------------------
  ipv6DoubleColonTwice: () => 'Use :: only once in an IPv6 address.',
  ipv6EmptyGroup: () => 'A group is missing (a single colon at the start or end, or two in the wrong place) — check the colons.',
  ipv6GroupTooLong: (group: string) => `${quote(group)} has more than four hex digits — each IPv6 group has one to four.`,
  ipv6GroupCount: (count: number) =>
    count > 8
      ? `Too many groups (${count}) — an IPv6 address has eight, or fewer with ::.`
      : `Too few groups (${count}) — an IPv6 address has eight; use :: for a run of zeros.`,
  ipv6Ipv4Position: () => 'An embedded IPv4 address may only come at the end of an IPv6 address.',
  ipv6BadCharacter: (found: string) => `${found} is not allowed in an IPv6 address — use hex digits (0-9, a-f) and colons.`,
  zoneId: (zone: string) => `The zone ID ${quote(zone)} names an interface on one machine and cannot be used here — remove it.`,
  brackets: () => 'Square brackets belong in URLs, not in this list — remove them.',
  bracketsFixLabel: () => 'Remove the brackets',
  unbalancedBrackets: () => 'Unbalanced square brackets — remove them.',

  // --- prefixes ------------------------------------------------------------------------------------
  missingPrefix: (max: number) => `Add a prefix length after the slash, from 0 to ${max}, or remove the slash.`,
  tooManySlashes: () => 'Use one slash, followed by the prefix length, such as /24.',
  badPrefix: (max: number) => `The prefix length must be a whole number from 0 to ${max}, such as /24.`,
  prefixOutOfRange: (prefix: string, max: number) => `/${prefix} is out of range — the prefix length is from 0 to ${max}.`,
  prefixLeadingZero: (prefix: number) => `Leading zeros in the prefix length are ambiguous — write /${prefix}.`,
  prefixFixLabel: (prefix: number) => `Use /${prefix}`,
  netmaskNotation: (mask: string, prefix: number) => `Write the netmask ${mask} as the prefix length /${prefix}.`,
  wildcardMask: (mask: string, prefix: number) => `/${mask} is a Cisco-style wildcard mask, not a netmask — write /${prefix} if that is what you mean.`,
  badNetmask: (mask: string) => `${mask} is not a valid netmask — use a prefix length such as /24.`,
  hostBitsSet: (text: string, network: string, host: string) =>
    `${text} has host bits set — use the network ${network}, or ${host} for the single address.`,
  hostBitsNetworkLabel: (network: string) => `Use the network ${network}`,
  hostBitsHostLabel: (host: string) => `Use the single address ${host}`,

  // --- ranges and wildcards -----------------------------------------------------------------------
  range: (blocks: readonly string[]) =>
    blocks.length <= 4
      ? `Ranges are not stored as such — replace this one with ${blocks.join(', ')}.`
      : `Ranges are not stored as such — replace this one with its ${blocks.length} CIDR blocks.`,
  rangeFixLabel: (blocks: readonly string[]) => (blocks.length === 1 ? `Use ${blocks[0] ?? ''}` : `Use ${blocks.length} CIDR blocks`),
  rangeMissingEnd: () => 'A range needs a start and an end, such as 203.0.113.10-203.0.113.20.',
  rangeTooManyDashes: () => 'Use one dash between the start and the end of a range.',
  rangePlainAddresses: () => 'Write a range as two plain addresses, such as 203.0.113.10-203.0.113.20.',
  rangeMixedFamilies: () => 'Both ends of a range must be IPv4, or both IPv6.',
  reversedRange: (first: string, last: string) => `The range runs backwards (${first} comes after ${last}) — put the lower address first.`,
  wildcard: (text: string, block: string) => `Write ${text} as the CIDR block ${block}.`,
  wildcardFixLabel: (block: string) => `Use ${block}`,
  wildcardWholeNumber: () => 'A * must stand for a whole number, such as 192.0.2.*.',
  wildcardWithPrefix: () => 'Use either a * or a prefix length, not both.',
  wildcardIpv6: () => 'Wildcards only work in IPv4 — write IPv6 blocks with a prefix length, such as 2001:db8::/32.',
  nonContiguousWildcard: () => 'A * may only replace the last numbers (10.1.*.* works, 10.*.1.* does not) — list the blocks you need.',

  // --- classes -------------------------------------------------------------------------------------
  allowAllEntry: (text: string, family: string) =>
    `${text} allows every ${family} address, so the key has no IP restriction — list only the addresses that need access.`,
  allowAllUnion: (family: string) =>
    `Together these entries allow every ${family} address, so the key has no IP restriction — list only the addresses that need access.`,
  addressClass: (text: string, scope: 'address' | 'block' | 'partial', what: string, note: string, advice: string) => {
    if (scope === 'address') return `${text} is ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} address (${note})${advice}`;
    if (scope === 'block') return `${text} holds only ${what} addresses (${note})${advice}`;
    return `${text} includes ${what} addresses (${note})${advice}`;
  },
  ipv4Compatible: (text: string, ipv4: string) => `${text} is a deprecated IPv4-compatible IPv6 address (RFC 4291) — write ${ipv4} instead.`,
  ipv4CompatibleFixLabel: (ipv4: string) => `Use ${ipv4}`,
  ipv4Mapped: (text: string, ipv4: string) => `${text} is the IPv4 address ${ipv4} written as IPv6 — write ${ipv4}.`,
  ipv4MappedIncludes: (text: string) => `${text} includes IPv4-mapped addresses — list IPv4 addresses in their IPv4 form.`,
  useCanonicalLabel: (canonical: string) => `Use ${canonical}`,
  hugeRange: (text: string, count: string) => `${text} covers ${count} addresses — narrow it to the addresses that need access.`,
  duplicate: (earlier: string) => `Same as ${earlier} earlier in the list — remove this copy.`,
  contained: (outer: string) => `Already covered by ${outer} — remove it, or remove ${outer} if it is too broad.`,
  overlap: (other: string) => `Overlaps ${other} — combine the two into one entry.`,
  outsidePolicy: (text: string, allowed: string) => `${text} is outside the ranges your organisation permits (${allowed}) — check that it belongs here.`,
  nonCanonical: (canonical: string) => `Write it as ${canonical} (the standard form).`,
  mergeable: (after: number) => `Some entries can be combined — the same addresses fit in ${plural(after, 'entry', 'entries')}.`,
  mergeableFixLabel: () => 'Use the combined list',
  oneEntryExpected: () => 'Enter one address, block or range here.',

  // --- list operations ----------------------------------------------------------------------------
  skipInvalid: (text: string) => `${quote(text)} was not used: it is not a valid entry.`,
  skipKeptAsWritten: (text: string) => `${quote(text)} was kept as written: it is not a valid entry, so it could not be combined.`,
  skipDuplicate: (text: string) => `${text} is already in the list.`,
  skipCovered: (text: string, by: string) => `${text} is already covered by ${by}.`,
  skipNotFound: (text: string) => `${text} is not in the list.`,
  skipPartlyCovered: (text: string, entry: string) => `${entry} stays: it only partly overlaps ${text} — edit it by hand.`,

  // --- summary --------------------------------------------------------------------------------------
  summaryEmpty: () => 'No entries',
  summary: (entries: number, parts: readonly string[]) => `${plural(entries, 'entry', 'entries')}: ${parts.join(', ')}`,
  summaryAddresses: (count: number) => plural(count, 'address', 'addresses'),
  summaryBlocks: (count: number, prefixes: string) => `${plural(count, 'block', 'blocks')} (${prefixes})`,
  summaryRanges: (count: number) => plural(count, 'range', 'ranges'),
  summaryWildcards: (count: number) => plural(count, 'wildcard', 'wildcards'),
  summaryUnreadable: (count: number) => `${count.toLocaleString('en-GB')} unreadable`,
} as const;

/** Plain-English names for the address classes of special.ts, and what to do about each. */
export const IP_CLASS_ADVICE = {
  unspecified: ' — it never belongs to a client; remove it.',
  loopback: ' — it only reaches the same machine, never a client; remove it.',
  'link-local': ' — it never crosses a router, so no client reaches the service from it; remove it.',
  multicast: ' — a client never sends from a multicast address; remove it.',
  reserved: ' — no client can use it; remove it.',
  'ipv4-compatible': ' — this IPv6 form is deprecated; write the IPv4 address instead.',
  private: ' — it is only reachable inside a private network; keep it only if the key is used from there.',
  'shared-address-space': ' — it is shared by many customers behind their provider’s NAT; use your public address instead.',
  documentation: ' — it is for examples only; replace it with your real address.',
  nat64: ' — it stands for an IPv4 host behind NAT64; prefer the client’s own address if you know it.',
} as const;
