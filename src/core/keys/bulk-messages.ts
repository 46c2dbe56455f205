/**
 * Every user-visible string of bulk editing, in one table (en-GB), so wording is reviewed in one place and the
 * i18n layer has one thing to wrap. Messages say what happened and what to do.
 */

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

function firstFew(texts: readonly string[], limit = 3): string {
  if (texts.length <= limit) return texts.join(', ');
  return `${texts.slice(0, limit).join(', ')} and ${plural(texts.length - limit, 'more', 'more')}`;
}

export const BULK_MESSAGES = {
  // --- operation inputs ----------------------------------------------------------------------------
  addNothing: () => 'Enter at least one address or block to add.',
  removeNothing: () => 'Enter at least one address or block to remove.',
  setNothing: () => 'Enter the new list: at least one address is mandatory.',
  replaceFromMissing: () => 'Enter the address or block to replace.',
  replaceToMissing: () => 'Enter the address or block to put in its place.',
  replaceOneEntry: (which: 'from' | 'to') =>
    `Replace one entry at a time: enter a single address or block in “${which === 'from' ? 'Replace' : 'With'}”.`,
  replaceSame: (entry: string) => `${entry} would be replaced by itself: enter a different address or block.`,
  inputError: (label: string, message: string) => `${label}: ${message}`,
  inputLabel: (kind: 'add' | 'remove' | 'set' | 'from' | 'to') =>
    ({ add: 'Add', remove: 'Remove', set: 'New list', from: 'Replace', to: 'With' })[kind],

  // --- planning ------------------------------------------------------------------------------------
  invalidOperation: (count: number) =>
    `The bulk edit itself has ${plural(count, 'problem', 'problems')}: correct it before applying.`,
  beforeHasErrors: (count: number) =>
    `This key’s current list has ${plural(count, 'error', 'errors')}: fix it first, use Normalise, or use Set list.`,
  beforeHasUnfixableErrors: (count: number) =>
    `This key’s current list has ${plural(count, 'error', 'errors')} that cannot be fixed automatically: fix it by hand or use Set list.`,
  resultEmpty: () => 'The result would be empty: at least one address is mandatory, so this key is left as it is.',
  resultError: (message: string) => `The new list would have an error: ${message}`,
  beforeBlank: () => 'This key has no IP list yet: the service will refuse to save it until it has at least one address.',
  replaceInsideBlock: (from: string, block: string) =>
    `${from} is inside ${block}, which cannot simply be replaced; remove or split the block.`,
  replaceStillAllowed: (from: string, entries: readonly string[]) =>
    `${from} is still allowed after the replacement, by ${firstFew(entries)}.`,
  replaceOverlaps: (from: string, entries: readonly string[]) =>
    `${firstFew(entries)} overlap ${from} but are not the same entry, so they were left as they are.`,

  // --- apply ---------------------------------------------------------------------------------------
  skippedUnchanged: () => 'Unchanged: nothing to save.',
  conflict: (message: string) => `Changed elsewhere since it was read: ${message}`,
  changedElsewhere: (current: string) =>
    `Changed elsewhere since it was read (its list is now ${current || 'blank'}): review the new result before retrying.`,
  refused: (message: string) => `The service refused the new value: ${message}`,
  failed: (message: string) => `Not saved: ${message}`,
  alreadyApplied: () => 'Already has the intended value (an earlier save went through).',
  nowUnchanged: () => 'Its current value needs no change any more.',
  missingNow: () => 'The key can no longer be read (deleted, or no permission): it was left alone.',
  stillUnconfirmed: () => 'The outcome of the last save is not known yet: re-read the key before going on.',

  // --- undo ----------------------------------------------------------------------------------------
  undoChangedSince: (current: string) =>
    `Changed since the bulk edit (now ${current || 'blank'}): left as it is.`,
  undoBlankBefore: () =>
    'This key had no IP list before the bulk edit; the service requires at least one address, so it cannot be restored to blank. Edit it by hand if needed.',
  undoNotSaved: () => 'Never saved by this bulk edit: nothing to undo.',
  undoFailed: (message: string) => `Not restored: ${message}`,

  // --- descriptions (activity log, headings) -------------------------------------------------------
  describeAdd: (entries: string) => `Add ${entries}`,
  describeRemoveExact: (entries: string) => `Remove ${entries}`,
  describeRemoveCovered: (entries: string) => `Remove everything inside ${entries}`,
  describeReplace: (from: string, to: string) => `Replace ${from} with ${to}`,
  describeSet: (list: string) => `Set the list to ${list}`,
  describeNormalise: (aggregate: boolean) => (aggregate ? 'Normalise and merge blocks' : 'Normalise'),
} as const;
