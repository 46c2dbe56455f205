/**
 * Journals found in storage for this database: interrupted ones first and prominently ("An operation was
 * interrupted: N of M saved", Resume / Undo), then recent finished or cancelled ones that can still be undone.
 * A journal another tab is running says so, with its buttons disabled; one seen running elsewhere that has since
 * finished keeps its place at the top ("finished in another tab", Show / Undo) until the admin acts on it.
 */
import { t, tPlural } from '../../platform/i18n';
import { resumeSummary, type BulkJournal } from '../../core/keys/bulk-journal';
import { countJournal, needsAttention } from '../../core/keys/bulk-runner';
import { formatCount, formatWhen } from './bulk-text';

export interface StoredJournalsProps {
  journals: readonly BulkJournal[];
  /** The journal shown (or running) in the tab right now: not offered again here. */
  currentId: string | null;
  disabled: boolean;
  /** Journals another tab is running now. */
  lockedElsewhere: ReadonlySet<string>;
  /** Journals this tab saw running in another tab (still, or since finished). */
  seenElsewhere: ReadonlySet<string>;
  onResume: (journal: BulkJournal) => void;
  onUndo: (journal: BulkJournal) => void;
  onShow: (journal: BulkJournal) => void;
  /** Forget a journal that wrote nothing (nothing saved, nothing sent without an outcome). */
  onDiscard: (journal: BulkJournal) => void;
}

const RECENT_LIMIT = 5;

function toSave(journal: BulkJournal): number {
  const { byStatus } = countJournal(journal);
  return byStatus.saved + byStatus.pending + byStatus.conflict + byStatus.failed;
}

function LockedNote() {
  return (
    <p class="wbka-note" role="status" data-testid="bulk-locked">
      {t('bulkLockedElsewhere')}
    </p>
  );
}

export function StoredJournals({ journals, currentId, disabled, lockedElsewhere, seenElsewhere, onResume, onUndo, onShow, onDiscard }: StoredJournalsProps) {
  const others = journals.filter((journal) => journal.id !== currentId);
  const interrupted = others.filter(needsAttention);
  const elsewhere = others.filter((journal) => !needsAttention(journal) && (seenElsewhere.has(journal.id) || lockedElsewhere.has(journal.id)));
  const recent = others
    .filter((journal) => !needsAttention(journal) && !elsewhere.includes(journal))
    .filter((journal) => countJournal(journal).byStatus.saved > 0 || journal.state === 'cancelled')
    .slice(0, RECENT_LIMIT);
  if (interrupted.length === 0 && elsewhere.length === 0 && recent.length === 0) return null;
  return (
    <>
      {interrupted.map((journal) => {
        const counts = countJournal(journal);
        const undoing = journal.state === 'undoing';
        const locked = lockedElsewhere.has(journal.id);
        // Safe to forget only when the journal proves nothing was written (or may have been).
        const wroteNothing = counts.byStatus.saved === 0 && counts.byStatus.undone === 0 && counts.unconfirmed === 0 && counts.restoring === 0;
        return (
          <section key={journal.id} class="bulk-banner" role="region" aria-labelledby={`bulk-interrupted-${journal.id}`} data-testid="bulk-interrupted">
            <p class="bulk-banner__title" id={`bulk-interrupted-${journal.id}`}>
              {locked
                ? t('bulkRunningElsewhere')
                : undoing
                  ? t('bulkInterruptedUndo', [formatCount(counts.byStatus.undone), formatCount(counts.byStatus.undone + counts.byStatus.saved)])
                  : t('bulkInterrupted', [formatCount(counts.byStatus.saved), formatCount(toSave(journal))])}
            </p>
            <p>
              {journal.description} · {formatWhen(journal.createdAt)}
            </p>
            {counts.unconfirmed > 0 && !locked && <p>{tPlural('bulkInterruptedUnconfirmed', counts.unconfirmed)}</p>}
            {locked && <LockedNote />}
            <div class="bulk-actions">
              <button type="button" class="wbka-button wbka-button--primary" disabled={disabled || locked} onClick={() => onResume(journal)} data-testid="bulk-resume">
                {undoing ? t('bulkContinueUndo') : t('bulkResume')}
              </button>
              {!undoing && !wroteNothing && (
                <button type="button" class="wbka-button" disabled={disabled || locked} onClick={() => onUndo(journal)} data-testid="bulk-interrupted-undo">
                  {t('bulkUndo')}
                </button>
              )}
              {wroteNothing && (
                <button type="button" class="wbka-button" disabled={disabled || locked} onClick={() => onDiscard(journal)} data-testid="bulk-discard">
                  {t('bulkDiscard')}
                </button>
              )}
            </div>
          </section>
        );
      })}
      {elsewhere.map((journal) => {
        const counts = countJournal(journal);
        const locked = lockedElsewhere.has(journal.id);
        return (
          <section key={journal.id} class="bulk-banner" role="region" aria-labelledby={`bulk-elsewhere-${journal.id}`} data-testid="bulk-elsewhere">
            <p class="bulk-banner__title" id={`bulk-elsewhere-${journal.id}`}>
              {locked ? t('bulkRunningElsewhere') : t('bulkFinishedElsewhere')}
            </p>
            <p>
              {journal.description} · {formatWhen(journal.createdAt)}
            </p>
            <p data-testid="bulk-elsewhere-counts">{tPlural('bulkRecentCounts', counts.total, [formatCount(counts.byStatus.saved), formatCount(counts.byStatus.undone)])}</p>
            {locked && <LockedNote />}
            <div class="bulk-actions">
              <button type="button" class="wbka-button" disabled={disabled} onClick={() => onShow(journal)} data-testid="bulk-elsewhere-show">
                {t('bulkElsewhereShow')}
              </button>
              {resumeSummary(journal).canUndo && journal.state !== 'undoing' && (
                <button type="button" class="wbka-button" disabled={disabled || locked} onClick={() => onUndo(journal)} data-testid="bulk-elsewhere-undo">
                  {t('bulkUndo')}
                </button>
              )}
            </div>
          </section>
        );
      })}
      {recent.length > 0 && (
        <details class="bulk-section" data-testid="bulk-recent">
          <summary>{t('bulkRecentTitle', formatCount(recent.length))}</summary>
          <ul class="bulk-list">
            {recent.map((journal) => {
              const counts = countJournal(journal);
              return (
                <li key={journal.id} class="bulk-item">
                  <div class="bulk-item__head">
                    <span class="bulk-item__name">{journal.description}</span>
                    <span class="bulk-meta">{formatWhen(journal.createdAt)}</span>
                  </div>
                  <p class="bulk-meta">{tPlural('bulkRecentCounts', counts.total, [formatCount(counts.byStatus.saved), formatCount(counts.byStatus.undone)])}</p>
                  <div class="bulk-actions">
                    <button type="button" class="wbka-button wbka-button--small" disabled={disabled} onClick={() => onShow(journal)}>
                      {t('bulkRecentShow')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </>
  );
}
