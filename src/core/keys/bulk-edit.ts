/**
 * Bulk editing of "Permitted IP addresses" across keys: select → plan (preview) → journal (apply, resume,
 * conflicts) → undo. Pure: the caller persists journals and talks to the service.
 */
export { diffEntries, countDiff, type DiffLine, type DiffLineKind } from './bulk-diff';
export { canonicalIpText, sameIpList, isBlankIpText, type BulkNote, type BulkNoteCode } from './bulk-ip';
export { BULK_MESSAGES } from './bulk-messages';
export {
  validateOperation,
  describeOperation,
  applyOperationToList,
  type BulkOperation,
  type OperationField,
  type OperationProblem,
  type ListOperationResult,
} from './bulk-operation';
export { planBulkEdit, planKey, totalsOf, type BulkPlan, type PlanItem, type PlanItemStatus, type PlanOptions, type PlannableKey } from './bulk-plan';
export { selectKeys, validateSelectionQuery, type SelectionQuery, type SelectionProblem } from './bulk-select';
export {
  createJournal,
  journalMatchesScope,
  startApply,
  nextBatch,
  markSent,
  recordBatchResult,
  markCancelled,
  retryFailed,
  unconfirmedKeyIds,
  reconcileUnconfirmed,
  resumeSummary,
  isScheduledRestore,
  DEFAULT_BATCH_SIZE,
  JournalTransitionError,
  type BatchResult,
  type BulkJournal,
  type CreateJournalMeta,
  type JournalItem,
  type JournalItemStatus,
  type JournalScope,
  type JournalState,
  type ResumeSummary,
} from './bulk-journal';
export { replanConflicts, canAutoRetry, acceptConflictReviews, type ConflictReview } from './bulk-conflicts';
export { planUndo, startUndo, nextUndoBatch, recordUndoResult, type UndoPlan, type UndoRestore, type UndoLeft } from './bulk-undo';
