import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DateErrorCode,
  type DateInputFormat,
  formatDisplayDate,
  formatWorkbooksDate,
  formatWorkbooksDateTime,
  isCalendarDate,
  londonToday,
  parseWorkbooksDate,
} from '../../../src/core/dates';
import { calendarDateIn, dateLikeString, instantIn } from './arbitraries';

const epochSeconds = (year: number, month: number, day: number, hours = 0, minutes = 0) =>
  String(Date.UTC(year, month - 1, day, hours, minutes) / 1000);

function expectDate(text: string, date: string, format?: DateInputFormat): void {
  const result = parseWorkbooksDate(text);
  expect(result, JSON.stringify(text)).toMatchObject(format === undefined ? { ok: true, date } : { ok: true, date, format });
}

function expectFailure(text: string, code: DateErrorCode): string {
  const result = parseWorkbooksDate(text);
  expect(result, JSON.stringify(text)).toMatchObject({ ok: false, code });
  return result.ok ? '' : result.message;
}

describe('parseWorkbooksDate: accepted formats', () => {
  it.each([
    [' 2 May 2027', '2027-05-02'],
    ['2 May 2027', '2027-05-02'],
    ['12 May 2027', '2027-05-12'],
    ['31 Dec 2027', '2027-12-31'],
  ])('Workbooks %%e %%b %%Y %j', (text, date) => expectDate(text, date, 'workbooks'));

  it.each([
    ['02 May 2027', '2027-05-02'],
    ['2 may 2027', '2027-05-02'],
    ['2 MAY 2027', '2027-05-02'],
    ['2 September 2027', '2027-09-02'],
    ['2 Sept 2027', '2027-09-02'],
    ['2 Sept. 2027', '2027-09-02'],
    ['2 February 2028', '2028-02-02'],
    ['1st January 2028', '2028-01-01'],
    ['2nd of May 2027', '2027-05-02'],
    ['23rd Feb 2027', '2027-02-23'],
    ['2 May, 2027', '2027-05-02'],
    ['May 2, 2027', '2027-05-02'],
    ['September 2nd, 2027', '2027-09-02'],
    ['Jun 2 2027', '2027-06-02'],
    ['02-May-2027', '2027-05-02'],
    ['2-SEP-2027', '2027-09-02'],
    ['02/May/2027', '2027-05-02'],
    ['Thursday 2 September 2027', '2027-09-02'],
    ['Thu, 2 Sept 2027', '2027-09-02'],
    ['Wed Jun 2 2027', '2027-06-02'],
    ['Wednesday, June 2, 2027', '2027-06-02'],
  ])('month names %j', (text, date) => expectDate(text, date, 'month-name'));

  it.each([
    ['2027-05-02', '2027-05-02', 'iso'],
    ['2028-02-29', '2028-02-29', 'iso'],
    ['2027-5-2', '2027-05-02', 'year-first'],
    ['2027/05/02', '2027-05-02', 'year-first'],
    ['2027.5.2', '2027-05-02', 'year-first'],
    ['20270502', '2027-05-02', 'iso-basic'],
  ] as const)('year first %j', (text, date, format) => expectDate(text, date, format));

  it.each([
    ['02/05/2027', '2027-05-02'],
    ['2/5/2027', '2027-05-02'],
    ['02.05.2027', '2027-05-02'],
    ['02-05-2027', '2027-05-02'],
    ['30/06/2027', '2027-06-30'],
    ['31/12/2027', '2027-12-31'],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['12/12/2027', '2027-12-12'],
    // Both numbers could be months: UK day-first wins.
    ['06/07/2027', '2027-07-06'],
  ])('UK day-first %j', (text, date) => expectDate(text, date, 'day-first'));

  describe('Workbooks datetime: the instant converted to the London date', () => {
    it.each([
      ['Wed Jun 02 23:30:00 UTC 2027', '2027-06-03'], // BST: 00:30 on 3 June in London
      ['Wed Jun 02 22:59:59 UTC 2027', '2027-06-02'],
      ['Wed Jun 02 23:00:00 UTC 2027', '2027-06-03'],
      ['Tue Nov 02 23:30:00 UTC 2027', '2027-11-02'], // GMT: still 2 November
      ['Tue Nov 02 23:59:59 UTC 2027', '2027-11-02'],
      ['Wed Nov 03 00:00:00 UTC 2027', '2027-11-03'],
      ['Sat Mar 27 23:30:00 UTC 2027', '2027-03-27'], // the night before BST starts: GMT
      ['Sun Mar 28 00:30:00 UTC 2027', '2027-03-28'],
      ['Sun Mar 28 23:30:00 UTC 2027', '2027-03-29'], // BST since 01:00 UTC that morning
      ['Sat Oct 30 23:30:00 UTC 2027', '2027-10-31'], // still BST
      ['Sun Oct 31 23:30:00 UTC 2027', '2027-10-31'], // GMT since 01:00 UTC
      ['Fri Dec 31 23:30:00 UTC 2027', '2027-12-31'],
      ['Wed Jun 02 23:30:00 GMT 2027', '2027-06-03'],
      ['Wed Jun 02 23:30:00 +0000 2027', '2027-06-03'],
      ['Wed Jun 02 23:30:00 +0100 2027', '2027-06-02'],
      ['wed jun 02 23:30:00 utc 2027', '2027-06-03'],
      ['Jun 02 23:30:00 UTC 2027', '2027-06-03'],
      ['Tue Feb 29 12:00:00 UTC 2028', '2028-02-29'],
    ])('%j → %s', (text, date) => expectDate(text, date, 'workbooks-datetime'));
  });

  it.each([
    ['Wed, 02 Jun 2027 23:30:00 GMT', '2027-06-03'],
    ['Wed, 02 Jun 2027 22:30:00 +0100', '2027-06-02'],
    ['2 Jun 2027 23:30', '2027-06-02'], // no zone: a London wall-clock time
    ['Tue, 02 Nov 2027 23:30:00 GMT', '2027-11-02'],
  ])('RFC 2822 date-time %j', (text, date) => expectDate(text, date, 'rfc-2822'));

  it.each([
    ['2027-06-02T23:30:00Z', '2027-06-03'],
    ['2027-06-02T23:30:00.123Z', '2027-06-03'],
    ['2027-06-02T23:30:00+01:00', '2027-06-02'],
    ['2027-06-02T01:00:00+05:00', '2027-06-01'],
    ['2027-11-02T23:30:00Z', '2027-11-02'],
    ['2027-06-02 23:30', '2027-06-02'], // no zone: a London wall-clock time
    ['2027-06-02t23:30z', '2027-06-03'],
  ])('ISO date-time %j', (text, date) => expectDate(text, date, 'iso-datetime'));

  it.each([
    [epochSeconds(2027, 6, 2, 23, 30), '2027-06-03'],
    [epochSeconds(2027, 6, 2, 22, 59), '2027-06-02'],
    [epochSeconds(2027, 11, 2, 23, 30), '2027-11-02'],
    ['100000000', '1973-03-03'], // nine digits, the smallest accepted
    ['99999999999', '5138-11-16'], // eleven digits, the largest accepted
  ])('epoch seconds %s', (text, date) => expectDate(text, date, 'epoch-seconds'));

  it.each([
    ['\u00a02 May 2027\u00a0', '2027-05-02'],
    ['  2027-05-02  ', '2027-05-02'],
    ['2  May\t2027', '2027-05-02'],
    ['2\u200b May 2027', '2027-05-02'],
    ['\uff12 May \uff12\uff10\uff12\uff17', '2027-05-02'], // fullwidth digits
    ['02\uff0f05\uff0f2027', '2027-05-02'], // fullwidth solidus
    ['2027\u201305\u201302', '2027-05-02'], // en dashes
  ])('tolerates pasted spacing and compatibility characters %j', (text, date) => expectDate(text, date));
});

