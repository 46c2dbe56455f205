/**
 * Bulk operations on a key's "Permitted IP addresses": their inputs, the validation of those inputs, and what
 * one operation does to one list. Planning (per key, with blocking rules) lives in bulk-plan.ts.
 */
import {
  addEntries,
  aggregateList,
  analyzeIpList,
  parseIpEntry,
  removeEntries,
  replaceEntry,
  type IpAnalysis,
  type IpAnalysisOptions,
  type IpFinding,
  type IpFindingCode,
  type IpFix,
  type IpInterval,
} from '../ip';
import { BULK_MESSAGES } from './bulk-messages';
import { intervalContains, intervalsOverlap, sameInterval, type BulkNote } from './bulk-ip';

export type BulkOperation =
  | { kind: 'add'; entries: string }
  | { kind: 'remove'; entries: string; mode: 'exact' | 'covered' }
  | { kind: 'replace'; from: string; to: string }
  | { kind: 'set'; list: string }
  | { kind: 'normalise'; aggregate: boolean };

export type OperationField = 'entries' | 'from' | 'to' | 'list';

/** A problem with the operation's own inputs. Offsets and fixes refer to the text of `field`, as in the engine. */
export interface OperationProblem {
  field: OperationField;
  code: IpFindingCode | 'replace-same';
  message: string;
  start?: number;
  end?: number;
  fixes?: IpFix[];
}

/**
 * Errors that say "this address must not be allowed". Allowing them is refused, but naming them in order to
 * remove or replace them is harmless (and is how an admin cleans such an entry out of a list).
 */
const POLICY_ERROR_CODES: ReadonlySet<IpFindingCode> = new Set<IpFindingCode>([
  'allow-all',
  'unspecified',
  'loopback',
  'link-local',
  'multicast',
  'reserved',
]);

function problemsOf(field: OperationField, analysis: IpAnalysis, tolerate: ReadonlySet<IpFindingCode>, whenEmpty: string): OperationProblem[] {
  const problems: OperationProblem[] = [];
  for (const finding of analysis.findings) {
    if (finding.severity !== 'error' || tolerate.has(finding.code)) continue;
    if (finding.code === 'empty-list') {
      problems.push({ field, code: finding.code, message: whenEmpty });
      continue;
    }
    problems.push(problemFromFinding(field, finding));
  }
  return problems;
}

function problemFromFinding(field: OperationField, finding: IpFinding): OperationProblem {
  const problem: OperationProblem = { field, code: finding.code, message: finding.message, start: finding.start, end: finding.end };
  if (finding.fixes && finding.fixes.length > 0) problem.fixes = finding.fixes;
  return problem;
}

const NOTHING_TOLERATED: ReadonlySet<IpFindingCode> = new Set();

/** Problems with the operation's own inputs; an empty array when it can be planned. */
export function validateOperation(op: BulkOperation): OperationProblem[] {
  switch (op.kind) {
    case 'add':
      return problemsOf('entries', analyzeIpList(op.entries), NOTHING_TOLERATED, BULK_MESSAGES.addNothing());
    case 'remove':
      return problemsOf('entries', analyzeIpList(op.entries), POLICY_ERROR_CODES, BULK_MESSAGES.removeNothing());
    case 'set':
      return problemsOf('list', analyzeIpList(op.list), NOTHING_TOLERATED, BULK_MESSAGES.setNothing());
    case 'normalise':
      return [];
    case 'replace':
      return validateReplace(op.from, op.to);
  }
}

function validateReplace(from: string, to: string): OperationProblem[] {
  const problems: OperationProblem[] = [];
  const fromAnalysis = analyzeIpList(from);
  const toAnalysis = analyzeIpList(to);
  problems.push(...problemsOf('from', fromAnalysis, POLICY_ERROR_CODES, BULK_MESSAGES.replaceFromMissing()));
  if (fromAnalysis.entries.length > 1) {
    problems.push({ field: 'from', code: 'invalid-syntax', message: BULK_MESSAGES.replaceOneEntry('from') });
  }
  problems.push(...problemsOf('to', toAnalysis, NOTHING_TOLERATED, BULK_MESSAGES.replaceToMissing()));
  if (problems.length === 0 && toAnalysis.normalized !== null && fromAnalysis.normalized === toAnalysis.normalized) {
    problems.push({ field: 'to', code: 'replace-same', message: BULK_MESSAGES.replaceSame(fromAnalysis.normalized) });
  }
  return problems;
}

/** A one-line description for headings and the activity log. Contains no secrets: operations hold none. */
export function describeOperation(op: BulkOperation): string {
  const shown = (text: string): string => analyzeIpList(text).normalized ?? text.trim();
  switch (op.kind) {
    case 'add':
      return BULK_MESSAGES.describeAdd(shown(op.entries));
    case 'remove':
      return op.mode === 'exact' ? BULK_MESSAGES.describeRemoveExact(shown(op.entries)) : BULK_MESSAGES.describeRemoveCovered(shown(op.entries));
    case 'replace':
      return BULK_MESSAGES.describeReplace(shown(op.from), shown(op.to));
    case 'set':
      return BULK_MESSAGES.describeSet(shown(op.list));
    case 'normalise':
      return BULK_MESSAGES.describeNormalise(op.aggregate);
  }
}

