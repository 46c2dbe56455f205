/**
 * Who the key will act as: the Access-as-User picker's shown text (and the id the page keeps in a hidden
 * input, when it exposes one) resolved against the users the service returns. Deleted users are not
 * returned by reads, so an id no read returns is "deleted or missing"; a read that fails means "cannot be
 * checked" — never "OK".
 */
import { isWorkbooksError } from '../../core/workbooks/errors';
import { statusOfUser, type UserRecord, type UserStatus } from '../../core/keys/model';
import { userColumns, userFromRecord } from '../../core/keys/repository';
import type { AssistantServices } from '../services';
import { errorMessage } from '../../core/error-message';

export type UserDirectory = { ok: true; users: UserRecord[] } | { ok: false; reason: string; kind: 'permission' | 'auth' | 'network' | 'other' };

export type UserResolution =
  | { kind: 'none' }
  | { kind: 'user'; user: UserRecord; status: Exclude<UserStatus, 'deleted' | 'unknown'> }
  | { kind: 'missing'; id: number | null; text: string }
  | { kind: 'ambiguous'; text: string; count: number }
  | { kind: 'unknown'; text: string; reason: string; why: 'permission' | 'auth' | 'network' | 'other' };

export interface PickerValue {
  /** What the picker shows. */
  text: string;
  /** The id the page keeps for the choice, when it exposes one in the DOM. */
  hiddenId: number | null;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/** A raw id shown instead of a name ("57" or "#57"): Workbooks shows that for a user it cannot read. */
export function idShownAsText(text: string): number | null {
  const match = /^#?(\d{1,12})$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

export function parseHiddenId(value: string | null | undefined): number | null {
  if (!value || !/^\s*\d{1,12}\s*$/.test(value)) return null;
  const id = Number(value.trim());
  return id > 0 ? id : null;
}

/**
 * Resolves the picker's choice: by the page's id first, then by exact name (ignoring case and spacing),
 * then by email. Two users with the name → ambiguous; no match → missing (deleted users are not listed).
 */
export function resolvePickerValue(value: PickerValue, directory: UserDirectory, fallbackUserId: number | null = null): UserResolution {
  const text = value.text.trim();
  if (text === '' && value.hiddenId === null) return { kind: 'none' };
  if (!directory.ok) return { kind: 'unknown', text: text || `#${value.hiddenId ?? ''}`, reason: directory.reason, why: directory.kind };
  const byId = (id: number): UserResolution => {
    const user = directory.users.find((candidate) => candidate.id === id);
    if (!user) return { kind: 'missing', id, text: text || `#${id}` };
    return { kind: 'user', user, status: statusOfUser(user) as Exclude<UserStatus, 'deleted' | 'unknown'> };
  };
  if (value.hiddenId !== null) return byId(value.hiddenId);
  const shownId = idShownAsText(text);
  if (shownId !== null && !directory.users.some((user) => sameText(user.name, text))) return byId(shownId);
  const named = directory.users.filter((user) => sameText(user.name, text));
  if (named.length === 1) return { kind: 'user', user: named[0]!, status: statusOfUser(named[0]!) as Exclude<UserStatus, 'deleted' | 'unknown'> };
  if (named.length > 1) return { kind: 'ambiguous', text, count: named.length };
  const byEmail = directory.users.filter((user) => user.email !== '' && sameText(user.email, text));
  if (byEmail.length === 1) return { kind: 'user', user: byEmail[0]!, status: statusOfUser(byEmail[0]!) as Exclude<UserStatus, 'deleted' | 'unknown'> };
  if (fallbackUserId !== null) return byId(fallbackUserId);
  return { kind: 'missing', id: null, text };
}

function describeFailure(error: unknown): { reason: string; kind: 'permission' | 'auth' | 'network' | 'other' } {
  const message = errorMessage(error);
  if (isWorkbooksError(error)) {
    if (error.kind === 'permission' || error.kind === 'not-found') return { reason: message, kind: 'permission' };
    if (error.kind === 'auth') return { reason: message, kind: 'auth' };
    if (error.kind === 'network' || error.kind === 'server') return { reason: message, kind: 'network' };
  }
  return { reason: message, kind: 'other' };
}

/** A failed read is retried after this long: the admin may sign in or the service may recover meanwhile. */
const RETRY_FAILED_AFTER_MS = 5_000;

interface CachedDirectory {
  promise: Promise<UserDirectory>;
  failedAt: number | null;
}

const directories = new WeakMap<AssistantServices, CachedDirectory>();

/** All users the service returns, read once per page (per services object); failures are retried later. */
export function loadUserDirectory(services: AssistantServices): Promise<UserDirectory> {
  const cached = directories.get(services);
  const now = services.now().getTime();
  if (cached && (cached.failedAt === null || now - cached.failedAt < RETRY_FAILED_AFTER_MS)) return cached.promise;
  const entry: CachedDirectory = { promise: Promise.resolve({ ok: false, reason: '', kind: 'other' }), failedAt: null };
  entry.promise = (async (): Promise<UserDirectory> => {
    try {
      const schema = await services.schema();
      const page = await services.client().readAll(schema.user.path, { selectColumns: userColumns(schema) });
      const users = page.records.map((record) => userFromRecord(record, schema)).filter((user): user is UserRecord => user !== null);
      return { ok: true, users };
    } catch (error) {
      entry.failedAt = services.now().getTime();
      return { ok: false, ...describeFailure(error) };
    }
  })();
  directories.set(services, entry);
  return entry.promise;
}

/** For a new page state (e.g. after a save that may have changed users): read again next time. */
export function forgetUserDirectory(services: AssistantServices): void {
  directories.delete(services);
}
