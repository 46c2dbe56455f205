/**
 * The audit tab's sentences built from data (gaps, filters, ages, progress), in one place so the view, the
 * exports and the session log say the same thing in the same words.
 */
import type { AuditFilter } from '../../core/keys/audit-table';
import type { Severity } from '../../core/keys/audit';
import type { AuditAge, AuditLoadProgress, GapReason, KeyRangeGap, StoredAudit, UserGap } from '../../core/keys/audit-session';
import { t, tPlural, type MessageKey } from '../../platform/i18n';

const number = (value: number) => value.toLocaleString('en-GB');

const REASON_LABEL: Partial<Record<GapReason, MessageKey>> = {
  auth: 'auditReasonAuth',
  permission: 'auditReasonPermission',
  'not-found': 'auditReasonNotFound',
  server: 'auditReasonServer',
  network: 'auditReasonNetwork',
  protocol: 'auditReasonProtocol',
  cancelled: 'auditReasonCancelled',
};

export function reasonLabel(reason: GapReason): string {
  const key = REASON_LABEL[reason];
  return key ? t(key) : t('auditReasonOther');
}

export function keyGapText(gap: KeyRangeGap): string {
  if (gap.last === null) return t('auditMissingKeysFrom', [number(gap.first), reasonLabel(gap.reason)]);
  if (gap.first === gap.last) return t('auditMissingKey', [number(gap.first), reasonLabel(gap.reason)]);
  return t('auditMissingKeys', [number(gap.first), number(gap.last), reasonLabel(gap.reason)]);
}

const MAX_IDS_SHOWN = 8;

export function userGapText(gap: UserGap): string {
  const shown = gap.ids.slice(0, MAX_IDS_SHOWN).join(', ');
  const ids = gap.ids.length > MAX_IDS_SHOWN ? t('auditIdsAndMore', [shown, number(gap.ids.length - MAX_IDS_SHOWN)]) : shown;
  return tPlural('auditMissingUsers', gap.ids.length, [reasonLabel(gap.reason), ids]);
}

/**
 * Everything the audit did not see, one sentence each: shown above the results, written into every export, so
 * an incomplete audit is never read as a complete one.
 */
export function missingTexts(audit: Pick<StoredAudit, 'keyGaps' | 'userGaps' | 'authStop' | 'complete'>): string[] {
  const lines: string[] = [];
  if (audit.authStop) lines.push(t('auditMissingAuth', audit.authStop.failureReason ?? reasonLabel('auth')));
  for (const gap of audit.keyGaps) lines.push(keyGapText(gap));
  for (const gap of audit.userGaps) lines.push(userGapText(gap));
  // Duplicate names and keys per user are counted over the keys read: unseen keys could add to either.
  if (audit.keyGaps.length > 0) lines.push(t('auditMissingCrossKeyRules'));
  if (!audit.complete && lines.length === 0) lines.push(t('auditMissingUnspecified'));
  return lines;
}

const SEVERITY_NAME: Record<Severity | 'none', MessageKey> = {
  error: 'auditSeverityErrors',
  warning: 'auditSeverityWarnings',
  info: 'auditSeverityInfos',
  none: 'auditSeverityNone',
};

export function severityName(severity: Severity | 'none'): string {
  return t(SEVERITY_NAME[severity]);
}

/** The filter in words ("severity: errors; code: expired; text: “vpn”"), or '' when nothing filters. */
export function filterDescription(filter: AuditFilter, userName: (id: number) => string): string {
  const parts: string[] = [];
  if (filter.severities && filter.severities.length > 0) parts.push(t('auditFilterPartSeverity', filter.severities.map(severityName).join(', ')));
  if (filter.codes && filter.codes.length > 0) parts.push(t('auditFilterPartCode', filter.codes.join(', ')));
  if (filter.userIds && filter.userIds.length > 0) parts.push(t('auditFilterPartUser', filter.userIds.map(userName).join(', ')));
  const text = filter.text?.trim() ?? '';
  if (text !== '') parts.push(t('auditFilterPartText', text));
  return parts.join('; ');
}

export function ageText(age: AuditAge): string {
  switch (age.unit) {
    case 'now':
      return t('auditAgeJustNow');
    case 'minutes':
      return tPlural('auditAgeMinutes', age.count);
    case 'hours':
      return tPlural('auditAgeHours', age.count);
    case 'days':
      return tPlural('auditAgeDays', age.count);
  }
}

export function progressText(progress: AuditLoadProgress): string {
  const total = progress.keysTotal === null ? '…' : number(progress.keysTotal);
  return t('auditProgress', [number(progress.keysLoaded), total, number(progress.usersChecked), number(progress.usersRequested)]);
}

export { number as formatCount };
