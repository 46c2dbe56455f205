import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ValidityFinding,
  type ValidityFindingCode,
  type ValidityInput,
  type ValidityOptions,
  DEFAULT_VALIDITY_THRESHOLDS,
  addDays,
  analyzeValidity,
  formatDisplayDate,
  formatWorkbooksDate,
  parseWorkbooksDate,
} from '../../../src/core/dates';
import { calendarDateIn, dateLikeString } from './arbitraries';

const TODAY = '2027-05-02';
const inDays = (days: number) => addDays(TODAY, days);
const display = (days: number) => formatDisplayDate(inDays(days));

function analyse(input: Partial<ValidityInput>, options: Partial<ValidityOptions> = {}) {
  return analyzeValidity({ validFrom: null, until: display(60), ...input }, { today: TODAY, isNew: false, ...options });
}

function findingsWith(code: ValidityFindingCode, input: Partial<ValidityInput>, options: Partial<ValidityOptions> = {}): ValidityFinding[] {
  return analyse(input, options).findings.filter((finding) => finding.code === code);
}

function only(code: ValidityFindingCode, input: Partial<ValidityInput>, options: Partial<ValidityOptions> = {}): ValidityFinding {
  const found = findingsWith(code, input, options);
  expect(found, `${code} for ${JSON.stringify(input)}`).toHaveLength(1);
  return found[0]!;
}

function none(code: ValidityFindingCode, input: Partial<ValidityInput>, options: Partial<ValidityOptions> = {}): void {
  expect(findingsWith(code, input, options), `${code} for ${JSON.stringify(input)}`).toEqual([]);
}

describe('analyzeValidity: a healthy key', () => {
  it('60 days ahead, no Valid From: no findings at all', () => {
    expect(analyse({})).toEqual({ findings: [], validFrom: null, until: inDays(60), daysLeft: 60 });
  });

  it('reads raw text in any accepted format, including the Workbooks form and ISO', () => {
    for (const until of [formatWorkbooksDate(inDays(60)), inDays(60), '01/07/2027', 'Thu Jul 01 10:00:00 UTC 2027']) {
      expect(analyse({ until })).toEqual({ findings: [], validFrom: null, until: '2027-07-01', daysLeft: 60 });
    }
    expect(analyse({ validFrom: ` 2 May 2027`, until: '2027-07-01' })).toEqual({
      findings: [],
      validFrom: TODAY,
      until: '2027-07-01',
      daysLeft: 60,
    });
  });
});

describe('until-missing', () => {
  it.each([null, '', '   ', '\u00a0'])('is an error for %j, with a fix 90 days from today', (until) => {
    const finding = only('until-missing', { until });
    expect(finding).toEqual({
      code: 'until-missing',
      severity: 'error',
      field: 'until',
      message: 'No Until date: the key would never expire. Set an expiry date.',
      fixes: [{ label: 'Set to 90 days from today', replacement: '31 Jul 2027', date: '2027-07-31' }],
    });
  });

  it('counts the suggested 90 days from a future Valid From', () => {
    const finding = only('until-missing', { until: null, validFrom: '1 Jun 2027' });
    expect(finding.fixes).toEqual([{ label: 'Set to 90 days after Valid From', replacement: '30 Aug 2027', date: '2027-08-30' }]);
  });

  it('omits the fix when 90 days later would pass year 9999', () => {
    const finding = only('until-missing', { validFrom: '30 Dec 9999', until: null });
    expect(finding.fixes).toBeUndefined();
  });

  it('follows the lifetimeInfoDays threshold for the suggestion', () => {
    const finding = only('until-missing', { until: null }, { thresholds: { lifetimeInfoDays: 30 } });
    expect(finding.fixes?.[0]).toMatchObject({ label: 'Set to 30 days from today', date: '2027-06-01' });
  });

  it('is not reported for a valid or an invalid Until', () => {
    none('until-missing', { until: display(10) });
    none('until-missing', { until: '31/02/2027' });
  });
});

