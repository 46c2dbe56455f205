import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, analyzeValidity } from '../../../src/core/dates';
import { analyzeIpList } from '../../../src/core/ip';
import {
  AUDIT_RULE_SEVERITY,
  DEFAULT_AUDIT_THRESHOLDS,
  auditKeys,
  summarizeAudit,
  userLookupFromStatuses,
  userStatus,
  type AuditInput,
  type AuditThresholds,
  type KeyAuditRow,
  type UserLookupSets,
} from '../../../src/core/keys/audit';
import type { ApiKeyRecord, UserRecord } from '../../../src/core/keys/model';

const TODAY = '2027-05-02';
const PUBLIC_IP = '81.2.69.160';

function key(id: number, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id,
    lockVersion: 1,
    name: `Key ${id}`,
    description: '',
    accessAsUserId: 1,
    accessAsUserName: null,
    validFrom: null,
    until: addDays(TODAY, 60),
    permittedIps: PUBLIC_IP,
    capabilities: 'read',
    secret: null,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  };
}

function user(id: number, overrides: Partial<UserRecord> = {}): UserRecord {
  return { id, name: `User ${id}`, email: `u${id}@example.com`, loginEnabled: true, edition: 'Workbooks CRM', ...overrides };
}

const USERS = new Map<number, UserRecord>(
  [
    user(1, { name: 'Ada Admin' }),
    user(2, { loginEnabled: false }),
    user(3, { edition: 'No Edition (login denied)' }),
    user(4, { loginEnabled: false, edition: 'No Edition (login denied)' }),
    user(5, { edition: '  no edition (LOGIN DENIED) ' }),
    user(6, { edition: 'No Edition' }),
    user(7, { edition: null }),
    user(8, { edition: 'Workbooks Marketing' }),
  ].map((u) => [u.id, u]),
);

const LOOKUP: UserLookupSets = { missing: new Set([90, 93]), unknown: new Set([91, 93]) };

function audit(keys: ApiKeyRecord[], settings: Partial<AuditThresholds> = {}, extra: Partial<AuditInput> = {}) {
  return auditKeys({ keys, users: USERS, userLookup: LOOKUP, today: TODAY, settings: { ...DEFAULT_AUDIT_THRESHOLDS, ...settings }, ...extra });
}

function rowOf(k: ApiKeyRecord, settings: Partial<AuditThresholds> = {}): KeyAuditRow {
  const row = audit([k], settings).rows[0];
  if (!row) throw new Error('no row');
  return row;
}

const codes = (row: KeyAuditRow | undefined) => (row?.findings ?? []).map((f) => f.code).sort();
const finding = (row: KeyAuditRow | undefined, code: string) => row?.findings.find((f) => f.code === code);

describe('a clean key', () => {
  it('has no findings, and its row carries the key, user, dates and IP summary', () => {
    const row = rowOf(key(1, { name: 'Billing sync', validFrom: TODAY }));
    expect(row.findings).toEqual([]);
    expect(row.worstSeverity).toBeNull();
    expect(row).toMatchObject({
      keyId: 1,
      name: 'Billing sync',
      userId: 1,
      userName: 'Ada Admin',
      userStatus: 'ok',
      validFrom: TODAY,
      until: addDays(TODAY, 60),
      daysLeft: 60,
      permittedIps: PUBLIC_IP,
    });
    expect(row.ipSummary).not.toBe('');
  });
});

describe('userStatus', () => {
  it.each([
    [1, 'ok'],
    [2, 'login-disabled'],
    [3, 'no-edition'],
    [4, 'login-disabled'],
    [5, 'no-edition'],
    [6, 'ok'],
    [7, 'ok'],
    [8, 'ok'],
  ] as const)('user %i → %s', (id, status) => {
    expect(userStatus(id, USERS.get(id), LOOKUP)).toBe(status);
  });

  it('is deleted when a successful read did not return the user, or the key has no user', () => {
    expect(userStatus(90, undefined, LOOKUP)).toBe('deleted');
    expect(userStatus(null, undefined, LOOKUP)).toBe('deleted');
  });

  it('is unknown, never ok, when the user could not be checked or was never asked about', () => {
    expect(userStatus(91, undefined, LOOKUP)).toBe('unknown');
    expect(userStatus(92, undefined, LOOKUP)).toBe('unknown');
    expect(userStatus(93, undefined, LOOKUP)).toBe('unknown'); // one failed read leaves deletion unproven
  });

  it('trusts a user that was read even if another read of it failed', () => {
    expect(userStatus(1, USERS.get(1), { missing: new Set(), unknown: new Set([1]) })).toBe('ok');
  });

  it('userLookupFromStatuses turns repository statuses into the sets', () => {
    const sets = userLookupFromStatuses(new Map([[1, 'ok'], [2, 'deleted'], [3, 'unknown'], [4, 'login-disabled']] as const));
    expect([...sets.missing]).toEqual([2]);
    expect([...sets.unknown]).toEqual([3]);
  });
});

