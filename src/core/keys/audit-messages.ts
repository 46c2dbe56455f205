/**
 * Every user-visible string of the audit rules, in one place so wording is reviewed together. The words live
 * in public/_locales (keys `engineAudit…`); this module only chooses the message and its substitutions.
 * Messages say what is wrong and end by saying what to do.
 */
import { formatCount, msg, plural } from '../i18n/index';

/** `Jo Bloggs (user 12)`, or `user 12` when the name is unknown. */
export function describeUser(userId: number, userName: string | null): string {
  return userName !== null && userName.trim() !== '' ? msg('engineAuditUserNamed', userName, String(userId)) : msg('engineAuditUserUnnamed', String(userId));
}

/** `‘text’`: marks text the admin typed, as the IP engine's messages do. */
export function quoteUserText(text: string): string {
  return msg('engineQuote', text);
}

/** ` and 3 more`, or nothing. */
function andMore(more: number): string {
  return more > 0 ? plural('engineAndMore', more) : '';
}

export const AUDIT_MESSAGES = {
  userLoginDisabled: (user: string) => msg('engineAuditUserLoginDisabled', user),
  userNoEdition: (user: string) => msg('engineAuditUserNoEdition', user),
  userDeleted: (user: string) => msg('engineAuditUserDeleted', user),
  userNotSet: () => msg('engineAuditUserNotSet'),
  userUnknown: (user: string) => msg('engineAuditUserUnknown', user),
  noUntil: () => msg('engineAuditNoUntil'),
  noIpRestriction: () => msg('engineAuditNoIpRestriction'),
  capabilitiesUnrestricted: () => msg('engineAuditCapabilitiesUnrestricted'),
  duplicateName: (others: number) => plural('engineAuditDuplicateName', others),
  duplicateNameDetail: (ids: readonly number[], more: number) => msg('engineAuditDuplicateNameDetail', ids.join(', '), andMore(more)),
  manyKeysOneUser: (user: string, keys: number, limit: number) => plural('engineAuditManyKeysOneUser', keys, user, formatCount(limit)),
  unreadableValue: (problem: string) => msg('engineAuditUnreadableValue', problem),
  ipOccurrences: (count: number, samples: readonly string[], more: number) =>
    plural('engineAuditIpOccurrences', count, samples.map(quoteUserText).join(', '), andMore(more)),
  ipNoRestriction: () => msg('engineAuditIpNoRestriction'),
} as const;
