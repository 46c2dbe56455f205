/**
 * Findings about a key's "Valid From" / "Until" pair, as the admin types or as the audit reads them.
 *
 * Semantics (Workbooks): blank Valid From means effective immediately; a key is valid through 23:59 UK time
 * on its Until date, so it has expired once London's calendar has moved past that date. All counts are
 * calendar days in London, never hours / 24, so BST changeover days count as one day like any other.
 */
import { type CalendarDate, calendarParts, compareDates, daysBetween, tryAddDays } from './calendar';
import { formatDisplayDate } from './format';
import { DATE_MESSAGES } from './messages';
import { parseWorkbooksDate } from './parse';

export type ValidityField = 'validFrom' | 'until';
export type ValiditySeverity = 'error' | 'warning' | 'info';
export type ValidityFindingCode =
  | 'until-missing'
  | 'invalid-date'
  | 'until-before-from'
  | 'expired'
  | 'expires-soon'
  | 'lifetime-long'
  | 'starts-in-future'
  | 'from-in-past';

export interface ValidityFix {
  label: string;
  /** Text for the finding's field, in the display form ("2 May 2027") that Workbooks reads back. */
  replacement: string;
  /** The same date as a CalendarDate. */
  date: CalendarDate;
  /** A second field changed by the same fix (swapping the dates changes both). */
  alsoSet?: { field: ValidityField; replacement: string; date: CalendarDate };
}

export interface ValidityFinding {
  code: ValidityFindingCode;
  severity: ValiditySeverity;
  field: ValidityField;
  message: string;
  fixes?: ValidityFix[];
}

export interface ValidityThresholds {
  /** "expires-soon" is a warning from 0 to this many days left… */
  expiryWarningDays: number;
  /** …and info up to this many. */
  expiryInfoDays: number;
  /** "lifetime-long" is info above this many days; also the length the fixes suggest. */
  lifetimeInfoDays: number;
  /** "lifetime-long" is a warning above this many days. */
  lifetimeWarningDays: number;
  /** "starts-in-future" is a warning (not info) when the start is more than this many days ahead. */
  futureStartWarningDays: number;
}

export const DEFAULT_VALIDITY_THRESHOLDS: Readonly<ValidityThresholds> = Object.freeze({
  expiryWarningDays: 14,
  expiryInfoDays: 30,
  lifetimeInfoDays: 90,
  lifetimeWarningDays: 366,
  futureStartWarningDays: 30,
});

export interface ValidityInput {
  /** As typed (any format parseWorkbooksDate reads) or a CalendarDate; null or blank = effective immediately. */
  validFrom: string | null;
  /** As typed or a CalendarDate; null or blank = missing. */
  until: string | null;
}

export interface ValidityOptions {
  /** London's calendar date now: `londonToday(new Date())`. */
  today: CalendarDate;
  /** A key being created: an Until date in the past is an error. */
  isNew: boolean;
  /** An existing key whose dates the admin has changed: treated like a new key for "expired". */
  edited?: boolean;
  thresholds?: Partial<ValidityThresholds>;
}

export interface ValidityAnalysis {
  findings: ValidityFinding[];
  /** The parsed Valid From, or null when blank or invalid. */
  validFrom: CalendarDate | null;
  /** The parsed Until, or null when blank or invalid. */
  until: CalendarDate | null;
  /** Calendar days from today to Until (0 = last day today, negative = expired), or null without a valid Until. */
  daysLeft: number | null;
}

type FieldReading = { state: 'blank' } | { state: 'valid'; date: CalendarDate } | { state: 'invalid'; finding: ValidityFinding };

function readField(field: ValidityField, text: string | null): FieldReading {
  if (text === null) return { state: 'blank' };
  const parsed = parseWorkbooksDate(text);
  if (parsed.ok) return { state: 'valid', date: parsed.date };
  if (parsed.code === 'blank') return { state: 'blank' };
  const finding: ValidityFinding = { code: 'invalid-date', severity: 'error', field, message: parsed.message };
  if (parsed.suggestion !== undefined) finding.fixes = [fixTo(DATE_MESSAGES.fixUse(formatDisplayDate(parsed.suggestion)), parsed.suggestion)];
  return { state: 'invalid', finding };
}

function fixTo(label: string, date: CalendarDate): ValidityFix {
  return { label, replacement: formatDisplayDate(date), date };
}

/** The recommended lifetime counted from the day the key starts working; omitted if it would pass 9999. */
function recommendedUntilFixes(start: CalendarDate, today: CalendarDate, days: number, label: 'set' | 'shorten'): ValidityFix[] {
  const date = tryAddDays(start, days);
  if (date === null) return [];
  if (label === 'shorten') return [fixTo(DATE_MESSAGES.fixShortenTo(days), date)];
  const text = start === today ? DATE_MESSAGES.fixSetDaysFromToday(days) : DATE_MESSAGES.fixSetDaysAfterValidFrom(days);
  return [fixTo(text, date)];
}

