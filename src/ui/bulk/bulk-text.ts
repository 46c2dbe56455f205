/** Words for the bulk-edit tab: labels of statuses, counts, the selection in words, and activity details. */
import { t, tPlural } from '../../platform/i18n';
import type { JournalItemStatus, BulkJournal } from '../../core/keys/bulk-journal';
import type { PlanItemStatus } from '../../core/keys/bulk-plan';
import { countJournal, type BulkActivityAction } from '../../core/keys/bulk-runner';

export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}

export function itemStatusLabel(status: JournalItemStatus): string {
  switch (status) {
    case 'pending':
      return t('bulkStatusPending');
    case 'saved':
      return t('bulkStatusSaved');
    case 'conflict':
      return t('bulkStatusConflict');
    case 'failed':
      return t('bulkStatusFailed');
    case 'skipped':
      return t('bulkStatusSkipped');
    case 'blocked':
      return t('bulkStatusBlocked');
    case 'undone':
      return t('bulkStatusUndone');
    case 'undo-skipped':
      return t('bulkStatusUndoSkipped');
  }
}

export function planStatusLabel(status: PlanItemStatus): string {
  switch (status) {
    case 'changed':
      return t('bulkPlanChanged');
    case 'unchanged':
      return t('bulkPlanUnchanged');
    case 'blocked':
      return t('bulkPlanBlocked');
  }
}

/** What an activity entry and the session log say about a run: counts only, never a value or a secret. */
export function activityDetail(journal: BulkJournal, action: BulkActivityAction): string {
  const { total, byStatus } = countJournal(journal);
  if (action === 'bulk-undo') {
    return tPlural('bulkActivityUndoDetail', total, [formatCount(byStatus.undone), formatCount(byStatus['undo-skipped']), formatCount(byStatus.saved)]);
  }
  return tPlural('bulkActivityApplyDetail', total, [
    formatCount(byStatus.saved),
    formatCount(byStatus.conflict),
    formatCount(byStatus.failed),
    formatCount(byStatus.blocked),
    formatCount(byStatus.skipped),
    formatCount(byStatus.pending),
  ]);
}

/** "12 Jun 2027, 14:05" in the admin's time zone, for journals in lists. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
