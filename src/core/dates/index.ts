/**
 * core/dates: Workbooks date formats in and out, calendar arithmetic in Europe/London, validity findings.
 * Calendar dates are `YYYY-MM-DD` strings; nothing here builds a Date from one with `new Date('YYYY-MM-DD')`.
 */
export {
  type CalendarDate,
  type CalendarParts,
  addDays,
  calendarParts,
  compareDates,
  daysBetween,
  isCalendarDate,
  isLeapYear,
} from './calendar';
export { endOfValidityInstant, londonToday, londonUtcOffsetMinutes, startOfLondonDay } from './london';
export { formatDisplayDate, formatWorkbooksDate, formatWorkbooksDateTime } from './format';
export {
  type DateErrorCode,
  type DateInputFormat,
  type DateParseFailure,
  type DateParseResult,
  type ParsedDate,
  parseWorkbooksDate,
} from './parse';
export {
  type ValidityAnalysis,
  type ValidityField,
  type ValidityFinding,
  type ValidityFindingCode,
  type ValidityFix,
  type ValidityInput,
  type ValidityOptions,
  type ValiditySeverity,
  type ValidityThresholds,
  DEFAULT_VALIDITY_THRESHOLDS,
  analyzeValidity,
} from './validity';
export { DATE_MESSAGES } from './messages';
export { monthAbbreviation, monthName } from './names';
export { MAX_PARSE_YEAR, MIN_PARSE_YEAR } from './limits';
