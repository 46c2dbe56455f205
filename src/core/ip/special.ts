/**
 * Which addresses can never (or should rarely) appear in an API key's allow-list, from the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and successors) and the IANA IPv6 Address Space registry.
 * The table is data; the most specific entry wins where entries nest (e.g. 0.0.0.0/32 inside 0.0.0.0/8).
 * `global` entries are carve-outs that IANA marks globally reachable inside a non-global block.
 */
import { blockSize, maxOf } from './address';
import { parseAddress } from './parser';
import type { IpFamily } from './types';

export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'reserved'
  | 'private'
  | 'shared-address-space'
  | 'documentation'
  | 'nat64'
  | 'ipv4-compatible'
  | 'ipv4-mapped'
  | 'global';

/** [block, class, what it is and where it is defined] */
type SpecialRow = readonly [string, AddressClass, string];

const IPV4_SPECIAL: readonly SpecialRow[] = [
  ['0.0.0.0/8', 'reserved', '“this network”, RFC 791'],
  ['0.0.0.0/32', 'unspecified', 'RFC 1122'],
  ['10.0.0.0/8', 'private', 'RFC 1918'],
  ['100.64.0.0/10', 'shared-address-space', 'carrier-grade NAT, RFC 6598'],
  ['127.0.0.0/8', 'loopback', 'RFC 1122'],
  ['169.254.0.0/16', 'link-local', 'RFC 3927'],
  ['172.16.0.0/12', 'private', 'RFC 1918'],
  ['192.0.0.0/24', 'reserved', 'IETF protocol assignments, RFC 6890'],
  ['192.0.0.0/29', 'reserved', 'DS-Lite, RFC 7335'],
  ['192.0.0.8/32', 'reserved', 'IPv4 dummy address, RFC 7600'],
  ['192.0.0.9/32', 'global', 'Port Control Protocol anycast, RFC 7723'],
  ['192.0.0.10/32', 'global', 'TURN anycast, RFC 8155'],
  ['192.0.0.170/31', 'reserved', 'NAT64/DNS64 discovery, RFC 8880'],
  ['192.0.2.0/24', 'documentation', 'TEST-NET-1, RFC 5737'],
  ['192.88.99.0/24', 'reserved', 'deprecated 6to4 relay anycast, RFC 7526'],
  ['192.168.0.0/16', 'private', 'RFC 1918'],
  ['198.18.0.0/15', 'reserved', 'benchmarking, RFC 2544'],
  ['198.51.100.0/24', 'documentation', 'TEST-NET-2, RFC 5737'],
  ['203.0.113.0/24', 'documentation', 'TEST-NET-3, RFC 5737'],
  ['224.0.0.0/4', 'multicast', 'RFC 5771'],
  ['240.0.0.0/4', 'reserved', 'reserved for future use, RFC 1112'],
  ['255.255.255.255/32', 'reserved', 'limited broadcast, RFC 919 and RFC 8190'],
];

