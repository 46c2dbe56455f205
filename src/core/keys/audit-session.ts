/**
 * One audit run as the Audit tab performs it, and what the tab keeps of it (pure: no DOM, no storage).
 *
 * Why not `KeyRepository.loadAuditData`: it is all-or-nothing (one page that fails after the client's retries
 * throws away every page that arrived). An audit that read 900 of 1,000 keys is still worth showing, provided it
 * says exactly which 100 it did not see. So this module reads the same pages with the same pipelining (user ids
 * are queued as each key page arrives and read 100 per request) but records each failed page or user chunk as a
 * gap instead of failing the run. A 401 stops further requests (they would all fail) and keeps what arrived.
 *
 * Request budget for 1,000 keys / 300 referenced users: 10 key pages + 3 user reads (+ 1 metadata read when the
 * schema is not cached yet) = 14, within the 15.
 */
import { CancelledError, isWorkbooksError, type AnyWorkbooksError, type WorkbooksErrorKind } from '../workbooks/errors';
import { DEFAULT_PAGE_SIZE, MAX_CONCURRENT_REQUESTS, type WorkbooksClient } from '../workbooks/client';
import type { ReadPage, WireRecord } from '../workbooks/decode';
import type { DiscoveredSchema } from '../workbooks/schema';
import { londonToday } from '../dates';
import { auditThresholdsFromSettings as configuredAuditThresholds, type Settings } from '../settings';
import type { ApiKeyRecord, UserRecord } from './model';
import { keyColumns, keyFromRecord, readUserChunk, USER_IDS_PER_REQUEST } from './repository';
import {
  auditKeys,
  DEFAULT_AUDIT_THRESHOLDS,
  type AuditFinding,
  type AuditFindingCode,
  type AuditResult,
  type AuditThresholds,
  type KeyAuditRow,
  type UserLookupSets,
} from './audit';
import { auditToJson, toCsv, type AuditJson, type AuditReport } from './csv';
import { msg } from '../i18n/index';
import { errorMessage } from '../error-message';

// ------------------------------------------------------------------------------------------- thresholds

/** The settings the audit depends on. */
export type AuditSettings = Settings;

/** Settings → the audit's complete thresholds: the defaults, overlaid with what the admin configured. */
export function auditThresholdsFromSettings(settings: AuditSettings): AuditThresholds {
  return { ...DEFAULT_AUDIT_THRESHOLDS, ...configuredAuditThresholds(settings) };
}

// ----------------------------------------------------------------------------------------------- gaps

/** Why something could not be read: the client's error kind (`auth` = signed out), or `unknown`. */
export type GapReason = WorkbooksErrorKind | 'unknown';

/**
 * Keys at 1-based positions `first`..`last` (in id order, the order the pages are read in) were not read.
 * `last` is null when the total is unknown (the first page failed): "every key from `first` on".
 */
export interface KeyRangeGap {
  first: number;
  last: number | null;
  reason: GapReason;
  /** The error's own message (for the details and support). */
  detail: string;
}

/** These users could not be checked: their keys get `user-unknown` instead of their real status. */
export interface UserGap {
  ids: number[];
  reason: GapReason;
  detail: string;
}

/** Workbooks answered 401 during the run: nothing after it was asked. */
export interface AuthStop {
  failureReason: string | null;
  message: string;
}

export interface AuditLoadProgress {
  keysLoaded: number;
  /** Known after the first page. */
  keysTotal: number | null;
  usersChecked: number;
  usersRequested: number;
  /** Key pages and user reads that failed for good so far. */
  failures: number;
}

export interface PartialAuditData {
  keys: ApiKeyRecord[];
  users: Map<number, UserRecord>;
  userLookup: UserLookupSets;
  /** Null when not even the first page could be read. */
  keysTotal: number | null;
  keyGaps: KeyRangeGap[];
  userGaps: UserGap[];
  authStop: AuthStop | null;
}

export interface PartialLoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AuditLoadProgress) => void;
  /** Default 100 (the README's safe page size). */
  pageSize?: number;
  /** Key pages in flight at once (the client caps all requests at 5 anyway). */
  concurrency?: number;
}

function reasonOf(error: unknown): GapReason {
  return isWorkbooksError(error) ? error.kind : 'unknown';
}

function authStopOf(error: AnyWorkbooksError): AuthStop {
  const failureReason = (error as { failureReason?: unknown }).failureReason;
  return { failureReason: typeof failureReason === 'string' ? failureReason : null, message: error.message };
}

function integerOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Adjacent gaps with the same reason read as one range ("Keys 301–500"), as the admin would say it. */
export function mergeKeyGaps(gaps: readonly KeyRangeGap[]): KeyRangeGap[] {
  const sorted = [...gaps].sort((a, b) => a.first - b.first);
  const merged: KeyRangeGap[] = [];
  for (const gap of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.reason === gap.reason && last.last !== null && last.last + 1 === gap.first) {
      last.last = gap.last;
    } else {
      merged.push({ ...gap });
    }
  }
  return merged;
}

/**
 * Reads users 100 ids per request as ids arrive (a request as soon as 100 are pending, the rest on `finish`), so
 * user reads overlap the key pages. A failed read marks its ids `unknown` and is remembered as a gap.
 */
class PartialUserReader {
  private readonly requested = new Set<number>();
  private pending: number[] = [];
  private readonly reads: Array<Promise<void>> = [];
  readonly users = new Map<number, UserRecord>();
  readonly missing = new Set<number>();
  readonly unknown = new Set<number>();
  readonly gaps: UserGap[] = [];
  checked = 0;

  constructor(
    private readonly client: WorkbooksClient,
    private readonly schema: DiscoveredSchema,
    private readonly signal: AbortSignal,
    private readonly onSettled: () => void,
    private readonly onFailure: (error: unknown) => GapReason,
  ) {}

  get requestedCount(): number {
    return this.requested.size;
  }

  add(ids: Iterable<number>): void {
    for (const id of ids) {
      if (!Number.isInteger(id) || id <= 0 || this.requested.has(id)) continue;
      this.requested.add(id);
      this.pending.push(id);
      if (this.pending.length >= USER_IDS_PER_REQUEST) this.flush();
    }
  }

  private flush(): void {
    while (this.pending.length > 0) {
      const ids = this.pending.splice(0, USER_IDS_PER_REQUEST);
      this.reads.push(this.read(ids));
    }
  }

  private async read(ids: number[]): Promise<void> {
    try {
      for (const user of await readUserChunk(this.client, this.schema, ids, this.signal)) this.users.set(user.id, user);
      // Workbooks does not return deleted users: an id the successful read left out is deleted or missing.
      for (const id of ids) if (!this.users.has(id)) this.missing.add(id);
    } catch (error) {
      const reason = this.onFailure(error);
      for (const id of ids) this.unknown.add(id);
      this.gaps.push({ ids, reason, detail: errorMessage(error) });
    }
    this.checked += ids.length;
    this.onSettled();
  }

  /** Reads the remainder (unless `stopped`) and waits for every read. Ids never read are `unknown`. */
  async finish(stopped: () => GapReason | null): Promise<void> {
    const stop = stopped();
    if (stop === null) this.flush();
    await Promise.all(this.reads);
    const unread = this.pending.splice(0);
    if (unread.length > 0) {
      for (const id of unread) this.unknown.add(id);
      this.gaps.push({ ids: unread, reason: stop ?? 'unknown', detail: msg('engineAuditGapStopped') });
    }
  }
}

/**
 * Every API key and the users they act as, page by page, keeping whatever could be read. Throws only
 * CancelledError (the caller's signal fired): every other failure becomes a gap or `authStop` in the result.
 */
