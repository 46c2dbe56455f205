import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../../src/core/dates';
import {
  MAX_AUDIT_CACHE_AGE_DAYS,
  buildReminder,
  firstReminderTime,
  hostCovered,
  isCacheFresh,
  keysFromCachedReport,
  parseScopeId,
  reminderNotificationText,
  selectExpiringKeys,
  type ReminderKeyInput,
  type ReminderSource,
} from '../../../src/core/reminders';

const today = '2027-03-30'; // the day before British Summer Time starts: day counts must not care
const key = (keyId: number, daysFromToday: number | null, name = `Key ${keyId}`): ReminderKeyInput => ({
  keyId,
  name,
  until: daysFromToday === null ? null : addDays(today, daysFromToday),
});
const source = (host: string, keys: ReminderKeyInput[], database: string | null = null): ReminderSource => ({ origin: `https://${host}`, host, database, via: 'api', keys });

describe('which keys are reminded about', () => {
  it('takes 0…warningDays inclusive, reports the last warningDays of expired keys apart, and ignores the rest', () => {
    const keys = [key(1, -15), key(2, -14), key(3, -1), key(4, 0), key(5, 1), key(6, 14), key(7, 15), key(8, null), { keyId: 9, name: 'bad', until: '2027-02-30' }];
    const { expiring, recentlyExpired } = selectExpiringKeys(keys, today, 14);
    expect(expiring.map((k) => [k.keyId, k.daysLeft])).toEqual([
      [4, 0],
      [5, 1],
      [6, 14],
    ]);
    expect(recentlyExpired.map((k) => [k.keyId, k.daysLeft])).toEqual([
      [3, -1],
      [2, -14],
    ]);
  });

  it('a one-day window: today and tomorrow only', () => {
    const { expiring } = selectExpiringKeys([key(1, 0), key(2, 1), key(3, 2)], today, 1);
    expect(expiring.map((k) => k.keyId)).toEqual([1, 2]);
  });

  it('sorts soonest first, then by name', () => {
    const { expiring } = selectExpiringKeys([key(1, 5, 'b'), key(2, 2, 'z'), key(3, 5, 'a')], today, 14);
    expect(expiring.map((k) => k.keyId)).toEqual([2, 3, 1]);
  });

  it('is exact and complete for any keys and window', () => {
    // Days left anywhere, and often right at the window's edges (window, -window, 0, ±2).
    const windowAndDays = fc.integer({ min: 1, max: 365 }).chain((window) =>
      fc.tuple(
        fc.constant(window),
        fc.array(
          fc.oneof(
            fc.integer({ min: -400, max: 400 }),
            fc.integer({ min: -2, max: 2 }).map((delta) => window + delta),
            fc.integer({ min: -2, max: 2 }).map((delta) => -window + delta),
            fc.integer({ min: -2, max: 2 }),
            fc.constant(null),
          ),
          { maxLength: 60 },
        ),
      ),
    );
    fc.assert(
      fc.property(windowAndDays, ([window, days]) => {
        const keys = days.map((d, i) => key(i + 1, d));
        const { expiring, recentlyExpired } = selectExpiringKeys(keys, today, window);
        const inWindow = days.flatMap((d, i) => (d !== null && d >= 0 && d <= window ? [i + 1] : []));
        const recent = days.flatMap((d, i) => (d !== null && d < 0 && d >= -window ? [i + 1] : []));
        expect(expiring.map((k) => k.keyId).sort((a, b) => a - b)).toEqual(inWindow);
        expect(recentlyExpired.map((k) => k.keyId).sort((a, b) => a - b)).toEqual(recent);
        for (const k of expiring) expect(k.daysLeft).toBe(days[k.keyId - 1]);
      }),
    );
  });
});

describe('one reminder for all sources', () => {
  it('no keys, or only expired ones: nothing to notify', () => {
    expect(buildReminder([], today, 14)).toBeNull();
    expect(buildReminder([source('secure.workbooks.com', [])], today, 14)).toBeNull();
    expect(buildReminder([source('secure.workbooks.com', [key(1, -2), key(2, 40), key(3, null)])], today, 14)).toBeNull();
  });

  it('groups per source, soonest group first, with totals', () => {
    const reminder = buildReminder(
      [source('secure.workbooks.com', [key(1, 9), key(2, -3)], 'Main'), source('acme.workbooks.com', [key(5, 2), key(6, 3)]), source('beta.workbooks.com', [key(7, 90)])],
      today,
      14,
    )!;
    expect(reminder.groups.map((g) => g.host)).toEqual(['acme.workbooks.com', 'secure.workbooks.com']);
    expect(reminder.expiringCount).toBe(3);
    expect(reminder.recentlyExpiredCount).toBe(1);
    expect(reminder.groups[1]!.database).toBe('Main');
  });
});

