import { describe, expect, it } from 'vitest';
import { londonToday } from '../../../src/core/dates';
import { expiryByMonth } from '../../../src/core/keys/expiry-chart';

const untils = (...dates: Array<string | null>) => dates.map((until) => ({ until }));

function countFor(chart: ReturnType<typeof expiryByMonth>, month: string): number | undefined {
  return chart.months.find((m) => m.month === month)?.count;
}

describe('expiryByMonth', () => {
  it('charts twelve months starting with the current one, labelled "Mon YYYY"', () => {
    const chart = expiryByMonth([], '2027-01-15');
    expect(chart.months.map((m) => m.month)).toEqual([
      '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06',
      '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12',
    ]);
    expect(chart.months[0]?.label).toBe('Jan 2027');
    expect(chart.months[8]?.label).toBe('Sep 2027');
    expect(chart.months.every((m) => m.count === 0)).toBe(true);
    expect(chart).toMatchObject({ expired: 0, noUntil: 0, later: 0 });
  });

  it('wraps into the next year', () => {
    const chart = expiryByMonth([], '2027-11-30');
    expect(chart.months[0]?.month).toBe('2027-11');
    expect(chart.months[2]).toMatchObject({ month: '2028-01', label: 'Jan 2028' });
    expect(chart.months[11]?.month).toBe('2028-10');
  });

  it('puts 31 January in January and 1 February in February', () => {
    const chart = expiryByMonth(untils('2027-01-31', '2027-02-01', '2027-02-01'), '2027-01-10');
    expect(countFor(chart, '2027-01')).toBe(1);
    expect(countFor(chart, '2027-02')).toBe(2);
  });

  it('counts a key expiring today in the current month (valid through 23:59), yesterday as expired', () => {
    const chart = expiryByMonth(untils('2027-01-15', '2027-01-14', '2026-12-31'), '2027-01-15');
    expect(countFor(chart, '2027-01')).toBe(1);
    expect(chart.expired).toBe(2);
  });

  it('counts keys past the twelfth month as later, and keys without Until apart', () => {
    const chart = expiryByMonth(untils('2027-12-31', '2028-01-01', '2031-06-01', null, null), '2027-01-15');
    expect(countFor(chart, '2027-12')).toBe(1);
    expect(chart.later).toBe(2);
    expect(chart.noUntil).toBe(2);
  });

  it('accounts for every key exactly once', () => {
    const rows = untils('2026-01-01', '2027-03-03', '2027-03-31', '2027-04-01', null, '2029-01-01', '2027-05-15');
    const chart = expiryByMonth(rows, '2027-03-03');
    const charted = chart.months.reduce((sum, m) => sum + m.count, 0);
    expect(charted + chart.expired + chart.noUntil + chart.later).toBe(rows.length);
    expect(chart.expired).toBe(1);
    expect(countFor(chart, '2027-03')).toBe(2);
  });

  it('uses the London calendar: 23:30 UTC on 30 June is already 1 July (BST), so a 30 June key has expired', () => {
    const today = londonToday(Date.UTC(2027, 5, 30, 23, 30));
    expect(today).toBe('2027-07-01');
    const chart = expiryByMonth(untils('2027-06-30', '2027-07-01'), today);
    expect(chart.expired).toBe(1);
    expect(chart.months[0]).toMatchObject({ month: '2027-07', count: 1 });
  });

  it('in winter London is UTC: 23:30 UTC on 31 January is still 31 January', () => {
    const today = londonToday(Date.UTC(2027, 0, 31, 23, 30));
    expect(today).toBe('2027-01-31');
    const chart = expiryByMonth(untils('2027-01-31', '2027-02-01'), today);
    expect(chart.expired).toBe(0);
    expect(countFor(chart, '2027-01')).toBe(1);
    expect(countFor(chart, '2027-02')).toBe(1);
  });

  it('treats an unreadable Until like a missing one and rejects a malformed today', () => {
    expect(expiryByMonth(untils('31/01/2027'), '2027-01-01').noUntil).toBe(1);
    expect(() => expiryByMonth([], '2027-13-01')).toThrow();
  });
});
