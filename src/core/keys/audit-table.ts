/**
 * Filtering and sorting of audit rows for the audit table (pure, O(n log n), so 5,000 rows re-sort per click).
 */
import type { UserStatus } from './model';
import { SEVERITY_RANK, type KeyAuditRow, type Severity } from './audit';

export interface AuditFilter {
  /** Rows with at least one finding of one of these severities; `none` selects rows without findings. */
  severities?: ReadonlyArray<Severity | 'none'>;
  /** Rows with at least one of these codes. */
  codes?: readonly string[];
  /** Rows whose key acts as one of these users. */
  userIds?: readonly number[];
  /** Case-insensitive substring of the name, user name, IP text or summary, or a finding code. */
  text?: string;
  /** Only these keys (e.g. the ones an expiry reminder was about). */
  keyIds?: readonly number[];
}

/**
 * Criteria combine with AND; the values inside one criterion with OR. An absent or EMPTY criterion does not
 * filter: a chip group with nothing selected shows everything, as admins expect.
 */
export function filterAuditRows(rows: readonly KeyAuditRow[], filter: AuditFilter): KeyAuditRow[] {
  const severities = filter.severities && filter.severities.length > 0 ? new Set(filter.severities) : null;
  const codes = filter.codes && filter.codes.length > 0 ? new Set(filter.codes) : null;
  const userIds = filter.userIds && filter.userIds.length > 0 ? new Set(filter.userIds) : null;
  const needle = filter.text?.trim().toLowerCase() ?? '';
  const keyIds = filter.keyIds && filter.keyIds.length > 0 ? new Set(filter.keyIds) : null;

  return rows.filter((row) => {
    if (keyIds && !keyIds.has(row.keyId)) return false;
    if (severities && !(row.findings.length === 0 ? severities.has('none') : row.findings.some((f) => severities.has(f.severity)))) return false;
    if (codes && !row.findings.some((f) => codes.has(f.code))) return false;
    if (userIds && (row.userId === null || !userIds.has(row.userId))) return false;
    if (needle !== '') {
      const haystack = [row.name, row.userName ?? '', row.permittedIps ?? '', row.ipSummary, ...row.findings.map((f) => f.code)];
      if (!haystack.some((field) => field.toLowerCase().includes(needle))) return false;
    }
    return true;
  });
}

export type AuditSortColumn = 'name' | 'user' | 'userStatus' | 'validFrom' | 'until' | 'daysLeft' | 'ip' | 'severity';
export type SortDirection = 'asc' | 'desc';

/** Ascending order of statuses: from fine to worst, so a descending sort puts broken keys first. */
const USER_STATUS_RANK: Readonly<Record<UserStatus, number>> = Object.freeze({
  ok: 0,
  unknown: 1,
  'no-edition': 2,
  'login-disabled': 3,
  deleted: 4,
});

// Numeric collation so "Key 9" sorts before "Key 10"; base sensitivity ignores case and accents.
const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

type SortValue = string | number | null;

/** The value a column sorts by; null sorts last in either direction. */
function sortValue(row: KeyAuditRow, column: AuditSortColumn): SortValue {
  switch (column) {
    case 'name':
      return row.name.trim() === '' ? null : row.name;
    case 'user':
      return row.userName ?? (row.userId === null ? null : `user ${row.userId}`);
    case 'userStatus':
      return USER_STATUS_RANK[row.userStatus];
    case 'validFrom':
      return row.validFrom; // YYYY-MM-DD compares correctly as text
    case 'until':
      return row.until;
    case 'daysLeft':
      return row.daysLeft;
    case 'ip':
      return row.permittedIps;
    case 'severity':
      // error > warning > info > none: a key without findings is the lowest value, not a missing one.
      return row.worstSeverity === null ? 0 : SEVERITY_RANK[row.worstSeverity];
  }
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** A new array sorted by one column; stable (ties keep their current order), nulls last in both directions. */
export function sortAuditRows(rows: readonly KeyAuditRow[], column: AuditSortColumn, direction: SortDirection): KeyAuditRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  // Decorate once: the comparator then runs ~n log n times on precomputed values.
  const decorated = rows.map((row, index) => ({ row, index, value: sortValue(row, column) }));
  decorated.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === null && b.value === null) return a.index - b.index;
      return a.value === null ? 1 : -1;
    }
    return sign * compareValues(a.value, b.value) || a.index - b.index;
  });
  return decorated.map(({ row }) => row);
}
