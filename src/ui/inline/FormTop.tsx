/**
 * Near the top of the native form: the summary line (a polite live region, so screen readers hear the
 * counts change as the admin types) and, after a reload, the offer to restore unsaved values.
 */
import { t, tPlural } from '../../platform/i18n';
import type { DraftOfferView, SummaryCounts } from './types';

export interface FormTopProps {
  counts: SummaryCounts;
  draft: DraftOfferView | null;
  notice: string | null;
  onRestore: () => void;
  onDiscard: () => void;
}

export function summaryText(counts: SummaryCounts): string {
  const base =
    counts.errors === 0 && counts.warnings === 0
      ? t('formSummaryNone')
      : t('formSummaryCounts', [tPlural('formCountErrors', counts.errors), tPlural('formCountWarnings', counts.warnings)]);
  return counts.checking ? `${base} ${t('formSummaryChecking')}` : base;
}

export function FormTop({ counts, draft, notice, onRestore, onDiscard }: FormTopProps) {
  const tone = counts.errors > 0 ? ' wbka-summary--problems' : counts.warnings > 0 ? ' wbka-summary--warnings' : '';
  return (
    <div class="wbka-inline">
      {draft && (
        <div class="wbka-draft" role="group" aria-label={t('formDraftOffer', draft.time)} data-testid="wbka-form-draft">
          <p>{t('formDraftOffer', draft.time)}</p>
          <button type="button" class="wbka-button wbka-button--primary" onClick={onRestore} data-testid="wbka-form-draft-restore">
            {t('formDraftRestore', draft.time)}
          </button>
          <button type="button" class="wbka-button" onClick={onDiscard} data-testid="wbka-form-draft-discard">
            {t('formDraftDiscard')}
          </button>
        </div>
      )}
      <p
        class={`wbka-summary${tone}`}
        role="status"
        aria-live="polite"
        aria-label={t('formSummaryLabel')}
        data-testid="wbka-form-summary"
        data-errors={counts.errors}
        data-warnings={counts.warnings}
      >
        {summaryText(counts)}
        {notice && <span class="wbka-notice" data-testid="wbka-form-notice">{` ${notice}`}</span>}
      </p>
    </div>
  );
}
