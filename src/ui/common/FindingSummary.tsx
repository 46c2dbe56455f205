/**
 * The one-line count of errors, warnings and notes, in a polite live region so screen-reader users hear the
 * count change as they type (the region itself stays mounted; only its text changes).
 */
import { t } from '../../platform/i18n';
import { countBySeverity, type Severity } from './findings';

export interface FindingSummaryProps {
  findings: Iterable<{ severity: Severity }>;
  /** Shown instead of the counts while checks are still running. */
  pending?: boolean;
  testId?: string;
  id?: string;
}

export function summaryText(findings: Iterable<{ severity: Severity }>): string {
  const counts = countBySeverity(findings);
  if (counts.error + counts.warning + counts.info === 0) return t('commonSummaryClean');
  return t('commonSummaryCounts', [String(counts.error), String(counts.warning), String(counts.info)]);
}

export function FindingSummary({ findings, pending = false, testId, id }: FindingSummaryProps) {
  const counts = countBySeverity(findings);
  const tone = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'ok';
  return (
    <p id={id} class={`wbka-summary wbka-summary--${tone}`} role="status" aria-live="polite" data-testid={testId} data-errors={counts.error} data-warnings={counts.warning}>
      {pending ? t('commonSummaryChecking') : summaryText(findings)}
    </p>
  );
}
