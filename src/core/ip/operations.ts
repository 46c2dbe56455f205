/**
 * List operations for bulk editing. Each returns the new list (canonical entries joined with ", ") and the
 * findings of that new list, plus what it did not do and why. Entries that cannot be read without guessing
 * (`010.1.1.1`, `10.0.0.5/24`) are never reinterpreted: they are kept exactly as written.
 */
import { unifiedInterval } from './address';
import { type DetailedAnalysis, analyzeDetailed, analyzeIpList } from './analyze';
import { aggregateIntervals, blockInterval, formatCidr, unionCovers, unionIntervals, unionOverlaps } from './intervals';
import { IP_MESSAGES } from './messages';
import { type ParsedValue, valueBlocks } from './parser';
import { finding } from './findings';
import type { IpAnalysisOptions, IpEntry, IpEntryKind, IpFamily, IpFinding, IpInterval } from './types';

export type IpSkipReason = 'invalid' | 'duplicate' | 'covered' | 'not-found' | 'partly-covered';

/** An input of an operation that was not applied (or an entry that was kept as written), and why. */
export interface IpSkippedInput {
  input: string;
  reason: IpSkipReason;
  message: string;
}

export interface IpListEditResult {
  /** The new list: canonical entries joined with ", "; unreadable entries kept as written. */
  list: string;
  /** analyzeIpList(list).findings: offsets refer to `list`. */
  findings: IpFinding[];
  /** Whether the operation changed the list (beyond canonicalising it). */
  changed: boolean;
  skipped: IpSkippedInput[];
}

export interface IpRangeConversion {
  ok: boolean;
  /** The minimal CIDR blocks joined with ", " ('' when the range is not valid). */
  list: string;
  blocks: string[];
  /**
   * When ok: analyzeIpList(list).findings. Otherwise the problems with the range, with offsets into the text
   * `${start}-${end}` (so offsets below start.length point into `start`).
   */
  findings: IpFinding[];
}

export interface IpOperationOptions {
  /** Passed to analyzeIpList for the findings of the new list. */
  analysis?: IpAnalysisOptions;
}

interface ListItem {
  /** Canonical block, or the entry exactly as written when it cannot be read. */
  text: string;
  interval: IpInterval | null;
}

/** Each entry with what the parser read, for iterating a detailed analysis. */
function readEntries(analysis: DetailedAnalysis): Array<{ entry: IpEntry; value: ParsedValue | null }> {
  return analysis.entries.map((entry, index) => ({ entry, value: analysis.values[index] ?? null }));
}

function intervalKey(interval: IpInterval): string {
  return `${interval.start}-${interval.end}`;
}

/** The list as canonical blocks (ranges and wildcards become their blocks), duplicates dropped. */
function readItems(analysis: DetailedAnalysis): ListItem[] {
  const items: ListItem[] = [];
  const seen = new Set<string>();
  for (const { entry, value } of readEntries(analysis)) {
    if (!value) {
      if (!seen.has(`text:${entry.text}`)) items.push({ text: entry.text, interval: null });
      seen.add(`text:${entry.text}`);
      continue;
    }
    for (const block of valueBlocks(value)) {
      const interval = blockInterval(block);
      const key = intervalKey(interval);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ text: formatCidr(block), interval });
    }
  }
  return items;
}

function joinItems(items: readonly ListItem[]): string {
  return items.map((item) => item.text).join(', ');
}

function result(before: readonly ListItem[], after: readonly ListItem[], skipped: IpSkippedInput[], options: IpOperationOptions | undefined): IpListEditResult {
  const list = joinItems(after);
  return { list, findings: analyzeIpList(list, options?.analysis).findings, changed: list !== joinItems(before), skipped };
}

function asListText(input: string | readonly string[]): string {
  return typeof input === 'string' ? input : input.join(', ');
}

function describeItem(item: ListItem): string {
  return item.text;
}

