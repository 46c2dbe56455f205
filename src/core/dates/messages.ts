/**
 * Every user-visible string of the dates module, in one table, so wording is reviewed in one place. The words
 * live in public/_locales (keys `engineDate…`); this module only chooses the message and its substitutions.
 * Messages are short and end by saying what to do.
 *
 * Month and weekday names passed in (from ./names) stay English on purpose: they are the names the parser
 * reads and the en-GB display format ("2 May 2027") writes, as Workbooks does.
 */
import { type PluralMessage, msg, plural } from '../i18n/index';
import { MAX_PARSE_YEAR, MIN_PARSE_YEAR } from './limits';

/**
 * A message whose plural form follows a number of days. The days are shown as a plain integer ("3650 days",
 * like a year, not "3,650"), so they go in again as $2; `plural`'s grouped $1 is left unused by these messages.
 */
function pluralDays(base: PluralMessage, days: number, ...substitutions: string[]): string {
  return plural(base, days, String(days), ...substitutions);
}

/** "today", "tomorrow", "in 3 days": inserted into a sentence about when something happens. */
function inDays(days: number): string {
  if (days === 0) return msg('engineDateToday');
  if (days === 1) return msg('engineDateTomorrow');
  return pluralDays('engineDateInDays', days);
}

/** "yesterday", "3 days ago". */
function daysAgo(days: number): string {
  return days === 1 ? msg('engineDateYesterday') : pluralDays('engineDateDaysAgo', days);
}

export const DATE_MESSAGES = {
  // parseWorkbooksDate
  blank: () => msg('engineDateBlank'),
  unrecognised: () => msg('engineDateUnrecognised'),
  unknownMonth: (word: string) => msg('engineDateUnknownMonth', word),
  unknownWeekday: (word: string) => msg('engineDateUnknownWeekday', word),
  monthOutOfRange: (month: number) => msg('engineDateMonthOutOfRange', String(month)),
  dayZero: () => msg('engineDateDayZero'),
  notLeapYear: (year: number) => msg('engineDateNotLeapYear', String(year)),
  dayPastMonthEnd: (day: number, monthName: string, year: number, daysInMonth: number) =>
    pluralDays('engineDateDayPastMonthEnd', daysInMonth, String(day), monthName, String(year)),
  notADateEitherWay: (typed: string, monthName: string, daysInMonth: number) =>
    pluralDays('engineDateNotADateEitherWay', daysInMonth, typed, monthName),
  monthFirst: (typed: string, dayFirst: string) => msg('engineDateMonthFirst', typed, dayFirst),
  twoDigitYear: (typedYear: string, example: string) => {
    // The two centuries a two-digit year could mean; computed here so no message has to glue digits together.
    const yy = typedYear.padStart(2, '0');
    return msg('engineDateTwoDigitYear', typedYear, `19${yy}`, `20${yy}`, example);
  },
  yearOutOfRange: (year: string) => msg('engineDateYearOutOfRange', String(MIN_PARSE_YEAR), String(MAX_PARSE_YEAR), year),
  weekdayMismatch: (date: string, actualWeekday: string, typedWeekday: string) =>
    msg('engineDateWeekdayMismatch', date, actualWeekday, typedWeekday),
  invalidTime: (time: string) => msg('engineDateInvalidTime', time),
  invalidZone: (zone: string) => msg('engineDateInvalidZone', zone),
  epochMilliseconds: (date: string) => msg('engineDateEpochMilliseconds', date),

  // analyzeValidity
  untilMissing: () => msg('engineDateUntilMissing'),
  untilBeforeFrom: (until: string, validFrom: string) => msg('engineDateUntilBeforeFrom', until, validFrom),
  expiredNewOrEdited: (until: string, daysPast: number) => msg('engineDateExpiredNewOrEdited', until, daysAgo(daysPast)),
  expiredExisting: (until: string, daysPast: number) => msg('engineDateExpiredExisting', until, daysAgo(daysPast)),
  expiresSoon: (until: string, daysLeft: number) => msg('engineDateExpiresSoon', inDays(daysLeft), until),
  lifetimeOverWarning: (days: number, suggestedDays: number) =>
    pluralDays('engineDateLifetimeOverWarning', days, pluralDays('engineDateDayCount', suggestedDays)),
  lifetimeOverInfo: (days: number, suggestedDays: number) =>
    pluralDays('engineDateLifetimeOverInfo', days, pluralDays('engineDateDayCount', suggestedDays)),
  startsInFuture: (validFrom: string, daysAhead: number) => msg('engineDateStartsInFuture', inDays(daysAhead), validFrom),
  fromInPast: (validFrom: string) => msg('engineDateFromInPast', validFrom),

  // fix labels
  fixSetDaysFromToday: (days: number) => pluralDays('engineDateFixSetDaysFromToday', days),
  fixSetDaysAfterValidFrom: (days: number) => pluralDays('engineDateFixSetDaysAfterValidFrom', days),
  fixSwapDates: () => msg('engineDateFixSwapDates'),
  fixShortenTo: (days: number) => pluralDays('engineDateFixShortenTo', days),
  fixUse: (date: string) => msg('engineDateFixUse', date),
} as const;