describe('user rules', () => {
  it('user-login-disabled: an error for a user whose login is disabled, not for others', () => {
    const row = rowOf(key(1, { accessAsUserId: 2 }));
    expect(finding(row, 'user-login-disabled')).toMatchObject({ severity: 'error', source: 'user' });
    expect(finding(row, 'user-login-disabled')?.message).toContain('User 2 (user 2)');
    expect(finding(row, 'user-no-edition')).toBeUndefined();
    expect(row.userStatus).toBe('login-disabled');
    expect(finding(rowOf(key(1, { accessAsUserId: 1 })), 'user-login-disabled')).toBeUndefined();
  });

  it('user-no-edition: an error for "No Edition (login denied)" in any case and spacing', () => {
    for (const id of [3, 5]) {
      const row = rowOf(key(1, { accessAsUserId: id }));
      expect(codes(row)).toEqual(['user-no-edition']);
      expect(finding(row, 'user-no-edition')).toMatchObject({ severity: 'error', source: 'user' });
    }
  });

  it('user-no-edition: not for another edition, a look-alike or a blank edition', () => {
    for (const id of [1, 6, 7, 8]) expect(finding(rowOf(key(1, { accessAsUserId: id })), 'user-no-edition')).toBeUndefined();
  });

  it('reports both when login is disabled and the edition denies login', () => {
    const row = rowOf(key(1, { accessAsUserId: 4 }));
    expect(codes(row)).toEqual(['user-login-disabled', 'user-no-edition']);
    expect(row.userStatus).toBe('login-disabled');
  });

  it('user-deleted: an error for a user the read did not return, with the key-side name when known', () => {
    const row = rowOf(key(1, { accessAsUserId: 90, accessAsUserName: 'Gone Person' }));
    expect(codes(row)).toEqual(['user-deleted']);
    expect(finding(row, 'user-deleted')).toMatchObject({ severity: 'error', source: 'user' });
    expect(finding(row, 'user-deleted')?.message).toContain('Gone Person (user 90)');
    expect(row.userName).toBe('Gone Person');
    expect(row.userStatus).toBe('deleted');
  });

  it('user-deleted: also for a key with no Access-as-User at all', () => {
    const row = rowOf(key(1, { accessAsUserId: null }));
    expect(codes(row)).toEqual(['user-deleted']);
    expect(row.userId).toBeNull();
  });

  it('user-unknown: a warning (never OK, never deleted) for a user that could not be checked', () => {
    for (const id of [91, 92, 93]) {
      const row = rowOf(key(1, { accessAsUserId: id }));
      expect(codes(row)).toEqual(['user-unknown']);
      expect(finding(row, 'user-unknown')).toMatchObject({ severity: 'warning', source: 'user' });
      expect(row.userStatus).toBe('unknown');
    }
  });

  it('a user that can log in produces no user finding', () => {
    expect(codes(rowOf(key(1, { accessAsUserId: 8 })))).toEqual([]);
  });
});

