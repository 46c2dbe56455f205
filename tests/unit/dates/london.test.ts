import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, endOfValidityInstant, londonToday, londonUtcOffsetMinutes, startOfLondonDay } from '../../../src/core/dates';
import { calendarDateIn, instantIn, intlLondonDate } from './arbitraries';

const HOUR = 3_600_000;
const utc = (year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0) =>
  Date.UTC(year, month - 1, day, hours, minutes, seconds, ms);

// [year, last Sunday of March, last Sunday of October]: includes years where the 31st is the Sunday.
const CHANGEOVERS: Array<[number, number, number]> = [
  [2024, 31, 27],
  [2025, 30, 26],
  [2026, 29, 25],
  [2027, 28, 31],
  [2029, 25, 28],
  [2030, 31, 27],
];

describe('londonUtcOffsetMinutes: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October', () => {
  it.each(CHANGEOVERS)('%i: March %i and October %i', (year, marchSunday, octoberSunday) => {
    expect(londonUtcOffsetMinutes(utc(year, 3, marchSunday, 0, 59, 59, 999))).toBe(0);
    expect(londonUtcOffsetMinutes(utc(year, 3, marchSunday, 1))).toBe(60);
    expect(londonUtcOffsetMinutes(utc(year, 3, marchSunday - 7, 12))).toBe(0);
    expect(londonUtcOffsetMinutes(utc(year, 6, 21, 12))).toBe(60);
    expect(londonUtcOffsetMinutes(utc(year, 10, octoberSunday, 0, 59, 59, 999))).toBe(60);
    expect(londonUtcOffsetMinutes(utc(year, 10, octoberSunday, 1))).toBe(0);
    expect(londonUtcOffsetMinutes(new Date(utc(year, 12, 25, 12)))).toBe(0);
  });

  it('throws on an invalid Date', () => {
    expect(() => londonUtcOffsetMinutes(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('londonToday', () => {
  it('moves to the next day at 23:00 UTC in summer and at 00:00 UTC in winter', () => {
    expect(londonToday(new Date(utc(2027, 6, 2, 22, 59, 59, 999)))).toBe('2027-06-02');
    expect(londonToday(new Date(utc(2027, 6, 2, 23)))).toBe('2027-06-03');
    expect(londonToday(new Date(utc(2027, 6, 2, 23, 30)))).toBe('2027-06-03');
    expect(londonToday(new Date(utc(2027, 11, 2, 23, 30)))).toBe('2027-11-02');
    expect(londonToday(new Date(utc(2027, 11, 2, 23, 59, 59, 999)))).toBe('2027-11-02');
    expect(londonToday(new Date(utc(2027, 11, 3)))).toBe('2027-11-03');
  });

  it('handles the changeover nights themselves', () => {
    // 27/28 March 2027: midnight is GMT; at 01:00 UTC clocks jump to 02:00 BST.
    expect(londonToday(utc(2027, 3, 27, 23, 59))).toBe('2027-03-27');
    expect(londonToday(utc(2027, 3, 28, 0, 30))).toBe('2027-03-28');
    expect(londonToday(utc(2027, 3, 28, 22, 59))).toBe('2027-03-28');
    expect(londonToday(utc(2027, 3, 28, 23))).toBe('2027-03-29');
    // 30/31 October 2027: still BST at 23:00 UTC on the Saturday, GMT from 01:00 UTC on the Sunday.
    expect(londonToday(utc(2027, 10, 30, 22, 59))).toBe('2027-10-30');
    expect(londonToday(utc(2027, 10, 30, 23))).toBe('2027-10-31');
    expect(londonToday(utc(2027, 10, 31, 23, 30))).toBe('2027-10-31');
    expect(londonToday(utc(2027, 11, 1))).toBe('2027-11-01');
  });

  it('crosses New Year on GMT', () => {
    expect(londonToday(utc(2027, 12, 31, 23, 59, 59, 999))).toBe('2027-12-31');
    expect(londonToday(utc(2028, 1, 1))).toBe('2028-01-01');
  });

  it('throws on an invalid Date', () => {
    expect(() => londonToday(new Date('not a date'))).toThrow(RangeError);
  });

  it.skipIf(intlLondonDate === null)('agrees with Intl Europe/London for any instant 1996–2199', () => {
    const oracle = intlLondonDate!;
    fc.assert(
      fc.property(instantIn(1996, 2199), (epochMs) => {
        expect(londonToday(new Date(epochMs))).toBe(oracle(epochMs));
      }),
      {
        numRuns: 2000,
      },
    );
  });

  it.skipIf(intlLondonDate === null)('agrees with Intl around every changeover and midnight 1996–2199', () => {
    const oracle = intlLondonDate!;
    for (let year = 1996; year <= 2199; year++) {
      for (const month of [3, 10]) {
        // The last Sunday, found with Date rather than the module's own rule.
        let day = 31;
        while (new Date(utc(year, month, day)).getUTCDay() !== 0) day--;
        for (const hour of [-1, 0, 1, 22, 23, 24]) {
          for (const offsetMinutes of [-1, 0, 1]) {
            const instant = utc(year, month, day, hour) + offsetMinutes * 60_000;
            expect(londonToday(instant)).toBe(oracle(instant));
          }
        }
      }
    }
  });
});

describe('startOfLondonDay / endOfValidityInstant', () => {
  it('ends a summer Until at 22:59:59.999 UTC and a winter one at 23:59:59.999 UTC', () => {
    expect(endOfValidityInstant('2027-06-02').toISOString()).toBe('2027-06-02T22:59:59.999Z');
    expect(endOfValidityInstant('2027-11-02').toISOString()).toBe('2027-11-02T23:59:59.999Z');
    expect(startOfLondonDay('2027-06-02').toISOString()).toBe('2027-06-01T23:00:00.000Z');
    expect(startOfLondonDay('2027-11-02').toISOString()).toBe('2027-11-02T00:00:00.000Z');
  });

  it('makes the March changeover day 23 hours long and the October one 25', () => {
    expect(startOfLondonDay('2027-03-28').toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(endOfValidityInstant('2027-03-28').toISOString()).toBe('2027-03-28T22:59:59.999Z');
    expect(endOfValidityInstant('2027-03-28').getTime() - endOfValidityInstant('2027-03-27').getTime()).toBe(23 * HOUR);
    expect(startOfLondonDay('2027-10-31').toISOString()).toBe('2027-10-30T23:00:00.000Z');
    expect(endOfValidityInstant('2027-10-31').toISOString()).toBe('2027-10-31T23:59:59.999Z');
    expect(endOfValidityInstant('2027-10-31').getTime() - endOfValidityInstant('2027-10-30').getTime()).toBe(25 * HOUR);
    expect(endOfValidityInstant('2027-06-03').getTime() - endOfValidityInstant('2027-06-02').getTime()).toBe(24 * HOUR);
  });

  it('handles the extremes and rejects malformed dates', () => {
    expect(endOfValidityInstant('9999-12-31').toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(startOfLondonDay('1900-01-01').toISOString()).toBe('1900-01-01T00:00:00.000Z');
    expect(() => endOfValidityInstant('2027-02-29')).toThrow(RangeError);
    expect(() => startOfLondonDay('2 May 2027')).toThrow(RangeError);
  });

  it('the last valid millisecond is on the Until date and the next one is the following London day', () => {
    fc.assert(
      fc.property(calendarDateIn(1900, 2199), (date) => {
        const end = endOfValidityInstant(date).getTime();
        const start = startOfLondonDay(date).getTime();
        expect(londonToday(end)).toBe(date);
        expect(londonToday(end + 1)).toBe(addDays(date, 1));
        expect(londonToday(start)).toBe(date);
        expect(londonToday(start - 1)).toBe(addDays(date, -1));
        expect([23 * HOUR, 24 * HOUR, 25 * HOUR]).toContain(end + 1 - start);
      }),
      { numRuns: 2000 },
    );
  });
});
