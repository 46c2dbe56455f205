/** Building findings, and applying their fixes. */
import { IP_FINDING_SEVERITY, type IpFinding, type IpFindingCode, type IpFix } from './types';

/** A finding with the severity its code always has; `fixes` only when there is at least one. */
export function finding(code: IpFindingCode, start: number, end: number, message: string, fixes?: IpFix[]): IpFinding {
  const result: IpFinding = { code, severity: IP_FINDING_SEVERITY[code], start, end, message };
  if (fixes && fixes.length > 0) result.fixes = fixes;
  return result;
}

/** The text with fix number `fixIndex` of `finding` applied; the text unchanged when there is no such fix. */
export function applyFix(text: string, finding: IpFinding, fixIndex = 0): string {
  const fix = finding.fixes?.[fixIndex];
  if (!fix) return text;
  return text.slice(0, finding.start) + fix.replacement + text.slice(finding.end);
}