describe('invalid-date', () => {
  it('carries the parse message, on the field that is wrong', () => {
    expect(only('invalid-date', { until: '31/02/2027' })).toEqual({
      code: 'invalid-date',
      severity: 'error',
      field: 'until',
      message: 'There is no 31 February 2027: February has 28 days.',
    });
    expect(only('invalid-date', { validFrom: '2 Mai 2027' })).toMatchObject({ field: 'validFrom', severity: 'error' });
  });

  it('does not auto-fix month-first or two-digit-year input', () => {
    const monthFirst = only('invalid-date', { until: '06/30/2027' });
    expect(monthFirst.message).toBe('06/30/2027 looks month-first (US style). Write it day-first: 30/06/2027.');
    expect(monthFirst.fixes).toBeUndefined();
    expect(only('invalid-date', { until: '30/06/27' }).fixes).toBeUndefined();
  });

  it('offers a fix where the intended date is certain (epoch milliseconds)', () => {
    const finding = only('invalid-date', { until: String(Date.UTC(2027, 6, 1, 12)) });
    expect(finding.fixes).toEqual([{ label: 'Use 1 Jul 2027', replacement: '1 Jul 2027', date: '2027-07-01' }]);
  });

  it('reports both fields when both are wrong, and nothing that depends on them', () => {
    const result = analyse({ validFrom: 'soon', until: '31/02/2027' });
    expect(result.findings.map((f) => [f.code, f.field])).toEqual([
      ['invalid-date', 'validFrom'],
      ['invalid-date', 'until'],
    ]);
    expect(result).toMatchObject({ validFrom: null, until: null, daysLeft: null });
  });

  it.each([' 2 May 2027', '2 May 2027', '2027-05-02', '02/05/2027', '2 September 2027', 'Wed Jun 02 23:30:00 UTC 2027'])(
    'is not reported for valid input %j',
    (text) => {
      none('invalid-date', { validFrom: text, until: '2030-01-01' });
      none('invalid-date', { until: text });
    },
  );
});

describe('until-before-from', () => {
  it('is an error with a fix that swaps both fields', () => {
    const finding = only('until-before-from', { validFrom: '10 Jun 2027', until: '1 Jun 2027' });
    expect(finding).toEqual({
      code: 'until-before-from',
      severity: 'error',
      field: 'until',
      message: 'Until (1 Jun 2027) is before Valid From (10 Jun 2027), so the key would never work. Swap or correct the dates.',
      fixes: [
        {
          label: 'Swap the two dates',
          replacement: '10 Jun 2027',
          date: '2027-06-10',
          alsoSet: { field: 'validFrom', replacement: '1 Jun 2027', date: '2027-06-01' },
        },
      ],
    });
  });

  it('also fires when both dates are in the past (alongside expired)', () => {
    const codes = analyse({ validFrom: '10 Apr 2027', until: '1 Apr 2027' }).findings.map((f) => f.code);
    expect(codes).toContain('until-before-from');
    expect(codes).toContain('expired');
    expect(codes).not.toContain('lifetime-long');
  });

  it('is not reported for a one-day key, a later Until, or a blank Valid From', () => {
    none('until-before-from', { validFrom: '1 Jun 2027', until: '1 Jun 2027' });
    none('until-before-from', { validFrom: '1 Jun 2027', until: '2 Jun 2027' });
    none('until-before-from', { validFrom: null, until: '1 Jun 2027' });
    none('until-before-from', { validFrom: 'garbage', until: '1 Jun 2027' });
  });
});

describe('expired: Until is valid through 23:59 UK time on that day', () => {
  it('is a warning for an existing, unchanged key', () => {
    const finding = only('expired', { until: '1 May 2027' });
    expect(finding).toMatchObject({ severity: 'warning', field: 'until' });
    expect(finding.message).toBe(
      'Expired: valid through 23:59 UK time on 1 May 2027 (yesterday). Set a later Until date or retire the key.',
    );
    expect(finding.fixes).toEqual([{ label: 'Set to 90 days from today', replacement: '31 Jul 2027', date: '2027-07-31' }]);
  });

  it('is an error for a new key and for an edited one', () => {
    for (const options of [{ isNew: true }, { isNew: false, edited: true }]) {
      const finding = only('expired', { until: '22 Apr 2027' }, options);
      expect(finding.severity).toBe('error');
      expect(finding.message).toBe(
        'This date has passed: the key would be valid through 23:59 UK time on 22 Apr 2027 (10 days ago). Choose a later Until date.',
      );
    }
  });

  it('is not reported on the Until day itself or later', () => {
    none('expired', { until: '2 May 2027' }, { isNew: true });
    none('expired', { until: '3 May 2027' });
    expect(analyse({ until: '2 May 2027' }).daysLeft).toBe(0);
    expect(analyse({ until: '1 May 2027' }).daysLeft).toBe(-1);
  });
});

