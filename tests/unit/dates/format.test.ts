import { describe, expect, it } from 'vitest';
import { formatDisplayDate, formatWorkbooksDate, formatWorkbooksDateTime } from '../../../src/core/dates';

describe('formatWorkbooksDate (%e %b %Y)', () => {
  it('pads single-digit days with a space, as Workbooks does', () => {
    expect(formatWorkbooksDate('2027-05-02')).toBe(' 2 May 2027');
    expect(formatWorkbooksDate('2027-05-12')).toBe('12 May 2027');
    expect(formatWorkbooksDate('1900-01-01')).toBe(' 1 Jan 1900');
    expect(formatWorkbooksDate('9999-12-31')).toBe('31 Dec 9999');
  });

  it('uses the three-letter English abbreviations (Sep, not Sept)', () => {
    const months = Array.from({ length: 12 }, (_, index) => formatWorkbooksDate(`2027-${String(index + 1).padStart(2, '0')}-15`).slice(3, 6));
    expect(months).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  });

  it('throws on anything that is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2027-02-29', '2027-5-2', '2 May 2027', '', '2027-13-01']) {
      expect(() => formatWorkbooksDate(bad)).toThrow(RangeError);
    }
  });
});

describe('formatDisplayDate', () => {
  it('has no leading space', () => {
    expect(formatDisplayDate('2027-05-02')).toBe('2 May 2027');
    expect(formatDisplayDate('2027-09-30')).toBe('30 Sep 2027');
    expect(() => formatDisplayDate('2027-02-30')).toThrow(RangeError);
  });
});

describe('formatWorkbooksDateTime (%a %b %d %H:%M:%S %Z %Y in UTC)', () => {
  it('writes the instant in UTC with a zero-padded day', () => {
    expect(formatWorkbooksDateTime(new Date(Date.UTC(2027, 5, 2, 23, 30)))).toBe('Wed Jun 02 23:30:00 UTC 2027');
    expect(formatWorkbooksDateTime(Date.UTC(2027, 10, 2, 0, 0, 5, 999))).toBe('Tue Nov 02 00:00:05 UTC 2027');
    expect(formatWorkbooksDateTime(Date.UTC(2028, 1, 29, 12, 7, 9))).toBe('Tue Feb 29 12:07:09 UTC 2028');
  });

  it('throws on an invalid Date', () => {
    expect(() => formatWorkbooksDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
