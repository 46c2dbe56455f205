/**
 * The Assistant tab's reads, through `services` only: the key list with a severity per key (the audit rules
 * over keys + their users), every user for the picker, one user's status, and one key's secret on request.
 */
import type { AssistantServices } from '../../content/services';
import { londonToday } from '../../core/dates';
import { auditKeys, userLookupFromStatuses } from '../../core/keys/audit';
import { userColumns, userFromRecord } from '../../core/keys/repository';
import type { UserRecord, UserStatus } from '../../core/keys/model';
import type { Settings } from '../../core/settings';
import { errorMessage } from '../../core/error-message';
import type { Severity } from '../common/findings';
import { auditThresholdsFromSettings } from '../../core/settings';

export interface KeyListRow {
  id: number;
  name: string;
  userId: number | null;
  userName: string | null;
  userStatus: UserStatus;
  /** YYYY-MM-DD or null. */
  until: string | null;
  permittedIps: string | null;
  worst: Severity | null;
  findingCount: number;
}

export interface KeyListOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number | null) => void;
}

export async function loadKeyList(services: AssistantServices, settings: Settings, options: KeyListOptions = {}): Promise<KeyListRow[]> {
  const data = await services.keys().loadAuditData({
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (progress) => options.onProgress?.(progress.keysLoaded, progress.keysTotal),
  });
  const result = auditKeys({
    keys: data.keys,
    users: data.users.users,
    userLookup: userLookupFromStatuses(data.users.statuses),
    today: londonToday(services.now()),
    settings: auditThresholdsFromSettings(settings),
  });
  const rows = result.rows.map((row) => ({
    id: row.keyId,
    name: row.name,
    userId: row.userId,
    userName: row.userName ?? (row.userId !== null ? data.users.users.get(row.userId)?.name ?? null : null),
    userStatus: row.userStatus,
    until: row.until,
    permittedIps: row.permittedIps,
    worst: row.worstSeverity,
    findingCount: row.findings.length,
  }));
  // By name, as the Workbooks grid lists them; the id settles ties between keys of the same name.
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' }) || a.id - b.id);
}

/** Every user a read returns (deleted users never are), sorted by name, for the Access-as-User picker. */
export async function loadAllUsers(services: AssistantServices, signal?: AbortSignal): Promise<UserRecord[]> {
  const schema = await services.schema();
  const page = await services.client().readAll(
    schema.user.path,
    { selectColumns: userColumns(schema), sort: [{ field: schema.user.fields.userName, dir: 'ASC' }] },
    signal ? { signal } : {},
  );
  return page.records.map((record) => userFromRecord(record, schema)).filter((user): user is UserRecord => user !== null);
}

export interface UserStatusAnswer {
  status: UserStatus;
  user: UserRecord | null;
  /** Why the status is unknown, in the service's words. */
  problem?: string;
}

/** One user's status through the repository's rule: not returned = deleted or missing, refused = unknown. */
export async function checkUserStatus(services: AssistantServices, userId: number): Promise<UserStatusAnswer> {
  try {
    const lookup = await services.keys().loadUsersByIds([userId]);
    const answer: UserStatusAnswer = { status: lookup.statuses.get(userId) ?? 'unknown', user: lookup.users.get(userId) ?? null };
    if (answer.status === 'unknown' && lookup.problems.length > 0) answer.problem = lookup.problems.join(' ');
    return answer;
  } catch (error) {
    // Any failure leaves the user unchecked: say so rather than guess.
    return { status: 'unknown', user: null, problem: errorMessage(error) };
  }
}

/** The key's secret value, read on the admin's explicit request only (never in list or key reads). */
export async function readKeySecret(services: AssistantServices, keyId: number): Promise<string | null> {
  const schema = await services.schema();
  const column = schema.apiKey.fields.secret;
  const page = await services.client().readPage(
    schema.apiKey.path,
    { start: 0, limit: 1, filters: [{ field: 'id', op: 'eq', value: keyId }], selectColumns: [column], skipTotal: true },
  );
  const value = page.records[0]?.[column];
  return typeof value === 'string' && value !== '' ? value : null;
}
