/**
 * What bulk editing needs from the IP engine, in one place: canonical comparison of stored lists, the entries a
 * diff shows, and findings turned into notes. Everything else in bulk-* goes through here or `../ip` directly.
 */
import { addEntries, analyzeIpList, type IpAnalysis, type IpEntry, type IpFinding, type IpFindingCode, type IpInterval } from '../ip';
import { diffEntries, type DiffLine } from './bulk-diff';

/** A short reason or warning attached to a planned key, journal item or undo decision. */
export type BulkNoteCode =
  | 'invalid-operation'
  | 'before-errors'
  | 'before-blank'
  | 'result-empty'
  | 'replace-inside-block'
  | 'replace-still-allowed'
  | 'replace-overlaps'
  | 'operation-skipped';

export interface BulkNote {
  /** A bulk-edit code, or the engine's finding code for an engine error or warning on the new list. */
  code: BulkNoteCode | IpFindingCode;
  message: string;
  /** The entry concerned, as it appears in the list the note is about. */
  entry?: string;
}

export function isBlankIpText(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim() === '';
}

/**
 * The stored value in a form where equal meaning gives equal text: '' for blank, the engine's normalised list
 * when the text is valid, and otherwise the engine's canonical listing (readable entries canonicalised,
 * unreadable ones kept as written) so that even erroneous values compare stably.
 */
export function canonicalIpText(text: string | null | undefined): string {
  if (text === null || text === undefined || isBlankIpText(text)) return '';
  return analyzeIpList(text).normalized ?? addEntries(text, []).list;
}

/** canonicalIpText when the analysis of `text` is already at hand (saves analysing it again). */
export function canonicalFromAnalysis(text: string | null, analysis: IpAnalysis): string {
  if (text === null || isBlankIpText(text)) return '';
  return analysis.normalized ?? addEntries(text, []).list;
}

export function sameIpList(a: string | null | undefined, b: string | null | undefined): boolean {
  return canonicalIpText(a) === canonicalIpText(b);
}

/**
 * How an entry reads in a diff: its canonical form when it is a plain address or block; as written when it is a
 * range, a wildcard or unreadable, so that a conversion shows as written → blocks rather than as "kept".
 */
function diffLabel(entry: IpEntry): string {
  if ((entry.kind === 'address' || entry.kind === 'block') && entry.canonical !== null) return entry.canonical;
  return entry.text.trim();
}

export function diffEntryLabels(analysis: IpAnalysis): string[] {
  return analysis.entries.map(diffLabel).filter((label) => label !== '');
}

export function diffIpAnalyses(before: IpAnalysis, after: IpAnalysis): DiffLine[] {
  return diffEntries(diffEntryLabels(before), diffEntryLabels(after));
}

export function findingsOfSeverity(analysis: IpAnalysis, severity: IpFinding['severity']): IpFinding[] {
  return analysis.findings.filter((finding) => finding.severity === severity);
}

/** An engine finding on `text` as a note naming the entry it is about. */
export function noteFromFinding(text: string, finding: IpFinding): BulkNote {
  const entry = text.slice(finding.start, finding.end).trim();
  return entry === '' ? { code: finding.code, message: finding.message } : { code: finding.code, message: finding.message, entry };
}

export function intervalContains(outer: IpInterval, inner: IpInterval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function intervalsOverlap(a: IpInterval, b: IpInterval): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function sameInterval(a: IpInterval, b: IpInterval): boolean {
  return a.start === b.start && a.end === b.end;
}
