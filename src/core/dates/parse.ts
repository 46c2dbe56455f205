/**
 * Dates in: everything an admin might type or paste into "Valid From" / "Until", and everything Workbooks
 * emits. Strict where a wrong guess is costly (month-first numbers, two-digit years, impossible days), lenient
 * where the reading is certain (letter case, spacing, "Sept", "2nd", a weekday that matches).
 */
import {
  type CalendarDate,
  calendarDateFromParts,
  daysInMonth,
  dayNumberFromParts,
  partsFromDayNumber,
  weekdayOfDayNumber,
} from './calendar';
import { formatDisplayDate } from './format';
import { MAX_PARSE_YEAR, MIN_PARSE_YEAR } from './limits';
import { MS_PER_DAY, tryLondonDateOfEpochMs } from './london';
import { DATE_MESSAGES } from './messages';
import { monthAbbreviation, monthFromName, monthName, weekdayFromName, weekdayName } from './names';

export type DateErrorCode =
  | 'blank'
  | 'unrecognised'
  | 'unknown-month'
  | 'unknown-weekday'
  | 'impossible-date'
  | 'month-first'
  | 'two-digit-year'
  | 'year-out-of-range'
  | 'weekday-mismatch'
  | 'invalid-time'
  | 'epoch-milliseconds';

/** Which notation the input was written in (lets the UI decide whether to rewrite it canonically). */
export type DateInputFormat =
  | 'iso' // 2027-05-02
  | 'year-first' // 2027/5/2, 2027.05.02, 2027-5-2
  | 'iso-basic' // 20270502
  | 'iso-datetime' // 2027-05-02T10:00:00Z (a zone converts the instant to London's date)
  | 'workbooks' // " 2 May 2027" / "2 May 2027": Workbooks' %e %b %Y, with or without its padding space
  | 'month-name' // 2 September 2027, 2nd of Sept 2027, June 2, 2027, 02-May-2027, Wed 2 Jun 2027
  | 'day-first' // 02/05/2027, 2/5/2027, 02.05.2027, 02-05-2027
  | 'workbooks-datetime' // Wed Jun 02 23:30:00 UTC 2027
  | 'rfc-2822' // Wed, 02 Jun 2027 23:30:00 GMT
  | 'epoch-seconds'; // 1811971800

export interface ParsedDate {
  ok: true;
  date: CalendarDate;
  format: DateInputFormat;
}

export interface DateParseFailure {
  ok: false;
  code: DateErrorCode;
  message: string;
  /** Only when the intended date is certain (never for month-first input or two-digit years). */
  suggestion?: CalendarDate;
}

export type DateParseResult = ParsedDate | DateParseFailure;

/** Longer input is not a date; the cap keeps every pattern below linear and per-keystroke cheap. */
const MAX_INPUT_LENGTH = 100;

const ZONE = String.raw`(Z|[A-Za-z]{2,5}|[+-]\d{2}(?::?\d{2})?)`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?`;
const OPTIONAL_WEEKDAY = String.raw`(?:([A-Za-z]+)\.?,?\s+)?`;
const ORDINAL_SUFFIX = String.raw`(?:st|nd|rd|th)?`;

const ALL_DIGITS = /^\d+$/;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)${TIME}\s*${ZONE}?)?$`, 'i');
const NUMERIC_DAY_FIRST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d+)$/;
const WORKBOOKS_DATETIME = new RegExp(
  String.raw`^${OPTIONAL_WEEKDAY}([A-Za-z]+)\.?\s+(\d{1,2}),?\s+${TIME}\s+${ZONE}\s+(\d+)$`,
);
const RFC_2822 = new RegExp(String.raw`^${OPTIONAL_WEEKDAY}(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d+),?\s+${TIME}(?:\s*${ZONE})?$`);
const DAY_MONTH_YEAR = new RegExp(
  // A separator is required after the day: without one, "2nd" could be read as day 2 of month "nd".
  String.raw`^${OPTIONAL_WEEKDAY}(\d{1,2})${ORDINAL_SUFFIX}(?:\s+of)?[\s\-/.,]+([A-Za-z]+)\.?[\s\-/.,]+(\d+)$`,
  'i',
);
const MONTH_DAY_YEAR = new RegExp(String.raw`^${OPTIONAL_WEEKDAY}([A-Za-z]+)\.?[\s\-/.]*(\d{1,2})${ORDINAL_SUFFIX},?\s+(\d+)$`, 'i');