/** Adds entries at the end. Additions already present (or, by default, already covered) are skipped. */
export function addEntries(
  list: string,
  additions: string | readonly string[],
  options: IpOperationOptions & { skipCovered?: boolean } = {},
): IpListEditResult {
  const before = readItems(analyzeDetailed(list));
  const after = [...before];
  const keys = new Set(before.flatMap((item) => (item.interval ? [intervalKey(item.interval)] : [])));
  const union = unionIntervals(before.flatMap((item) => (item.interval ? [item.interval] : [])));
  const skipped: IpSkippedInput[] = [];
  for (const { entry, value } of readEntries(analyzeDetailed(asListText(additions)))) {
    if (!value) {
      skipped.push({ input: entry.text, reason: 'invalid', message: IP_MESSAGES.skipInvalid(entry.text) });
      continue;
    }
    for (const block of valueBlocks(value)) {
      const text = formatCidr(block);
      const interval = blockInterval(block);
      const key = intervalKey(interval);
      if (keys.has(key)) {
        skipped.push({ input: text, reason: 'duplicate', message: IP_MESSAGES.skipDuplicate(text) });
        continue;
      }
      if ((options.skipCovered ?? true) && unionCovers(union, interval)) {
        const by = before.filter((item) => item.interval && item.interval.start <= interval.start && item.interval.end >= interval.end).map(describeItem);
        skipped.push({ input: text, reason: 'covered', message: IP_MESSAGES.skipCovered(text, by.join(', ')) });
        continue;
      }
      keys.add(key);
      after.push({ text, interval });
    }
  }
  return result(before, after, skipped, options);
}

/**
 * Removes entries. `exact`: entries equal to a removal after normalisation (10.0.0.1/32 removes 10.0.0.1).
 * `covered`: every entry lying inside a removal (removing 10.0.0.0/8 removes 10.1.2.3 and 10.2.0.0/16).
 * Entries that only partly overlap a removal stay, and are reported as `partly-covered`.
 */
export function removeEntries(list: string, removals: string | readonly string[], options: IpOperationOptions & { mode: 'exact' | 'covered' }): IpListEditResult {
  const before = readItems(analyzeDetailed(list));
  const removed = new Array<boolean>(before.length).fill(false);
  const byKey = new Map<string, number>();
  before.forEach((item, index) => {
    if (item.interval) byKey.set(intervalKey(item.interval), index);
  });
  // Items sorted by start, for the range scan of `covered`.
  const order = before.flatMap((item, index) => (item.interval ? [index] : [])).sort((a, b) => compareStart(before[a]!, before[b]!));
  const skipped: IpSkippedInput[] = [];

  for (const { entry, value } of readEntries(analyzeDetailed(asListText(removals)))) {
    if (!value) {
      const verbatim = before.findIndex((item) => item.interval === null && item.text === entry.text);
      if (verbatim >= 0) removed[verbatim] = true;
      else skipped.push({ input: entry.text, reason: 'invalid', message: IP_MESSAGES.skipInvalid(entry.text) });
      continue;
    }
    const target = unifiedInterval(value.family, value.first, value.last);
    const label = value.kind === 'range' || value.kind === 'wildcard' ? entry.text : value.canonical;
    let matched = false;
    if (options.mode === 'exact') {
      const keys = [target, ...valueBlocks(value).map(blockInterval)].map(intervalKey);
      for (const key of keys) {
        const index = byKey.get(key);
        if (index !== undefined) {
          removed[index] = true;
          matched = true;
        }
      }
    } else {
      let low = lowerBound(order, (index) => before[index]!.interval!.start >= target.start);
      for (; low < order.length; low++) {
        const index = order[low]!;
        const interval = before[index]!.interval!;
        if (interval.start > target.end) break;
        if (interval.end <= target.end) {
          removed[index] = true;
          matched = true;
        }
      }
    }
    const partly = before.filter((item, index) => !removed[index] && item.interval && item.interval.start <= target.end && item.interval.end >= target.start);
    for (const item of partly) skipped.push({ input: label, reason: 'partly-covered', message: IP_MESSAGES.skipPartlyCovered(label, item.text) });
    if (!matched && partly.length === 0) skipped.push({ input: label, reason: 'not-found', message: IP_MESSAGES.skipNotFound(label) });
  }
  return result(
    before,
    before.filter((_, index) => !removed[index]),
    skipped,
    options,
  );
}

