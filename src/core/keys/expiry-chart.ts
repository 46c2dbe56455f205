/**
 * Keys by expiry month for the audit chart: the current month and the eleven after it, with expired keys, keys
 * without an Until date and keys expiring later counted apart (so the bars add up to every key).
 *
 * Dates are Europe/London calendar dates (`YYYY-MM-DD`), the same calendar as `today` (use `londonToday`), so a key
 * whose Until is 31 January belongs to January whatever the time zone of the machine: no Date objects here.
 */
import { calendarParts, compareDates, isCalendarDate, type CalendarDate } from '../dates';
import { monthAbbreviation } from '../dates/names';

export const EXPIRY_CHART_MONTHS = 12;

export interface ExpiryMonth {
  /** `YYYY-MM`. */
  month: string;
  /** `Jan 2027`. */
  label: string;
  /** Keys whose Until falls in this month and that have not expired yet. */
  count: number;
}

export interface ExpiryByMonth {
  /** Until is before today (valid through 23:59 London time on the Until date, so today itself is not expired). */
  expired: number;
  /** No Until date (or one that could not be read). */
  noUntil: number;
  /** Current month first, twelve months in all. */
  months: ExpiryMonth[];
  /** Until falls after the last charted month. */
  later: number;
}

interface YearMonth {
  year: number;
  month: number;
}

function nextMonth({ year, month }: YearMonth): YearMonth {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

function monthKey({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Counts keys by the month of their Until date. `rows` needs only `until` (audit rows fit). */
export function expiryByMonth(rows: ReadonlyArray<{ until: string | null }>, today: CalendarDate): ExpiryByMonth {
  const { year, month } = calendarParts(today); // throws on a malformed `today`: a caller bug, not data
  const months: ExpiryMonth[] = [];
  const indexByKey = new Map<string, number>();
  let current: YearMonth = { year, month };
  for (let i = 0; i < EXPIRY_CHART_MONTHS; i++) {
    const key = monthKey(current);
    indexByKey.set(key, i);
    months.push({ month: key, label: `${monthAbbreviation(current.month)} ${current.year}`, count: 0 });
    current = nextMonth(current);
  }

  let expired = 0;
  let noUntil = 0;
  let later = 0;
  for (const { until } of rows) {
    if (until === null || !isCalendarDate(until)) {
      noUntil++;
    } else if (compareDates(until, today) < 0) {
      expired++;
    } else {
      const index = indexByKey.get(until.slice(0, 7));
      const bucket = index === undefined ? undefined : months[index];
      if (bucket) bucket.count++;
      else later++; // not expired and not in the next twelve months: after them
    }
  }
  return { expired, noUntil, months, later };
}
