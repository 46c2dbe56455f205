/** fast-check generators for IP lists: addresses and blocks written in many valid (and some invalid) ways. */
import fc from 'fast-check';
import { formatAddress } from '../../../src/core/ip';

export const ipv4Value = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
export const ipv6Value = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
/** 1.0.0.0–9.255.255.255: no special-purpose addresses, so lists of them can normalise cleanly. */
export const publicIpv4Value = fc.bigInt({ min: 0x0100_0000n, max: 0x09ff_ffffn });
/** 2a00::/12 (RIPE NCC space): globally routable, no special-purpose blocks. */
export const publicIpv6Value = fc.bigInt({ min: 0x2a00n << 112n, max: (0x2a10n << 112n) - 1n });

/** IPv6 values with runs of zero groups, so that `::` compression is exercised. */
export const zeroRunIpv6Value = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }).map((groups) =>
  groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n),
);

export function network(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

export interface GeneratedBlock {
  family: 4 | 6;
  value: bigint;
  prefix: number;
}

export const ipv4Block: fc.Arbitrary<GeneratedBlock> = fc
  .tuple(ipv4Value, fc.integer({ min: 0, max: 32 }))
  .map(([value, prefix]) => ({ family: 4 as const, value: network(value, prefix, 32), prefix }));
export const ipv6Block: fc.Arbitrary<GeneratedBlock> = fc
  .tuple(fc.oneof(ipv6Value, zeroRunIpv6Value), fc.integer({ min: 0, max: 128 }))
  .map(([value, prefix]) => ({ family: 6 as const, value: network(value, prefix, 128), prefix }));

export function blockText(block: GeneratedBlock): string {
  return `${formatAddress(block.family, block.value)}/${block.prefix}`;
}

/** IPv6 written with every group expanded, random case and zero padding: valid, rarely canonical. */
export const ipv6Expanded = (value: bigint): fc.Arbitrary<string> =>
  fc.tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 })).map(([upper, pads]) => {
    const groups: string[] = [];
    for (let i = 7; i >= 0; i--) {
      const group = Number((value >> BigInt(16 * i)) & 0xffffn).toString(16);
      groups.push(group.padStart(Math.min(4, group.length + pads[7 - i]!), '0'));
    }
    const text = groups.join(':');
    return upper ? text.toUpperCase() : text;
  });

/** A valid public entry in one of several spellings (canonical or not), for lists that normalise. */
export const publicEntryText: fc.Arbitrary<string> = fc.oneof(
  publicIpv4Value.map((value) => formatAddress(4, value)),
  publicIpv4Value.map((value) => `${formatAddress(4, value)}/32`),
  publicIpv4Value.map((value) => `::ffff:${formatAddress(4, value)}`),
  fc.tuple(publicIpv4Value, fc.integer({ min: 17, max: 31 })).map(([value, prefix]) => `${formatAddress(4, network(value, prefix, 32))}/${prefix}`),
  publicIpv6Value.map((value) => formatAddress(6, value)),
  publicIpv6Value.chain(ipv6Expanded),
  fc.tuple(publicIpv6Value, fc.integer({ min: 48, max: 127 })).map(([value, prefix]) => `${formatAddress(6, network(value, prefix, 128))}/${prefix}`),
);

/** Mostly commas; sometimes the separators admins paste instead (all resolved by normalisation). */
const separators = fc.constantFrom(', ', ',', ' , ', ',\n', ',  ', ', ', ',', '; ', '\n', '\r\n', '\t', ' ', '，', ',\u00a0', '\u200b, ');

/** A list of valid public entries, sometimes with a trailing comma or repeated entries. */
export const publicListText: fc.Arbitrary<string> = fc
  .tuple(fc.array(publicEntryText, { minLength: 1, maxLength: 12 }), fc.array(separators, { minLength: 12, maxLength: 12 }), fc.boolean(), fc.boolean())
  .map(([entries, seps, trailing, repeat]) => {
    const all = repeat ? [...entries, entries[0]!] : entries;
    return all.map((entry, i) => (i === 0 ? entry : `${seps[i % seps.length]!}${entry}`)).join('') + (trailing ? ',' : '');
  });

/** Fragments that exercise every branch of the grammar, joined at random: mostly nonsense, sometimes valid. */
const fragment = fc.constantFrom(
  '0', '1', '9', '10', '255', '256', '010', '0x7f', 'ff', 'FFFF', 'db8', '2001', '.', '.', ':', '::', ':::', '/', '/24', '/024', '/255.255.255.0',
  '/0.0.0.255', '-', '*', '%eth0', '[', ']', ',', ';', ' ', '\n', '\t', '，', '、', '１', '\u200b', '\u00a0', '–', 'l', 'O', 'é', '😀', 'ffff', 'x',
);
export const grammarSoup: fc.Arbitrary<string> = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

/** Any list of valid entries of both families, including ranges and wildcards. */
export const anyRangeText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(ipv4Value, ipv4Value).map(([a, b]) => `${formatAddress(4, a < b ? a : b)}-${formatAddress(4, a < b ? b : a)}`),
  fc.tuple(ipv6Value, ipv6Value).map(([a, b]) => `${formatAddress(6, a < b ? a : b)}-${formatAddress(6, a < b ? b : a)}`),
);
export const blockListText: fc.Arbitrary<string> = fc
  .array(fc.oneof(ipv4Block.map(blockText), ipv6Block.map(blockText), anyRangeText, ipv4Value.map((v) => formatAddress(4, v))), { minLength: 1, maxLength: 15 })
  .map((entries) => entries.join(', '));
