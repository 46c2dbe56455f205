// Calendar dates (YYYY-MM-DD in the Europe/London calendar) and the Workbooks wire formats.
// Independent of src/core/dates on purpose: the simulator must not share code with what it tests.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const londonFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar date of an instant. */
export function londonDate(instantMs: number): string {
  const parts = londonFormatter.formatToParts(new Date(instantMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function toUtcMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromUtcMs(toUtcMs(iso) + days * 86_400_000);
}

/** Whole calendar days from `a` to `b` (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / 86_400_000);
}

export function isValidIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `%e %b %Y`: " 2 May 2027" (day padded with a space to two characters). */
export function formatWireDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${String(d).padStart(2, ' ')} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** `%a %b %d %H:%M:%S %Z %Y` in UTC: "Wed Jun 02 23:30:00 UTC 2027". */
export function formatWireDatetime(instantMs: number): string {
  const t = new Date(instantMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${WEEKDAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${two(t.getUTCDate())} ` +
    `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} UTC ${t.getUTCFullYear()}`
  );
}

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  const short = MONTHS.findIndex((m) => m.toLowerCase() === lower);
  if (short >= 0) return short;
  const full = FULL_MONTHS.indexOf(lower);
  if (full >= 0) return full;
  // Workbooks' own example writes "Sept".
  if (lower === 'sept') return 8;
  return -1;
}

/**
 * Parses a date as the service accepts it on write and in filters: ISO `YYYY-MM-DD`, `%e %b %Y` (month as
 * abbreviation or full name, optional leading space) and epoch seconds (converted to the London date).
 * Returns null when the text is not a date.
 */
export function parseWireDate(text: string): string | null {
  const trimmed = text.trim();
  if (isValidIsoDate(trimmed)) return trimmed;
  const dmy = /^(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})$/.exec(trimmed);
  if (dmy) {
    const month = monthIndex(dmy[2] ?? '');
    if (month < 0) return null;
    const iso = `${dmy[3]}-${String(month + 1).padStart(2, '0')}-${String(Number(dmy[1])).padStart(2, '0')}`;
    return isValidIsoDate(iso) ? iso : null;
  }
  if (/^-?\d{1,12}$/.test(trimmed)) return londonDate(Number(trimmed) * 1000);
  return null;
}

/**
 * Parses a datetime filter value: the wire datetime format, ISO 8601 instants, or epoch seconds.
 * A bare date (any parseWireDate form) answers `{ day }` so that filters can match a whole day.
 */
export function parseWireDatetime(text: string): { instant: number } | { day: string } | null {
  const trimmed = text.trim();
  const wire = /^[A-Za-z]{3}\s+([A-Za-z]{3,9})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+UTC\s+(\d{4})$/.exec(trimmed);
  if (wire) {
    const month = monthIndex(wire[1] ?? '');
    if (month < 0) return null;
    return { instant: Date.UTC(Number(wire[6]), month, Number(wire[2]), Number(wire[3]), Number(wire[4]), Number(wire[5])) };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? null : { instant: ms };
  }
  if (/^-?\d{1,12}$/.test(trimmed)) return { instant: Number(trimmed) * 1000 };
  const day = parseWireDate(trimmed);
  return day ? { day } : null;
}

/** A small strftime for the `_json_output_*_format` parameters (C locale, UTC for datetimes). */
export function strftime(format: string, instantMs: number): string {
  const t = new Date(instantMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return format.replace(/%([a-zA-Z%])/g, (whole, directive: string) => {
    switch (directive) {
      case 'Y': return String(t.getUTCFullYear());
      case 'y': return two(t.getUTCFullYear() % 100);
      case 'm': return two(t.getUTCMonth() + 1);
      case 'd': return two(t.getUTCDate());
      case 'e': return String(t.getUTCDate()).padStart(2, ' ');
      case 'b': return MONTHS[t.getUTCMonth()] ?? '';
      case 'B': { const m = FULL_MONTHS[t.getUTCMonth()] ?? ''; return m.charAt(0).toUpperCase() + m.slice(1); }
      case 'a': return WEEKDAYS[t.getUTCDay()] ?? '';
      case 'H': return two(t.getUTCHours());
      case 'M': return two(t.getUTCMinutes());
      case 'S': return two(t.getUTCSeconds());
      case 'Z': return 'UTC';
      case 's': return String(Math.floor(instantMs / 1000));
      case '%': return '%';
      default: return whole;
    }
  });
}

/** The simulator's clock: real time, shifted by whole days when `today` is overridden. */
export interface Clock {
  now(): number;
  today(): string;
}

export function createClock(todayOverride: string | undefined): Clock {
  if (!todayOverride) return { now: () => Date.now(), today: () => londonDate(Date.now()) };
  const shiftMs = daysBetween(londonDate(Date.now()), todayOverride) * 86_400_000;
  return { now: () => Date.now() + shiftMs, today: () => londonDate(Date.now() + shiftMs) };
}
