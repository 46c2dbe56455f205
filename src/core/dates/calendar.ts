/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, with no time zone involved.
 *
 * Dates are converted to a day number (days since 1970-01-01) with Howard Hinnant's civil-calendar algorithm,
 * so no arithmetic ever goes through `Date` and its local-time quirks (`new Date('2027-05-02')` is UTC midnight,
 * `new Date(2027, 4, 2)` is host-local midnight: both have bitten date pickers around BST).
 */

/** A day in the Europe/London calendar, written `YYYY-MM-DD` (ISO 8601, four-digit year). */
export type CalendarDate = string;

export interface CalendarParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** The range a `CalendarDate` string can express (four-digit years). */
export const MIN_CALENDAR_YEAR = 1;
export const MAX_CALENDAR_YEAR = 9999;

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`; 0 for a month that does not exist. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

export function isValidCalendarParts({ year, month, day }: CalendarParts): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_CALENDAR_YEAR &&
    year <= MAX_CALENDAR_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Splits a CalendarDate into numbers, or null when it is not a real `YYYY-MM-DD` date. */
export function tryCalendarParts(date: unknown): CalendarParts | null {
  if (typeof date !== 'string') return null;
  const match = CALENDAR_DATE_PATTERN.exec(date);
  if (!match) return null;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidCalendarParts(parts) ? parts : null;
}

/** True for a real date written exactly `YYYY-MM-DD` (so `2027-02-29` and `2027-5-2` are false). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return tryCalendarParts(value) !== null;
}

/** Like tryCalendarParts, but a malformed date is a programming error: callers must pass parsed dates. */
export function calendarParts(date: CalendarDate): CalendarParts {
  const parts = tryCalendarParts(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

export function calendarDateFromParts({ year, month, day }: CalendarParts): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before it). Valid for every proleptic Gregorian date. */
export function dayNumberFromParts({ year, month, day }: CalendarParts): number {
  const marchBasedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchBasedYear / 400);
  const yearOfEra = marchBasedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function partsFromDayNumber(dayNumber: number): CalendarParts {
  const shifted = dayNumber + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function dayNumberOf(date: CalendarDate): number {
  return dayNumberFromParts(calendarParts(date));
}

/** The CalendarDate of a day number, or null when it falls outside years 1–9999. */
export function tryCalendarDateFromDayNumber(dayNumber: number): CalendarDate | null {
  if (!Number.isSafeInteger(dayNumber)) return null;
  const parts = partsFromDayNumber(dayNumber);
  return isValidCalendarParts(parts) ? calendarDateFromParts(parts) : null;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** `date` moved by `days` calendar days, or null when that leaves years 1–9999. */
export function tryAddDays(date: CalendarDate, days: number): CalendarDate | null {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be an integer: ${days}`);
  return tryCalendarDateFromDayNumber(dayNumberOf(date) + days);
}

/** `date` moved by `days` calendar days. Throws RangeError outside years 1–9999. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = tryAddDays(date, days);
  if (moved === null) throw new RangeError(`${date} + ${days} days is outside years 1–9999`);
  return moved;
}

/** Calendar days from `a` to `b` (b − a): a 23- or 25-hour BST changeover day still counts as one. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumberOf(b) - dayNumberOf(a);
}

/** Negative when a is earlier, 0 when equal, positive when later; suitable for Array.prototype.sort. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  const difference = dayNumberOf(a) - dayNumberOf(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}
