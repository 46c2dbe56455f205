/**
 * Every user-visible string of the audit rules, in one table (en-GB), so wording is reviewed in one place and the
 * i18n layer has one thing to wrap. Messages say what is wrong and end by saying what to do.
 */

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

/** `Jo Bloggs (user 12)`, or `user 12` when the name is unknown. */
export function describeUser(userId: number, userName: string | null): string {
  return userName !== null && userName.trim() !== '' ? `${userName} (user ${userId})` : `user ${userId}`;
}

/** `‘text’`: marks text the admin typed, as the IP engine's messages do. */
export function quoteUserText(text: string): string {
  return `‘${text}’`;
}

export const AUDIT_MESSAGES = {
  userLoginDisabled: (user: string) =>
    `${user} cannot log in (“Login enabled” is unticked), so everything using this key is refused. Tick “Login enabled” or move the key to another user.`,
  userNoEdition: (user: string) =>
    `${user} has no edition (“No Edition (login denied)”), so everything using this key is refused. Allocate an edition or move the key to another user.`,
  userDeleted: (user: string) =>
    `${user} no longer exists (deleted or missing), so everything using this key is refused. Choose another user for the key.`,
  userNotSet: () => 'The key has no “Access as User”, so nothing can use it. Choose a user for the key.',
  userUnknown: (user: string) =>
    `${user} could not be checked (the users could not be read), so this key may not work. Check the user in Workbooks.`,
  noUntil: () => 'No Until date (a key from an older release): it never expires. Set an Until date, for example 90 days from today.',
  noIpRestriction: () =>
    'No permitted IP addresses (a key from an older release): it can be used from anywhere. Add the addresses of the systems that use it.',
  capabilitiesUnrestricted: () =>
    'No capability restriction: the key can do everything its user can. Restrict it to what the integration needs.',
  duplicateName: (others: number) =>
    `${plural(others, 'other key has', 'other keys have')} the same name. Rename them so people can tell the keys apart.`,
  duplicateNameDetail: (ids: readonly number[], more: number) =>
    `Same name as key ${ids.join(', ')}${more > 0 ? ` and ${plural(more, 'more', 'more')}` : ''}`,
  manyKeysOneUser: (user: string, keys: number, limit: number) =>
    `${user} has ${plural(keys, 'key', 'keys')} (more than ${limit}). Check that each is still needed and remove the rest.`,
  unreadableValue: (problem: string) => `${problem}. Open the key and enter the value again.`,
  ipOccurrences: (count: number, samples: readonly string[], more: number) =>
    `${plural(count, 'occurrence', 'occurrences')}: ${samples.map(quoteUserText).join(', ')}${more > 0 ? ` and ${plural(more, 'more', 'more')}` : ''}`,
  ipNoRestriction: () => 'No restriction',
} as const;