export interface ListOperationResult {
  /** The new list: canonical entries joined with ", " ('' when empty). */
  after: string;
  /** Notes about what the operation could not do for this list (warnings for the plan). */
  notes: BulkNote[];
  /**
   * True when the list was left as it is although the admin would expect a change here: a replace whose `from`
   * sits inside (or only partly matches) larger entries.
   */
  needsAttention: boolean;
}

/**
 * Applies the operation to one list. `before` must be readable (bulk-plan decides what to do with lists that
 * have errors); blank means an empty list, which `add` and `set` can fill.
 */
export function applyOperationToList(before: string, op: BulkOperation, analysisOptions?: IpAnalysisOptions): ListOperationResult {
  const options = analysisOptions ? { analysis: analysisOptions } : {};
  switch (op.kind) {
    case 'add': {
      const edit = addEntries(before, op.entries, options);
      return { after: edit.list, notes: skippedNotes(edit.skipped, ['covered']), needsAttention: false };
    }
    case 'remove': {
      const edit = removeEntries(before, op.entries, { ...options, mode: op.mode });
      return { after: edit.list, notes: skippedNotes(edit.skipped, ['partly-covered']), needsAttention: false };
    }
    case 'set':
      // The admin's list as written, canonicalised: not re-built entry by entry, so nothing they typed is dropped.
      return { after: analyzeIpList(op.list).normalized ?? op.list.trim(), notes: [], needsAttention: false };
    case 'normalise': {
      const edit = op.aggregate ? aggregateList(before, options) : addEntries(before, [], options);
      return { after: edit.list, notes: [], needsAttention: false };
    }
    case 'replace':
      return replaceInList(before, op.from, op.to, options);
  }
}

function skippedNotes(skipped: ReadonlyArray<{ input: string; reason: string; message: string }>, reasons: readonly string[]): BulkNote[] {
  return skipped
    .filter((item) => reasons.includes(item.reason))
    .map((item) => ({ code: 'operation-skipped' as const, message: item.message, entry: item.input }));
}

interface ReadEntry {
  label: string;
  interval: IpInterval;
}

function readableEntries(text: string): ReadEntry[] {
  return analyzeIpList(text).entries.flatMap((entry) =>
    entry.interval && entry.canonical !== null ? [{ label: entry.canonical, interval: entry.interval }] : [],
  );
}

/**
 * Replace, plus what a plain replace would hide: `from` sitting inside a larger block (the block still lets it in,
 * and replacing the block would let in far more than intended), or still allowed after the replacement.
 */
function replaceInList(before: string, from: string, to: string, options: { analysis?: IpAnalysisOptions }): ListOperationResult {
  const edit = replaceEntry(before, from, to, options);
  const parsedFrom = parseIpEntry(from);
  if (!parsedFrom.ok) return { after: edit.list, notes: [], needsAttention: false };
  const fromInterval = parsedFrom.interval;
  const fromLabel = parsedFrom.canonical;
  const beforeEntries = readableEntries(before);
  const foundExactly = beforeEntries.some((entry) => sameInterval(entry.interval, fromInterval));

  if (!foundExactly) {
    const containing = beforeEntries.filter((entry) => intervalContains(entry.interval, fromInterval));
    if (containing.length > 0) {
      const notes = containing.map((entry) => ({
        code: 'replace-inside-block' as const,
        message: BULK_MESSAGES.replaceInsideBlock(fromLabel, entry.label),
        entry: entry.label,
      }));
      return { after: edit.list, notes, needsAttention: true };
    }
    const overlapping = beforeEntries.filter((entry) => intervalsOverlap(entry.interval, fromInterval)).map((entry) => entry.label);
    if (overlapping.length > 0) {
      return { after: edit.list, notes: [{ code: 'replace-overlaps', message: BULK_MESSAGES.replaceOverlaps(fromLabel, overlapping) }], needsAttention: true };
    }
    return { after: edit.list, notes: [], needsAttention: false };
  }

  const replacements = readableEntries(to);
  const isReplacement = (entry: ReadEntry): boolean => replacements.some((replacement) => sameInterval(replacement.interval, entry.interval));
  const remaining = readableEntries(edit.list).filter((entry) => !isReplacement(entry) && intervalsOverlap(entry.interval, fromInterval));
  const stillAllowing = remaining.filter((entry) => intervalContains(entry.interval, fromInterval)).map((entry) => entry.label);
  const partly = remaining.filter((entry) => !intervalContains(entry.interval, fromInterval)).map((entry) => entry.label);
  const notes: BulkNote[] = [];
  if (stillAllowing.length > 0) notes.push({ code: 'replace-still-allowed', message: BULK_MESSAGES.replaceStillAllowed(fromLabel, stillAllowing) });
  if (partly.length > 0) notes.push({ code: 'replace-overlaps', message: BULK_MESSAGES.replaceOverlaps(fromLabel, partly) });
  return { after: edit.list, notes, needsAttention: false };
}