export async function loadAuditDataPartially(client: WorkbooksClient, schema: DiscoveredSchema, options: PartialLoadOptions = {}): Promise<PartialAuditData> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const concurrency = Math.max(1, Math.min(MAX_CONCURRENT_REQUESTS, options.concurrency ?? MAX_CONCURRENT_REQUESTS));
  const outer = options.signal;
  if (outer?.aborted) throw new CancelledError();

  // Our own controller: a 401 aborts the requests still queued (each would fail the same way) without the caller
  // having cancelled anything.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  let authStop: AuthStop | null = null;
  const progress: AuditLoadProgress = { keysLoaded: 0, keysTotal: null, usersChecked: 0, usersRequested: 0, failures: 0 };
  const report = () => options.onProgress?.({ ...progress });

  /**
   * Classifies a failure; a 401 stops the run. Cancellations caused by that stop count as the stop's reason.
   * Never throws: reads must settle (no unhandled rejections); a cancelled run is detected at the end.
   */
  const onFailure = (error: unknown): GapReason => {
    if (outer?.aborted) return 'cancelled';
    progress.failures++;
    if (isWorkbooksError(error) && error.kind === 'auth') {
      if (authStop === null) {
        authStop = authStopOf(error);
        controller.abort();
      }
      return 'auth';
    }
    if (authStop !== null && isWorkbooksError(error) && error.kind === 'cancelled') return 'auth';
    return reasonOf(error);
  };

  const users = new PartialUserReader(client, schema, controller.signal, () => {
    progress.usersChecked = users.checked;
    report();
  }, onFailure);
  const { path, fields } = schema.apiKey;
  const columns = keyColumns(schema);
  const query = (start: number) => ({ start, limit: pageSize, sort: [{ field: 'id', dir: 'ASC' as const }], selectColumns: columns, skipTotal: false });
  const keyGaps: KeyRangeGap[] = [];
  const pages: WireRecord[][] = [];

  const accept = (index: number, page: ReadPage) => {
    pages[index] = page.records;
    progress.keysLoaded += page.records.length;
    users.add(page.records.map((r) => integerOf(r[fields.accessAsUser])).filter((id): id is number => id !== null));
    progress.usersRequested = users.requestedCount;
    report();
  };

  try {
    let total: number | null = null;
    try {
      const first = await client.readPage(path, query(0), { signal: controller.signal });
      total = first.total;
      progress.keysTotal = total;
      accept(0, first);
    } catch (error) {
      const reason = onFailure(error);
      keyGaps.push({ first: 1, last: null, reason, detail: errorMessage(error) });
    }

    if (total !== null) {
      const knownTotal = total;
      const pageCount = Math.max(1, Math.ceil(knownTotal / pageSize));
      const pageGap = (index: number, reason: GapReason, detail: string): KeyRangeGap => ({
        first: index * pageSize + 1,
        last: Math.min((index + 1) * pageSize, knownTotal),
        reason,
        detail,
      });
      let next = 1;
      const worker = async (): Promise<void> => {
        while (next < pageCount) {
          const index = next++;
          if (authStop !== null) {
            keyGaps.push(pageGap(index, 'auth', msg('engineAuditGapSignedOut')));
            continue;
          }
          try {
            accept(index, await client.readPage(path, query(index * pageSize), { signal: controller.signal }));
          } catch (error) {
            const reason = onFailure(error);
            keyGaps.push(pageGap(index, reason, errorMessage(error)));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, pageCount - 1) }, () => worker()));
    }

    await users.finish(() => (authStop !== null ? 'auth' : outer?.aborted ? 'cancelled' : null));
    if (outer?.aborted) throw new CancelledError();
    progress.usersChecked = users.checked;
    report();

    // Pages come back sorted by id; a row that moved between pages while reading appears twice: keep the first.
    const seen = new Set<number>();
    const keys: ApiKeyRecord[] = [];
    for (const page of pages) {
      for (const record of page ?? []) {
        const key = keyFromRecord(record, schema);
        if (!key || seen.has(key.id)) continue;
        seen.add(key.id);
        keys.push(key);
      }
    }
    return {
      keys,
      users: users.users,
      userLookup: { missing: users.missing, unknown: users.unknown },
      keysTotal: total,
      keyGaps: mergeKeyGaps(keyGaps),
      userGaps: users.gaps,
      authStop,
    };
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

// ------------------------------------------------------------------------------------------- the run

export interface AuditOutcome extends AuditResult {
  /** London's date the rules judged against. */
  today: string;
  keysTotal: number | null;
  keyGaps: KeyRangeGap[];
  userGaps: UserGap[];
  authStop: AuthStop | null;
  /** True only when every key and every referenced user was read. */
  complete: boolean;
  /** Schema-discovery fallbacks ("Could not find the field titled …"): shown, since they can skew findings. */
  schemaProblems: string[];
}

export interface AuditSessionDeps {
  client: WorkbooksClient;
  /** The repository's memoised schema (`services.keys().schema`). */
  schema: (options: { signal?: AbortSignal }) => Promise<DiscoveredSchema>;
  settings: AuditSettings;
  now: () => Date;
  signal?: AbortSignal;
  onProgress?: (progress: AuditLoadProgress) => void;
}

export function isAuditDataComplete(data: Pick<PartialAuditData, 'keysTotal' | 'keyGaps' | 'userGaps' | 'authStop'>): boolean {
  return data.keysTotal !== null && data.keyGaps.length === 0 && data.userGaps.length === 0 && data.authStop === null;
}

