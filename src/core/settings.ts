/**
 * The extension's settings model, its validation and its file format (pure). The options page, the panel and
 * the worker all read settings through this one shape.
 *
 * Validation is all-or-nothing: `validateSettings` checks every field and returns either a complete, clean
 * settings object or the full list of per-field errors, so no caller can save half of a form.
 */
import { analyzeIpList, type IpAnalysisOptions } from './ip';
import { DEFAULT_VALIDITY_THRESHOLDS, type ValidityThresholds } from './dates';
import type { AuditThresholds } from './keys/audit';
import { errorMessage } from './error-message';

export type ConnectionMode = 'session' | 'api-key';

export interface ReminderSettings {
  /** The admin asked for daily expiry reminders (they also need the optional browser permissions). */
  enabled: boolean;
  /** Local hour (0–23) of the daily check; absent = shortly after turning reminders on, then every 24 hours. */
  hour?: number;
}

export interface Settings {
  connectionMode: ConnectionMode;
  /** `expires-soon` is a warning up to this many days before Until; reminders use the same window. */
  expiryWarningDays: number;
  /** …and information up to this many days (at least the warning window). */
  expiryInfoDays: number;
  /** Keys valid for longer than this many days are flagged. */
  maxLifetimeDays: number;
  hugeRangeIpv4Prefix: number;
  hugeRangeIpv6Prefix: number;
  /** A user with MORE keys than this is flagged by the audit. */
  manyKeysPerUser: number;
  logRetentionDays: number;
  /** Organisation-approved addresses and CIDR blocks (canonical); entries outside them are flagged. Empty = no policy. */
  allowedRanges: string[];
  /** Workbooks hosts in use (host names, e.g. `secure.workbooks.com`); reminders cover these. Empty = every host. */
  hosts: string[];
  reminders: ReminderSettings;
  /** Bulk edit: retry a lock_version conflict by itself when the other change left the IP list untouched. */
  autoRetryUnchangedIpConflicts: boolean;
}

export type SettingsField = keyof Settings;

/** Every field, in the order the options page shows them (also: which names an imported file may carry). */
export const SETTINGS_FIELDS: readonly SettingsField[] = Object.freeze([
  'hosts',
  'connectionMode',
  'expiryWarningDays',
  'expiryInfoDays',
  'maxLifetimeDays',
  'hugeRangeIpv4Prefix',
  'hugeRangeIpv6Prefix',
  'manyKeysPerUser',
  'allowedRanges',
  'autoRetryUnchangedIpConflicts',
  'logRetentionDays',
  'reminders',
]);

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  connectionMode: 'session',
  expiryWarningDays: 14,
  expiryInfoDays: 30,
  maxLifetimeDays: 366,
  hugeRangeIpv4Prefix: 16,
  hugeRangeIpv6Prefix: 48,
  manyKeysPerUser: 5,
  logRetentionDays: 30,
  allowedRanges: Object.freeze([]) as unknown as string[],
  hosts: Object.freeze(['secure.workbooks.com']) as unknown as string[],
  reminders: Object.freeze({ enabled: false }) as ReminderSettings,
  autoRetryUnchangedIpConflicts: false,
});

export type IntegerSettingsField =
  | 'expiryWarningDays'
  | 'expiryInfoDays'
  | 'maxLifetimeDays'
  | 'hugeRangeIpv4Prefix'
  | 'hugeRangeIpv6Prefix'
  | 'manyKeysPerUser'
  | 'logRetentionDays';

/** Inclusive bounds. Prefixes stop short of a single host (/32, /128): those are never "huge". */
export const INTEGER_SETTING_BOUNDS: Readonly<Record<IntegerSettingsField, readonly [number, number]>> = Object.freeze({
  expiryWarningDays: [1, 365],
  expiryInfoDays: [1, 365],
  maxLifetimeDays: [1, 3650],
  hugeRangeIpv4Prefix: [1, 31],
  hugeRangeIpv6Prefix: [1, 127],
  manyKeysPerUser: [1, 1000],
  logRetentionDays: [1, 3650],
});

