/**
 * The live checks of an API key's form values, shared by every place that edits a key (the panel's key editor,
 * and anything else that wants the same verdicts): settings → engine options, engine findings → display
 * findings with Fix buttons, and user-status warnings. The verdicts themselves come from core (IP engine, dates
 * engine, audit messages); this module only adapts them for display.
 */
import { analyzeIpList, applyFix, type IpAnalysisOptions, type IpFinding } from '../../core/ip';
import type { ValidityField, ValidityFinding } from '../../core/dates';
import type { UserStatus } from '../../core/keys/model';
import { AUDIT_MESSAGES, describeUser } from '../../core/keys/audit-messages';
import type { DisplayFinding, Severity } from './findings';

// Settings → engine options: one mapping for every place that checks keys (core/settings.ts).
export { ipOptionsFromSettings, validityThresholdsFromSettings } from '../../core/settings';

/** IP findings for display; each fix replaces the finding's span through `onFix(finding, fixIndex)`. */
export function ipDisplayFindings(findings: readonly IpFinding[], onFix: (finding: IpFinding, fixIndex: number) => void): DisplayFinding[] {
  return findings.map((finding, index) => {
    const display: DisplayFinding = { id: `ip-${index}-${finding.code}-${finding.start}`, severity: finding.severity, message: finding.message, code: finding.code };
    if (finding.fixes && finding.fixes.length > 0) {
      display.fixes = finding.fixes.map((fix, fixIndex) => ({ label: fix.label, apply: () => onFix(finding, fixIndex) }));
    }
    return display;
  });
}

/**
 * Applies an IP fix computed on `analysedText` to `currentText`. When the admin has typed since the analysis
 * (the findings lag by the debounce), the same finding is looked up again in the current text (same code, same
 * entry text) so the fix never lands on shifted offsets; null when it no longer applies.
 */
export function applyIpFixTo(currentText: string, analysedText: string, finding: IpFinding, fixIndex: number, options: IpAnalysisOptions): string | null {
  if (currentText === analysedText) return applyFix(currentText, finding, fixIndex);
  const spanText = analysedText.slice(finding.start, finding.end);
  const again = analyzeIpList(currentText, options).findings.find((f) => f.code === finding.code && currentText.slice(f.start, f.end) === spanText);
  return again ? applyFix(currentText, again, fixIndex) : null;
}

/** Date findings of one field; a fix writes the replacement (and a swap's second field) through `write`. */
export function validityDisplayFindings(
  findings: readonly ValidityFinding[],
  field: ValidityField,
  write: (changes: Partial<Record<ValidityField, string>>) => void,
): DisplayFinding[] {
  return findings
    .filter((finding) => finding.field === field)
    .map((finding, index) => {
      const display: DisplayFinding = { id: `date-${field}-${index}-${finding.code}`, severity: finding.severity, message: finding.message, code: finding.code };
      if (finding.fixes && finding.fixes.length > 0) {
        display.fixes = finding.fixes.map((fix) => ({
          label: fix.label,
          apply: () => {
            const changes: Partial<Record<ValidityField, string>> = { [finding.field]: fix.replacement };
            if (fix.alsoSet) changes[fix.alsoSet.field] = fix.alsoSet.replacement;
            write(changes);
          },
        }));
      }
      return display;
    });
}

/** What the panel knows about the chosen Access-as-User user. `checking` is never shown as fine. */
export type UserCheck = { state: 'none' } | { state: 'checking'; userId: number } | { state: 'done'; userId: number; status: UserStatus; userName: string | null; problem?: string };

export const USER_STATUS_SEVERITY: Readonly<Record<Exclude<UserStatus, 'ok'>, Severity>> = {
  'login-disabled': 'error',
  'no-edition': 'error',
  deleted: 'error',
  unknown: 'warning',
};

/**
 * The warning for a user who cannot (or might not) log in, with what to do; null for a user who can. An
 * unknown status is a warning, never "OK". `userId` null means no user is chosen at all.
 */
export function userStatusFinding(userId: number | null, status: UserStatus, userName: string | null, problem?: string): DisplayFinding | null {
  if (userId === null) return { id: 'user-not-set', severity: 'error', message: AUDIT_MESSAGES.userNotSet(), code: 'user-not-set' };
  if (status === 'ok') return null;
  const who = describeUser(userId, userName);
  const base = { severity: USER_STATUS_SEVERITY[status] };
  switch (status) {
    case 'login-disabled':
      return { ...base, id: 'user-login-disabled', code: 'user-login-disabled', message: AUDIT_MESSAGES.userLoginDisabled(who) };
    case 'no-edition':
      return { ...base, id: 'user-no-edition', code: 'user-no-edition', message: AUDIT_MESSAGES.userNoEdition(who) };
    case 'deleted':
      return { ...base, id: 'user-deleted', code: 'user-deleted', message: AUDIT_MESSAGES.userDeleted(who) };
    case 'unknown':
      return { ...base, id: 'user-unknown', code: 'user-unknown', message: problem ? `${AUDIT_MESSAGES.userUnknown(who)} (${problem})` : AUDIT_MESSAGES.userUnknown(who) };
  }
}