/** Load + rules: exactly what the Audit tab runs (the bench measures this function). */
export async function runAuditSession(deps: AuditSessionDeps): Promise<AuditOutcome> {
  const signalOption = deps.signal ? { signal: deps.signal } : {};
  const schema = await deps.schema(signalOption);
  const data = await loadAuditDataPartially(deps.client, schema, { ...signalOption, ...(deps.onProgress ? { onProgress: deps.onProgress } : {}) });
  const today = londonToday(deps.now());
  const result = auditKeys({ keys: data.keys, users: data.users, userLookup: data.userLookup, today, settings: auditThresholdsFromSettings(deps.settings) });
  return {
    ...result,
    today,
    keysTotal: data.keysTotal,
    keyGaps: data.keyGaps,
    userGaps: data.userGaps,
    authStop: data.authStop,
    complete: isAuditDataComplete(data),
    schemaProblems: schema.problems,
  };
}

// ------------------------------------------------------------------------------------- stored audits

export const STORED_AUDIT_FORMAT = 'wbka-audit/1';

/** What the tab caches per host + database and re-shows when it opens. No secret: rows carry none. */
export interface StoredAudit {
  format: typeof STORED_AUDIT_FORMAT;
  host: string;
  database: string;
  ranBy: string;
  /** ISO 8601 instant the run started. */
  ranAt: string;
  today: string;
  complete: boolean;
  keysTotal: number | null;
  keyGaps: KeyRangeGap[];
  userGaps: UserGap[];
  authStop: AuthStop | null;
  schemaProblems: string[];
  rows: KeyAuditRow[];
}

