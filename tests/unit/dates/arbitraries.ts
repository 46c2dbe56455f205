/** Shared fast-check generators and independent oracles for the dates tests. */
import fc from 'fast-check';

const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) of a date, computed with Date.UTC as an independent oracle. */
export function utcDayNumber(year: number, month: number, day: number): number {
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, does not remap years 0–99
  instant.setUTCHours(0, 0, 0, 0);
  return instant.getTime() / MS_PER_DAY;
}

/** CalendarDate of a day number via Date (independent of the module under test). */
export function isoOfDayNumber(dayNumber: number): string {
  const instant = new Date(dayNumber * MS_PER_DAY);
  const year = String(instant.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(instant.getUTCMonth() + 1).padStart(2, '0')}-${String(instant.getUTCDate()).padStart(2, '0')}`;
}

/** Any CalendarDate between two years inclusive. */
export function calendarDateIn(fromYear: number, toYear: number): fc.Arbitrary<string> {
  return fc
    .integer({ min: utcDayNumber(fromYear, 1, 1), max: utcDayNumber(toYear, 12, 31) })
    .map(isoOfDayNumber);
}

/** Any instant (epoch ms) between two years inclusive (UTC). */
export function instantIn(fromYear: number, toYear: number): fc.Arbitrary<number> {
  return fc.integer({ min: utcDayNumber(fromYear, 1, 1) * MS_PER_DAY, max: utcDayNumber(toYear + 1, 1, 1) * MS_PER_DAY - 1 });
}

/** Strings built from the characters dates are made of, so random input reaches the deeper parse paths. */
export const dateLikeString: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(
    ...'0123456789/-.:, TZ+'.split(''),
    'May', 'Sept', 'Jun', 'Wed', 'UTC', 'GMT', 'st', 'nd', 'of', '2027', '1899', '29', '02', '31', '12',
    '\u00a0', '\u200b', '２', '–',
  ),
  maxLength: 12,
});

/** Europe/London calendar date of an instant according to Intl, or null when Intl has no tz data. */
export const intlLondonDate: ((epochMs: number) => string) | null = (() => {
  try {
    const formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const part = (parts: Intl.DateTimeFormatPart[], type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const probe = (epochMs: number) => {
      const parts = formatter.formatToParts(epochMs);
      return `${part(parts, 'year').padStart(4, '0')}-${part(parts, 'month')}-${part(parts, 'day')}`;
    };
    // Without tz data some runtimes silently fall back to UTC: 23:30 UTC on a June day must be the next day.
    return probe(Date.UTC(2027, 5, 2, 23, 30)) === '2027-06-03' ? probe : null;
  } catch {
    return null;
  }
})();
