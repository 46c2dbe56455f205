/**
 * analyzeIpList: tokenise → parse each entry → classify → list-wide checks on sorted intervals.
 */
import { blockSize, formatAddressCount, formatIpv4, unifiedInterval } from './address';
import { formatCidr, unionCovers, unionIntervals } from './intervals';
import { checkList } from './list-checks';
import { IP_CLASS_ADVICE, IP_CLASS_NAMES, IP_MESSAGES } from './messages';
import { type LocalFinding, type ParsedValue, parseEntry, parseEntryInto } from './parser';
import { classifyInterval, coversWholeFamily } from './special';
import { finding } from './findings';
import { type RawEntry, originalSpan, tokenizeList } from './tokenizer';
import { IP_FINDING_SEVERITY, type IpAnalysis, type IpAnalysisOptions, type IpEntry, type IpFinding, type IpFix, type IpInterval } from './types';

export interface DetailedAnalysis extends IpAnalysis {
  /** What the parser read for each entry (parallel to `entries`); `null` when the entry is unreadable. */
  values: Array<ParsedValue | null>;
}

export function analyzeIpList(text: string, options: IpAnalysisOptions = {}): IpAnalysis {
  const { entries, findings, normalized } = analyzeDetailed(text, options);
  return { entries, findings, normalized };
}

export function analyzeDetailed(text: string, options: IpAnalysisOptions = {}): DetailedAnalysis {
  const tokens = tokenizeList(text);
  const findings: IpFinding[] = tokens.findings;
  const raws = tokens.entries;
  const count = raws.length;
  const entries = new Array<IpEntry>(count);
  const values = new Array<ParsedValue | null>(count);
  /** 1 when the entry reached the parser exactly as written and the parser had nothing to say about it. */
  const cleanAsWritten = new Uint8Array(count);
  const local: LocalFinding[] = [];
  for (let index = 0; index < count; index++) {
    const raw = raws[index]!;
    const value = parseEntryInto(raw.clean, local);
    let parseError = false;
    if (local.length > 0) {
      for (const found of local) {
        findings.push(toOriginal(raw, found));
        if (found.code !== 'ipv4-mapped') parseError = true;
      }
      local.length = 0;
    }
    if (!parseError && raw.originStart === null) cleanAsWritten[index] = 1;
    values[index] = value;
    entries[index] = publicEntry(text, raw, index, value);
  }

  if (count === 0) findings.push(finding('empty-list', 0, text.length, IP_MESSAGES.emptyList()));

  const context: EntryCheckContext = {
    allowed: options.allowedRanges ? allowedUnion(options.allowedRanges) : null,
    allowedText: options.allowedRanges ?? [],
    hugeIpv4Prefix: prefixOption(options.hugeRangeIpv4Prefix, 16, 32),
    hugeIpv6Prefix: prefixOption(options.hugeRangeIpv6Prefix, 48, 128),
  };
  // Unified bounds as numbers: exact for IPv4 (the bulk of any list), order-preserving for IPv6. They let the
  // classification and the sweep compare numbers instead of BigInts.
  const startKeys = new Float64Array(count);
  const endKeys = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const value = values[index];
    if (!value) {
      startKeys[index] = endKeys[index] = Number.NaN;
      continue;
    }
    const offset = value.family === 4 ? 0 : IPV6_KEY_OFFSET;
    startKeys[index] = offset + (value.firstNumber ?? Number(value.first));
    endKeys[index] = offset + (value.lastNumber ?? Number(value.last));
    checkEntryValue(entries[index]!, value, cleanAsWritten[index] === 1, startKeys[index]!, endKeys[index]!, findings, context);
  }
  const duplicates = checkList(text, entries, values, startKeys, endKeys, findings);

  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  // Errors the safe normalisations resolve (separators, whitespace) are shown but do not block `normalized`.
  const hasError = findings.some((f) => f.severity === 'error' && !tokens.normalisable.has(f));
  return { entries, findings, normalized: hasError ? null : normalise(entries, duplicates), values };
}

/** Where IPv6 keys start: above every IPv4 key, like IPV6_OFFSET in the unified BigInt space. */
const IPV6_KEY_OFFSET = 2 ** 32;

/** A usable prefix option: an integer within the family's range, or the default. */
function prefixOption(value: number | undefined, fallback: number, bits: number): number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= bits ? value : fallback;
}

function toOriginal(raw: RawEntry, local: { code: IpFinding['code']; start: number; end: number; message: string; fixes?: IpFix[] }): IpFinding {
  const span = originalSpan(raw, local.start, local.end);
  return finding(local.code, span.start, span.end, local.message, local.fixes);
}

function publicEntry(text: string, raw: RawEntry, index: number, value: ParsedValue | null): IpEntry {
  return {
    index,
    start: raw.start,
    end: raw.end,
    text: raw.originStart === null ? raw.clean : text.slice(raw.start, raw.end),
    kind: value?.kind ?? null,
    family: value?.family ?? null,
    canonical: value?.canonical ?? null,
    blocks: !value ? [] : value.rangeBlocks ? value.rangeBlocks.map(formatCidr) : [value.canonical],
    prefix: value?.prefix ?? null,
    interval: value ? unifiedInterval(value.family, value.first, value.last) : null,
  };
}