describe('dates', () => {
  it('no-until: a warning for a key without Until, and never the engine’s until-missing', () => {
    const row = rowOf(key(1, { until: null }));
    expect(codes(row)).toEqual(['no-until']);
    expect(finding(row, 'no-until')).toMatchObject({ severity: 'warning', source: 'validity' });
    expect(row.daysLeft).toBeNull();
    expect(row.findings.some((f) => f.code === 'until-missing')).toBe(false);
  });

  it('no-until: not for a key with an Until date', () => {
    expect(finding(rowOf(key(1)), 'no-until')).toBeUndefined();
  });

  it('no-until keeps the other date findings of the key', () => {
    const row = rowOf(key(1, { until: null, validFrom: addDays(TODAY, 10) }));
    expect(codes(row)).toEqual(['no-until', 'starts-in-future']);
  });

  it('an Until that could not be read is an invalid date, not a missing one', () => {
    const row = rowOf(key(1, { until: null, readProblems: ['Until: "31 Feb 2027" is not a date (There is no 31 February 2027)'] }));
    expect(codes(row)).toEqual(['invalid-date']);
    expect(finding(row, 'invalid-date')).toMatchObject({ severity: 'error', source: 'validity' });
    expect(finding(row, 'invalid-date')?.message).toContain('31 Feb 2027');
  });

  it('an unreadable Valid From is an invalid date; other read problems are unreadable-value', () => {
    const row = rowOf(key(1, { validFrom: null, readProblems: ['Valid From: "x" is not a date (…)', 'Name: not text'] }));
    expect(codes(row)).toEqual(['invalid-date', 'unreadable-value']);
    expect(finding(row, 'unreadable-value')).toMatchObject({ severity: 'error', source: 'key' });
  });

  it.each([
    ['expired (a warning for an existing key)', { until: addDays(TODAY, -1) }, 'expired', 'warning'],
    ['expires-soon within 14 days', { until: addDays(TODAY, 14) }, 'expires-soon', 'warning'],
    ['expires-soon within 30 days', { until: addDays(TODAY, 30) }, 'expires-soon', 'info'],
    ['lifetime-long over 90 days', { until: addDays(TODAY, 91) }, 'lifetime-long', 'info'],
    ['lifetime-long over 366 days', { until: addDays(TODAY, 367) }, 'lifetime-long', 'warning'],
    ['starts-in-future', { validFrom: addDays(TODAY, 5) }, 'starts-in-future', 'info'],
    ['starts-in-future beyond 30 days', { validFrom: addDays(TODAY, 31), until: addDays(TODAY, 60) }, 'starts-in-future', 'warning'],
    ['from-in-past', { validFrom: addDays(TODAY, -5) }, 'from-in-past', 'info'],
    ['until-before-from', { validFrom: addDays(TODAY, 20), until: addDays(TODAY, 10) }, 'until-before-from', 'error'],
  ] as const)('%s', (_label, overrides, code, severity) => {
    const row = rowOf(key(1, overrides));
    expect(finding(row, code)).toMatchObject({ severity, source: 'validity' });
  });

  it('reports exactly the engine’s validity findings for an existing, unedited key', () => {
    const cases: Array<Pick<ApiKeyRecord, 'validFrom' | 'until'>> = [
      { validFrom: null, until: addDays(TODAY, 60) },
      { validFrom: addDays(TODAY, -400), until: addDays(TODAY, -3) },
      { validFrom: addDays(TODAY, 45), until: addDays(TODAY, 600) },
      { validFrom: addDays(TODAY, 3), until: addDays(TODAY, 2) },
      { validFrom: null, until: TODAY },
    ];
    for (const dates of cases) {
      const row = rowOf(key(1, dates));
      const engine = analyzeValidity(dates, { today: TODAY, isNew: false, edited: false });
      const validity = row.findings.filter((f) => f.source === 'validity');
      expect(validity.map((f) => [f.code, f.severity, f.message]).sort()).toEqual(engine.findings.map((f) => [f.code, f.severity, f.message]).sort());
      expect(row.daysLeft).toBe(engine.daysLeft);
    }
  });

  it('a key that expired is negative in daysLeft; not-yet-expiring keys have no expiry finding', () => {
    expect(rowOf(key(1, { until: addDays(TODAY, -3) })).daysLeft).toBe(-3);
    expect(finding(rowOf(key(1, { until: addDays(TODAY, 31) })), 'expires-soon')).toBeUndefined();
  });

  it('takes the expiry and lifetime thresholds from the settings', () => {
    expect(finding(rowOf(key(1, { until: addDays(TODAY, 10) }), { expiryWarningDays: 3 }), 'expires-soon')?.severity).toBe('info');
    expect(finding(rowOf(key(1, { until: addDays(TODAY, 40) }), { expiryInfoDays: 45 }), 'expires-soon')?.severity).toBe('info');
    expect(finding(rowOf(key(1, { until: addDays(TODAY, 60) }), { lifetimeInfoDays: 30 }), 'lifetime-long')?.severity).toBe('info');
    expect(finding(rowOf(key(1, { until: addDays(TODAY, 60) }), { lifetimeInfoDays: 30, lifetimeWarningDays: 50 }), 'lifetime-long')?.severity).toBe('warning');
    expect(finding(rowOf(key(1, { validFrom: addDays(TODAY, 10) }), { futureStartWarningDays: 5 }), 'starts-in-future')?.severity).toBe('warning');
  });
});