describe('notification text (en-GB, from messages.json)', () => {
  const text = (sources: ReminderSource[], window = 14) => reminderNotificationText(buildReminder(sources, today, window)!);

  it('one key', () => {
    expect(text([source('secure.workbooks.com', [key(1, 2, 'Xero sync')])])).toEqual({
      title: 'Workbooks API keys expire soon',
      message: '1 API key expires within 14 days on secure.workbooks.com: Xero sync (2 days).',
    });
  });

  it('several keys: the three soonest, then how many more; today and one day said plainly', () => {
    const message = text([source('secure.workbooks.com', [key(1, 2, 'Xero sync'), key(2, 0, 'Mailchimp'), key(3, 1, 'Zapier'), key(4, 9, 'Reports'), key(5, 12, 'Backup')])]).message;
    expect(message).toBe('5 API keys expire within 14 days on secure.workbooks.com: Mailchimp (last day today), Zapier (1 day), Xero sync (2 days) and 2 more.');
  });

  it('other hosts and recently expired keys get their own words', () => {
    const two = text([source('secure.workbooks.com', [key(1, 3, 'A'), key(2, -1, 'Old')]), source('acme.workbooks.com', [key(3, 5, 'B'), key(4, -2), key(5, -4)])]).message;
    expect(two).toBe('2 API keys expire within 14 days on secure.workbooks.com and 1 other host: A (3 days), B (5 days).\n3 keys expired in the last 14 days.');
    const three = text([source('a.workbooks.com', [key(1, 3)]), source('b.workbooks.com', [key(2, 4), key(3, -1)]), source('c.workbooks.com', [key(4, 5)])]).message;
    expect(three).toContain('on a.workbooks.com and 2 other hosts:');
    expect(three).toContain('\n1 key expired in the last 14 days.');
  });

  it('names as plain text: blank ones by id, long ones shortened, markup left as typed', () => {
    const message = text([source('secure.workbooks.com', [key(41, 1, '   '), key(42, 2, `<img src=x onerror=alert(1)> ${'x'.repeat(60)}`)])]).message;
    expect(message).toContain('Key 41 (1 day)');
    expect(message).toContain(`<img src=x onerror=alert(1)> ${'x'.repeat(10)}… (2 days)`);
  });

  it('a one-day window and one expired key: every noun in the singular', () => {
    const message = text([source('secure.workbooks.com', [key(1, 1, 'Xero sync'), key(2, -1, 'Old')])], 1).message;
    expect(message).toBe('1 API key expires within 1 day on secure.workbooks.com: Xero sync (1 day).\n1 key expired in the last 1 day.');
  });
});

describe('timing', () => {
  const now = new Date(2027, 2, 10, 14, 30).getTime(); // local time

  it('without an hour: a minute from now', () => {
    expect(firstReminderTime(now)).toBe(now + 60_000);
  });

  it('with an hour: the next such hour on the local clock, never in the past', () => {
    const later = new Date(firstReminderTime(now, 17));
    expect([later.getDate(), later.getHours(), later.getMinutes()]).toEqual([10, 17, 0]);
    const tomorrow = new Date(firstReminderTime(now, 9));
    expect([tomorrow.getDate(), tomorrow.getHours()]).toEqual([11, 9]);
    // The current hour has begun: tomorrow.
    expect(new Date(firstReminderTime(now, 14)).getDate()).toBe(11);
    fc.assert(
      // From 04:00: clocks change between 01:00 and 03:00 in the time zones that change them, and an hour
      // skipped that night cannot be kept (any machine time zone must pass this test).
      fc.property(fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 10_000_000 }), (hour, offset) => {
        const at = now + offset * 1000;
        const next = firstReminderTime(at, hour);
        expect(next).toBeGreaterThanOrEqual(at + 60_000);
        expect(next - at).toBeLessThanOrEqual(25 * 3_600_000 + 60_000);
        expect(new Date(next).getHours()).toBe(hour);
      }),
    );
  });
});

describe('the cached audit', () => {
  const rows = [
    { keyId: 1, name: 'A', until: '2027-04-02', daysLeft: 99 },
    { keyId: 2, name: 'B', until: null, daysLeft: null },
    { keyId: 3, name: 'C', daysLeft: 5 },
    { id: 4, name: 'D', until: '2027-04-01' },
    { name: 'no id', until: '2027-04-01' },
    'junk',
  ];

  it('reads rows of an AuditResult, wrapped or not; Until wins over a stale daysLeft', () => {
    const expected = [
      { keyId: 1, name: 'A', until: '2027-04-02' },
      { keyId: 2, name: 'B', until: null },
      // No Until: recovered from the day of the audit (London) plus daysLeft.
      { keyId: 3, name: 'C', until: '2027-03-25' },
      { keyId: 4, name: 'D', until: '2027-04-01' },
    ];
    const savedAt = '2027-03-20T23:30:00Z'; // 20 March, 23:30 in London (GMT)
    expect(keysFromCachedReport({ rows, summary: {} }, savedAt)).toEqual(expected);
    expect(keysFromCachedReport({ result: { rows } }, savedAt)).toEqual(expected);
    expect(keysFromCachedReport(rows, savedAt)).toEqual(expected);
    expect(keysFromCachedReport({ nothing: true }, savedAt)).toBeNull();
    expect(keysFromCachedReport('report', savedAt)).toBeNull();
  });

  it('is used for at most 30 days', () => {
    expect(isCacheFresh('2027-03-30T08:00:00Z', today)).toBe(true);
    expect(isCacheFresh(`${addDays(today, -MAX_AUDIT_CACHE_AGE_DAYS)}T12:00:00Z`, today)).toBe(true);
    expect(isCacheFresh(`${addDays(today, -MAX_AUDIT_CACHE_AGE_DAYS - 1)}T12:00:00Z`, today)).toBe(false);
    expect(isCacheFresh('2027-04-02T12:00:00Z', today)).toBe(false);
    expect(isCacheFresh('yesterday', today)).toBe(false);
  });

  it('scopes and hosts', () => {
    expect(parseScopeId('secure.workbooks.com|Acme Ltd')).toEqual({ host: 'secure.workbooks.com', database: 'Acme Ltd' });
    expect(parseScopeId('127.0.0.1:4000|unknown-database')).toEqual({ host: '127.0.0.1:4000', database: null });
    expect(parseScopeId('|db')).toBeNull();
    expect(hostCovered('secure.workbooks.com', [])).toBe(true);
    expect(hostCovered('Secure.Workbooks.com', ['secure.workbooks.com'])).toBe(true);
    expect(hostCovered('acme.workbooks.com', ['secure.workbooks.com'])).toBe(false);
  });
});
