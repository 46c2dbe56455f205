/**
 * What a Fix button writes. IP fixes replace the finding's span of the CURRENT text, and only when that
 * span still holds what was analysed (the admin may have typed since); date fixes replace the field's value
 * with the date written the way the page's date inputs expect it.
 */
import { calendarParts, monthAbbreviation, type CalendarDate } from '../../core/dates/index';
import { DATE_PLACEHOLDER_FORMATS } from '../selectors';

export interface SpanEdit {
  start: number;
  end: number;
  /** What `text.slice(start, end)` held when the finding was made. */
  expected: string;
  replacement: string;
}

/** `text` with `start..end` replaced, or null when that span no longer holds `expected` (stale finding). */
export function applySpanEdit(text: string, edit: SpanEdit): string | null {
  if (edit.start < 0 || edit.end < edit.start || edit.end > text.length) return null;
  if (text.slice(edit.start, edit.end) !== edit.expected) return null;
  return text.slice(0, edit.start) + edit.replacement + text.slice(edit.end);
}

export type PageDateFormat = 'day-month-year' | 'iso' | 'month-name';

const DAY_MONTH_YEAR = /^\s*\d{1,2}\/\d{1,2}\/\d{4}\s*$/;
const ISO = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

/**
 * How a date input wants its dates: `<input type=date>` takes ISO; otherwise the placeholder says
 * (DD/MM/YYYY, YYYY-MM-DD, "d Mon yyyy"); otherwise the dates the form already shows; otherwise the
 * month-name form ("2 May 2027"), which no one misreads.
 */
export function pageDateFormat(control: Element, shownValues: readonly string[]): PageDateFormat {
  if (control instanceof HTMLInputElement && control.type === 'date') return 'iso';
  const placeholder = control.getAttribute('placeholder') ?? '';
  for (const rule of DATE_PLACEHOLDER_FORMATS) if (rule.pattern.test(placeholder)) return rule.format;
  for (const value of shownValues) {
    if (DAY_MONTH_YEAR.test(value)) return 'day-month-year';
    if (ISO.test(value)) return 'iso';
  }
  return 'month-name';
}

const pad2 = (value: number) => String(value).padStart(2, '0');

export function formatDateForPage(date: CalendarDate, format: PageDateFormat): string {
  const { year, month, day } = calendarParts(date);
  switch (format) {
    case 'iso':
      return date;
    case 'day-month-year':
      return `${pad2(day)}/${pad2(month)}/${year}`;
    case 'month-name':
      return `${day} ${monthAbbreviation(month)} ${year}`;
  }
}
