/** Types and helpers shared by the parts of the entry grammar. Offsets are into the clean entry string. */
import { bitsOf } from './address';
import type { CidrBlock } from './intervals';
import type { IpEntryKind, IpFamily, IpFindingCode, IpFix } from './types';

/** A finding with offsets into the clean entry string. */
export interface LocalFinding {
  code: IpFindingCode;
  start: number;
  end: number;
  message: string;
  fixes?: IpFix[];
}

export interface ParsedValue {
  kind: IpEntryKind;
  family: IpFamily;
  /** First and last address, family-relative. */
  first: bigint;
  last: bigint;
  /** Prefix length of an address or block; `null` for a range. */
  prefix: number | null;
  /** The CIDR blocks of a range; `null` for an address, block or wildcard (one block: first/prefix). */
  rangeBlocks: CidrBlock[] | null;
  canonical: string;
  /** The entry was IPv4-mapped IPv6 and has been folded to IPv4. */
  folded: boolean;
  /** `first` and `last` as numbers, when the fast IPv4 path already had them (saves two BigInt conversions). */
  firstNumber?: number;
  lastNumber?: number;
}

/** The CIDR blocks a parsed entry stands for. */
export function valueBlocks(value: ParsedValue): CidrBlock[] {
  return value.rangeBlocks ?? [{ family: value.family, value: value.first, prefix: value.prefix ?? bitsOf(value.family) }];
}

export interface EntryParse {
  findings: readonly LocalFinding[];
  /** `null` when the entry cannot be read without guessing. */
  value: ParsedValue | null;
}

export interface ParsedAddress {
  family: IpFamily;
  value: bigint;
}

export type Out = LocalFinding[];

export const NO_FINDINGS: readonly LocalFinding[] = Object.freeze([]);

export const DIGITS = /^[0-9]+$/;
export const HEX_PART = /^0[xX][0-9a-fA-F]+$/;
export const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function add(out: Out, code: IpFindingCode, start: number, end: number, message: string, fixes?: IpFix[]): void {
  const local: LocalFinding = { code, start, end, message };
  if (fixes && fixes.length > 0) local.fixes = fixes;
  out.push(local);
}
