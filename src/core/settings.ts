/**
 * The extension's settings model and its validation (pure). The options page, the panel and the worker
 * all read settings through this one shape.
 */
export type ConnectionMode = 'session' | 'api-key';

export interface Settings {
  connectionMode: ConnectionMode;
  expiryWarningDays: number;
  maxLifetimeDays: number;
  hugeRangeIpv4Prefix: number;
  hugeRangeIpv6Prefix: number;
  logRetentionDays: number;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  connectionMode: 'session',
  expiryWarningDays: 14,
  maxLifetimeDays: 366,
  hugeRangeIpv4Prefix: 16,
  hugeRangeIpv6Prefix: 48,
  logRetentionDays: 30,
});

export interface SettingsFieldError {
  field: keyof Settings;
  /** i18n key and substitutions, so the UI renders the message in the admin's language. */
  messageKey: 'settingsErrorInteger';
  substitutions: string[];
}

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; errors: SettingsFieldError[] };

const INTEGER_BOUNDS: Record<Exclude<keyof Settings, 'connectionMode'>, [number, number]> = {
  expiryWarningDays: [1, 365],
  maxLifetimeDays: [1, 3650],
  hugeRangeIpv4Prefix: [1, 31],
  hugeRangeIpv6Prefix: [1, 127],
  logRetentionDays: [1, 3650],
};

export function validateSettings(candidate: unknown): SettingsValidation {
  const input = (typeof candidate === 'object' && candidate !== null ? candidate : {}) as Record<string, unknown>;
  const errors: SettingsFieldError[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS };
  settings.connectionMode = input.connectionMode === 'api-key' ? 'api-key' : 'session';
  for (const [field, [min, max]] of Object.entries(INTEGER_BOUNDS) as Array<[keyof typeof INTEGER_BOUNDS, [number, number]]>) {
    const raw = input[field];
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push({ field, messageKey: 'settingsErrorInteger', substitutions: [String(min), String(max)] });
    } else {
      settings[field] = value;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, settings };
}
