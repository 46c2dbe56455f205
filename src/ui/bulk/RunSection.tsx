/**
 * One bulk edit being applied, resumed or undone: progress and Cancel while it runs; then what happened, key by
 * key (saved, conflict, failed with the reason…); conflicts re-planned on the keys' current values for review
 * ("Retry N keys"); and Undo, decided against fresh reads and confirmed before anything is written. While another
 * tab runs the same journal, it says so and its run buttons wait.
 */
import { useMemo, useState } from 'preact/hooks';
import { t, tPlural } from '../../platform/i18n';
import type { ConflictReview } from '../../core/keys/bulk-conflicts';
import { resumeSummary, type BulkJournal, type JournalItem, type JournalItemStatus } from '../../core/keys/bulk-journal';
import { countJournal } from '../../core/keys/bulk-runner';
import type { UndoLeft, UndoPlan } from '../../core/keys/bulk-undo';
import { ProgressBar } from '../common';
import { DiffView } from './DiffView';
import { Pager, usePaged } from './Pager';
import { formatCount, formatWhen, itemStatusLabel } from './bulk-text';
import type { BulkRunState } from './use-bulk-run';

export interface RunSectionProps {
  state: BulkRunState & { journal: BulkJournal };
  writeProblem: string | null;
  /** Another tab is running this journal (run-lock.ts). */
  lockedElsewhere: boolean;
  onCancel: () => void;
  onContinue: () => void;
  onRetry: (keyIds: number[]) => void;
  onDismissReviews: () => void;
  onPlanUndo: () => void;
  onConfirmUndo: () => void;
  onDismissUndo: () => void;
  onClose: () => void;
}

const STATUS_ORDER: JournalItemStatus[] = ['saved', 'conflict', 'failed', 'pending', 'blocked', 'skipped', 'undone', 'undo-skipped'];

export function RunSection(props: RunSectionProps) {
  const { state, writeProblem } = props;
  const { journal, busy } = state;
  const counts = countJournal(journal);
  const summary = resumeSummary(journal);
  const undoing = busy === 'undo' || journal.state === 'undoing';
  const idle = busy === null;
  const cannotRun = writeProblem !== null || props.lockedElsewhere;

  return (
    <section class="bulk-section" aria-labelledby="bulk-run-title" data-testid="bulk-run">
      <h3 class="bulk-section__title" id="bulk-run-title">
        {journal.description}
      </h3>
      <p class="bulk-meta">
        {journal.selection ? `${journal.selection} · ` : ''}
        {formatWhen(journal.createdAt)}
      </p>
      {busy === 'apply' && (
        <ProgressBar
          label={t('bulkProgressSaving')}
          value={counts.byStatus.saved + counts.byStatus.conflict + counts.byStatus.failed}
          max={counts.byStatus.saved + counts.byStatus.conflict + counts.byStatus.failed + counts.byStatus.pending}
          testId="bulk-progress"
        />
      )}
      {busy === 'undo' && <ProgressBar label={t('bulkProgressRestoring')} value={counts.byStatus.undone} max={counts.byStatus.undone + counts.restoring} testId="bulk-progress" />}
      {busy === 'reading' && (
        <p class="bulk-status" role="status">
          {t('bulkReadingKeys')}
        </p>
      )}
      {(busy === 'apply' || busy === 'undo') && (
        <div class="bulk-actions">
          <button type="button" class="wbka-button wbka-button--danger" onClick={props.onCancel} data-testid="bulk-cancel">
            {t('bulkCancel')}
          </button>
          <span class="bulk-meta">{t('bulkCancelHint')}</span>
        </div>
      )}
      <p class="bulk-status" role="status" data-testid="bulk-run-summary">
        {STATUS_ORDER.filter((status) => counts.byStatus[status] > 0)
          .map((status) => t('bulkCountOf', [itemStatusLabel(status), formatCount(counts.byStatus[status])]))
          .join(' · ')}
      </p>
      {idle && props.lockedElsewhere && (
        <p class="wbka-note" role="status" data-testid="bulk-locked">
          {t('bulkLockedElsewhere')}
        </p>
      )}
      {idle && state.notice && (
        <p class="wbka-note" role="status" data-testid="bulk-run-notice">
          {state.notice}
        </p>
      )}
      {idle && <Outcome state={state} />}
      {idle && state.reviews.length > 0 && <ConflictReviews reviews={state.reviews} cannotRun={cannotRun} onRetry={props.onRetry} onDismiss={props.onDismissReviews} />}
      {idle && state.undoPlan && <UndoConfirm plan={state.undoPlan} cannotRun={cannotRun} onConfirm={props.onConfirmUndo} onDismiss={props.onDismissUndo} />}
      {idle && !state.undoPlan && (
        <div class="bulk-actions">
          {summary.canResume && !undoing && state.reviews.length === 0 && (
            <button type="button" class="wbka-button wbka-button--primary" disabled={cannotRun} onClick={props.onContinue} data-testid="bulk-continue">
              {tPlural('bulkContinue', counts.byStatus.pending + summary.retryableFailed + counts.byStatus.conflict)}
            </button>
          )}
          {journal.state === 'undoing' && (
            <button type="button" class="wbka-button wbka-button--primary" disabled={cannotRun} onClick={props.onContinue} data-testid="bulk-continue-undo">
              {t('bulkContinueUndo')}
            </button>
          )}
          {summary.canUndo && journal.state !== 'undoing' && (
            <button type="button" class="wbka-button" disabled={cannotRun} onClick={props.onPlanUndo} data-testid="bulk-undo">
              {t('bulkUndoEllipsis')}
            </button>
          )}
          <button type="button" class="wbka-button" onClick={props.onClose} data-testid="bulk-new">
            {t('bulkNewEdit')}
          </button>
        </div>
      )}
      <ItemList items={journal.items} />
    </section>
  );
}