describe('expires-soon', () => {
  it.each([
    [0, 'warning', 'Expires today: valid through 23:59 UK time on 2 May 2027. Plan its renewal.'],
    [1, 'warning', 'Expires tomorrow: valid through 23:59 UK time on 3 May 2027. Plan its renewal.'],
    [14, 'warning', 'Expires in 14 days: valid through 23:59 UK time on 16 May 2027. Plan its renewal.'],
    [15, 'info', 'Expires in 15 days: valid through 23:59 UK time on 17 May 2027. Plan its renewal.'],
    [30, 'info', 'Expires in 30 days: valid through 23:59 UK time on 1 Jun 2027. Plan its renewal.'],
  ] as const)('%i days left → %s', (days, severity, message) => {
    expect(only('expires-soon', { until: display(days) })).toEqual({ code: 'expires-soon', severity, field: 'until', message });
  });

  it('is not reported with 31 days left, nor once expired', () => {
    none('expires-soon', { until: display(31) });
    none('expires-soon', { until: display(-1) });
  });

  it('follows configured thresholds', () => {
    const thresholds = { expiryWarningDays: 3, expiryInfoDays: 7 };
    expect(only('expires-soon', { until: display(3) }, { thresholds }).severity).toBe('warning');
    expect(only('expires-soon', { until: display(4) }, { thresholds }).severity).toBe('info');
    none('expires-soon', { until: display(8) }, { thresholds });
  });
});

describe('lifetime-long: calendar days from Valid From (or today) to Until', () => {
  it.each([
    [91, 'info', 'Valid for 91 days. Shorter lifetimes limit the harm of a leaked key: consider 90 days.'],
    [366, 'info', 'Valid for 366 days. Shorter lifetimes limit the harm of a leaked key: consider 90 days.'],
    [367, 'warning', 'Valid for 367 days, over a year. A leaked key stays useful that long: consider 90 days.'],
    [3650, 'warning', 'Valid for 3650 days, over a year. A leaked key stays useful that long: consider 90 days.'],
  ] as const)('%i days → %s, with a fix shortening to 90 days', (days, severity, message) => {
    expect(only('lifetime-long', { until: display(days) })).toEqual({
      code: 'lifetime-long',
      severity,
      field: 'until',
      message,
      fixes: [{ label: 'Shorten to 90 days', replacement: '31 Jul 2027', date: '2027-07-31' }],
    });
  });

  it('is not reported at exactly 90 days', () => {
    none('lifetime-long', { until: display(90) });
  });

  it('counts from today when Valid From is in the past, from Valid From when it is in the future', () => {
    none('lifetime-long', { validFrom: display(-300), until: display(90) });
    expect(only('lifetime-long', { validFrom: display(-300), until: display(91) }).message).toMatch(/^Valid for 91 days/);
    none('lifetime-long', { validFrom: display(10), until: display(100) });
    const finding = only('lifetime-long', { validFrom: display(10), until: display(101) });
    expect(finding.message).toMatch(/^Valid for 91 days/);
    expect(finding.fixes?.[0]).toMatchObject({ date: inDays(100) });
  });

  it('is not reported when Valid From is unreadable or after Until', () => {
    none('lifetime-long', { validFrom: '31/02/2027', until: display(400) });
    none('lifetime-long', { validFrom: display(500), until: display(400) });
  });

  it('counts calendar days across BST changeovers (the 23-hour day is one day)', () => {
    const options = { today: '2027-03-27', thresholds: { lifetimeInfoDays: 1 } };
    const result = analyzeValidity({ validFrom: null, until: '29 Mar 2027' }, { isNew: true, ...options });
    expect(result.daysLeft).toBe(2);
    expect(result.findings.find((f) => f.code === 'lifetime-long')?.message).toMatch(/^Valid for 2 days/);
  });

  it('follows configured thresholds', () => {
    const thresholds = { lifetimeInfoDays: 30, lifetimeWarningDays: 60 };
    none('lifetime-long', { until: display(30) }, { thresholds });
    expect(only('lifetime-long', { until: display(31) }, { thresholds }).severity).toBe('info');
    expect(only('lifetime-long', { until: display(61) }, { thresholds })).toMatchObject({
      severity: 'warning',
      fixes: [{ label: 'Shorten to 30 days', date: inDays(30) }],
    });
  });

});