describe('IP rules', () => {
  it('no-ip-restriction: an error for a blank list, and never the engine’s empty-list', () => {
    for (const permittedIps of [null, '', '   ']) {
      const row = rowOf(key(1, { permittedIps }));
      expect(codes(row)).toEqual(['no-ip-restriction']);
      expect(finding(row, 'no-ip-restriction')).toMatchObject({ severity: 'error', source: 'ip' });
      expect(row.permittedIps).toBeNull();
      expect(row.ipSummary).toBe('No restriction');
    }
  });

  it('no-ip-restriction: not for a key with addresses', () => {
    expect(finding(rowOf(key(1)), 'no-ip-restriction')).toBeUndefined();
  });

  it('a list of separators only is not blank: the engine’s findings apply', () => {
    const row = rowOf(key(1, { permittedIps: ' , ' }));
    expect(finding(row, 'no-ip-restriction')).toBeUndefined();
    const engineCodes = [...new Set(analyzeIpList(' , ').findings.map((f) => f.code))].sort();
    expect(codes(row)).toEqual(engineCodes);
    expect(engineCodes.length).toBeGreaterThan(0);
  });

  it.each([
    ['0.0.0.0/0', 'allow-all', 'error'],
    ['010.1.1.1', 'leading-zero', 'error'],
    ['10.0.0.5', 'private', 'warning'],
    ['203.0.113.7', 'documentation', 'warning'],
    ['81.2.69.160; 81.2.69.161', 'separator', 'error'],
    ['81.2.0.0/16', 'huge-range', 'warning'],
  ] as const)('reports the engine’s finding for %j', (permittedIps, code, severity) => {
    expect(finding(rowOf(key(1, { permittedIps })), code)).toMatchObject({ severity, source: 'ip' });
  });

  it('reports a code that occurs several times in one list once, with the count and the entries in detail', () => {
    const row = rowOf(key(1, { permittedIps: '10.0.0.1, 10.0.0.2, 192.168.1.0/24, 172.16.0.9, 81.2.69.160' }));
    const privates = row.findings.filter((f) => f.code === 'private');
    expect(privates).toHaveLength(1);
    expect(privates[0]?.count).toBe(4);
    expect(privates[0]?.detail).toContain('4 occurrences');
    expect(privates[0]?.detail).toContain('‘10.0.0.1’');
    expect(privates[0]?.detail).toContain('1 more');
  });

  it('for any text, reports each engine code once, with counts adding up to the engine’s findings', () => {
    const alphabet = fc.constantFrom(...'0123456789.,:/ -*abcf;'.split(''), '10.0.0.1', '::1', '0.0.0.0/0', '192.168.0.0/16');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
        const row = rowOf(key(1, { permittedIps: text }));
        const ip = row.findings.filter((f) => f.source === 'ip');
        if (text.trim() === '') {
          expect(ip.map((f) => f.code)).toEqual(['no-ip-restriction']);
          return;
        }
        const engine = analyzeIpList(text, { hugeRangeIpv4Prefix: 16, hugeRangeIpv6Prefix: 48 }).findings;
        expect(ip.map((f) => f.code).sort()).toEqual([...new Set(engine.map((f) => f.code))].sort());
        expect(ip.reduce((sum, f) => sum + (f.count ?? 0), 0)).toBe(engine.length);
        for (const f of ip) expect(f.severity).toBe(engine.find((e) => e.code === f.code)?.severity);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the huge-range prefixes from the settings', () => {
    expect(finding(rowOf(key(1, { permittedIps: '81.2.0.0/16' }), { hugeRangeIpv4Prefix: 8 }), 'huge-range')).toBeUndefined();
    expect(finding(rowOf(key(1, { permittedIps: '81.2.69.0/24' }), { hugeRangeIpv4Prefix: 24 }), 'huge-range')).toBeDefined();
    expect(finding(rowOf(key(1, { permittedIps: '2a00:1450::/32' }), { hugeRangeIpv6Prefix: 32 }), 'huge-range')).toBeUndefined();
    expect(finding(rowOf(key(1, { permittedIps: '2a00:1450::/32' })), 'huge-range')).toBeDefined();
  });

  it('applies allowedRanges when given, and treats an empty policy as none', () => {
    expect(finding(rowOf(key(1, { permittedIps: '82.1.1.1' }), { allowedRanges: ['81.2.0.0/16'] }), 'outside-policy')).toMatchObject({ severity: 'warning' });
    expect(finding(rowOf(key(1, { permittedIps: '81.2.69.160' }), { allowedRanges: ['81.2.0.0/16'] }), 'outside-policy')).toBeUndefined();
    expect(finding(rowOf(key(1, { permittedIps: '82.1.1.1' }), { allowedRanges: [] }), 'outside-policy')).toBeUndefined();
  });

  it('rows with the same IP text do not share finding objects', () => {
    const { rows } = audit([key(1, { permittedIps: '10.0.0.1' }), key(2, { permittedIps: '10.0.0.1' })]);
    const [a, b] = rows;
    expect(finding(a, 'private')).toEqual(finding(b, 'private'));
    expect(finding(a, 'private')).not.toBe(finding(b, 'private'));
  });
});

