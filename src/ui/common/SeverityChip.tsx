/**
 * Severity shown in words AND colour (colour alone is not enough for everyone): a chip for findings, a dot for
 * dense lists (the dot carries its word for screen readers).
 */
import { t, type MessageKey } from '../../platform/i18n';
import type { Severity } from './findings';

const LABEL: Readonly<Record<Severity | 'none', MessageKey>> = {
  error: 'commonSeverityError',
  warning: 'commonSeverityWarning',
  info: 'commonSeverityInfo',
  none: 'commonSeverityNone',
};

export function severityLabel(severity: Severity | 'none'): string {
  return t(LABEL[severity]);
}

export function SeverityChip({ severity }: { severity: Severity }) {
  return (
    <span class={`wbka-chip wbka-chip--${severity}`} data-severity={severity}>
      {severityLabel(severity)}
    </span>
  );
}

/** A coloured dot; `null` means "checked, nothing found". The word is read out, the dot is decoration. */
export function SeverityDot({ severity }: { severity: Severity | null }) {
  const value = severity ?? 'none';
  return (
    <span class="wbka-dot-wrap" data-severity={value}>
      <span class={`wbka-dot wbka-dot--${value}`} aria-hidden="true" />
      <span class="wbka-sr-only">{severityLabel(value)}</span>
    </span>
  );
}