export function storedAuditFrom(outcome: AuditOutcome, meta: { host: string; database: string; ranBy: string; ranAt: string }): StoredAudit {
  return {
    format: STORED_AUDIT_FORMAT,
    ...meta,
    today: outcome.today,
    complete: outcome.complete,
    keysTotal: outcome.keysTotal,
    keyGaps: outcome.keyGaps,
    userGaps: outcome.userGaps,
    authStop: outcome.authStop,
    schemaProblems: outcome.schemaProblems,
    rows: outcome.rows,
  };
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNullableNumber = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
const SEVERITIES = new Set(['error', 'warning', 'info']);
const USER_STATUSES = new Set(['ok', 'login-disabled', 'no-edition', 'deleted', 'unknown']);
const FINDING_SOURCES = new Set(['ip', 'validity', 'key', 'user']);

function parseFinding(value: unknown): AuditFinding | null {
  if (!isRecord(value) || !isString(value.code) || !isString(value.message)) return null;
  if (!isString(value.severity) || !SEVERITIES.has(value.severity) || !isString(value.source) || !FINDING_SOURCES.has(value.source)) return null;
  const finding: AuditFinding = {
    code: value.code as AuditFindingCode,
    severity: value.severity as AuditFinding['severity'],
    source: value.source as AuditFinding['source'],
    message: value.message,
  };
  if (isString(value.detail)) finding.detail = value.detail;
  if (typeof value.count === 'number') finding.count = value.count;
  return finding;
}

function parseRow(value: unknown): KeyAuditRow | null {
  if (!isRecord(value) || typeof value.keyId !== 'number' || !isString(value.name) || !isNullableNumber(value.userId)) return null;
  if (!isNullableString(value.userName) || !isString(value.userStatus) || !USER_STATUSES.has(value.userStatus)) return null;
  if (!isNullableString(value.validFrom) || !isNullableString(value.until) || !isNullableNumber(value.daysLeft)) return null;
  if (!isNullableString(value.permittedIps) || !isString(value.ipSummary) || !Array.isArray(value.findings)) return null;
  const findings: AuditFinding[] = [];
  for (const raw of value.findings) {
    const finding = parseFinding(raw);
    if (!finding) return null;
    findings.push(finding);
  }
  const worst = value.worstSeverity;
  if (worst !== null && !(isString(worst) && SEVERITIES.has(worst))) return null;
  // Copied property by property: nothing else a stored object might carry comes back into the view.
  return {
    keyId: value.keyId,
    name: value.name,
    userId: value.userId,
    userName: value.userName,
    userStatus: value.userStatus as KeyAuditRow['userStatus'],
    validFrom: value.validFrom,
    until: value.until,
    daysLeft: value.daysLeft,
    permittedIps: value.permittedIps,
    ipSummary: value.ipSummary,
    findings,
    worstSeverity: worst as KeyAuditRow['worstSeverity'],
  };
}

function parseKeyGap(value: unknown): KeyRangeGap | null {
  if (!isRecord(value) || typeof value.first !== 'number' || !isNullableNumber(value.last) || !isString(value.reason) || !isString(value.detail)) return null;
  return { first: value.first, last: value.last, reason: value.reason as GapReason, detail: value.detail };
}

function parseUserGap(value: unknown): UserGap | null {
  if (!isRecord(value) || !Array.isArray(value.ids) || !value.ids.every((id) => typeof id === 'number') || !isString(value.reason) || !isString(value.detail)) return null;
  return { ids: value.ids as number[], reason: value.reason as GapReason, detail: value.detail };
}

function parseList<T>(value: unknown, parse: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const item of value) {
    const parsed = parse(item);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

/** A cached audit read back from storage, or null when it is not one this version understands (then ignored). */
export function parseStoredAudit(value: unknown): StoredAudit | null {
  if (!isRecord(value) || value.format !== STORED_AUDIT_FORMAT) return null;
  const { host, database, ranBy, ranAt, today, complete, keysTotal, authStop } = value;
  if (!isString(host) || !isString(database) || !isString(ranBy) || !isString(ranAt) || !isString(today)) return null;
  if (typeof complete !== 'boolean' || !isNullableNumber(keysTotal)) return null;
  const rows = parseList(value.rows, parseRow);
  const keyGaps = parseList(value.keyGaps, parseKeyGap);
  const userGaps = parseList(value.userGaps, parseUserGap);
  const schemaProblems = parseList(value.schemaProblems, (p) => (isString(p) ? p : null));
  if (!rows || !keyGaps || !userGaps || !schemaProblems) return null;
  let stop: AuthStop | null = null;
  if (authStop !== null) {
    if (!isRecord(authStop) || !isNullableString(authStop.failureReason) || !isString(authStop.message)) return null;
    stop = { failureReason: authStop.failureReason, message: authStop.message };
  }
  return { format: STORED_AUDIT_FORMAT, host, database, ranBy, ranAt, today, complete, keysTotal, keyGaps, userGaps, authStop: stop, schemaProblems, rows };
}

// ----------------------------------------------------------------------------------------------- age

export type AuditAge = { unit: 'now' } | { unit: 'minutes' | 'hours' | 'days'; count: number };

/** How old a stored audit is, in the largest whole unit ("12 minutes", "3 hours", "2 days"). */
export function auditAge(savedAt: string, now: Date): AuditAge {
  const ms = now.getTime() - Date.parse(savedAt);
  if (!Number.isFinite(ms) || ms < 60_000) return { unit: 'now' };
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}

// -------------------------------------------------------------------------------------------- exports

/** What part of the audit an export holds: the tab exports the rows its filter shows, and says which. */
export interface AuditExportView {
  /** The filter in words, or '' when none. */
  filter: string;
  shownKeys: number;
  totalKeys: number;
}

export function auditReportOf(stored: StoredAudit, rows: readonly KeyAuditRow[], missing: readonly string[]): AuditReport {
  return { host: stored.host, database: stored.database, ranBy: stored.ranBy, ranAt: stored.ranAt, complete: stored.complete, missing, rows };
}

/** `auditToJson` plus a `view` block saying which rows the file holds (all, or those a filter showed). */
export function auditJsonWithView(report: AuditReport, view: AuditExportView): string {
  const { summary, keys, ...metadata } = JSON.parse(auditToJson(report)) as AuditJson;
  return JSON.stringify({ ...metadata, view: { filtered: view.filter !== '', filter: view.filter, shownKeys: view.shownKeys, totalKeys: view.totalKeys }, summary, keys }, null, 2);
}

/** A file name safe on every OS: `workbooks-key-audit_host_database_2027-01-15T10-30.csv`. */
export function exportFileName(kind: string, host: string, database: string, at: Date, extension: 'csv' | 'json'): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'unknown';
  const stamp = at.toISOString().slice(0, 16).replace(':', '-');
  return `${kind}_${safe(host)}_${safe(database)}_${stamp}.${extension}`;
}

// ---------------------------------------------------------------------------------------- session log

export interface SessionLogLine {
  at: string;
  kind: string;
  detail: string;
}

export function sessionLogToCsv(entries: readonly SessionLogLine[], scope: { host: string; database: string }): string {
  return toCsv([['at', 'kind', 'detail', 'host', 'database'], ...entries.map((e) => [e.at, e.kind, e.detail, scope.host, scope.database])]);
}

export function sessionLogToJson(entries: readonly SessionLogLine[], scope: { host: string; database: string }, exportedAt: string): string {
  const lines = entries.map((e) => ({ at: e.at, kind: e.kind, detail: e.detail }));
  return JSON.stringify({ format: 'workbooks-session-log/1', host: scope.host, database: scope.database, exportedAt, entries: lines }, null, 2);
}