function Outcome({ state }: { state: BulkRunState & { journal: BulkJournal } }) {
  if (state.stop === 'failed') {
    return (
      <div class="wbka-alert" role="alert" data-testid="bulk-run-error">
        <p>{t('bulkRunStopped', state.error ?? '')}</p>
      </div>
    );
  }
  if (state.stop === 'cancelled') return <p class="wbka-note">{t('bulkRunCancelled')}</p>;
  if (state.stop !== 'finished') return null;
  const counts = countJournal(state.journal);
  if (state.lastAction === 'bulk-undo') {
    return (
      <p class="wbka-success" data-testid="bulk-run-done">
        {tPlural('bulkUndoDone', counts.byStatus.undone, [formatCount(counts.byStatus['undo-skipped'])])}
      </p>
    );
  }
  const open = counts.byStatus.conflict + counts.byStatus.failed + counts.byStatus.pending;
  return (
    <p class={open > 0 ? 'wbka-note' : 'wbka-success'} data-testid="bulk-run-done">
      {open > 0 ? tPlural('bulkApplyDonePartly', counts.byStatus.saved, [formatCount(open)]) : tPlural('bulkApplyDone', counts.byStatus.saved)}
    </p>
  );
}

function ConflictReviews({ reviews, cannotRun, onRetry, onDismiss }: { reviews: ConflictReview[]; cannotRun: boolean; onRetry: (ids: number[]) => void; onDismiss: () => void }) {
  const retryable = reviews.filter((review) => review.item?.status === 'changed');
  const paged = usePaged(reviews, reviews);
  return (
    <div class="bulk-section" role="region" aria-labelledby="bulk-conflicts-title" data-testid="bulk-conflicts">
      <h4 class="bulk-section__title" id="bulk-conflicts-title">
        {tPlural('bulkConflictsTitle', reviews.length)}
      </h4>
      <p class="bulk-meta">{t('bulkConflictsHint')}</p>
      <ul class="bulk-list">
        {paged.items.map((review) => {
          const name = review.name || `#${review.keyId}`;
          return (
            <li key={review.keyId} class="bulk-item" data-testid={`bulk-conflict-${review.keyId}`}>
              <div class="bulk-item__head">
                <span class="bulk-item__name">{name}</span>
                <span class="bulk-badge bulk-badge--conflict">{review.ipChangedRemotely ? t('bulkConflictIpChanged') : t('bulkConflictOtherChanged')}</span>
              </div>
              {review.item && <DiffView lines={review.item.diff} label={t('bulkDiffLabel', name)} />}
              {review.item && review.item.warnings.length > 0 && (
                <ul class="bulk-item__notes bulk-item__notes--warning">
                  {review.item.warnings.map((note, index) => (
                    <li key={index}>{note.message}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <Pager paged={paged} total={reviews.length} label={t('bulkConflictsPagerLabel')} />
      <div class="bulk-actions">
        <button
          type="button"
          class="wbka-button wbka-button--primary"
          disabled={retryable.length === 0 || cannotRun}
          onClick={() => onRetry(retryable.map((review) => review.keyId))}
          data-testid="bulk-retry-conflicts"
        >
          {tPlural('bulkRetryKeys', retryable.length)}
        </button>
        <button type="button" class="wbka-button" onClick={onDismiss}>
          {t('bulkConflictsLeave')}
        </button>
      </div>
    </div>
  );
}

function LeftList({ title, left, testId }: { title: string; left: readonly UndoLeft[]; testId: string }) {
  if (left.length === 0) return null;
  return (
    <details data-testid={testId}>
      <summary>{title}</summary>
      <ul class="bulk-item__notes">
        {left.map((entry) => (
          <li key={entry.keyId}>
            <strong>{entry.name || `#${entry.keyId}`}</strong>: {entry.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

function UndoConfirm({ plan, cannotRun, onConfirm, onDismiss }: { plan: UndoPlan; cannotRun: boolean; onConfirm: () => void; onDismiss: () => void }) {
  // With nothing to restore, confirming still records the keys set aside, so the edit counts as undone.
  const decided = plan.restore.length + plan.changedSince.length + plan.blocked.length + plan.missing.length;
  return (
    <div class="bulk-section" role="region" aria-labelledby="bulk-undo-title" data-testid="bulk-undo-plan">
      <h4 class="bulk-section__title" id="bulk-undo-title">
        {t('bulkUndoTitle')}
      </h4>
      <p class="bulk-status" role="status" data-testid="bulk-undo-summary">
        {tPlural('bulkUndoSummary', plan.restore.length, [formatCount(plan.changedSince.length)])}
      </p>
      <LeftList title={t('bulkUndoChangedSince', formatCount(plan.changedSince.length))} left={plan.changedSince} testId="bulk-undo-changed-since" />
      <LeftList title={t('bulkUndoBlocked', formatCount(plan.blocked.length))} left={plan.blocked} testId="bulk-undo-blocked" />
      <LeftList title={t('bulkUndoMissing', formatCount(plan.missing.length))} left={plan.missing} testId="bulk-undo-missing" />
      <div class="bulk-actions">
        <button type="button" class="wbka-button wbka-button--primary" disabled={decided === 0 || cannotRun} onClick={onConfirm} data-testid="bulk-undo-confirm">
          {plan.restore.length === 0 ? t('bulkUndoNothingToRestore') : tPlural('bulkUndoKeys', plan.restore.length)}
        </button>
        <button type="button" class="wbka-button" onClick={onDismiss}>
          {t('bulkUndoKeep')}
        </button>
      </div>
    </div>
  );
}

function ItemList({ items }: { items: readonly JournalItem[] }) {
  const [filter, setFilter] = useState<JournalItemStatus | 'all'>('all');
  const shown = useMemo(() => (filter === 'all' ? items : items.filter((item) => item.status === filter)), [items, filter]);
  const paged = usePaged(shown, filter);
  const present = STATUS_ORDER.filter((status) => items.some((item) => item.status === status));
  return (
    <div class="bulk-section" data-testid="bulk-outcomes">
      <h4 class="bulk-section__title">{t('bulkOutcomesTitle')}</h4>
      <label class="bulk-field">
        <span class="bulk-field__label">{t('bulkPreviewShow')}</span>
        <select class="wbka-input" value={filter} onChange={(event) => setFilter(event.currentTarget.value as JournalItemStatus | 'all')} data-testid="bulk-outcome-filter">
          <option value="all">{t('bulkFilterAll')}</option>
          {present.map((status) => (
            <option key={status} value={status}>
              {itemStatusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <ul class="bulk-list" aria-label={t('bulkOutcomesTitle')}>
        {paged.items.map((item) => (
          <li key={item.keyId} class="bulk-item" data-testid={`bulk-outcome-${item.keyId}`}>
            <div class="bulk-item__head">
              <span class="bulk-item__name">{item.name || `#${item.keyId}`}</span>
              <span class={`bulk-badge bulk-badge--${item.status}`}>{itemStatusLabel(item.status)}</span>
            </div>
            {item.unconfirmed === true && <p class="bulk-meta">{t('bulkItemUnconfirmed')}</p>}
            {item.reason && <p class="bulk-meta">{item.reason}</p>}
          </li>
        ))}
      </ul>
      <Pager paged={paged} total={shown.length} label={t('bulkOutcomesPagerLabel')} testId="bulk-outcomes-pager" />
    </div>
  );
}