export const REMINDER_HOUR_BOUNDS = [0, 23] as const;
export const MAX_ALLOWED_RANGES = 500;
export const MAX_HOSTS = 50;
/** Longer than any address or block can be written; keeps error messages and storage bounded. */
const MAX_ENTRY_LENGTH = 100;

/** i18n keys of the messages below (public/_locales), so the UI renders them in the admin's language. */
export type SettingsMessageKey =
  | 'settingsErrorInteger'
  | 'optionsErrorChoice'
  | 'optionsErrorBoolean'
  | 'optionsErrorList'
  | 'optionsErrorRangeEntry'
  | 'optionsErrorRangeNotBlock'
  | 'optionsErrorHost'
  | 'optionsErrorHour'
  | 'optionsErrorReminders';

/** Messages with plural forms (`<key>_one`, `<key>_other`): the count picks the form and is their `$1`. */
export type SettingsPluralKey = 'optionsErrorInfoBelowWarning' | 'optionsErrorTooMany' | 'optionsErrorEntryTooLong';

/** A message for the UI to render in the admin's language: a plain key, or a plural key with its count. */
export type SettingsMessage =
  | { messageKey: SettingsMessageKey; substitutions: string[]; count?: undefined }
  | { messageKey: SettingsPluralKey; count: number; substitutions: string[] };

export type SettingsFieldError = SettingsMessage & {
  field: SettingsField;
  /** For list fields (hosts, allowedRanges): the 0-based position of the entry concerned. */
  index?: number;
};

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; errors: SettingsFieldError[] };