describe('key rules', () => {
  it('capabilities-unrestricted: info for blank capabilities, not for a restriction', () => {
    for (const capabilities of [null, '', '  ']) {
      const row = rowOf(key(1, { capabilities }));
      expect(codes(row)).toEqual(['capabilities-unrestricted']);
      expect(finding(row, 'capabilities-unrestricted')).toMatchObject({ severity: 'info', source: 'key' });
    }
    expect(finding(rowOf(key(1, { capabilities: 'read, write' })), 'capabilities-unrestricted')).toBeUndefined();
  });

  it('duplicate-name: the same name in another case or with surrounding spaces, on every key of the group', () => {
    const { rows } = audit([
      key(1, { name: 'Zapier' }),
      key(2, { name: '  zapier ' }),
      key(3, { name: 'ZAPIER\t' }),
      key(4, { name: 'Zapier sync' }),
      key(5, { name: 'Za pier' }),
    ]);
    expect(rows.map((r) => Boolean(finding(r, 'duplicate-name')))).toEqual([true, true, true, false, false]);
    expect(finding(rows[0], 'duplicate-name')).toMatchObject({ severity: 'warning', source: 'key' });
    expect(finding(rows[0], 'duplicate-name')?.detail).toBe('Same name as key 2, 3');
    expect(finding(rows[1], 'duplicate-name')?.detail).toBe('Same name as key 1, 3');
    expect(finding(rows[1], 'duplicate-name')?.message).toContain('2 other keys');
  });

  it('duplicate-name: a unique name has none; blank names are not duplicates of each other', () => {
    const { rows } = audit([key(1, { name: 'A' }), key(2, { name: 'B' }), key(3, { name: '' }), key(4, { name: ' ' })]);
    for (const row of rows) expect(finding(row, 'duplicate-name')).toBeUndefined();
  });

  it('duplicate-name: the detail stays short for a huge group (no quadratic output)', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => key(i + 1, { name: 'Same', accessAsUserId: 1000 + i }));
    const { rows } = audit(keys);
    const detail = finding(rows[1999], 'duplicate-name')?.detail ?? '';
    expect(detail).toBe('Same name as key 1, 2, 3, 4, 5 and 1,994 more');
    expect(finding(rows[0], 'duplicate-name')?.message).toContain('1,999 other keys');
  });

  it('many-keys-one-user: info on every key of a user with MORE than 5 keys (5 → none, 6 → all)', () => {
    const five = Array.from({ length: 5 }, (_, i) => key(i + 1, { accessAsUserId: 8 }));
    expect(audit(five).rows.some((r) => finding(r, 'many-keys-one-user'))).toBe(false);
    const six = Array.from({ length: 6 }, (_, i) => key(i + 1, { accessAsUserId: 8 }));
    const rows = audit(six).rows;
    expect(rows.every((r) => finding(r, 'many-keys-one-user')?.severity === 'info')).toBe(true);
    expect(finding(rows[0], 'many-keys-one-user')?.message).toContain('6 keys (more than 5)');
  });

  it('many-keys-one-user: counts per user and takes the limit from the settings', () => {
    const keys = [key(1, { accessAsUserId: 8 }), key(2, { accessAsUserId: 8 }), key(3, { accessAsUserId: 8 }), key(4, { accessAsUserId: 1 }), key(5, { accessAsUserId: null }), key(6, { accessAsUserId: null }), key(7, { accessAsUserId: null })];
    const rows = audit(keys, { manyKeysPerUser: 2 }).rows;
    expect(rows.map((r) => Boolean(finding(r, 'many-keys-one-user')))).toEqual([true, true, true, false, false, false, false]);
  });
});