describe('starts-in-future', () => {
  it.each([
    [1, 'info', 'Starts tomorrow: the key will not work before 00:00 UK time on 3 May 2027. Leave Valid From blank to start now.'],
    [30, 'info', 'Starts in 30 days: the key will not work before 00:00 UK time on 1 Jun 2027. Leave Valid From blank to start now.'],
    [31, 'warning', 'Starts in 31 days: the key will not work before 00:00 UK time on 2 Jun 2027. Leave Valid From blank to start now.'],
  ] as const)('%i days ahead → %s', (days, severity, message) => {
    expect(only('starts-in-future', { validFrom: display(days), until: display(days + 30) })).toEqual({
      code: 'starts-in-future',
      severity,
      field: 'validFrom',
      message,
    });
  });

  it('is not reported for today, a past date or blank', () => {
    none('starts-in-future', { validFrom: display(0) });
    none('starts-in-future', { validFrom: display(-1) });
    none('starts-in-future', { validFrom: null });
  });

  it('follows the futureStartWarningDays threshold', () => {
    expect(only('starts-in-future', { validFrom: display(8), until: display(20) }, { thresholds: { futureStartWarningDays: 7 } }).severity).toBe('warning');
  });
});

describe('from-in-past', () => {
  it('is info saying it is the same as blank', () => {
    expect(only('from-in-past', { validFrom: '1 May 2027' })).toEqual({
      code: 'from-in-past',
      severity: 'info',
      field: 'validFrom',
      message: '1 May 2027 is in the past: same as blank, the key is effective immediately. You can leave Valid From blank.',
    });
  });

  it('is not reported for today, the future or blank', () => {
    none('from-in-past', { validFrom: '2 May 2027' });
    none('from-in-past', { validFrom: '3 May 2027' });
    none('from-in-past', { validFrom: '' });
  });
});

describe('options and thresholds', () => {
  it('exports the documented defaults, frozen', () => {
    expect(DEFAULT_VALIDITY_THRESHOLDS).toEqual({
      expiryWarningDays: 14,
      expiryInfoDays: 30,
      lifetimeInfoDays: 90,
      lifetimeWarningDays: 366,
      futureStartWarningDays: 30,
    });
    expect(Object.isFrozen(DEFAULT_VALIDITY_THRESHOLDS)).toBe(true);
  });

  it('throws when today is not a calendar date (a caller bug)', () => {
    expect(() => analyzeValidity({ validFrom: null, until: null }, { today: '2 May 2027', isNew: true })).toThrow(RangeError);
  });
});

describe('analyzeValidity: properties', () => {
  const rawField = fc.oneof(fc.constant(null), dateLikeString, fc.string({ maxLength: 30 }), calendarDateIn(1900, 2199).map(formatDisplayDate));

  it('never throws on any input, and every finding is well formed', () => {
    fc.assert(
      fc.property(rawField, rawField, calendarDateIn(1900, 2199), fc.boolean(), fc.boolean(), (validFrom, until, today, isNew, edited) => {
        const result = analyzeValidity({ validFrom, until }, { today, isNew, edited });
        for (const finding of result.findings) {
          expect(['error', 'warning', 'info']).toContain(finding.severity);
          expect(finding.message.length).toBeGreaterThan(0);
          for (const fix of finding.fixes ?? []) {
            expect(parseWorkbooksDate(fix.replacement)).toMatchObject({ ok: true, date: fix.date });
          }
        }
        expect(result.daysLeft === null).toBe(result.until === null);
      }),
      { numRuns: 3000 },
    );
  });

  it('applying any offered fix removes the finding it was offered for', () => {
    fc.assert(
      fc.property(
        fc.option(calendarDateIn(2020, 2040), { nil: null }),
        fc.option(calendarDateIn(2020, 2040), { nil: null }),
        calendarDateIn(2025, 2035),
        (validFrom, until, today) => {
          const input = { validFrom, until };
          const options = { today, isNew: true };
          for (const finding of analyzeValidity(input, options).findings) {
            for (const fix of finding.fixes ?? []) {
              const fixed = { ...input, [finding.field]: fix.replacement };
              if (fix.alsoSet) fixed[fix.alsoSet.field] = fix.alsoSet.replacement;
              const after = analyzeValidity(fixed, options).findings.map((f) => f.code);
              expect(after, `${finding.code} → ${fix.label}`).not.toContain(finding.code);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('daysLeft is calendar days from today to Until, and expired exactly when negative', () => {
    fc.assert(
      fc.property(calendarDateIn(1902, 2199), fc.integer({ min: -400, max: 400 }), (today, days) => {
        const until = addDays(today, days);
        const result = analyzeValidity({ validFrom: null, until: formatWorkbooksDate(until) }, { today, isNew: false });
        expect(result.daysLeft).toBe(days);
        expect(result.findings.some((f) => f.code === 'expired')).toBe(days < 0);
      }),
    );
  });
});
