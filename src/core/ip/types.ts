/**
 * Public types of the IP allow-list engine. Offsets are UTF-16 code-unit offsets into the text that was
 * analysed (the same unit as `HTMLTextAreaElement.selectionStart`), `end` exclusive.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Every stable finding code, grouped by severity. Other modules and tests depend on these exact names. */
export const IP_FINDING_CODES = [
  // errors
  'empty-list',
  'invalid-syntax',
  'invalid-character',
  'octet-out-of-range',
  'leading-zero',
  'short-form',
  'non-decimal-form',
  'prefix-out-of-range',
  'host-bits-set',
  'wildcard-mask',
  'zone-id',
  'ipv4-compatible',
  'reversed-range',
  'non-contiguous-wildcard',
  'allow-all',
  'unspecified',
  'loopback',
  'link-local',
  'multicast',
  'reserved',
  // errors that come with a fix
  'separator',
  'non-ascii',
  'stray-whitespace',
  'brackets',
  'port-suffix',
  'prefix-leading-zero',
  'netmask-notation',
  'range',
  'wildcard',
  // warnings
  'private',
  'shared-address-space',
  'documentation',
  'nat64',
  'huge-range',
  'duplicate',
  'contained',
  'overlap',
  'outside-policy',
  // info
  'non-canonical',
  'ipv4-mapped',
  'empty-entry',
  'mergeable',
] as const;

export type IpFindingCode = (typeof IP_FINDING_CODES)[number];

/** Severity is a property of the code: the same code never changes severity. */
export const IP_FINDING_SEVERITY: Readonly<Record<IpFindingCode, Severity>> = {
  'empty-list': 'error',
  'invalid-syntax': 'error',
  'invalid-character': 'error',
  'octet-out-of-range': 'error',
  'leading-zero': 'error',
  'short-form': 'error',
  'non-decimal-form': 'error',
  'prefix-out-of-range': 'error',
  'host-bits-set': 'error',
  'wildcard-mask': 'error',
  'zone-id': 'error',
  'ipv4-compatible': 'error',
  'reversed-range': 'error',
  'non-contiguous-wildcard': 'error',
  'allow-all': 'error',
  unspecified: 'error',
  loopback: 'error',
  'link-local': 'error',
  multicast: 'error',
  reserved: 'error',
  separator: 'error',
  'non-ascii': 'error',
  'stray-whitespace': 'error',
  brackets: 'error',
  'port-suffix': 'error',
  'prefix-leading-zero': 'error',
  'netmask-notation': 'error',
  range: 'error',
  wildcard: 'error',
  private: 'warning',
  'shared-address-space': 'warning',
  documentation: 'warning',
  nat64: 'warning',
  'huge-range': 'warning',
  duplicate: 'warning',
  contained: 'warning',
  overlap: 'warning',
  'outside-policy': 'warning',
  'non-canonical': 'info',
  'ipv4-mapped': 'info',
  'empty-entry': 'info',
  mergeable: 'info',
};

/** A replacement for the span of the finding it belongs to. */
export interface IpFix {
  label: string;
  replacement: string;
}

export interface IpFinding {
  code: IpFindingCode;
  severity: Severity;
  /** Offset of the first character concerned in the original text. */
  start: number;
  /** Offset just after the last character concerned (exclusive). */
  end: number;
  message: string;
  /** Replacements for `text.slice(start, end)`, best first. */
  fixes?: IpFix[];
}

export type IpFamily = 4 | 6;

/** What the user wrote: one address, a CIDR block, a range (`a-b`, `a.b.c.10-20`) or a `*` wildcard. */
export type IpEntryKind = 'address' | 'block' | 'range' | 'wildcard';

/**
 * An inclusive interval of addresses in the unified space: IPv4 address `a` is `a`, IPv6 address `a` is
 * `IPV6_OFFSET + a` (2^32 + a). IPv4 and IPv6 never share a value; IPv4-mapped IPv6 is folded to IPv4 first.
 */
export interface IpInterval {
  start: bigint;
  end: bigint;
}

export interface IpEntry {
  /** Position of the entry in the list (0-based). */
  index: number;
  /** Span of the entry in the original text (trimmed; may contain stray spaces or invisible characters). */
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  /** `null` when the entry cannot be read without guessing. */
  kind: IpEntryKind | null;
  family: IpFamily | null;
  /**
   * Canonical form: IPv4 dotted quad, IPv6 per RFC 5952, no `/32` or `/128` on a single host, IPv4-mapped IPv6
   * folded to IPv4. For a range or wildcard, the minimal CIDR blocks joined with ", ". `null` when unreadable.
   */
  canonical: string | null;
  /** The canonical CIDR blocks the entry stands for (one for an address or block). */
  blocks: string[];
  /** Prefix length of an address or block (32/128 for a single host); `null` for ranges and unreadable entries. */
  prefix: number | null;
  interval: IpInterval | null;
}

export interface IpAnalysis {
  entries: IpEntry[];
  /** Sorted by start offset. */
  findings: IpFinding[];
  /**
   * The canonical list joined with ", " after safe normalisations: whitespace (including stray, unusual and
   * invisible spaces), separators (`;`, line breaks, tabs, fullwidth commas → ", "), canonical forms, IPv4-mapped
   * folded, order kept, exact and normalised duplicates and empty entries dropped. `null` while any other error
   * remains. The findings for separators and whitespace are still reported, so the admin sees what changed.
   */
  normalized: string | null;
}

export interface IpAnalysisOptions {
  /** When given, entries not entirely inside these ranges get `outside-policy`. Unreadable ranges are ignored. */
  allowedRanges?: readonly string[];
  /** IPv4 blocks with a prefix this short or shorter are `huge-range` (default 16). */
  hugeRangeIpv4Prefix?: number;
  /** IPv6 blocks with a prefix shorter than this are `huge-range` (default 48). */
  hugeRangeIpv6Prefix?: number;
}
