/**
 * Every user-visible string of bulk editing, in one table, so wording is reviewed in one place. The words live
 * in public/_locales (keys `engineBulk…`); this module only chooses the message and its substitutions.
 * Messages say what happened and what to do.
 */
import { msg, plural, type MessageKey } from '../i18n/index';

type InputKind = 'add' | 'remove' | 'set' | 'from' | 'to';

const INPUT_LABEL_KEYS: Readonly<Record<InputKind, MessageKey>> = {
  add: 'engineBulkInputLabelAdd',
  remove: 'engineBulkInputLabelRemove',
  set: 'engineBulkInputLabelSet',
  from: 'engineBulkInputLabelFrom',
  to: 'engineBulkInputLabelTo',
};

/** `a, b, c` or `a, b, c and 2 more`: long lists of entries are cut so a note stays one line. */
function firstFew(texts: readonly string[], limit = 3): string {
  const shown = texts.slice(0, limit).join(', ');
  const more = texts.length - limit;
  return more > 0 ? shown + plural('engineAndMore', more) : shown;
}

export const BULK_MESSAGES = {
  // --- operation inputs ----------------------------------------------------------------------------
  addNothing: () => msg('engineBulkAddNothing'),
  removeNothing: () => msg('engineBulkRemoveNothing'),
  setNothing: () => msg('engineBulkSetNothing'),
  replaceFromMissing: () => msg('engineBulkReplaceFromMissing'),
  replaceToMissing: () => msg('engineBulkReplaceToMissing'),
  replaceOneEntry: (which: 'from' | 'to') => msg(which === 'from' ? 'engineBulkReplaceOneEntryFrom' : 'engineBulkReplaceOneEntryTo'),
  replaceSame: (entry: string) => msg('engineBulkReplaceSame', entry),
  inputError: (label: string, message: string) => msg('engineBulkInputError', label, message),
  inputLabel: (kind: InputKind) => msg(INPUT_LABEL_KEYS[kind]),

  // --- planning ------------------------------------------------------------------------------------
  invalidOperation: (count: number) => plural('engineBulkInvalidOperation', count),
  beforeHasErrors: (count: number) => plural('engineBulkBeforeHasErrors', count),
  beforeHasUnfixableErrors: (count: number) => plural('engineBulkBeforeHasUnfixableErrors', count),
  resultEmpty: () => msg('engineBulkResultEmpty'),
  resultError: (message: string) => msg('engineBulkResultError', message),
  beforeBlank: () => msg('engineBulkBeforeBlank'),
  replaceInsideBlock: (from: string, block: string) => msg('engineBulkReplaceInsideBlock', from, block),
  replaceStillAllowed: (from: string, entries: readonly string[]) => msg('engineBulkReplaceStillAllowed', from, firstFew(entries)),
  // Plural on the number of entries so a locale can agree the verb with one entry or several.
  replaceOverlaps: (from: string, entries: readonly string[]) => plural('engineBulkReplaceOverlaps', entries.length, firstFew(entries), from),

  // --- apply ---------------------------------------------------------------------------------------
  skippedUnchanged: () => msg('engineBulkSkippedUnchanged'),
  conflict: (message: string) => msg('engineBulkConflict', message),
  changedElsewhere: (current: string) => (current ? msg('engineBulkChangedElsewhere', current) : msg('engineBulkChangedElsewhereBlank')),
  refused: (message: string) => msg('engineBulkRefused', message),
  failed: (message: string) => msg('engineBulkFailed', message),
  alreadyApplied: () => msg('engineBulkAlreadyApplied'),
  nowUnchanged: () => msg('engineBulkNowUnchanged'),
  missingNow: () => msg('engineBulkMissingNow'),
  stillUnconfirmed: () => msg('engineBulkStillUnconfirmed'),
  serviceNoAnswer: () => msg('engineBulkServiceNoAnswer'),

  // --- undo ----------------------------------------------------------------------------------------
  undoChangedSince: (current: string) => (current ? msg('engineBulkUndoChangedSince', current) : msg('engineBulkUndoChangedSinceBlank')),
  undoBlankBefore: () => msg('engineBulkUndoBlankBefore'),
  undoNotSaved: () => msg('engineBulkUndoNotSaved'),
  undoFailed: (message: string) => msg('engineBulkUndoFailed', message),

  // --- descriptions (activity log, headings) -------------------------------------------------------
  describeAdd: (entries: string) => msg('engineBulkDescribeAdd', entries),
  describeRemoveExact: (entries: string) => msg('engineBulkDescribeRemoveExact', entries),
  describeRemoveCovered: (entries: string) => msg('engineBulkDescribeRemoveCovered', entries),
  describeReplace: (from: string, to: string) => msg('engineBulkDescribeReplace', from, to),
  describeSet: (list: string) => msg('engineBulkDescribeSet', list),
  describeNormalise: (aggregate: boolean) => msg(aggregate ? 'engineBulkDescribeNormaliseMerge' : 'engineBulkDescribeNormalise'),
} as const;
