import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarParts, compareDates, daysBetween, isCalendarDate, isLeapYear, monthAbbreviation, monthName } from '../../../src/core/dates';
import { calendarDateIn, isoOfDayNumber, utcDayNumber } from './arbitraries';

describe('isLeapYear', () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [2400, true],
    [2027, false],
    [1900, false],
    [2100, false],
    [2200, false],
  ])('%i → %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('isCalendarDate', () => {
  it.each(['2027-05-02', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });
  it.each(['2027-02-29', '1900-02-29', '2027-5-2', '2027-13-01', '2027-00-10', '2027-04-31', '0000-01-01', ' 2027-05-02', '27-05-02', '', null, 20270502])(
    'rejects %j',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});

describe('addDays / daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2027-05-02', 90)).toBe('2027-07-31');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(daysBetween('2027-01-01', '2028-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2027-05-02', '2027-05-01')).toBe(-1);
  });

  it('counts the 23-hour and 25-hour BST changeover days as one calendar day each', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2);
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
  });

  it('throws on malformed dates, fractional days and results past year 9999', () => {
    expect(() => addDays('2027-02-29', 1)).toThrow(RangeError);
    expect(() => daysBetween('2027-05-02', '02/05/2027')).toThrow(RangeError);
    expect(() => addDays('2027-05-02', 0.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('agrees with Date.UTC day numbering for any date in years 1–9999', () => {
    fc.assert(
      fc.property(calendarDateIn(1, 9999), (date) => {
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        expect(daysBetween('1970-01-01', date)).toBe(utcDayNumber(year, month, day));
      }),
    );
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(calendarDateIn(1900, 2199), fc.integer({ min: -40_000, max: 40_000 }), (date, days) => {
        const moved = addDays(date, days);
        expect(isCalendarDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(days);
        expect(addDays(moved, -days)).toBe(date);
        expect(moved).toBe(isoOfDayNumber(utcDayNumber(...(date.split('-').map(Number) as [number, number, number])) + days));
      }),
    );
  });
});

describe('compareDates', () => {
  it('orders by calendar, suitable for sort', () => {
    expect(compareDates('2027-05-01', '2027-05-02')).toBe(-1);
    expect(compareDates('2027-05-02', '2027-05-02')).toBe(0);
    expect(compareDates('2028-01-01', '2027-12-31')).toBe(1);
    expect(['2027-12-31', '2027-01-02', '2026-06-30'].sort(compareDates)).toEqual(['2026-06-30', '2027-01-02', '2027-12-31']);
  });

  it('has the sign of daysBetween(b, a)', () => {
    fc.assert(
      fc.property(calendarDateIn(1900, 2199), calendarDateIn(1900, 2199), (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)) || 0);
        expect(compareDates(a, b)).toBe(-compareDates(b, a) || 0);
      }),
    );
  });
});

describe('calendarParts / month names', () => {
  it('splits a calendar date into numbers and rejects anything else', () => {
    expect(calendarParts('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(calendarParts('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    expect(() => calendarParts('2027-02-29')).toThrow(RangeError);
    expect(() => calendarParts('2 May 2027')).toThrow(RangeError);
  });

  it('names months in English, with the %b abbreviation', () => {
    expect(monthName(9)).toBe('September');
    expect(monthAbbreviation(9)).toBe('Sep');
    expect(() => monthName(13)).toThrow(RangeError);
    expect(() => monthAbbreviation(0)).toThrow(RangeError);
  });
});
