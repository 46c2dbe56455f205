/**
 * The Europe/London calendar without depending on Intl time-zone data (some embedded browsers and minimal
 * Node builds ship without it, and its absence fails silently as UTC).
 *
 * Rule applied to every year: British Summer Time (UTC+1) runs from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October; GMT (UTC+0) otherwise. This is the law since 1996 (and, as far as
 * anyone knows, for the future). Earlier years had other rules, which key validity dates never need.
 */
import {
  type CalendarDate,
  calendarParts,
  dayNumberFromParts,
  daysInMonth,
  dayNumberOf,
  partsFromDayNumber,
  tryCalendarDateFromDayNumber,
  weekdayOfDayNumber,
} from './calendar';

export const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const BST_OFFSET_MS = MS_PER_HOUR;
/** Changes happen at 01:00 UTC in both directions. */
const CHANGEOVER_UTC_MS_OF_DAY = MS_PER_HOUR;

function lastSundayDayNumber(year: number, month: number): number {
  const lastDay = dayNumberFromParts({ year, month, day: daysInMonth(year, month) });
  return lastDay - weekdayOfDayNumber(lastDay);
}

/** [start, end) of British Summer Time in `year`, as epoch milliseconds. */
export function britishSummerTimeBounds(year: number): { start: number; end: number } {
  return {
    start: lastSundayDayNumber(year, 3) * MS_PER_DAY + CHANGEOVER_UTC_MS_OF_DAY,
    end: lastSundayDayNumber(year, 10) * MS_PER_DAY + CHANGEOVER_UTC_MS_OF_DAY,
  };
}

function londonOffsetMsAt(epochMs: number): number {
  // The UTC year is the right one to look up: both changeovers are months away from New Year.
  const { year } = partsFromDayNumber(Math.floor(epochMs / MS_PER_DAY));
  const { start, end } = britishSummerTimeBounds(year);
  return epochMs >= start && epochMs < end ? BST_OFFSET_MS : 0;
}

function epochMsOf(instant: Date | number): number {
  const epochMs = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(epochMs)) throw new RangeError('Invalid date/time (NaN)');
  return epochMs;
}

/** Minutes London is ahead of UTC at `instant`: 60 during British Summer Time, otherwise 0. */
export function londonUtcOffsetMinutes(instant: Date | number): 0 | 60 {
  return londonOffsetMsAt(epochMsOf(instant)) === BST_OFFSET_MS ? 60 : 0;
}

/** The London calendar date of an instant, or null when it falls outside years 1–9999. */
export function tryLondonDateOfEpochMs(epochMs: number): CalendarDate | null {
  if (!Number.isFinite(epochMs)) return null;
  return tryCalendarDateFromDayNumber(Math.floor((epochMs + londonOffsetMsAt(epochMs)) / MS_PER_DAY));
}

/** The London calendar date of an instant (what a wall calendar in London shows at that moment). */
export function londonToday(now: Date | number): CalendarDate {
  const date = tryLondonDateOfEpochMs(epochMsOf(now));
  if (date === null) throw new RangeError('Instant outside years 1–9999');
  return date;
}

/**
 * Epoch ms of a London wall-clock time on `date`. Only called for 00:00 and 23:59:59.999, which are never
 * inside a changeover (those happen at 01:00 GMT / 02:00 BST), so the wall time exists and is never repeated.
 */
function londonWallTimeToEpochMs(date: CalendarDate, msOfDay: number): number {
  const wallClockAsUtc = dayNumberOf(date) * MS_PER_DAY + msOfDay;
  const ifSummerTime = wallClockAsUtc - BST_OFFSET_MS;
  return londonOffsetMsAt(ifSummerTime) === BST_OFFSET_MS ? ifSummerTime : wallClockAsUtc;
}

/** The instant London's calendar turns to `date` (00:00 UK time). */
export function startOfLondonDay(date: CalendarDate): Date {
  calendarParts(date);
  return new Date(londonWallTimeToEpochMs(date, 0));
}

/**
 * The last instant a key with this "Until" date is valid: 23:59:59.999 UK time on that day (BST or GMT as
 * London has it that evening).
 */
export function endOfValidityInstant(until: CalendarDate): Date {
  calendarParts(until);
  return new Date(londonWallTimeToEpochMs(until, MS_PER_DAY - 1));
}