function failure(code: DateErrorCode, message: string, suggestion?: CalendarDate): DateParseFailure {
  return suggestion === undefined ? { ok: false, code, message } : { ok: false, code, message, suggestion };
}

const unrecognised = (): DateParseFailure => failure('unrecognised', DATE_MESSAGES.unrecognised());

/**
 * Makes pasted text comparable: compatibility forms (fullwidth digits, fullwidth solidus) to ASCII, every kind
 * of space to one ASCII space, invisible characters removed, typographic dashes to hyphens.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A typed year as a number, or the failure explaining why it cannot be one. */
function checkYear(typedYear: string, exampleWithYear: (fullYear: string) => string): number | DateParseFailure {
  if (typedYear.length <= 2) {
    return failure('two-digit-year', DATE_MESSAGES.twoDigitYear(typedYear, exampleWithYear(`20${typedYear.padStart(2, '0')}`)));
  }
  const year = Number(typedYear);
  if (typedYear.length !== 4 || year < MIN_PARSE_YEAR || year > MAX_PARSE_YEAR) {
    return failure('year-out-of-range', DATE_MESSAGES.yearOutOfRange(typedYear));
  }
  return year;
}

function checkDayAndMonth(year: number, month: number, day: number): DateParseFailure | null {
  if (month < 1 || month > 12) return failure('impossible-date', DATE_MESSAGES.monthOutOfRange(month));
  if (day < 1) return failure('impossible-date', DATE_MESSAGES.dayZero());
  const lastDay = daysInMonth(year, month);
  if (day <= lastDay) return null;
  if (month === 2 && day === 29) return failure('impossible-date', DATE_MESSAGES.notLeapYear(year));
  return failure('impossible-date', DATE_MESSAGES.dayPastMonthEnd(day, monthName(month), year, lastDay));
}

function checkedDate(year: number, month: number, day: number, format: DateInputFormat): DateParseResult {
  return checkDayAndMonth(year, month, day) ?? { ok: true, date: calendarDateFromParts({ year, month, day }), format };
}

/** A typed weekday must name a real weekday and agree with the date it accompanies. */
function checkWeekday(typedWeekday: string | undefined, year: number, month: number, day: number): DateParseFailure | null {
  if (typedWeekday === undefined) return null;
  const weekday = weekdayFromName(typedWeekday);
  if (weekday === null) return failure('unknown-weekday', DATE_MESSAGES.unknownWeekday(typedWeekday));
  const actual = weekdayOfDayNumber(dayNumberFromParts({ year, month, day }));
  if (actual === weekday) return null;
  const date = `${day} ${monthAbbreviation(month)} ${year}`;
  return failure('weekday-mismatch', DATE_MESSAGES.weekdayMismatch(date, weekdayName(actual), weekdayName(weekday)));
}

function checkTime(hours: string, minutes: string, seconds: string | undefined): DateParseFailure | null {
  if (Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds ?? '0') <= 59) return null;
  return failure('invalid-time', DATE_MESSAGES.invalidTime(`${hours}:${minutes}${seconds === undefined ? '' : `:${seconds}`}`));
}