describe('parseWorkbooksDate: rejections', () => {
  it.each(['', '   ', '\t\n', '\u00a0', '\u200b'])('blank %j', (text) => {
    expect(expectFailure(text, 'blank')).toMatch(/Enter a date/);
  });

  it.each(['tomorrow', 'May 2027', '2027-05', '12345', '1234567890123456', '1/2/3/2027', '2027-05-02Tfoo', '12345678', '2 May 2027 x', 'x'.repeat(500), '-1811971800', '1e9'])(
    'unrecognised %j',
    (text) => {
      expect(expectFailure(text, 'unrecognised')).toMatch(/2 May 2027/);
    },
  );

  it.each([
    ['2 Mai 2027', 'Mai'],
    ['2 Sepember 2027', 'Sepember'],
    ['Octember 2, 2027', 'Octember'],
    ['Wed Jux 02 23:30:00 UTC 2027', 'Jux'],
  ])('unknown month %j', (text, word) => {
    expect(expectFailure(text, 'unknown-month')).toContain(`"${word}" is not a month`);
  });

  it.each(['Wday 2 Jun 2027', 'Foo, June 2, 2027'])('unknown weekday %j', (text) => {
    expect(expectFailure(text, 'unknown-weekday')).toMatch(/is not a day of the week/);
  });

  it.each([
    ['31/02/2027', 'There is no 31 February 2027: February has 28 days.'],
    ['30/02/2028', 'There is no 30 February 2028: February has 29 days.'],
    ['29/02/2027', 'There is no 29 February 2027: 2027 is not a leap year.'],
    ['29 Feb 2027', 'There is no 29 February 2027: 2027 is not a leap year.'],
    ['2027-02-29', 'There is no 29 February 2027: 2027 is not a leap year.'],
    ['1900-02-29', 'There is no 29 February 1900: 1900 is not a leap year.'],
    ['2100-02-29', 'There is no 29 February 2100: 2100 is not a leap year.'],
    ['31/04/2027', 'There is no 31 April 2027: April has 30 days.'],
    ['0/5/2027', 'There is no day 0: days start at 1.'],
    ['5/0/2027', 'There is no month 0: months run from 1 to 12.'],
    ['31/13/2027', 'There is no month 13: months run from 1 to 12.'],
    ['2027-13-01', 'There is no month 13: months run from 1 to 12.'],
    ['20270231', 'There is no 31 February 2027: February has 28 days.'],
    ['32 May 2027', 'There is no 32 May 2027: May has 31 days.'],
    ['Mon Feb 29 10:00:00 UTC 2027', 'There is no 29 February 2027: 2027 is not a leap year.'],
    ['2027-02-29T10:00:00Z', 'There is no 29 February 2027: 2027 is not a leap year.'],
    ['06/31/2027', '06/31/2027 is not a date either way round: June has 30 days. Write it day-first, DD/MM/YYYY.'],
  ])('impossible date %j', (text, message) => {
    expect(expectFailure(text, 'impossible-date')).toBe(message);
  });

  it.each([
    ['06/30/2027', '06/30/2027 looks month-first (US style). Write it day-first: 30/06/2027.'],
    ['6/30/2027', '6/30/2027 looks month-first (US style). Write it day-first: 30/6/2027.'],
    ['01/13/2027', '01/13/2027 looks month-first (US style). Write it day-first: 13/01/2027.'],
    ['12.25.2027', '12.25.2027 looks month-first (US style). Write it day-first: 25.12.2027.'],
    ['02-29-2028', '02-29-2028 looks month-first (US style). Write it day-first: 29-02-2028.'],
  ])('month-first %j', (text, message) => {
    const result = parseWorkbooksDate(text);
    expect(result).toEqual({ ok: false, code: 'month-first', message });
  });

  it.each([
    ['02/05/27', '"27" could be 1927 or 2027: write the year in full, for example 02/05/2027.'],
    ['2-5-27', '"27" could be 1927 or 2027: write the year in full, for example 2-5-2027.'],
    ['06/30/27', '"27" could be 1927 or 2027: write the year in full, for example 30/06/2027.'],
    ['2 May 27', '"27" could be 1927 or 2027: write the year in full, for example 2 May 2027.'],
    ['2 May 7', '"7" could be 1907 or 2007: write the year in full, for example 2 May 2007.'],
    ['Wed Jun 02 23:30:00 UTC 27', '"27" could be 1927 or 2027: write the year in full, for example 2 Jun 2027.'],
  ])('two-digit year %j', (text, message) => {
    expect(expectFailure(text, 'two-digit-year')).toBe(message);
  });

  it.each(['1850-01-01', '0000-01-01', '2 May 1899', '02/05/20270', '2 May 202', '31/12/1899', 'Sun Dec 31 23:30:00 UTC 1899', '9999-12-31T23:30:00-01:00'])(
    'year out of range %j',
    (text) => {
      expect(expectFailure(text, 'year-out-of-range')).toMatch(/^Use a year from 1900 to 9999, not \d+\.$/);
    },
  );

  it.each([
    ['Thu Jun 02 23:30:00 UTC 2027', '2 Jun 2027 is a Wednesday, not a Thursday. Check the date.'],
    ['Monday 2 June 2027', '2 Jun 2027 is a Wednesday, not a Monday. Check the date.'],
    ['Tue, 02 Jun 2027 10:00:00 GMT', '2 Jun 2027 is a Wednesday, not a Tuesday. Check the date.'],
  ])('weekday mismatch %j', (text, message) => {
    expect(expectFailure(text, 'weekday-mismatch')).toBe(message);
  });

  it.each([
    ['Wed Jun 02 24:00:00 UTC 2027', /24:00:00 is not a time of day/],
    ['Wed Jun 02 23:60:00 UTC 2027', /23:60:00 is not a time of day/],
    ['2027-06-02T10:00:61Z', /10:00:61 is not a time of day/],
    ['2027-06-02 25:00', /25:00 is not a time of day/],
    ['Wed Jun 02 23:30:00 XYZ 2027', /"XYZ" is not a time-zone offset/],
    ['2027-06-02T10:00+25:00', /"\+25:00" is not a time-zone offset/],
  ])('invalid time %j', (text, message) => {
    expect(expectFailure(text, 'invalid-time')).toMatch(message);
  });

  it('epoch milliseconds: explains and suggests the date it would be', () => {
    const result = parseWorkbooksDate(String(Date.UTC(2027, 5, 2, 23, 30)));
    expect(result).toEqual({
      ok: false,
      code: 'epoch-milliseconds',
      message: 'This looks like milliseconds since 1970, which would be 3 Jun 2027. Enter the date itself: 3 Jun 2027.',
      suggestion: '2027-06-03',
    });
    expect(parseWorkbooksDate('100000000000')).toMatchObject({ ok: false, code: 'epoch-milliseconds', suggestion: '1973-03-03' });
  });

  it('suggests a date only for epoch milliseconds, never for guesses such as month-first input', () => {
    for (const text of ['06/30/2027', '02/05/27', '31/02/2027', 'Thu Jun 02 23:30:00 UTC 2027', '2 Mai 2027']) {
      const result = parseWorkbooksDate(text);
      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty('suggestion');
    }
  });

  it('never throws on non-string input that slips past the types', () => {
    expect(parseWorkbooksDate(20270502 as unknown as string)).toMatchObject({ ok: false, code: 'unrecognised' });
    expect(parseWorkbooksDate(null as unknown as string)).toMatchObject({ ok: false, code: 'unrecognised' });
  });
});