function withFixes(finding: ValidityFinding, fixes: ValidityFix[]): ValidityFinding {
  return fixes.length > 0 ? { ...finding, fixes } : finding;
}

export function analyzeValidity(input: ValidityInput, options: ValidityOptions): ValidityAnalysis {
  const { today, isNew, edited = false } = options;
  calendarParts(today); // a malformed `today` is a caller bug: fail loudly rather than judge every key wrongly
  const thresholds: ValidityThresholds = { ...DEFAULT_VALIDITY_THRESHOLDS, ...options.thresholds };
  const findings: ValidityFinding[] = [];

  const fromReading = readField('validFrom', input.validFrom);
  const untilReading = readField('until', input.until);
  const validFrom = fromReading.state === 'valid' ? fromReading.date : null;
  const until = untilReading.state === 'valid' ? untilReading.date : null;
  // The day the key starts working: a past or blank Valid From means today.
  const start = validFrom !== null && compareDates(validFrom, today) > 0 ? validFrom : today;

  if (fromReading.state === 'invalid') findings.push(fromReading.finding);
  if (untilReading.state === 'invalid') findings.push(untilReading.finding);
  if (untilReading.state === 'blank') {
    findings.push(
      withFixes(
        { code: 'until-missing', severity: 'error', field: 'until', message: DATE_MESSAGES.untilMissing() },
        recommendedUntilFixes(start, today, thresholds.lifetimeInfoDays, 'set'),
      ),
    );
  }

  const daysLeft = until === null ? null : daysBetween(today, until);

  const untilBeforeFrom = until !== null && validFrom !== null && compareDates(until, validFrom) < 0;
  if (until !== null && validFrom !== null && untilBeforeFrom) {
    findings.push({
      code: 'until-before-from',
      severity: 'error',
      field: 'until',
      message: DATE_MESSAGES.untilBeforeFrom(formatDisplayDate(until), formatDisplayDate(validFrom)),
      fixes: [
        {
          ...fixTo(DATE_MESSAGES.fixSwapDates(), validFrom),
          alsoSet: { field: 'validFrom', replacement: formatDisplayDate(until), date: until },
        },
      ],
    });
  }

  if (until !== null && daysLeft !== null) {
    if (daysLeft < 0) {
      const strict = isNew || edited;
      const message = strict
        ? DATE_MESSAGES.expiredNewOrEdited(formatDisplayDate(until), -daysLeft)
        : DATE_MESSAGES.expiredExisting(formatDisplayDate(until), -daysLeft);
      findings.push(
        withFixes(
          { code: 'expired', severity: strict ? 'error' : 'warning', field: 'until', message },
          recommendedUntilFixes(start, today, thresholds.lifetimeInfoDays, 'set'),
        ),
      );
    } else if (daysLeft <= thresholds.expiryInfoDays || daysLeft <= thresholds.expiryWarningDays) {
      findings.push({
        code: 'expires-soon',
        severity: daysLeft <= thresholds.expiryWarningDays ? 'warning' : 'info',
        field: 'until',
        message: DATE_MESSAGES.expiresSoon(formatDisplayDate(until), daysLeft),
      });
    }

    // Lifetime only means something for a key that will work at all, and when its start is known.
    const lifetime = daysBetween(start, until);
    if (!untilBeforeFrom && fromReading.state !== 'invalid' && lifetime > thresholds.lifetimeInfoDays) {
      const overWarning = lifetime > thresholds.lifetimeWarningDays;
      findings.push(
        withFixes(
          {
            code: 'lifetime-long',
            severity: overWarning ? 'warning' : 'info',
            field: 'until',
            message: overWarning
              ? DATE_MESSAGES.lifetimeOverWarning(lifetime, thresholds.lifetimeInfoDays)
              : DATE_MESSAGES.lifetimeOverInfo(lifetime, thresholds.lifetimeInfoDays),
          },
          recommendedUntilFixes(start, today, thresholds.lifetimeInfoDays, 'shorten'),
        ),
      );
    }
  }

  if (validFrom !== null) {
    const daysAhead = daysBetween(today, validFrom);
    if (daysAhead > 0) {
      findings.push({
        code: 'starts-in-future',
        severity: daysAhead > thresholds.futureStartWarningDays ? 'warning' : 'info',
        field: 'validFrom',
        message: DATE_MESSAGES.startsInFuture(formatDisplayDate(validFrom), daysAhead),
      });
    } else if (daysAhead < 0) {
      findings.push({
        code: 'from-in-past',
        severity: 'info',
        field: 'validFrom',
        message: DATE_MESSAGES.fromInPast(formatDisplayDate(validFrom)),
      });
    }
  }

  return { findings, validFrom, until, daysLeft };
}