const IPV6_SPECIAL: readonly SpecialRow[] = [
  ['::/128', 'unspecified', 'RFC 4291'],
  ['::1/128', 'loopback', 'RFC 4291'],
  ['::/96', 'ipv4-compatible', 'deprecated by RFC 4291'],
  ['::ffff:0:0/96', 'ipv4-mapped', 'RFC 4291'],
  ['64:ff9b::/96', 'nat64', 'well-known prefix, RFC 6052'],
  ['64:ff9b:1::/48', 'nat64', 'local-use prefix, RFC 8215'],
  ['100::/64', 'reserved', 'discard-only, RFC 6666'],
  ['100:0:0:1::/64', 'reserved', 'dummy IPv6 prefix, RFC 9780'],
  ['2001::/23', 'reserved', 'IETF protocol assignments, RFC 2928'],
  ['2001::/32', 'global', 'Teredo, RFC 4380'],
  ['2001:1::1/128', 'global', 'Port Control Protocol anycast, RFC 7723'],
  ['2001:1::2/128', 'global', 'TURN anycast, RFC 8155'],
  ['2001:1::3/128', 'global', 'DNS-SD service registration anycast, RFC 9665'],
  ['2001:2::/48', 'reserved', 'benchmarking, RFC 5180'],
  ['2001:3::/32', 'global', 'AMT, RFC 7450'],
  ['2001:4:112::/48', 'global', 'AS112-v6, RFC 7535'],
  ['2001:10::/28', 'reserved', 'deprecated ORCHID, RFC 4843'],
  ['2001:20::/28', 'global', 'ORCHIDv2, RFC 7343'],
  ['2001:30::/28', 'global', 'drone remote ID, RFC 9374'],
  ['2001:db8::/32', 'documentation', 'RFC 3849'],
  ['3fff::/20', 'documentation', 'RFC 9637'],
  ['5f00::/16', 'reserved', 'segment routing SIDs, RFC 9602'],
  ['fc00::/7', 'private', 'unique local, RFC 4193'],
  ['fe80::/10', 'link-local', 'RFC 4291'],
  ['fec0::/10', 'reserved', 'deprecated site-local, RFC 3879'],
  ['ff00::/8', 'multicast', 'RFC 4291'],
  // IANA IPv6 Address Space: everything outside 2000::/3, fc00::/7, fe80::/10 and ff00::/8 is reserved by
  // the IETF (RFC 4291) and never assigned to a client.
  ['::/8', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['100::/8', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['200::/7', 'reserved', 'reserved by the IETF, RFC 4048'],
  ['400::/6', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['800::/5', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['1000::/4', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['4000::/3', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['6000::/3', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['8000::/3', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['a000::/3', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['c000::/3', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['e000::/4', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['f000::/5', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['f800::/6', 'reserved', 'reserved by the IETF, RFC 4291'],
  ['fe00::/9', 'reserved', 'reserved by the IETF, RFC 4291'],
];

/** A piece of the address space with one class; pieces are sorted, disjoint, and skip global space. */
interface Segment {
  first: bigint;
  last: bigint;
  addressClass: Exclude<AddressClass, 'global'>;
  note: string;
}

interface Row {
  first: bigint;
  last: bigint;
  prefix: number;
  addressClass: AddressClass;
  note: string;
}

function readRow(family: IpFamily, [cidr, addressClass, note]: SpecialRow): Row {
  const [address = '', prefixText = ''] = cidr.split('/');
  const parsed = parseAddress(address, 0, []);
  if (!parsed || parsed.family !== family) throw new Error(`Bad special-purpose table row ${cidr}`);
  const prefix = Number(prefixText);
  return { first: parsed.value, last: parsed.value + blockSize(family, prefix) - 1n, prefix, addressClass, note };
}

/** Flattens nested rows: every elementary piece takes the class of the most specific row covering it. */
function flatten(family: IpFamily, table: readonly SpecialRow[]): Segment[] {
  const rows = table.map((row) => readRow(family, row));
  const cuts = [...new Set(rows.flatMap((row) => [row.first, row.last + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const first = cuts[i]!;
    const last = cuts[i + 1]! - 1n;
    let best: Row | undefined;
    for (const row of rows) {
      if (row.first <= first && row.last >= last && (!best || row.prefix > best.prefix)) best = row;
    }
    if (!best || best.addressClass === 'global') continue;
    const previous = segments[segments.length - 1];
    if (previous && previous.last + 1n === first && previous.addressClass === best.addressClass && previous.note === best.note) {
      previous.last = last;
    } else {
      segments.push({ first, last, addressClass: best.addressClass, note: best.note });
    }
  }
  return segments;
}

const SEGMENTS: Readonly<Record<IpFamily, readonly Segment[]>> = {
  4: flatten(4, IPV4_SPECIAL),
  6: flatten(6, IPV6_SPECIAL),
};

export interface ClassHit {
  addressClass: Exclude<AddressClass, 'global'>;
  note: string;
  /** The whole interval lies inside this class. */
  whole: boolean;
}

const NO_HITS: readonly ClassHit[] = [];

/** IPv4 segment bounds as plain numbers: IPv4 lookups (most of a list) need no BigInt arithmetic. */
const IPV4_FIRSTS = Float64Array.from(SEGMENTS[4], (segment) => Number(segment.first));
const IPV4_LASTS = Float64Array.from(SEGMENTS[4], (segment) => Number(segment.last));

/**
 * Every class that [first, last] (family-relative) overlaps, once per class, in address order. For IPv4 the
 * caller may pass the bounds as numbers too, when it has them, to skip the BigInt conversion.
 */
export function classifyInterval(family: IpFamily, first: bigint, last: bigint, firstNumber = Number(first), lastNumber = Number(last)): readonly ClassHit[] {
  const segments = SEGMENTS[family];
  let low = 0;
  let high = segments.length;
  if (family === 4) {
    while (low < high) {
      const mid = (low + high) >> 1;
      if (IPV4_LASTS[mid]! < firstNumber) low = mid + 1;
      else high = mid;
    }
    if (low === segments.length || IPV4_FIRSTS[low]! > lastNumber) return NO_HITS;
  } else {
    while (low < high) {
      const mid = (low + high) >> 1;
      if (segments[mid]!.last < first) low = mid + 1;
      else high = mid;
    }
    if (low === segments.length || segments[low]!.first > last) return NO_HITS;
  }
  const hits: ClassHit[] = [];
  for (let i = low; i < segments.length && segments[i]!.first <= last; i++) {
    const segment = segments[i]!;
    const whole = segment.first <= first && segment.last >= last;
    const existing = hits.find((hit) => hit.addressClass === segment.addressClass);
    if (existing) existing.whole ||= whole;
    else hits.push({ addressClass: segment.addressClass, note: segment.note, whole });
  }
  return hits;
}

/** The table rows, for tests and documentation. */
export function specialPurposeTable(family: IpFamily): ReadonlyArray<readonly [string, AddressClass, string]> {
  return family === 4 ? IPV4_SPECIAL : IPV6_SPECIAL;
}

/** Whether a block covers its whole family (0.0.0.0/0 or ::/0). */
export function coversWholeFamily(family: IpFamily, first: bigint, last: bigint): boolean {
  return first === 0n && last === maxOf(family);
}