interface EntryCheckContext {
  allowed: IpInterval[] | null;
  allowedText: readonly string[];
  hugeIpv4Prefix: number;
  hugeIpv6Prefix: number;
}

/** Findings that depend on one entry's addresses: allow-all, special-purpose classes, size, policy, form. */
function checkEntryValue(
  entry: IpEntry,
  value: ParsedValue,
  cleanAsWritten: boolean,
  startKey: number,
  endKey: number,
  findings: IpFinding[],
  context: EntryCheckContext,
): void {
  const subject = value.kind === 'range' || value.kind === 'wildcard' ? entry.text : value.canonical;
  const familyName = value.family === 4 ? 'IPv4' : 'IPv6';
  if (value.prefix === 0 || (value.prefix === null && coversWholeFamily(value.family, value.first, value.last))) {
    findings.push(finding('allow-all', entry.start, entry.end, IP_MESSAGES.allowAllEntry(subject, familyName)));
    return; // every class and size warning would only repeat this
  }

  let classError = false;
  for (const hit of classifyInterval(value.family, value.first, value.last, startKey, endKey)) {
    if (hit.addressClass === 'ipv4-mapped') {
      // Folded entries never get here; this is an IPv6 block wider than ::ffff:0:0/96.
      findings.push(finding('ipv4-mapped', entry.start, entry.end, IP_MESSAGES.ipv4MappedIncludes(subject)));
      continue;
    }
    if (IP_FINDING_SEVERITY[hit.addressClass] === 'error') classError = true;
    const scope = !hit.whole ? 'partial' : value.kind === 'address' ? 'address' : 'block';
    if (hit.addressClass === 'ipv4-compatible' && hit.whole && value.prefix !== null && value.prefix >= 96) {
      const ipv4 = formatIpv4(value.first & 0xffff_ffffn) + (value.prefix === 128 ? '' : `/${value.prefix - 96}`);
      findings.push(
        finding('ipv4-compatible', entry.start, entry.end, IP_MESSAGES.ipv4Compatible(entry.text, ipv4), [{ label: IP_MESSAGES.ipv4CompatibleFixLabel(ipv4), replacement: ipv4 }]),
      );
      continue;
    }
    const message = IP_MESSAGES.addressClass(subject, scope, IP_CLASS_NAMES[hit.addressClass], hit.note, IP_CLASS_ADVICE[hit.addressClass]);
    findings.push(finding(hit.addressClass, entry.start, entry.end, message));
  }

  // IPv4: a /16 or shorter is huge; IPv6: only shorter than /48 (a /48 is one site), as the issue specifies.
  // Ranges have no prefix: compare their size with the size of such a block.
  const huge =
    value.prefix !== null
      ? value.family === 4
        ? value.prefix <= context.hugeIpv4Prefix
        : value.prefix < context.hugeIpv6Prefix
      : value.family === 4
        ? value.last - value.first + 1n >= blockSize(4, context.hugeIpv4Prefix)
        : value.last - value.first + 1n > blockSize(6, context.hugeIpv6Prefix);
  if (huge) findings.push(finding('huge-range', entry.start, entry.end, IP_MESSAGES.hugeRange(subject, formatAddressCount(value.last - value.first + 1n))));

  if (context.allowed && entry.interval && !unionCovers(context.allowed, entry.interval)) {
    findings.push(finding('outside-policy', entry.start, entry.end, IP_MESSAGES.outsidePolicy(subject, context.allowedText.join(', '))));
  }

  // A class error (loopback, ipv4-compatible…) says what to do instead; "write it canonically" would mislead.
  if (entry.text !== value.canonical && cleanAsWritten && !classError && !value.folded) {
    findings.push(
      finding('non-canonical', entry.start, entry.end, IP_MESSAGES.nonCanonical(value.canonical), [{ label: IP_MESSAGES.useCanonicalLabel(value.canonical), replacement: value.canonical }]),
    );
  }
}

function allowedUnion(ranges: readonly string[]): IpInterval[] {
  const intervals: IpInterval[] = [];
  for (const range of ranges) {
    for (const raw of tokenizeList(range).entries) {
      const value = parseEntry(raw.clean).value;
      if (value) intervals.push(unifiedInterval(value.family, value.first, value.last));
    }
  }
  return unionIntervals(intervals);
}

/** Canonical entries in list order, each address set once. Only called when no error remains. */
function normalise(entries: readonly IpEntry[], duplicates: Uint8Array): string {
  const parts: string[] = [];
  for (const entry of entries) {
    if (entry.canonical !== null && duplicates[entry.index] !== 1) parts.push(entry.canonical);
  }
  return parts.join(', ');
}
