/**
 * The extension's view of API keys and users, independent of the database's field names (the repository maps
 * between these and wire records through the discovered schema).
 */

export interface ApiKeyRecord {
  id: number;
  lockVersion: number;
  name: string;
  description: string;
  accessAsUserId: number | null;
  accessAsUserName: string | null;
  /** YYYY-MM-DD (Europe/London calendar date); null when blank or unreadable (see `readProblems`). */
  validFrom: string | null;
  until: string | null;
  /** Raw text as stored (comma-separated addresses/ranges); null when blank. */
  permittedIps: string | null;
  /** Comma-separated capability names; null/blank = all of the user's capabilities. */
  capabilities: string | null;
  /** The key value: only present when the service returns it (e.g. on create). */
  secret: string | null;
  /** Workbooks datetime text as the service sent it. */
  updatedAt: string | null;
  /** Name (or id) of the user who last changed the record. */
  updatedBy: string | null;
  /** Values that could not be read as their datatype (e.g. an unparseable date), one message each. */
  readProblems?: string[];
}

export interface UserRecord {
  id: number;
  name: string;
  email: string;
  loginEnabled: boolean;
  edition: string | null;
}

/**
 * ok: can log in. login-disabled: "Login enabled" unticked. no-edition: no allocated edition or "No Edition
 * (login denied)". deleted: no read returned the user. unknown: the user could not be checked (read refused).
 */
export type UserStatus = 'ok' | 'login-disabled' | 'no-edition' | 'deleted' | 'unknown';

/** The edition value Workbooks uses to deny login. */
export const NO_EDITION = 'No Edition (login denied)';

/** The status of a user that was read; `login-disabled` wins when both apply (it is the first thing to fix). */
export function statusOfUser(user: UserRecord): UserStatus {
  if (!user.loginEnabled) return 'login-disabled';
  const edition = user.edition?.trim() ?? '';
  if (edition === '' || edition.toLowerCase() === NO_EDITION.toLowerCase()) return 'no-edition';
  return 'ok';
}

/** Editable properties of a key (everything the admin can set; ids, lock and secret are not). */
export type ApiKeyChanges = Partial<
  Pick<ApiKeyRecord, 'name' | 'description' | 'accessAsUserId' | 'validFrom' | 'until' | 'permittedIps' | 'capabilities'>
>;

/** What a new key needs at least: a name. The service enforces its own rules (Until, IPs …). */
export type NewApiKey = ApiKeyChanges & { name: string };
