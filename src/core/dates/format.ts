/** Dates out: the forms Workbooks reads and the form admins read. */
import { type CalendarDate, calendarParts, partsFromDayNumber, weekdayOfDayNumber } from './calendar';
import { MS_PER_DAY } from './london';
import { monthAbbreviation, weekdayAbbreviation } from './names';

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** Workbooks' `%e %b %Y`: " 2 May 2027" (space-padded day), "12 May 2027". */
export function formatWorkbooksDate(date: CalendarDate): string {
  const { year, month, day } = calendarParts(date);
  return `${String(day).padStart(2, ' ')} ${monthAbbreviation(month)} ${year}`;
}

/**
 * "2 May 2027": for the UI and for fixes written back into a date field. Same tokens as the Workbooks form
 * without the padding space, so Workbooks (and parseWorkbooksDate) read it back unchanged.
 */
export function formatDisplayDate(date: CalendarDate): string {
  const { year, month, day } = calendarParts(date);
  return `${day} ${monthAbbreviation(month)} ${year}`;
}

/** Workbooks' datetime `%a %b %d %H:%M:%S %Z %Y` in UTC: "Wed Jun 02 23:30:00 UTC 2027". */
export function formatWorkbooksDateTime(instant: Date | number): string {
  const epochMs = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(epochMs)) throw new RangeError('Invalid date/time (NaN)');
  const dayNumber = Math.floor(epochMs / MS_PER_DAY);
  const { year, month, day } = partsFromDayNumber(dayNumber);
  const secondsOfDay = Math.floor((epochMs - dayNumber * MS_PER_DAY) / 1000);
  const time = `${pad2(Math.floor(secondsOfDay / 3600))}:${pad2(Math.floor(secondsOfDay / 60) % 60)}:${pad2(secondsOfDay % 60)}`;
  const weekday = weekdayAbbreviation(weekdayOfDayNumber(dayNumber));
  return `${weekday} ${monthAbbreviation(month)} ${pad2(day)} ${time} UTC ${String(year).padStart(4, '0')}`;
}
