/**
 * Selecting the keys a bulk edit applies to, by query. Selection only reads: keys whose lists have errors are
 * still selected by their readable entries, so the preview can show them blocked rather than silently missing.
 */
import { listContains, parseIpEntry } from '../ip';
import type { ApiKeyRecord } from './model';

export type SelectionQuery =
  /** Exactly these keys (checkboxes in the audit table, "select all filtered"). */
  | { kind: 'ids'; ids: ReadonlyArray<number> | ReadonlySet<number> }
  /**
   * Keys whose list lets `address` in (an address, block or range), by an equal entry or inside a larger one —
   * so that a replace can flag the keys where it sits inside a block. `exactEntry`: only keys with an equal entry.
   */
  | { kind: 'contains'; address: string; exactEntry?: boolean }
  /**
   * Keys whose list allows any address of `range` (an entry inside it, overlapping it or containing it): the keys
   * a "remove everything inside" or a range migration touches or must be looked at. `whole`: only keys whose list
   * allows every address of the range.
   */
  | { kind: 'covers'; range: string; whole?: boolean }
  /** Keys acting as this user (null: keys with no user). */
  | { kind: 'user'; userId: number | null }
  /** Keys with an audit finding of this code. */
  | { kind: 'finding'; code: string; findingsByKey: ReadonlyMap<number, readonly string[]> };

export type SelectionProblem = { field: 'address' | 'range'; message: string };

/** Problems with the query's own input (an address or range that cannot be read); empty when it can run. */
export function validateSelectionQuery(query: SelectionQuery): SelectionProblem[] {
  if (query.kind !== 'contains' && query.kind !== 'covers') return [];
  const text = query.kind === 'contains' ? query.address : query.range;
  const parsed = parseIpEntry(text);
  return parsed.ok ? [] : [{ field: query.kind === 'contains' ? 'address' : 'range', message: parsed.message }];
}

/** The keys matching `query`, in their original order. A query whose address cannot be read matches nothing. */
export function selectKeys<K extends Pick<ApiKeyRecord, 'id' | 'permittedIps' | 'accessAsUserId'>>(keys: readonly K[], query: SelectionQuery): K[] {
  return keys.filter(matcherFor(query));
}

function matcherFor(query: SelectionQuery): (key: Pick<ApiKeyRecord, 'id' | 'permittedIps' | 'accessAsUserId'>) => boolean {
  switch (query.kind) {
    case 'ids': {
      const ids = new Set(query.ids);
      return (key) => ids.has(key.id);
    }
    case 'contains': {
      const mode = query.exactEntry ? 'contains' : 'covers';
      return (key) => key.permittedIps !== null && listContains(key.permittedIps, query.address, mode);
    }
    case 'covers': {
      const mode = query.whole ? 'covers' : 'overlaps';
      return (key) => key.permittedIps !== null && listContains(key.permittedIps, query.range, mode);
    }
    case 'user':
      return (key) => key.accessAsUserId === query.userId;
    case 'finding':
      return (key) => query.findingsByKey.get(key.id)?.includes(query.code) ?? false;
  }
}
