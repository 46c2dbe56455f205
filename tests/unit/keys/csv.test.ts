import { describe, expect, it } from 'vitest';
import { auditKeys, DEFAULT_AUDIT_THRESHOLDS, type KeyAuditRow } from '../../../src/core/keys/audit';
import { AUDIT_CSV_HEADER, auditToCsv, auditToJson, neutraliseCsvCell, toCsv, type AuditReport } from '../../../src/core/keys/csv';
import type { ApiKeyRecord, UserRecord } from '../../../src/core/keys/model';
import { parseCsv } from '../../support/csv-reader';

const TODAY = '2027-05-02';
const SECRET = 'wb_live_SECRET_0123456789abcdef';

function key(id: number, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id,
    lockVersion: 1,
    name: `Key ${id}`,
    description: '',
    accessAsUserId: 7,
    accessAsUserName: 'Jo Bloggs',
    validFrom: null,
    until: '2027-06-30',
    permittedIps: '81.2.69.160',
    capabilities: 'read',
    secret: null,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  };
}

const user: UserRecord = { id: 7, name: 'Jo Bloggs', email: 'jo@example.com', loginEnabled: true, edition: 'Workbooks CRM' };

function rowsOf(keys: ApiKeyRecord[]): KeyAuditRow[] {
  return auditKeys({
    keys,
    users: new Map([[7, user]]),
    userLookup: { missing: new Set(), unknown: new Set() },
    today: TODAY,
    settings: DEFAULT_AUDIT_THRESHOLDS,
  }).rows;
}

function report(rows: KeyAuditRow[], overrides: Partial<AuditReport> = {}): AuditReport {
  return {
    host: 'acme.workbooks.com',
    database: 'Acme Live',
    ranBy: 'Sam Support',
    ranAt: '2027-05-02T09:30:00.000Z',
    complete: true,
    missing: [],
    rows,
    ...overrides,
  };
}

describe('neutraliseCsvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['-cmd|\' /C calc\'!A0', "'-cmd|' /C calc'!A0"],
  ])('prefixes %j', (input, expected) => {
    expect(neutraliseCsvCell(input)).toBe(expected);
  });

  it.each(['plain', '1=1', 'a+b', ' =1+1', '', "'quoted", '203.0.113.0/24', 'x@example.com'])('leaves %j alone', (input) => {
    expect(neutraliseCsvCell(input)).toBe(input);
  });

  it('keeps a plain negative number numeric, but not anything that merely starts like one', () => {
    expect(neutraliseCsvCell('-12')).toBe('-12');
    expect(neutraliseCsvCell('-0.5')).toBe('-0.5');
    expect(neutraliseCsvCell('-12+3')).toBe("'-12+3");
    expect(neutraliseCsvCell('-1e5')).toBe("'-1e5");
    expect(neutraliseCsvCell('-')).toBe("'-");
    expect(neutraliseCsvCell('+12')).toBe("'+12");
  });
});

