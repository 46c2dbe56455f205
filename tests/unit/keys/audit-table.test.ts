import { describe, expect, it } from 'vitest';
import type { AuditFinding, KeyAuditRow, Severity } from '../../../src/core/keys/audit';
import { filterAuditRows, sortAuditRows, type AuditSortColumn } from '../../../src/core/keys/audit-table';

function f(code: string, severity: Severity): AuditFinding {
  return { code: code as AuditFinding['code'], severity, source: 'key', message: `${code} message` };
}

function row(keyId: number, overrides: Partial<KeyAuditRow> = {}): KeyAuditRow {
  const findings = overrides.findings ?? [];
  const worst = findings.some((x) => x.severity === 'error')
    ? 'error'
    : findings.some((x) => x.severity === 'warning')
      ? 'warning'
      : findings.length > 0
        ? 'info'
        : null;
  return {
    keyId,
    name: `Key ${keyId}`,
    userId: 1,
    userName: 'Ada Admin',
    userStatus: 'ok',
    validFrom: null,
    until: null,
    daysLeft: null,
    permittedIps: null,
    ipSummary: 'No restriction',
    findings,
    worstSeverity: worst,
    ...overrides,
  };
}

const ROWS: KeyAuditRow[] = [
  row(1, { name: 'Zapier', userId: 1, userName: 'Ada Admin', permittedIps: '81.2.69.160', ipSummary: '1 entry', findings: [f('private', 'warning'), f('capabilities-unrestricted', 'info')] }),
  row(2, { name: 'billing', userId: 2, userName: 'Ben Builder', permittedIps: '10.0.0.0/8', ipSummary: '1 entry', findings: [f('user-login-disabled', 'error')] }),
  row(3, { name: 'Reports', userId: 3, userName: null, findings: [] }),
  row(4, { name: 'Key 10', userId: null, userName: null, findings: [f('user-deleted', 'error'), f('no-until', 'warning')] }),
  row(5, { name: 'key 9', userId: 2, userName: 'Ben Builder', findings: [f('capabilities-unrestricted', 'info')] }),
];

const ids = (rows: KeyAuditRow[]) => rows.map((r) => r.keyId);

describe('filterAuditRows', () => {
  it('without criteria (or with empty ones) keeps every row', () => {
    expect(ids(filterAuditRows(ROWS, {}))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(filterAuditRows(ROWS, { severities: [], codes: [], userIds: [], text: '  ' }))).toEqual([1, 2, 3, 4, 5]);
  });

  it('by severity: rows with at least one finding of a chosen severity; none = no findings', () => {
    expect(ids(filterAuditRows(ROWS, { severities: ['error'] }))).toEqual([2, 4]);
    expect(ids(filterAuditRows(ROWS, { severities: ['info'] }))).toEqual([1, 5]);
    expect(ids(filterAuditRows(ROWS, { severities: ['warning', 'info'] }))).toEqual([1, 4, 5]);
    expect(ids(filterAuditRows(ROWS, { severities: ['none'] }))).toEqual([3]);
  });

  it('by code', () => {
    expect(ids(filterAuditRows(ROWS, { codes: ['capabilities-unrestricted'] }))).toEqual([1, 5]);
    expect(ids(filterAuditRows(ROWS, { codes: ['no-until', 'private'] }))).toEqual([1, 4]);
    expect(ids(filterAuditRows(ROWS, { codes: ['expired'] }))).toEqual([]);
  });

  it('by user, never matching a key without a user', () => {
    expect(ids(filterAuditRows(ROWS, { userIds: [2] }))).toEqual([2, 5]);
    expect(ids(filterAuditRows(ROWS, { userIds: [1, 3] }))).toEqual([1, 3]);
  });

  it('by text: name, user name, IP text, IP summary and code, ignoring case', () => {
    expect(ids(filterAuditRows(ROWS, { text: 'ZAPIER' }))).toEqual([1]);
    expect(ids(filterAuditRows(ROWS, { text: 'builder' }))).toEqual([2, 5]);
    expect(ids(filterAuditRows(ROWS, { text: '10.0.0' }))).toEqual([2]);
    expect(ids(filterAuditRows(ROWS, { text: 'no-until' }))).toEqual([4]);
    expect(ids(filterAuditRows(ROWS, { text: ' no restriction ' }))).toEqual([3, 4, 5]);
    expect(ids(filterAuditRows(ROWS, { text: 'message' }))).toEqual([]); // messages are not searched
  });

  it('combines criteria with AND', () => {
    expect(ids(filterAuditRows(ROWS, { severities: ['info'], userIds: [2] }))).toEqual([5]);
    expect(ids(filterAuditRows(ROWS, { severities: ['error', 'info'], codes: ['capabilities-unrestricted'], text: 'zap' }))).toEqual([1]);
    expect(ids(filterAuditRows(ROWS, { severities: ['error'], userIds: [1] }))).toEqual([]);
  });

  it('does not modify its input', () => {
    const copy = [...ROWS];
    filterAuditRows(ROWS, { severities: ['error'] });
    expect(ROWS).toEqual(copy);
  });
});

