/** Numbers for the options page, formatted for en-GB (the extension's only locale so far). */
const LOCALE = 'en-GB';
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB"; binary steps (1 KB = 1024 B), as browsers report storage. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

/** 7 → "07:00": the hours of the reminder time picker. */
export function formatHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
