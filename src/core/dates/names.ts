/**
 * English month and weekday names. These are protocol tokens (Workbooks writes `%b` and `%a` in English)
 * as much as display text, so they are fixed here rather than taken from Intl, whose en-GB data changed
 * "Sep" to "Sept" in recent ICU releases: Workbooks' own parser expects "Sep".
 */

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function nameAt(names: readonly string[], index: number): string {
  const name = names[index];
  if (name === undefined) throw new RangeError(`No name at index ${index}`);
  return name;
}

/** "January" for 1. */
export function monthName(month: number): string {
  return nameAt(MONTH_NAMES, month - 1);
}

/** "Jan" for 1: the `%b` abbreviation. */
export function monthAbbreviation(month: number): string {
  return monthName(month).slice(0, 3);
}

/** "Sunday" for 0. */
export function weekdayName(weekday: number): string {
  return nameAt(WEEKDAY_NAMES, weekday);
}

/** "Sun" for 0: the `%a` abbreviation. */
export function weekdayAbbreviation(weekday: number): string {
  return weekdayName(weekday).slice(0, 3);
}

function buildLookup(names: readonly string[], extraSpellings: Record<string, number>): ReadonlyMap<string, number> {
  const lookup = new Map<string, number>();
  names.forEach((name, index) => {
    lookup.set(name.toLowerCase(), index);
    lookup.set(name.slice(0, 3).toLowerCase(), index);
  });
  for (const [spelling, index] of Object.entries(extraSpellings)) lookup.set(spelling, index);
  return lookup;
}

// Spellings people really type, beyond the full name and the three-letter abbreviation.
const MONTH_LOOKUP = buildLookup(MONTH_NAMES, { sept: 8 });
const WEEKDAY_LOOKUP = buildLookup(WEEKDAY_NAMES, { tues: 2, weds: 3, thur: 4, thurs: 4 });

/** 1–12 for a month name or abbreviation in any letter case, else null. */
export function monthFromName(word: string): number | null {
  const index = MONTH_LOOKUP.get(word.toLowerCase());
  return index === undefined ? null : index + 1;
}

/** 0 (Sunday) – 6 for a weekday name or abbreviation in any letter case, else null. */
export function weekdayFromName(word: string): number | null {
  return WEEKDAY_LOOKUP.get(word.toLowerCase()) ?? null;
}