describe('parseWorkbooksDate: properties', () => {
  const dayFirst = (date: string) => {
    const [year, month, day] = date.split('-');
    return { padded: `${day}/${month}/${year}`, unpadded: `${Number(day)}/${Number(month)}/${year}` };
  };

  it('every format it writes reads back to the same date (any date 1900–2199)', () => {
    fc.assert(
      fc.property(calendarDateIn(1900, 2199), (date) => {
        expect(parseWorkbooksDate(formatWorkbooksDate(date))).toEqual({ ok: true, date, format: 'workbooks' });
        expect(parseWorkbooksDate(formatDisplayDate(date))).toEqual({ ok: true, date, format: 'workbooks' });
        expect(parseWorkbooksDate(date)).toEqual({ ok: true, date, format: 'iso' });
        expect(parseWorkbooksDate(date.replaceAll('-', ''))).toEqual({ ok: true, date, format: 'iso-basic' });
        expect(parseWorkbooksDate(dayFirst(date).padded)).toEqual({ ok: true, date, format: 'day-first' });
        expect(parseWorkbooksDate(dayFirst(date).unpadded)).toEqual({ ok: true, date, format: 'day-first' });
      }),
      { numRuns: 2000 },
    );
  });

  it('a Workbooks datetime and epoch seconds read back as the London date of the instant', () => {
    fc.assert(
      fc.property(instantIn(1974, 2199), (epochMs) => {
        const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
        const londonDate = londonToday(wholeSeconds);
        expect(parseWorkbooksDate(formatWorkbooksDateTime(wholeSeconds))).toEqual({ ok: true, date: londonDate, format: 'workbooks-datetime' });
        expect(parseWorkbooksDate(String(wholeSeconds / 1000))).toEqual({ ok: true, date: londonDate, format: 'epoch-seconds' });
        expect(parseWorkbooksDate(new Date(wholeSeconds).toISOString())).toEqual({ ok: true, date: londonDate, format: 'iso-datetime' });
        expect(parseWorkbooksDate(new Date(wholeSeconds).toUTCString())).toEqual({ ok: true, date: londonDate, format: 'rfc-2822' });
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws, and every answer is well formed, for any string', () => {
    const checkAnswer = (text: string) => {
      const result = parseWorkbooksDate(text);
      if (result.ok) {
        expect(isCalendarDate(result.date)).toBe(true);
        expect(Number(result.date.slice(0, 4))).toBeGreaterThanOrEqual(1900);
      } else {
        expect(result.message.length).toBeGreaterThan(0);
        if (result.suggestion !== undefined) expect(isCalendarDate(result.suggestion)).toBe(true);
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), checkAnswer), { numRuns: 3000 });
    fc.assert(fc.property(dateLikeString, checkAnswer), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), checkAnswer), { numRuns: 200 });
  });

  it('is insensitive to surrounding whitespace', () => {
    fc.assert(
      fc.property(calendarDateIn(1900, 2199), fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n'), (date, padding) => {
        expect(parseWorkbooksDate(`${padding}${formatDisplayDate(date)}${padding}`)).toMatchObject({ ok: true, date });
      }),
    );
  });
});
