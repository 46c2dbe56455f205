/** Which label names each setting, in messages and in the error summary (whose links go to the field). */
import type { MessageKey } from '../../platform/i18n';
import type { SettingsField } from '../../core/settings';

export const FIELD_LABELS: Readonly<Record<SettingsField, MessageKey>> = Object.freeze({
  hosts: 'optionsHostsLabel',
  connectionMode: 'optionsConnectionModeLegend',
  expiryWarningDays: 'optionsExpiryWarningDays',
  expiryInfoDays: 'optionsExpiryInfoDays',
  maxLifetimeDays: 'optionsMaxLifetimeDays',
  hugeRangeIpv4Prefix: 'optionsHugeIpv4Prefix',
  hugeRangeIpv6Prefix: 'optionsHugeIpv6Prefix',
  manyKeysPerUser: 'optionsManyKeysPerUser',
  logRetentionDays: 'optionsLogRetentionDays',
  allowedRanges: 'optionsAllowedRangesLabel',
  autoRetryUnchangedIpConflicts: 'optionsAutoRetryLabel',
  reminders: 'optionsReminderHourLabel',
});

/** The id of the control an error about `field` should take the admin to. */
export function controlId(field: SettingsField): string {
  if (field === 'connectionMode') return 'connectionMode-session';
  if (field === 'reminders') return 'reminderHour';
  return field;
}