export interface SettingsValidationOptions {
  /**
   * Also accept loopback hosts (`127.0.0.1:PORT`, `localhost:PORT`): only the test build, whose manifest grants
   * loopback, passes true, so store builds keep the list to Workbooks hosts.
   */
  allowLoopbackHosts?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number, also from a form's digit string (" 21 "). Anything else (1.5, "1e3", "", true) is null. */
function integerOf(raw: unknown): number | null {
  const value = typeof raw === 'string' && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** Text from a textarea → entries: one per line (commas also separate), trimmed, blanks dropped. */
export function splitListText(text: string): string[] {
  return text
    .split(/[\n\r,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

// -------------------------------------------------------------------------------------------- IP ranges

export type AllowedRangeCheck = { ok: true; canonical: string } | ({ ok: false } & SettingsMessage);

/**
 * One organisation-approved range must be a single address or CIDR block the IP engine reads without any
 * error (so `10.0.0.0/8` or `2001:db8::/32`, not `10.0.0.*`, `10.0.0.1-10.0.0.9` or `010.0.0.1`). Warnings
 * such as "private" are fine: company ranges often are. Returns the engine's canonical form.
 */
export function checkAllowedRange(entry: string): AllowedRangeCheck {
  const text = entry.trim();
  if (text.length > MAX_ENTRY_LENGTH) return { ok: false, messageKey: 'optionsErrorEntryTooLong', count: MAX_ENTRY_LENGTH, substitutions: [text.slice(0, 40)] };
  const analysis = analyzeIpList(text);
  const error = analysis.findings.find((finding) => finding.severity === 'error');
  if (error) return { ok: false, messageKey: 'optionsErrorRangeEntry', substitutions: [text, error.message] };
  const only = analysis.entries[0];
  if (analysis.entries.length !== 1 || !only || (only.kind !== 'address' && only.kind !== 'block') || only.canonical === null) {
    return { ok: false, messageKey: 'optionsErrorRangeNotBlock', substitutions: [text] };
  }
  return { ok: true, canonical: only.canonical };
}

// ------------------------------------------------------------------------------------------------ hosts

/** `name.workbooks.com`, any depth of DNS labels, lower case; `workbooks.com` alone is the marketing site. */
const WORKBOOKS_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+workbooks\.com$/;
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

/**
 * A host as the admin may paste it ("Secure.Workbooks.com", "https://secure.workbooks.com/") → the host
 * name, or null when it is not a Workbooks host. Paths, ports, credentials and plain http are refused rather
 * than silently dropped: they would mean the admin had something else in mind.
 */
export function normaliseHost(input: string, options: SettingsValidationOptions = {}): string | null {
  let text = input.trim().toLowerCase();
  if (text.length === 0 || text.length > 253) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    const loopbackScheme = options.allowLoopbackHosts && url.protocol === 'http:' && LOOPBACK_HOST.test(url.host);
    if ((url.protocol !== 'https:' && !loopbackScheme) || url.username || url.password || url.search || url.hash) return null;
    if (url.pathname !== '/' && url.pathname !== '') return null;
    text = url.host;
  } else if (text.endsWith('/')) {
    text = text.slice(0, -1);
  }
  if (WORKBOOKS_HOST.test(text)) return text;
  if (options.allowLoopbackHosts && LOOPBACK_HOST.test(text)) return text;
  return null;
}

// ------------------------------------------------------------------------------------------- validation

function validateList(
  field: 'hosts' | 'allowedRanges',
  raw: unknown,
  max: number,
  check: (entry: string) => { ok: true; value: string } | ({ ok: false } & SettingsMessage),
  errors: SettingsFieldError[],
): string[] | null {
  if (!Array.isArray(raw) || !raw.every((entry) => typeof entry === 'string')) {
    errors.push({ field, messageKey: 'optionsErrorList', substitutions: [] });
    return null;
  }
  const entries = (raw as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length > max) {
    errors.push({ field, messageKey: 'optionsErrorTooMany', count: max, substitutions: [] });
    return null;
  }
  const values: string[] = [];
  let failed = false;
  entries.forEach((entry, index) => {
    const result = check(entry);
    if (result.ok) {
      // Duplicates add nothing; dropping them keeps the stored list canonical.
      if (!values.includes(result.value)) values.push(result.value);
    } else {
      failed = true;
      const { ok: _failed, ...message } = result;
      errors.push({ field, ...message, index });
    }
  });
  return failed ? null : values;
}

function validateReminders(raw: unknown, errors: SettingsFieldError[]): ReminderSettings | null {
  if (!isRecord(raw) || typeof raw.enabled !== 'boolean') {
    errors.push({ field: 'reminders', messageKey: 'optionsErrorReminders', substitutions: [] });
    return null;
  }
  const reminders: ReminderSettings = { enabled: raw.enabled };
  if (raw.hour !== undefined && raw.hour !== null && raw.hour !== '') {
    const hour = integerOf(raw.hour);
    const [min, max] = REMINDER_HOUR_BOUNDS;
    if (hour === null || hour < min || hour > max) {
      errors.push({ field: 'reminders', messageKey: 'optionsErrorHour', substitutions: [String(min), String(max)] });
      return null;
    }
    reminders.hour = hour;
  }
  return reminders;
}

/**
 * Checks every field of `candidate` (a stored object, a form draft with digit strings, or an imported file's
 * settings) and returns either complete clean settings or every error found. Unknown properties are ignored
 * here; the file importer refuses them before calling this.
 */
export function validateSettings(candidate: unknown, options: SettingsValidationOptions = {}): SettingsValidation {
  const input = isRecord(candidate) ? candidate : {};
  const errors: SettingsFieldError[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, allowedRanges: [], hosts: [...DEFAULT_SETTINGS.hosts], reminders: { ...DEFAULT_SETTINGS.reminders } };

  if (input.connectionMode === 'session' || input.connectionMode === 'api-key') settings.connectionMode = input.connectionMode;
  else errors.push({ field: 'connectionMode', messageKey: 'optionsErrorChoice', substitutions: [] });

  for (const [field, [min, max]] of Object.entries(INTEGER_SETTING_BOUNDS) as Array<[IntegerSettingsField, readonly [number, number]]>) {
    const value = integerOf(input[field]);
    if (value === null || value < min || value > max) {
      errors.push({ field, messageKey: 'settingsErrorInteger', substitutions: [String(min), String(max)] });
    } else {
      settings[field] = value;
    }
  }
  // The info window extends the warning window; a shorter one would silently never apply.
  const warning = integerOf(input.expiryWarningDays);
  const info = integerOf(input.expiryInfoDays);
  if (warning !== null && info !== null && !errors.some((e) => e.field === 'expiryInfoDays' || e.field === 'expiryWarningDays') && info < warning) {
    errors.push({ field: 'expiryInfoDays', messageKey: 'optionsErrorInfoBelowWarning', count: warning, substitutions: [] });
  }

  const ranges = validateList('allowedRanges', input.allowedRanges, MAX_ALLOWED_RANGES, (entry) => {
    const checked = checkAllowedRange(entry);
    return checked.ok ? { ok: true, value: checked.canonical } : checked;
  }, errors);
  if (ranges) settings.allowedRanges = ranges;

  const hosts = validateList('hosts', input.hosts, MAX_HOSTS, (entry) => {
    if (entry.length > 253) return { ok: false, messageKey: 'optionsErrorEntryTooLong', count: 253, substitutions: [entry.slice(0, 40)] };
    const host = normaliseHost(entry, options);
    return host ? { ok: true, value: host } : { ok: false, messageKey: 'optionsErrorHost', substitutions: [entry] };
  }, errors);
  if (hosts) settings.hosts = hosts;

  const reminders = validateReminders(input.reminders, errors);
  if (reminders) settings.reminders = reminders;

  if (typeof input.autoRetryUnchangedIpConflicts === 'boolean') settings.autoRetryUnchangedIpConflicts = input.autoRetryUnchangedIpConflicts;
  else errors.push({ field: 'autoRetryUnchangedIpConflicts', messageKey: 'optionsErrorBoolean', substitutions: [] });

  return errors.length ? { ok: false, errors } : { ok: true, settings };
}

/**
 * Stored settings from an older version lack the newer fields: those take their defaults. Fields that are
 * present must still be valid.
 */
export function withDefaults(stored: unknown): Record<string, unknown> {
  const input = isRecord(stored) ? stored : {};
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const field of SETTINGS_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(input, field) && input[field] !== undefined) merged[field] = input[field];
  }
  return merged;
}

// ------------------------------------------------------------------------------------------ file format

export const SETTINGS_FILE_FORMAT = 'workbooks-key-assistant-settings';
export const SETTINGS_FILE_VERSION = 1;
/** A settings file is a few kilobytes; anything this large is the wrong file. */
export const MAX_SETTINGS_FILE_CHARS = 1_000_000;

export interface SettingsFile {
  format: typeof SETTINGS_FILE_FORMAT;
  version: typeof SETTINGS_FILE_VERSION;
  exportedAt: string;
  settings: Settings;
}

/** The export: settings only (API keys are never part of settings, so no secret can ride along). */
export function settingsToFile(settings: Settings, exportedAt: Date): string {
  const file: SettingsFile = { format: SETTINGS_FILE_FORMAT, version: SETTINGS_FILE_VERSION, exportedAt: exportedAt.toISOString(), settings };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** "workbooks-key-assistant-settings-2027-01-31.json" */
export function settingsFileName(exportedAt: Date): string {
  return `${SETTINGS_FILE_FORMAT}-${exportedAt.toISOString().slice(0, 10)}.json`;
}

export type SettingsFileMessageKey =
  | 'optionsImportTooLarge'
  | 'optionsImportNotJson'
  | 'optionsImportWrongFormat'
  | 'optionsImportNewerVersion'
  | 'optionsImportUnknownSettings';

export interface SettingsFileError {
  messageKey: SettingsFileMessageKey;
  substitutions: string[];
}

export type SettingsImport =
  | { ok: true; settings: Settings }
  | { ok: false; fileErrors: SettingsFileError[]; errors: SettingsFieldError[] };

const MAX_UNKNOWN_NAMES_SHOWN = 10;

/**
 * Reads an exported settings file. The file is judged as a whole: any problem (not JSON, not our format,
 * unknown settings, one invalid value) rejects all of it, so an import never changes some settings and not
 * others. Settings the file lacks (an export from an older version) take their defaults.
 */
export function parseSettingsFile(text: string, options: SettingsValidationOptions = {}): SettingsImport {
  const fail = (error: SettingsFileError): SettingsImport => ({ ok: false, fileErrors: [error], errors: [] });
  if (text.length > MAX_SETTINGS_FILE_CHARS) return fail({ messageKey: 'optionsImportTooLarge', substitutions: [] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail({ messageKey: 'optionsImportNotJson', substitutions: [errorMessage(error)] });
  }
  if (!isRecord(parsed) || parsed.format !== SETTINGS_FILE_FORMAT || !isRecord(parsed.settings)) {
    return fail({ messageKey: 'optionsImportWrongFormat', substitutions: [] });
  }
  if (parsed.version !== SETTINGS_FILE_VERSION) {
    const newer = typeof parsed.version === 'number' && Number.isInteger(parsed.version) && parsed.version > SETTINGS_FILE_VERSION;
    return fail(newer ? { messageKey: 'optionsImportNewerVersion', substitutions: [String(parsed.version)] } : { messageKey: 'optionsImportWrongFormat', substitutions: [] });
  }
  const fileSettings = parsed.settings;
  const unknown = Object.keys(fileSettings).filter((name) => !(SETTINGS_FIELDS as readonly string[]).includes(name));
  const fileErrors: SettingsFileError[] = [];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, MAX_UNKNOWN_NAMES_SHOWN).map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name));
    if (unknown.length > shown.length) shown.push('…');
    fileErrors.push({ messageKey: 'optionsImportUnknownSettings', substitutions: [shown.join(', ')] });
  }
  const checked = validateSettings(withDefaults(fileSettings), options);
  if (fileErrors.length === 0 && checked.ok) return { ok: true, settings: checked.settings };
  return { ok: false, fileErrors, errors: checked.ok ? [] : checked.errors };
}