describe('rows and summary', () => {
  it('orders findings most severe first and sets worstSeverity', () => {
    const row = rowOf(key(1, { accessAsUserId: 2, capabilities: null, until: addDays(TODAY, 10) }));
    expect(row.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
    expect(row.worstSeverity).toBe('error');
    expect(rowOf(key(1, { capabilities: null })).worstSeverity).toBe('info');
  });

  it('keeps one row per key in input order', () => {
    const { rows } = audit([key(3), key(1), key(2)]);
    expect(rows.map((r) => r.keyId)).toEqual([3, 1, 2]);
  });

  it('summarises findings per severity and code, keys with problems and worst severity per key', () => {
    const { rows, summary } = audit([
      key(1), // clean
      key(2, { capabilities: null }), // info only
      key(3, { until: null, capabilities: null }), // warning + info
      key(4, { accessAsUserId: 4, permittedIps: null }), // 3 errors
    ]);
    expect(summary).toEqual({
      keys: 4,
      bySeverity: { error: 3, warning: 1, info: 2 },
      byCode: { 'capabilities-unrestricted': 2, 'no-until': 1, 'user-login-disabled': 1, 'user-no-edition': 1, 'no-ip-restriction': 1 },
      keysByWorstSeverity: { error: 1, warning: 1, info: 1, none: 1 },
      keysWithProblems: 2,
    });
    expect(summarizeAudit(rows)).toEqual(summary);
    expect(summarizeAudit([])).toMatchObject({ keys: 0, keysWithProblems: 0 });
  });

  it('every audit rule code has the documented severity', () => {
    expect(AUDIT_RULE_SEVERITY).toMatchObject({
      'user-login-disabled': 'error',
      'user-no-edition': 'error',
      'user-deleted': 'error',
      'user-unknown': 'warning',
      'no-until': 'warning',
      'no-ip-restriction': 'error',
      'capabilities-unrestricted': 'info',
      'duplicate-name': 'warning',
      'many-keys-one-user': 'info',
    });
  });

  it('missing thresholds take their defaults', () => {
    const row = auditKeys({ keys: [key(1, { until: addDays(TODAY, 10) })], users: USERS, userLookup: LOOKUP, today: TODAY, settings: {} }).rows[0];
    expect(finding(row, 'expires-soon')?.severity).toBe('warning');
  });

  it('audits 5,000 keys with shared lists, names and users into 5,000 consistent rows', () => {
    const lists = ['81.2.69.160', '10.0.0.1, 10.0.0.2', '0.0.0.0/0', '81.2.69.0/24, 81.2.70.0/24', null];
    const keys = Array.from({ length: 5000 }, (_, i) =>
      key(i + 1, { name: `Key ${i % 2500}`, accessAsUserId: 1 + (i % 8), permittedIps: lists[i % lists.length] ?? null, until: addDays(TODAY, (i % 400) - 30) }),
    );
    const { rows, summary } = audit(keys);
    expect(rows).toHaveLength(5000);
    expect(summary.byCode['duplicate-name']).toBe(5000);
    expect(summary.byCode['many-keys-one-user']).toBe(5000);
    expect(summary.byCode['allow-all']).toBe(1000);
    expect(summary.byCode['no-ip-restriction']).toBe(1000);
    expect(summary.byCode.expired).toBe(keys.filter((k) => k.until !== null && k.until < TODAY).length);
  });
});
