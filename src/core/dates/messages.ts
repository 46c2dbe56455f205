/**
 * Every user-visible string of the dates module, in one table (en-GB), so wording is reviewed in one place and
 * the i18n layer has one thing to wrap. Messages are short and end by saying what to do.
 */
import { MAX_PARSE_YEAR, MIN_PARSE_YEAR } from './limits';

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

function inDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${plural(days, 'day')}`;
}

function daysAgo(days: number): string {
  return days === 1 ? 'yesterday' : `${plural(days, 'day')} ago`;
}

export const DATE_MESSAGES = {
  // parseWorkbooksDate
  blank: () => 'Enter a date, for example 2 May 2027.',
  unrecognised: () => 'Enter the date as 2 May 2027, 02/05/2027 or 2027-05-02.',
  unknownMonth: (word: string) => `"${word}" is not a month. Use a name such as May or Sept, or write 02/05/2027.`,
  unknownWeekday: (word: string) => `"${word}" is not a day of the week. Leave it out, or enter the date as 2 May 2027.`,
  monthOutOfRange: (month: number) => `There is no month ${month}: months run from 1 to 12.`,
  dayZero: () => 'There is no day 0: days start at 1.',
  notLeapYear: (year: number) => `There is no 29 February ${year}: ${year} is not a leap year.`,
  dayPastMonthEnd: (day: number, monthName: string, year: number, daysInMonth: number) =>
    `There is no ${day} ${monthName} ${year}: ${monthName} has ${daysInMonth} days.`,
  notADateEitherWay: (typed: string, monthName: string, daysInMonth: number) =>
    `${typed} is not a date either way round: ${monthName} has ${daysInMonth} days. Write it day-first, DD/MM/YYYY.`,
  monthFirst: (typed: string, dayFirst: string) => `${typed} looks month-first (US style). Write it day-first: ${dayFirst}.`,
  twoDigitYear: (typedYear: string, example: string) => {
    const yy = typedYear.padStart(2, '0');
    return `"${typedYear}" could be 19${yy} or 20${yy}: write the year in full, for example ${example}.`;
  },
  yearOutOfRange: (year: string) => `Use a year from ${MIN_PARSE_YEAR} to ${MAX_PARSE_YEAR}, not ${year}.`,
  weekdayMismatch: (date: string, actualWeekday: string, typedWeekday: string) =>
    `${date} is a ${actualWeekday}, not a ${typedWeekday}. Check the date.`,
  invalidTime: (time: string) => `${time} is not a time of day. Check the hours, minutes and seconds.`,
  invalidZone: (zone: string) => `"${zone}" is not a time-zone offset. Use UTC or an offset such as +01:00.`,
  epochMilliseconds: (date: string) =>
    `This looks like milliseconds since 1970, which would be ${date}. Enter the date itself: ${date}.`,

  // analyzeValidity
  untilMissing: () => 'No Until date: the key would never expire. Set an expiry date.',
  untilBeforeFrom: (until: string, validFrom: string) =>
    `Until (${until}) is before Valid From (${validFrom}), so the key would never work. Swap or correct the dates.`,
  expiredNewOrEdited: (until: string, daysPast: number) =>
    `This date has passed: the key would be valid through 23:59 UK time on ${until} (${daysAgo(daysPast)}). Choose a later Until date.`,
  expiredExisting: (until: string, daysPast: number) =>
    `Expired: valid through 23:59 UK time on ${until} (${daysAgo(daysPast)}). Set a later Until date or retire the key.`,
  expiresSoon: (until: string, daysLeft: number) =>
    `Expires ${inDays(daysLeft)}: valid through 23:59 UK time on ${until}. Plan its renewal.`,
  lifetimeOverWarning: (days: number, suggestedDays: number) =>
    `Valid for ${plural(days, 'day')}, over a year. A leaked key stays useful that long: consider ${suggestedDays} days.`,
  lifetimeOverInfo: (days: number, suggestedDays: number) =>
    `Valid for ${plural(days, 'day')}. Shorter lifetimes limit the harm of a leaked key: consider ${suggestedDays} days.`,
  startsInFuture: (validFrom: string, daysAhead: number) =>
    `Starts ${inDays(daysAhead)}: the key will not work before 00:00 UK time on ${validFrom}. Leave Valid From blank to start now.`,
  fromInPast: (validFrom: string) =>
    `${validFrom} is in the past: same as blank, the key is effective immediately. You can leave Valid From blank.`,

  // fix labels
  fixSetDaysFromToday: (days: number) => `Set to ${days} days from today`,
  fixSetDaysAfterValidFrom: (days: number) => `Set to ${days} days after Valid From`,
  fixSwapDates: () => 'Swap the two dates',
  fixShortenTo: (days: number) => `Shorten to ${days} days`,
  fixUse: (date: string) => `Use ${date}`,
} as const;
