/**
 * The shape every panel feature uses to show a finding (from the IP engine, the dates engine, user checks or the
 * service): severity, a message to display as given, and optional fixes that rewrite a field when pressed.
 * Stable: other features import these types.
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export interface FindingFix {
  /** Button text, e.g. "Replace with 10.0.0.0/24" (engine labels are en-GB text: shown as given). */
  label: string;
  apply: () => void;
}

export interface DisplayFinding {
  /** Unique within one list (used as the Preact key and for test ids). */
  id: string;
  severity: Severity;
  message: string;
  /** The engine's stable code, when there is one (exposed as `data-code` for tests and styling). */
  code?: string;
  fixes?: FindingFix[];
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: Iterable<{ severity: Severity }>): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** The most severe of the given severities, or null for none. */
export function worstSeverity(findings: Iterable<{ severity: Severity }>): Severity | null {
  let worst: Severity | null = null;
  for (const { severity } of findings) {
    if (worst === null || RANK[severity] > RANK[worst]) worst = severity;
  }
  return worst;
}

/** Most severe first; the original order is kept within a severity (a stable sort). */
export function sortBySeverity<T extends { severity: Severity }>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => RANK[b.finding.severity] - RANK[a.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}
