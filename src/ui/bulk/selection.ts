/**
 * The tab's selection query as the admin edits it (a draft of strings), and its translation into the core's
 * SelectionQuery. Kept apart from the component so the rules (what each kind needs, how it reads in words) are
 * testable without rendering.
 */
import { t, tPlural } from '../../platform/i18n';
import { selectKeys, validateSelectionQuery, type SelectionQuery } from '../../core/keys/bulk-select';
import type { ApiKeyRecord } from '../../core/keys/model';
import { formatCount } from './bulk-text';

export type QueryKind = 'audit' | 'contains' | 'covers' | 'user' | 'finding';

export interface QueryDraft {
  kind: QueryKind;
  address: string;
  exactEntry: boolean;
  range: string;
  whole: boolean;
  /** '' nothing chosen, 'none' keys without a user, otherwise a user id. */
  user: string;
  finding: string;
}

export const EMPTY_DRAFT: QueryDraft = { kind: 'contains', address: '', exactEntry: false, range: '', whole: false, user: '', finding: '' };

export interface SelectionContext {
  /** Ids sent from the audit table. */
  auditIds: readonly number[] | null;
  /** Finding codes per key, once the findings were loaded. */
  findingsByKey: ReadonlyMap<number, readonly string[]> | null;
}

/** The core query for a draft, or null while the draft is incomplete. */
export function queryOf(draft: QueryDraft, context: SelectionContext): SelectionQuery | null {
  switch (draft.kind) {
    case 'audit':
      return context.auditIds ? { kind: 'ids', ids: context.auditIds } : null;
    case 'contains':
      return draft.address.trim() === '' ? null : { kind: 'contains', address: draft.address.trim(), exactEntry: draft.exactEntry };
    case 'covers':
      return draft.range.trim() === '' ? null : { kind: 'covers', range: draft.range.trim(), whole: draft.whole };
    case 'user':
      if (draft.user === '') return null;
      return { kind: 'user', userId: draft.user === 'none' ? null : Number(draft.user) };
    case 'finding':
      return draft.finding === '' || !context.findingsByKey ? null : { kind: 'finding', code: draft.finding, findingsByKey: context.findingsByKey };
  }
}

/** A problem with the draft's address or range, in the engine's words; null when it reads (or is empty). */
export function draftProblem(draft: QueryDraft, context: SelectionContext): string | null {
  const query = queryOf(draft, context);
  if (!query) return null;
  return validateSelectionQuery(query)[0]?.message ?? null;
}

export interface UserOption {
  value: string;
  label: string;
  keys: number;
}

/** The users the loaded keys act as, by name, with how many keys each; keys without a user last. */
export function userOptions(keys: readonly ApiKeyRecord[]): UserOption[] {
  const byUser = new Map<number, { name: string | null; keys: number }>();
  let withoutUser = 0;
  for (const key of keys) {
    if (key.accessAsUserId === null) {
      withoutUser++;
      continue;
    }
    const entry = byUser.get(key.accessAsUserId) ?? { name: key.accessAsUserName, keys: 0 };
    entry.keys++;
    entry.name ??= key.accessAsUserName;
    byUser.set(key.accessAsUserId, entry);
  }
  const options = [...byUser].map(([id, entry]) => ({ value: String(id), label: entry.name ?? `#${id}`, keys: entry.keys }));
  options.sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { sensitivity: 'base' }) || Number(a.value) - Number(b.value));
  if (withoutUser > 0) options.push({ value: 'none', label: t('bulkQueryNoUser'), keys: withoutUser });
  return options;
}

export interface FindingOption {
  code: string;
  keys: number;
}

export function findingOptions(findingsByKey: ReadonlyMap<number, readonly string[]>): FindingOption[] {
  const counts = new Map<string, number>();
  for (const codes of findingsByKey.values()) for (const code of new Set(codes)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, keys]) => ({ code, keys })).sort((a, b) => b.keys - a.keys || a.code.localeCompare(b.code));
}

/** How the keys were chosen, in words: shown above the list and stored in the journal. */
export function describeDraft(draft: QueryDraft, users: readonly UserOption[]): string {
  switch (draft.kind) {
    case 'audit':
      return t('bulkSelectionFromAudit');
    case 'contains':
      return draft.exactEntry ? t('bulkSelectionContainsExact', draft.address.trim()) : t('bulkSelectionContains', draft.address.trim());
    case 'covers':
      return draft.whole ? t('bulkSelectionCoversWhole', draft.range.trim()) : t('bulkSelectionCovers', draft.range.trim());
    case 'user':
      return t('bulkSelectionUser', users.find((option) => option.value === draft.user)?.label ?? draft.user);
    case 'finding':
      return t('bulkSelectionFinding', draft.finding);
  }
}

export interface Selection {
  /** Matching key ids, in the order of the loaded keys. */
  ids: number[];
  description: string;
  /** Ids asked for that no loaded key has (deleted since the audit, for instance). */
  missing: number;
}

export function runSelection(keys: readonly ApiKeyRecord[], draft: QueryDraft, context: SelectionContext, users: readonly UserOption[]): Selection | null {
  const query = queryOf(draft, context);
  if (!query || validateSelectionQuery(query).length > 0) return null;
  const ids = selectKeys(keys, query).map((key) => key.id);
  const missing = query.kind === 'ids' ? new Set(query.ids).size - ids.length : 0;
  return { ids, description: describeDraft(draft, users), missing };
}

export function selectedCountText(selected: number, matched: number): string {
  return tPlural('bulkSelectedCount', matched, [formatCount(selected)]);
}