describe('sortAuditRows', () => {
  const dated: KeyAuditRow[] = [
    row(1, { until: '2027-06-01', daysLeft: 30, validFrom: '2027-01-01' }),
    row(2, { until: null, daysLeft: null, validFrom: null }),
    row(3, { until: '2027-05-01', daysLeft: -1, validFrom: '2027-03-01' }),
    row(4, { until: '2027-06-01', daysLeft: 30, validFrom: null }),
    row(5, { until: null, daysLeft: null, validFrom: '2026-12-31' }),
  ];

  it.each([
    ['until', 'asc', [3, 1, 4, 2, 5]],
    ['until', 'desc', [1, 4, 3, 2, 5]],
    ['daysLeft', 'asc', [3, 1, 4, 2, 5]],
    ['daysLeft', 'desc', [1, 4, 3, 2, 5]],
    ['validFrom', 'asc', [5, 1, 3, 2, 4]],
    ['validFrom', 'desc', [3, 1, 5, 2, 4]],
  ] as const)('%s %s: nulls last, ties in their current order', (column, direction, expected) => {
    expect(ids(sortAuditRows(dated, column, direction))).toEqual(expected);
  });

  it('sorts names case-insensitively with numbers in numeric order', () => {
    expect(ids(sortAuditRows(ROWS, 'name', 'asc'))).toEqual([2, 5, 4, 3, 1]);
    expect(ids(sortAuditRows(ROWS, 'name', 'desc'))).toEqual([1, 3, 4, 5, 2]);
  });

  it('sorts users by name, keys without a known user name by id, keys without a user last', () => {
    expect(ids(sortAuditRows(ROWS, 'user', 'asc'))).toEqual([1, 2, 5, 3, 4]);
    expect(ids(sortAuditRows(ROWS, 'user', 'desc'))).toEqual([3, 2, 5, 1, 4]);
  });

  it('sorts user status from ok to deleted', () => {
    const statuses: KeyAuditRow[] = [
      row(1, { userStatus: 'deleted' }),
      row(2, { userStatus: 'ok' }),
      row(3, { userStatus: 'login-disabled' }),
      row(4, { userStatus: 'unknown' }),
      row(5, { userStatus: 'no-edition' }),
    ];
    expect(ids(sortAuditRows(statuses, 'userStatus', 'asc'))).toEqual([2, 4, 5, 3, 1]);
    expect(ids(sortAuditRows(statuses, 'userStatus', 'desc'))).toEqual([1, 3, 5, 4, 2]);
  });

  it('sorts by worst severity: error > warning > info > none, stable within a severity', () => {
    const rows = [
      row(1, { findings: [f('a', 'info')] }),
      row(2, { findings: [] }),
      row(3, { findings: [f('a', 'error')] }),
      row(4, { findings: [f('a', 'warning'), f('b', 'info')] }),
      row(5, { findings: [f('a', 'error'), f('b', 'info')] }),
    ];
    expect(ids(sortAuditRows(rows, 'severity', 'desc'))).toEqual([3, 5, 4, 1, 2]);
    expect(ids(sortAuditRows(rows, 'severity', 'asc'))).toEqual([2, 1, 4, 3, 5]);
  });

  it('sorts IP text with blank lists last', () => {
    const rows = [row(1, { permittedIps: '81.2.69.160' }), row(2, { permittedIps: null }), row(3, { permittedIps: '10.0.0.1' })];
    expect(ids(sortAuditRows(rows, 'ip', 'asc'))).toEqual([3, 1, 2]);
    expect(ids(sortAuditRows(rows, 'ip', 'desc'))).toEqual([1, 3, 2]);
  });

  it('is stable: sorting an already-sorted list by another column keeps ties in the previous order', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1, { daysLeft: i % 3 === 0 ? null : i % 4, name: `K${i % 5}` }));
    const byName = sortAuditRows(rows, 'name', 'asc');
    const thenDays = sortAuditRows(byName, 'daysLeft', 'asc');
    for (let i = 1; i < thenDays.length; i++) {
      const a = thenDays[i - 1] as KeyAuditRow;
      const b = thenDays[i] as KeyAuditRow;
      if (a.daysLeft === b.daysLeft) expect(byName.indexOf(a)).toBeLessThan(byName.indexOf(b));
      if (a.daysLeft === null) expect(b.daysLeft).toBeNull();
    }
  });

  it('returns a new array and leaves the input alone', () => {
    const copy = [...ROWS];
    const sorted = sortAuditRows(ROWS, 'name', 'asc');
    expect(sorted).not.toBe(ROWS);
    expect(ROWS).toEqual(copy);
  });

  it('accepts every column', () => {
    const columns: AuditSortColumn[] = ['name', 'user', 'userStatus', 'validFrom', 'until', 'daysLeft', 'ip', 'severity'];
    for (const column of columns) expect(sortAuditRows(ROWS, column, 'asc')).toHaveLength(ROWS.length);
  });
});

describe('filter by key ids (expiry reminders)', () => {
  it('keeps only the listed keys, combined with the other criteria', async () => {
    const { filterAuditRows } = await import('../../../src/core/keys/audit-table');
    const row = (keyId: number, text: string): KeyAuditRow => ({ keyId, name: text, userId: 1, userName: 'u', userStatus: 'ok', validFrom: null, until: null, daysLeft: null, permittedIps: null, ipSummary: '', findings: [], worstSeverity: null });
    const rows = [row(1, 'alpha'), row(2, 'beta'), row(3, 'alphabet')];
    expect(filterAuditRows(rows, { keyIds: [1, 2] }).map((r) => r.keyId)).toEqual([1, 2]);
    expect(filterAuditRows(rows, { keyIds: [1, 2], text: 'alpha' }).map((r) => r.keyId)).toEqual([1]);
    expect(filterAuditRows(rows, { keyIds: [] }).map((r) => r.keyId)).toEqual([1, 2, 3]);
  });
});