// ------------------------------------------------------------------------------------ engine thresholds

/** The IP engine's options as the admin configured them: huge-range prefixes and organisation-approved ranges. */
export function ipOptionsFromSettings(settings: Pick<Settings, 'hugeRangeIpv4Prefix' | 'hugeRangeIpv6Prefix' | 'allowedRanges'>): IpAnalysisOptions {
  const options: IpAnalysisOptions = { hugeRangeIpv4Prefix: settings.hugeRangeIpv4Prefix, hugeRangeIpv6Prefix: settings.hugeRangeIpv6Prefix };
  if (settings.allowedRanges.length > 0) options.allowedRanges = settings.allowedRanges;
  return options;
}

/** The dates engine's thresholds as the admin configured them. */
export function validityThresholdsFromSettings(settings: Pick<Settings, 'expiryWarningDays' | 'expiryInfoDays' | 'maxLifetimeDays'>): Partial<ValidityThresholds> {
  return {
    expiryWarningDays: settings.expiryWarningDays,
    // The info window never ends inside the warning window (validation enforces it; stored values may predate it).
    expiryInfoDays: Math.max(settings.expiryInfoDays, settings.expiryWarningDays),
    lifetimeWarningDays: settings.maxLifetimeDays,
    // The info step lies below the warning step: a maximum under the default info step moves it down too,
    // or keys between the two would go unflagged.
    lifetimeInfoDays: Math.min(DEFAULT_VALIDITY_THRESHOLDS.lifetimeInfoDays, settings.maxLifetimeDays),
  };
}

/** The audit's thresholds as the admin configured them: the two engines' settings plus the audit's own. */
export function auditThresholdsFromSettings(settings: Settings): Partial<AuditThresholds> {
  const { allowedRanges, ...ip } = ipOptionsFromSettings(settings);
  const thresholds: Partial<AuditThresholds> = { ...validityThresholdsFromSettings(settings), ...ip, manyKeysPerUser: settings.manyKeysPerUser };
  if (allowedRanges) thresholds.allowedRanges = allowedRanges;
  return thresholds;
}