/** Minutes ahead of UTC for a zone designator, or null when it is not one we can read with certainty. */
function zoneOffsetMinutes(zone: string): number | null {
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT' || upper === 'UT') return 0;
  if (upper === 'BST') return 60;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The London date of an instant given as a wall-clock time in a zone. */
function londonDateOfZonedTime(
  parts: { year: number; month: number; day: number; hours: string; minutes: string; seconds: string | undefined },
  zone: string,
  format: DateInputFormat,
): DateParseResult {
  const invalidDay = checkDayAndMonth(parts.year, parts.month, parts.day);
  if (invalidDay) return invalidDay;
  const invalidTime = checkTime(parts.hours, parts.minutes, parts.seconds);
  if (invalidTime) return invalidTime;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return failure('invalid-time', DATE_MESSAGES.invalidZone(zone));
  const secondsOfDay = Number(parts.hours) * 3600 + Number(parts.minutes) * 60 + Number(parts.seconds ?? '0');
  const epochMs = dayNumberFromParts(parts) * MS_PER_DAY + (secondsOfDay - offsetMinutes * 60) * 1000;
  return londonDateOfInstant(epochMs, format);
}

function londonDateOfInstant(epochMs: number, format: DateInputFormat): DateParseResult {
  const date = tryLondonDateOfEpochMs(epochMs);
  // Around New Year London is on GMT, so the UTC year is London's year wherever the range check bites.
  const year = partsFromDayNumber(Math.floor(epochMs / MS_PER_DAY)).year;
  if (date === null || year < MIN_PARSE_YEAR || year > MAX_PARSE_YEAR) {
    return failure('year-out-of-range', DATE_MESSAGES.yearOutOfRange(String(year)));
  }
  return { ok: true, date, format };
}

function parseAllDigits(digits: string): DateParseResult {
  if (digits.length >= 9 && digits.length <= 11) return londonDateOfInstant(Number(digits) * 1000, 'epoch-seconds');
  if (digits.length === 12 || digits.length === 13) {
    // 12–13 digits are milliseconds for 1973–2286: a JavaScript timestamp pasted where seconds belong.
    const asMilliseconds = londonDateOfInstant(Number(digits), 'epoch-seconds');
    if (!asMilliseconds.ok) return unrecognised();
    const display = formatDisplayDate(asMilliseconds.date);
    return failure('epoch-milliseconds', DATE_MESSAGES.epochMilliseconds(display), asMilliseconds.date);
  }
  if (digits.length === 8) {
    // ISO 8601 basic form YYYYMMDD; anything else eight digits long is too ambiguous to guess at.
    const year = Number(digits.slice(0, 4));
    if (year < MIN_PARSE_YEAR) return unrecognised();
    return checkedDate(year, Number(digits.slice(4, 6)), Number(digits.slice(6, 8)), 'iso-basic');
  }
  return unrecognised();
}

function parseYearFirst(match: RegExpExecArray): DateParseResult {
  const [, typedYear = '', separator, typedMonth = '', typedDay = '', hours, minutes, seconds, zone] = match;
  const year = checkYear(typedYear, (fullYear) => fullYear);
  if (typeof year !== 'number') return year;
  const month = Number(typedMonth);
  const day = Number(typedDay);
  if (hours !== undefined && minutes !== undefined) {
    if (zone !== undefined) return londonDateOfZonedTime({ year, month, day, hours, minutes, seconds }, zone, 'iso-datetime');
    // No zone: a wall-clock time, taken as London's, so the date part is the date.
    return checkDayAndMonth(year, month, day) ?? checkTime(hours, minutes, seconds) ?? checkedDate(year, month, day, 'iso-datetime');
  }
  const isIso = separator === '-' && typedMonth.length === 2 && typedDay.length === 2;
  return checkedDate(year, month, day, isIso ? 'iso' : 'year-first');
}

function parseNumericDayFirst(match: RegExpExecArray): DateParseResult {
  const [typed = '', first = '', separator = '', second = '', typedYear = ''] = match;
  const firstNumber = Number(first);
  const secondNumber = Number(second);
  // 06/30/2027: the second number cannot be a month, the first can: someone wrote month-first.
  const looksMonthFirst = secondNumber > 12 && firstNumber >= 1 && firstNumber <= 12;
  const [dayText, monthText] = looksMonthFirst ? [second, first] : [first, second];
  const year = checkYear(typedYear, (fullYear) => [dayText, monthText, fullYear].join(separator));
  if (typeof year !== 'number') return year;
  if (looksMonthFirst) {
    const swapped = checkDayAndMonth(year, firstNumber, secondNumber);
    if (swapped) {
      return failure('impossible-date', DATE_MESSAGES.notADateEitherWay(typed, monthName(firstNumber), daysInMonth(year, firstNumber)));
    }
    return failure('month-first', DATE_MESSAGES.monthFirst(typed, [second, first, typedYear].join(separator)));
  }
  return checkedDate(year, secondNumber, firstNumber, 'day-first');
}

function parseMonthName(
  typedWeekday: string | undefined,
  typedDay: string,
  typedMonth: string,
  typedYear: string,
  normalisedText: string,
): DateParseResult {
  const month = monthFromName(typedMonth);
  if (month === null) return failure('unknown-month', DATE_MESSAGES.unknownMonth(typedMonth));
  const day = Number(typedDay);
  const year = checkYear(typedYear, (fullYear) => `${day} ${monthAbbreviation(month)} ${fullYear}`);
  if (typeof year !== 'number') return year;
  const invalid = checkDayAndMonth(year, month, day) ?? checkWeekday(typedWeekday, year, month, day);
  if (invalid) return invalid;
  const date = calendarDateFromParts({ year, month, day });
  // "2 May 2027" is Workbooks' own form once its padding space is trimmed (normalise() trims it).
  return { ok: true, date, format: normalisedText === formatDisplayDate(date) ? 'workbooks' : 'month-name' };
}

function parseDateTimeWithMonthName(
  typedWeekday: string | undefined,
  typedDay: string,
  typedMonth: string,
  typedYear: string,
  time: { hours: string; minutes: string; seconds: string | undefined },
  zone: string | undefined,
  format: DateInputFormat,
): DateParseResult {
  const month = monthFromName(typedMonth);
  if (month === null) return failure('unknown-month', DATE_MESSAGES.unknownMonth(typedMonth));
  const day = Number(typedDay);
  const year = checkYear(typedYear, (fullYear) => `${day} ${monthAbbreviation(month)} ${fullYear}`);
  if (typeof year !== 'number') return year;
  const invalid = checkDayAndMonth(year, month, day) ?? checkWeekday(typedWeekday, year, month, day);
  if (invalid) return invalid;
  if (zone === undefined) {
    return checkTime(time.hours, time.minutes, time.seconds) ?? checkedDate(year, month, day, format);
  }
  return londonDateOfZonedTime({ year, month, day, ...time }, zone, format);
}

/**
 * Reads a date as typed, pasted or sent by Workbooks and returns its Europe/London calendar date.
 * Never throws. Blank input is `{ ok: false, code: 'blank' }`: callers decide whether blank is allowed.
 */
export function parseWorkbooksDate(text: string): DateParseResult {
  const input: unknown = text;
  if (typeof input !== 'string') return unrecognised();
  if (input.length > MAX_INPUT_LENGTH * 4) return unrecognised();
  const normalised = normalise(input);
  if (normalised === '') return failure('blank', DATE_MESSAGES.blank());
  if (normalised.length > MAX_INPUT_LENGTH) return unrecognised();

  if (ALL_DIGITS.test(normalised)) return parseAllDigits(normalised);

  const yearFirst = YEAR_FIRST.exec(normalised);
  if (yearFirst) return parseYearFirst(yearFirst);

  const dayFirst = NUMERIC_DAY_FIRST.exec(normalised);
  if (dayFirst) return parseNumericDayFirst(dayFirst);

  const workbooksDateTime = WORKBOOKS_DATETIME.exec(normalised);
  if (workbooksDateTime) {
    const [, weekday, month = '', day = '', hours = '', minutes = '', seconds, zone = '', year = ''] = workbooksDateTime;
    return parseDateTimeWithMonthName(weekday, day, month, year, { hours, minutes, seconds }, zone, 'workbooks-datetime');
  }

  const rfc2822 = RFC_2822.exec(normalised);
  if (rfc2822) {
    const [, weekday, day = '', month = '', year = '', hours = '', minutes = '', seconds, zone] = rfc2822;
    return parseDateTimeWithMonthName(weekday, day, month, year, { hours, minutes, seconds }, zone, 'rfc-2822');
  }

  const dayMonthYear = DAY_MONTH_YEAR.exec(normalised);
  if (dayMonthYear) {
    const [, weekday, day = '', month = '', year = ''] = dayMonthYear;
    return parseMonthName(weekday, day, month, year, normalised);
  }

  const monthDayYear = MONTH_DAY_YEAR.exec(normalised);
  if (monthDayYear) {
    const [, weekday, month = '', day = '', year = ''] = monthDayYear;
    return parseMonthName(weekday, day, month, year, normalised);
  }

  return unrecognised();
}