function compareStart(a: ListItem, b: ListItem): number {
  const x = a.interval!.start;
  const y = b.interval!.start;
  return x < y ? -1 : x > y ? 1 : 0;
}

function lowerBound(order: readonly number[], isAtOrAfter: (index: number) => boolean): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (isAtOrAfter(order[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Replaces the entry equal to `from` (after normalisation, or exactly as written for an unreadable entry) with
 * the entries of `to`, in place. Nothing changes when `from` is not found or `to` is not valid.
 */
export function replaceEntry(list: string, from: string, to: string | readonly string[], options: IpOperationOptions = {}): IpListEditResult {
  const before = readItems(analyzeDetailed(list));
  const skipped: IpSkippedInput[] = [];
  const fromAnalysis = readEntries(analyzeDetailed(from));
  const fromItem = fromAnalysis.length === 1 ? fromAnalysis[0]! : null;
  const replacements: ListItem[] = [];
  for (const { entry, value } of readEntries(analyzeDetailed(asListText(to)))) {
    if (!value) {
      skipped.push({ input: entry.text, reason: 'invalid', message: IP_MESSAGES.skipInvalid(entry.text) });
      continue;
    }
    for (const block of valueBlocks(value)) replacements.push({ text: formatCidr(block), interval: blockInterval(block) });
  }
  if (!fromItem) {
    skipped.push({ input: from, reason: 'invalid', message: IP_MESSAGES.skipInvalid(from) });
    return result(before, before, skipped, options);
  }
  if (replacements.length === 0 || skipped.length > 0) {
    if (replacements.length === 0 && skipped.length === 0) skipped.push({ input: asListText(to), reason: 'invalid', message: IP_MESSAGES.skipInvalid(asListText(to)) });
    return result(before, before, skipped, options);
  }
  const value = fromItem.value;
  const matchKeys = new Set(value ? [unifiedInterval(value.family, value.first, value.last), ...valueBlocks(value).map(blockInterval)].map(intervalKey) : []);
  const matches = (item: ListItem): boolean => (item.interval ? matchKeys.has(intervalKey(item.interval)) : item.text === fromItem.entry.text);
  const label = value && value.kind !== 'range' && value.kind !== 'wildcard' ? value.canonical : fromItem.entry.text;
  if (!before.some(matches)) {
    skipped.push({ input: label, reason: 'not-found', message: IP_MESSAGES.skipNotFound(label) });
    return result(before, before, skipped, options);
  }
  const kept = before.filter((item) => !matches(item));
  const keptKeys = new Set(kept.flatMap((item) => (item.interval ? [intervalKey(item.interval)] : [])));
  const after: ListItem[] = [];
  let inserted = false;
  for (const item of before) {
    if (!matches(item)) {
      after.push(item);
      continue;
    }
    if (inserted) continue;
    inserted = true;
    for (const replacement of replacements) {
      const key = intervalKey(replacement.interval!);
      if (keptKeys.has(key)) {
        skipped.push({ input: replacement.text, reason: 'duplicate', message: IP_MESSAGES.skipDuplicate(replacement.text) });
        continue;
      }
      keptKeys.add(key);
      after.push(replacement);
    }
  }
  return result(before, after, skipped, options);
}

/**
 * The minimal CIDR blocks covering exactly the addresses of the list, IPv4 first, each family in address
 * order. Unreadable entries are kept as written at the end (and reported in `skipped`).
 */
export function aggregateList(list: string, options: IpOperationOptions = {}): IpListEditResult {
  const before = readItems(analyzeDetailed(list));
  const intervals = before.flatMap((item) => (item.interval ? [item.interval] : []));
  const after: ListItem[] = aggregateIntervals(intervals).map((block) => ({ text: formatCidr(block), interval: blockInterval(block) }));
  const skipped: IpSkippedInput[] = [];
  for (const item of before) {
    if (item.interval) continue;
    after.push(item);
    skipped.push({ input: item.text, reason: 'invalid', message: IP_MESSAGES.skipKeptAsWritten(item.text) });
  }
  return result(before, after, skipped, options);
}

/** The minimal CIDR blocks covering exactly start..end (inclusive). `end` may be the last number only (`20`). */
export function rangeToCidrs(start: string, end: string, options: IpOperationOptions = {}): IpRangeConversion {
  const text = `${start}-${end}`;
  const analysis = analyzeDetailed(text);
  const read = readEntries(analysis);
  const only = read.length === 1 ? read[0]! : null;
  const value = only?.value;
  if (value && value.kind === 'range') {
    const blocks = valueBlocks(value).map(formatCidr);
    const list = blocks.join(', ');
    return { ok: true, list, blocks, findings: analyzeIpList(list, options.analysis).findings };
  }
  const problems = analysis.findings.filter((f) => f.severity === 'error' && f.code !== 'range');
  if (problems.length === 0) problems.push(finding('invalid-syntax', 0, text.length, IP_MESSAGES.rangePlainAddresses()));
  return { ok: false, list: '', blocks: [], findings: problems };
}

export type ListMatchMode = 'contains' | 'covers' | 'overlaps';

/**
 * For selecting keys in bulk edits. `contains`: the list has an entry equal to `query` after normalisation
 * (so it can be removed or replaced exactly). `covers`: every address of `query` is allowed by the list (by one
 * entry or several together). `overlaps`: the list allows at least one address of `query`.
 * An unreadable query matches nothing.
 */
export function listContains(list: string, query: string, mode: ListMatchMode): boolean {
  const queryAnalysis = readEntries(analyzeDetailed(query));
  const value = queryAnalysis.length === 1 ? queryAnalysis[0]!.value : null;
  if (!value) return false;
  const target = unifiedInterval(value.family, value.first, value.last);
  const intervals = analyzeIpList(list).entries.flatMap((entry) => (entry.interval ? [entry.interval] : []));
  if (mode === 'contains') return intervals.some((interval) => interval.start === target.start && interval.end === target.end);
  const union = unionIntervals(intervals);
  return mode === 'covers' ? unionCovers(union, target) : unionOverlaps(union, target);
}

export type IpEntryParseResult =
  | {
      ok: true;
      canonical: string;
      blocks: string[];
      kind: IpEntryKind;
      family: IpFamily;
      prefix: number | null;
      interval: IpInterval;
      /** Everything noticed about the entry, including fixable errors (a wildcard still has a canonical form). */
      findings: IpFinding[];
    }
  | { ok: false; code: IpFinding['code']; message: string; findings: IpFinding[] };

/** One entry → its canonical form and interval, or the reason it cannot be read. Offsets refer to `text`. */
export function parseIpEntry(text: string): IpEntryParseResult {
  const analysis = analyzeIpList(text);
  if (analysis.entries.length !== 1) {
    const first = analysis.findings.find((f) => f.code === 'empty-list');
    if (first) return { ok: false, code: first.code, message: first.message, findings: analysis.findings };
    const message = IP_MESSAGES.oneEntryExpected();
    return { ok: false, code: 'invalid-syntax', message, findings: [...analysis.findings, finding('invalid-syntax', 0, text.length, message)] };
  }
  const entry = analysis.entries[0]!;
  if (!entry.interval || !entry.kind || !entry.family || entry.canonical === null) {
    const error = analysis.findings.find((f) => f.severity === 'error') ?? finding('invalid-syntax', 0, text.length, IP_MESSAGES.notAnAddress());
    return { ok: false, code: error.code, message: error.message, findings: analysis.findings };
  }
  return {
    ok: true,
    canonical: entry.canonical,
    blocks: entry.blocks,
    kind: entry.kind,
    family: entry.family,
    prefix: entry.prefix,
    interval: entry.interval,
    findings: analysis.findings,
  };
}
