/**
 * Progress with a label and "x of y" in words; indeterminate while the total is unknown. The bar is a native
 * role=progressbar element with its values, inside a status region so changes are announced politely.
 */
import { t } from '../../platform/i18n';

export interface ProgressBarProps {
  label: string;
  value: number;
  /** null while the total is not known yet. */
  max: number | null;
  testId?: string;
}

export function ProgressBar({ label, value, max, testId }: ProgressBarProps) {
  const known = max !== null && max > 0;
  const clamped = known ? Math.min(Math.max(value, 0), max) : 0;
  const percent = known ? Math.round((clamped / max) * 100) : null;
  return (
    <div class="wbka-progress" data-testid={testId}>
      <div
        class="wbka-progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? max : undefined}
        aria-valuenow={known ? clamped : undefined}
        aria-valuetext={known ? t('commonProgressOf', [String(clamped), String(max)]) : t('commonProgressWorking')}
      >
        <div class={`wbka-progress__bar${known ? '' : ' wbka-progress__bar--indeterminate'}`} style={known ? { width: `${percent}%` } : undefined} />
      </div>
      <p class="wbka-progress__text" role="status" aria-live="polite">
        {label}: {known ? t('commonProgressOf', [String(clamped), String(max)]) : t('commonProgressWorking')}
      </p>
    </div>
  );
}
