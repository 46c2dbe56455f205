/**
 * Step 3: the plan, key by key — before → after as a diff of entries, the engine's verdict on the new list, why a
 * key is blocked, what deserves a second look — with totals, a filter and paging for hundreds of keys. Apply
 * starts here.
 */
import { useMemo, useState } from 'preact/hooks';
import { t, tPlural } from '../../platform/i18n';
import type { BulkPlan, PlanItem } from '../../core/keys/bulk-plan';
import { DiffView } from './DiffView';
import { Pager, usePaged } from './Pager';
import { formatCount, planStatusLabel } from './bulk-text';

type PreviewFilter = 'all' | 'changed' | 'unchanged' | 'blocked' | 'attention';

export interface PreviewSectionProps {
  plan: BulkPlan | null;
  /** Why there is no plan yet (nothing selected, the operation has problems…). */
  waiting: string | null;
  onApply: () => void;
  /** Why saving is impossible right now (no connection, read-only session…); null when it is possible. */
  writeProblem: string | null;
  disabled: boolean;
}

function matches(item: PlanItem, filter: PreviewFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'attention') return item.needsAttention || item.warnings.length > 0;
  return item.status === filter;
}

export function PreviewSection({ plan, waiting, onApply, writeProblem, disabled }: PreviewSectionProps) {
  const [filter, setFilter] = useState<PreviewFilter>('all');
  const items = useMemo(() => (plan ? plan.items.filter((item) => matches(item, filter)) : []), [plan, filter]);
  const paged = usePaged(items, items);
  const attention = plan ? plan.items.filter((item) => matches(item, 'attention')).length : 0;

  return (
    <section class="bulk-section" aria-labelledby="bulk-preview-title" data-testid="bulk-preview">
      <h3 class="bulk-section__title" id="bulk-preview-title">
        {t('bulkPreviewTitle')}
      </h3>
      {!plan && <p class="bulk-meta">{waiting ?? t('bulkPreviewWaiting')}</p>}
      {plan && (
        <>
          <div role="status" aria-label={t('bulkTotalsLabel')} data-testid="bulk-totals">
          <ul class="bulk-totals">
            <li class="bulk-total bulk-total--changed" data-testid="bulk-total-changed">
              {t('bulkTotalChanged', formatCount(plan.totals.changed))}
            </li>
            <li class="bulk-total" data-testid="bulk-total-unchanged">
              {t('bulkTotalUnchanged', formatCount(plan.totals.unchanged))}
            </li>
            <li class="bulk-total bulk-total--blocked" data-testid="bulk-total-blocked">
              {t('bulkTotalBlocked', formatCount(plan.totals.blocked))}
            </li>
            {attention > 0 && <li class="bulk-total bulk-total--attention">{tPlural('bulkTotalAttention', attention)}</li>}
          </ul>
          </div>
          {plan.operationProblems.length > 0 && (
            <p class="wbka-alert" role="alert">
              {plan.operationProblems[0]!.message}
            </p>
          )}
          <label class="bulk-field">
            <span class="bulk-field__label">{t('bulkPreviewShow')}</span>
            <select class="wbka-input" value={filter} onChange={(event) => setFilter(event.currentTarget.value as PreviewFilter)} data-testid="bulk-preview-filter">
              <option value="all">{t('bulkFilterAll')}</option>
              <option value="changed">{t('bulkFilterChanged')}</option>
              <option value="unchanged">{t('bulkFilterUnchanged')}</option>
              <option value="blocked">{t('bulkFilterBlocked')}</option>
              <option value="attention">{t('bulkFilterAttention')}</option>
            </select>
          </label>
          <ul class="bulk-list" aria-label={t('bulkPreviewListLabel')}>
            {paged.items.map((item) => (
              <PreviewItem key={item.keyId} item={item} />
            ))}
          </ul>
          {items.length === 0 && <p class="bulk-meta">{t('bulkFilterNothing')}</p>}
          <Pager paged={paged} total={items.length} label={t('bulkPreviewPagerLabel')} testId="bulk-preview-pager" />
          {writeProblem && <p class="wbka-note">{writeProblem}</p>}
          <div class="bulk-actions">
            <button type="button" class="wbka-button wbka-button--primary" disabled={disabled || writeProblem !== null || plan.totals.changed === 0} onClick={onApply} data-testid="bulk-apply">
              {tPlural('bulkApply', plan.totals.changed)}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function PreviewItem({ item }: { item: PlanItem }) {
  const name = item.name || `#${item.keyId}`;
  return (
    <li class="bulk-item" data-testid={`bulk-preview-${item.keyId}`}>
      <div class="bulk-item__head">
        <span class="bulk-item__name">{name}</span>
        <span class={`bulk-badge bulk-badge--${item.status}`}>{planStatusLabel(item.status)}</span>
      </div>
      <DiffView lines={item.diff} label={t('bulkDiffLabel', name)} />
      {item.blockedReasons.length > 0 && (
        <ul class="bulk-item__notes bulk-item__notes--blocked" aria-label={t('bulkBlockedBecause')}>
          {item.blockedReasons.map((note, index) => (
            <li key={index}>{note.message}</li>
          ))}
        </ul>
      )}
      {item.warnings.length > 0 && (
        <ul class="bulk-item__notes bulk-item__notes--warning" aria-label={t('bulkWarnings')}>
          {item.warnings.map((note, index) => (
            <li key={index}>{note.message}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
