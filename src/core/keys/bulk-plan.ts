/**
 * planBulkEdit: one operation over many keys → for each key its before and after, a readable diff, and whether
 * it will be saved, left unchanged, or blocked (and why). The plan is what the preview shows and what the journal
 * is built from; it never carries a key's secret.
 */
import { analyzeIpList, type IpAnalysisOptions } from '../ip';
import { diffEntries, type DiffLine } from './bulk-diff';
import {
  canonicalFromAnalysis,
  diffEntryLabels,
  diffIpAnalyses,
  findingsOfSeverity,
  isBlankIpText,
  noteFromFinding,
  type BulkNote,
} from './bulk-ip';
import { BULK_MESSAGES } from './bulk-messages';
import { applyOperationToList, validateOperation, type BulkOperation, type OperationProblem } from './bulk-operation';
import type { ApiKeyRecord } from './model';

export type PlanItemStatus = 'changed' | 'unchanged' | 'blocked';

export interface PlanItem {
  keyId: number;
  name: string;
  /** The lock_version the after value is based on: a save must send it, and fails if the key moved on. */
  lockVersion: number;
  /** The stored text exactly as read; null when blank. */
  before: string | null;
  /** The canonical text to save ('' when the result is empty); null when the operation could not run at all. */
  after: string | null;
  status: PlanItemStatus;
  /** Why a blocked key will not be saved (empty when not blocked). */
  blockedReasons: BulkNote[];
  /** Engine warnings on the new list, and what the operation could not do for this key. */
  warnings: BulkNote[];
  /** Unchanged, but not what the admin would expect: e.g. the address to replace sits inside a larger block. */
  needsAttention: boolean;
  diff: DiffLine[];
}

export interface BulkPlan {
  operation: BulkOperation;
  /** Problems with the operation's own inputs; when any, every item is blocked. */
  operationProblems: OperationProblem[];
  items: PlanItem[];
  totals: { changed: number; unchanged: number; blocked: number };
}

export interface PlanOptions {
  /** Passed to the engine when the new lists are analysed (allowed ranges, huge-range thresholds). */
  analysis?: IpAnalysisOptions;
}

/** The key fields a plan reads. Taking only these keeps secrets (and anything else) out of plans by construction. */
export type PlannableKey = Pick<ApiKeyRecord, 'id' | 'name' | 'lockVersion' | 'permittedIps'>;

export function planBulkEdit(keys: readonly PlannableKey[], op: BulkOperation, options: PlanOptions = {}): BulkPlan {
  const operationProblems = validateOperation(op);
  const items = keys.map((key) => planKey(key, op, options, operationProblems));
  return { operation: op, operationProblems, items, totals: totalsOf(items) };
}

export function totalsOf(items: readonly Pick<PlanItem, 'status'>[]): BulkPlan['totals'] {
  const totals = { changed: 0, unchanged: 0, blocked: 0 };
  for (const item of items) totals[item.status]++;
  return totals;
}

/** Plans one key. Exposed for conflict re-planning, which re-applies the same operation to a fresh value. */
export function planKey(key: PlannableKey, op: BulkOperation, options: PlanOptions = {}, operationProblems = validateOperation(op)): PlanItem {
  const before = isBlankIpText(key.permittedIps) ? null : key.permittedIps;
  const beforeText = before ?? '';
  const beforeAnalysis = analyzeIpList(beforeText, options.analysis);
  const base = { keyId: key.id, name: key.name, lockVersion: key.lockVersion, before };

  const blockedWithoutResult = (reasons: BulkNote[]): PlanItem => ({
    ...base,
    after: null,
    status: 'blocked',
    blockedReasons: reasons,
    warnings: [],
    needsAttention: false,
    diff: diffEntries(diffEntryLabels(beforeAnalysis), diffEntryLabels(beforeAnalysis)),
  });

  if (operationProblems.length > 0) {
    return blockedWithoutResult([{ code: 'invalid-operation', message: BULK_MESSAGES.invalidOperation(operationProblems.length) }]);
  }

  // A blank list is a valid starting point (older keys have none); any other error means we cannot tell what the
  // admin meant, so only operations that do not build on the current value (set) or that exist to repair it
  // (normalise) may touch it. Everything else waits until the list is fixed.
  const beforeErrors = before === null ? [] : findingsOfSeverity(beforeAnalysis, 'error');
  if (beforeErrors.length > 0 && op.kind !== 'set' && op.kind !== 'normalise') {
    return blockedWithoutResult([
      { code: 'before-errors', message: BULK_MESSAGES.beforeHasErrors(beforeErrors.length) },
      ...beforeErrors.map((finding) => noteFromFinding(beforeText, finding)),
    ]);
  }

  const result = applyOperationToList(beforeText, op, options.analysis);
  const after = result.after;
  const afterAnalysis = analyzeIpList(after, options.analysis);
  const warnings: BulkNote[] = [
    ...findingsOfSeverity(afterAnalysis, 'warning').map((finding) => noteFromFinding(after, finding)),
    ...result.notes,
  ];
  // Only worth saying while the key would stay without a list; once the operation fills it, it is simply fixed.
  if (before === null && isBlankIpText(after)) warnings.unshift({ code: 'before-blank', message: BULK_MESSAGES.beforeBlank() });
  const diff = diffIpAnalyses(beforeAnalysis, afterAnalysis);
  const planned = { ...base, after, warnings, diff };

  // Normalise exists to rewrite the stored text, so for it "unchanged" means the text is already canonical;
  // every other operation is about meaning, so a different spelling of the same list is not a change — unless the
  // stored text has errors (a Set list over "a; b" must still write "a, b").
  const unchanged =
    op.kind === 'normalise'
      ? after === beforeText.trim()
      : beforeErrors.length === 0 && canonicalFromAnalysis(after, afterAnalysis) === canonicalFromAnalysis(before, beforeAnalysis);
  if (unchanged) {
    return { ...planned, status: 'unchanged', blockedReasons: [], needsAttention: result.needsAttention };
  }

  const blockedReasons: BulkNote[] = [];
  if (isBlankIpText(after)) {
    blockedReasons.push({ code: 'result-empty', message: BULK_MESSAGES.resultEmpty() });
  } else {
    const afterErrors = findingsOfSeverity(afterAnalysis, 'error');
    if (afterErrors.length > 0 && beforeErrors.length > 0) {
      blockedReasons.push({ code: 'before-errors', message: BULK_MESSAGES.beforeHasUnfixableErrors(afterErrors.length) });
    }
    blockedReasons.push(...afterErrors.map((finding) => noteFromFinding(after, finding)));
  }
  if (blockedReasons.length > 0) {
    return { ...planned, status: 'blocked', blockedReasons, needsAttention: false };
  }
  return { ...planned, status: 'changed', blockedReasons: [], needsAttention: false };
}