describe('toCsv', () => {
  it('separates cells with commas and ends every record with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n');
    expect(toCsv([])).toBe('');
    expect(toCsv([['']])).toBe('\r\n');
  });

  it('quotes cells containing a comma, a quote, CR or LF, doubling quotes', () => {
    expect(toCsv([['a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'plain']])).toBe(
      '"a,b","say ""hi""","line\nbreak","cr\rhere",plain\r\n',
    );
  });

  it('neutralises before quoting, so a quoted formula is still defused', () => {
    expect(toCsv([['=HYPERLINK("http://x","y")']])).toBe('"\'=HYPERLINK(""http://x"",""y"")"\r\n');
    expect(toCsv([['\r=1+1']])).toBe('"\'\r=1+1"\r\n');
  });

  it('round-trips through an RFC 4180 reader', () => {
    const table = [
      ['id', 'name'],
      ['1', 'a, "b"\r\nc'],
      ['2', ''],
    ];
    expect(parseCsv(toCsv(table))).toEqual(table);
  });
});

describe('auditToCsv', () => {
  it('is one clean table: the header first, then one row per key with the run metadata in the last columns', () => {
    const rows = rowsOf([key(1), key(2, { name: 'Billing, EU' })]);
    const table = parseCsv(auditToCsv(report(rows)));
    expect(table[0]).toEqual([...AUDIT_CSV_HEADER]);
    expect(table).toHaveLength(3);
    const header = table[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    const second = table[2] ?? [];
    expect(second[col('id')]).toBe('2');
    expect(second[col('name')]).toBe('Billing, EU');
    expect(second[col('user')]).toBe('Jo Bloggs');
    expect(second[col('user id')]).toBe('7');
    expect(second[col('user status')]).toBe('ok');
    expect(second[col('until')]).toBe('2027-06-30');
    expect(second[col('days left')]).toBe('59');
    expect(second[col('permitted IP addresses')]).toBe('81.2.69.160');
    expect(second[col('host')]).toBe('acme.workbooks.com');
    expect(second[col('database')]).toBe('Acme Live');
    expect(second[col('ran by')]).toBe('Sam Support');
    expect(second[col('ran at')]).toBe('2027-05-02T09:30:00.000Z');
    expect(second[col('complete')]).toBe('yes');
    expect(table.every((r) => !r[0]?.startsWith('#'))).toBe(true);
  });

  it('lists findings as "severity:code; …" with their messages', () => {
    const rows = rowsOf([key(1, { until: null, permittedIps: '10.0.0.1, 10.0.0.2', capabilities: null })]);
    const table = parseCsv(auditToCsv(report(rows)));
    const header = table[0] ?? [];
    const row = table[1] ?? [];
    const findings = row[header.indexOf('findings')] ?? '';
    expect(findings.split('; ')).toEqual(expect.arrayContaining(['warning:no-until', 'warning:private', 'info:capabilities-unrestricted']));
    const messages = row[header.indexOf('messages')] ?? '';
    expect(messages).toContain('No Until date');
    expect(messages).toContain('2 occurrences');
  });

  it('keeps negative days left numeric', () => {
    const rows = rowsOf([key(1, { until: '2027-04-30' })]);
    const table = parseCsv(auditToCsv(report(rows)));
    expect(table[1]?.[AUDIT_CSV_HEADER.indexOf('days left')]).toBe('-2');
  });

  it('says on every row that the audit was incomplete, and what is missing', () => {
    const rows = rowsOf([key(1), key(2)]);
    const table = parseCsv(auditToCsv(report(rows, { complete: false, missing: ['keys 201–300 (page 3: server error)', 'users 9, 10'] })));
    for (const row of table.slice(1)) {
      expect(row[AUDIT_CSV_HEADER.indexOf('complete')]).toBe('no');
      expect(row[AUDIT_CSV_HEADER.indexOf('missing')]).toBe('keys 201–300 (page 3: server error); users 9, 10');
    }
  });

  it('still says where it ran and what is missing when no key could be read', () => {
    const table = parseCsv(auditToCsv(report([], { complete: false, missing: ['every key (401: session expired)'] })));
    expect(table).toHaveLength(2);
    const row = table[1] ?? [];
    expect(row[AUDIT_CSV_HEADER.indexOf('id')]).toBe('');
    expect(row[AUDIT_CSV_HEADER.indexOf('host')]).toBe('acme.workbooks.com');
    expect(row[AUDIT_CSV_HEADER.indexOf('complete')]).toBe('no');
    expect(row[AUDIT_CSV_HEADER.indexOf('missing')]).toBe('every key (401: session expired)');
  });

  it('neutralises a formula in a key name, a user name and the metadata', () => {
    const rows = rowsOf([key(1, { name: '=HYPERLINK("http://x","y")' }), key(2, { name: '@cmd' }), key(3, { name: '+1' }), key(4, { name: '-1+2' })]);
    rows[0] = { ...(rows[0] as KeyAuditRow), userName: '=evil()' };
    const csv = auditToCsv(report(rows, { ranBy: '=ranby()' }));
    const table = parseCsv(csv);
    const names = table.slice(1).map((r) => r[AUDIT_CSV_HEADER.indexOf('name')]);
    expect(names).toEqual(['\'=HYPERLINK("http://x","y")', "'@cmd", "'+1", "'-1+2"]);
    expect(table[1]?.[AUDIT_CSV_HEADER.indexOf('user')]).toBe("'=evil()");
    expect(table[1]?.[AUDIT_CSV_HEADER.indexOf('ran by')]).toBe("'=ranby()");
    // No cell of the whole file starts a formula.
    for (const row of table) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });
});

describe('exports never contain the secret', () => {
  it('a key read with its secret produces CSV and JSON without it', () => {
    const rows = rowsOf([key(1, { secret: SECRET }), key(2, { secret: SECRET, name: 'Other' })]);
    const r = report(rows);
    expect(auditToCsv(r)).not.toContain(SECRET);
    expect(auditToJson(r)).not.toContain(SECRET);
    expect(auditToJson(r)).not.toMatch(/secret/i);
  });

  it('even when a row object carries a stray secret property (e.g. a key spread into it elsewhere)', () => {
    const rows = rowsOf([key(1, { capabilities: null })]);
    const polluted = [{ ...(rows[0] as KeyAuditRow), secret: SECRET, apiKey: SECRET }] as unknown as KeyAuditRow[];
    (polluted[0]?.findings[0] as unknown as Record<string, unknown>).secret = SECRET;
    expect(auditToJson(report(polluted))).not.toContain(SECRET);
    expect(auditToCsv(report(polluted))).not.toContain(SECRET);
  });
});

describe('auditToJson', () => {
  it('holds the metadata, a summary and every key with its findings', () => {
    const rows = rowsOf([key(1, { until: null }), key(2)]);
    const parsed = JSON.parse(auditToJson(report(rows, { complete: false, missing: ['users 9'] }))) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      format: 'workbooks-key-audit/1',
      host: 'acme.workbooks.com',
      database: 'Acme Live',
      ranBy: 'Sam Support',
      ranAt: '2027-05-02T09:30:00.000Z',
      complete: false,
      missing: ['users 9'],
    });
    expect(parsed.keys).toEqual(JSON.parse(JSON.stringify(rows)));
    expect(parsed.summary).toMatchObject({ keys: 2, byCode: { 'no-until': 1 } });
  });
});
