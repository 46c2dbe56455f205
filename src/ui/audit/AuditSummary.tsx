/**
 * Counts per severity (keys with at least one finding of it) and per finding code; each count is a toggle that
 * filters the table, so "how many" and "which ones" are one click apart.
 */
import type { AuditFindingCode, KeyAuditRow, Severity } from '../../core/keys/audit';
import { SEVERITY_RANK } from '../../core/keys/audit';
import { useEffect, useRef } from 'preact/hooks';
import { t, tPlural } from '../../platform/i18n';
import { formatCount, severityName } from './audit-text';

export type SeverityOrNone = Severity | 'none';
export const SEVERITY_ORDER: readonly SeverityOrNone[] = ['error', 'warning', 'info', 'none'];

export interface CodeCount {
  code: AuditFindingCode;
  severity: Severity;
  keys: number;
}

export interface AuditCounts {
  keys: number;
  bySeverity: Record<SeverityOrNone, number>;
  codes: CodeCount[];
  keysWithProblems: number;
}

/** Keys per severity (as the severity filter selects them) and keys per code, worst codes first. */
export function countAudit(rows: readonly KeyAuditRow[]): AuditCounts {
  const bySeverity: Record<SeverityOrNone, number> = { error: 0, warning: 0, info: 0, none: 0 };
  const codes = new Map<AuditFindingCode, CodeCount>();
  let keysWithProblems = 0;
  for (const row of rows) {
    if (row.findings.length === 0) bySeverity.none++;
    const seen = new Set<Severity>();
    for (const finding of row.findings) {
      seen.add(finding.severity);
      const entry = codes.get(finding.code);
      if (entry) {
        entry.keys++;
        if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[entry.severity]) entry.severity = finding.severity;
      } else {
        codes.set(finding.code, { code: finding.code, severity: finding.severity, keys: 1 });
      }
    }
    for (const severity of seen) bySeverity[severity]++;
    if (seen.has('error') || seen.has('warning')) keysWithProblems++;
  }
  const sorted = [...codes.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.keys - a.keys || a.code.localeCompare(b.code));
  return { keys: rows.length, bySeverity, codes: sorted, keysWithProblems };
}

export interface AuditSummaryProps {
  counts: AuditCounts;
  complete: boolean;
  severities: readonly SeverityOrNone[];
  codes: readonly string[];
  onToggleSeverity: (severity: SeverityOrNone) => void;
  onToggleCode: (code: string) => void;
}

export function AuditSummary({ counts, complete, severities, codes, onToggleSeverity, onToggleCode }: AuditSummaryProps) {
  // The code list is long, so it starts folded; a code filter set from elsewhere unfolds it so it can be seen.
  const codesRef = useRef<HTMLDetailsElement>(null);
  const filteringByCode = codes.length > 0;
  useEffect(() => {
    if (filteringByCode && codesRef.current) codesRef.current.open = true;
  }, [filteringByCode]);

  // "No problems" is only ever said about data the audit saw in full.
  let verdict: string;
  if (counts.keysWithProblems > 0) verdict = t('auditVerdictProblems', [formatCount(counts.keysWithProblems), formatCount(counts.keys)]);
  else if (complete) verdict = tPlural('auditVerdictNoProblems', counts.keys);
  else verdict = tPlural('auditVerdictNoProblemsSeen', counts.keys);

  return (
    <div class="audit-summary" data-testid="audit-summary">
      <p class={`audit-summary__verdict${complete ? '' : ' audit-summary__verdict--incomplete'}`} data-testid="audit-verdict">
        {verdict}
      </p>
      <div class="audit-summary__group" role="group" aria-label={t('auditSeverityGroupLabel')}>
        {SEVERITY_ORDER.map((severity) => (
          <button
            type="button"
            key={severity}
            class={`audit-toggle audit-toggle--${severity}`}
            aria-pressed={severities.includes(severity)}
            onClick={() => onToggleSeverity(severity)}
            data-testid={`audit-severity-${severity}`}
            data-count={counts.bySeverity[severity]}
          >
            <span class="audit-toggle__count">{formatCount(counts.bySeverity[severity])}</span> {severityName(severity)}
          </button>
        ))}
      </div>
      {counts.codes.length > 0 && (
        <details class="audit-details audit-summary__codes" ref={codesRef} data-testid="audit-codes">
          <summary>{tPlural('auditCodesToggle', counts.codes.length)}</summary>
          <div class="audit-summary__group" role="group" aria-label={t('auditCodeGroupLabel')}>
            {counts.codes.map((entry) => (
              <button
                type="button"
                key={entry.code}
                class={`audit-toggle audit-toggle--code audit-toggle--${entry.severity}`}
                aria-pressed={codes.includes(entry.code)}
                onClick={() => onToggleCode(entry.code)}
                data-testid={`audit-code-${entry.code}`}
                data-count={entry.keys}
              >
                {entry.code} <span class="audit-toggle__count">{formatCount(entry.keys)}</span>
              </button>
            ))}
          </div>
        </details>
      )}
    </div>
  );
}
