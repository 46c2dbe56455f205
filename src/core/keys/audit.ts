/**
 * Audit rules: every API key plus the users it acts as → findings with stable codes and severities (pure).
 *
 * A key's findings are: every finding of the IP engine on its Permitted IP addresses, every finding of the
 * validity engine on its dates (as an existing key, not edited), and the audit's own rules about its user, its
 * name and its capabilities. The audit judges stored records, some of them from older releases that allowed a
 * blank Until or IP list; those are reported as `no-until` / `no-ip-restriction` (what happened) rather than the
 * engine's typing-time `until-missing` / `empty-list` (what to type), never both.
 *
 * Cost: one pass over the keys plus two hash-map groupings (names, users), and IP analyses memoised per distinct
 * text, so 5,000 keys never meet an O(n²) step.
 */
import { analyzeIpList, summarizeIpList } from '../ip';
import type { IpAnalysis, IpAnalysisOptions, IpFindingCode, Severity } from '../ip/types';
import { analyzeValidity, type ValidityFindingCode, type ValidityThresholds } from '../dates';
import { NO_EDITION, type ApiKeyRecord, type UserRecord, type UserStatus } from './model';
import { AUDIT_MESSAGES, describeUser } from './audit-messages';

export type { Severity };

export type AuditFindingSource = 'ip' | 'validity' | 'key' | 'user';

/** The audit's own codes (the engines' codes are IpFindingCode and ValidityFindingCode). */
export const AUDIT_RULE_SEVERITY = {
  'user-login-disabled': 'error',
  'user-no-edition': 'error',
  'user-deleted': 'error',
  'user-unknown': 'warning',
  'no-until': 'warning',
  'no-ip-restriction': 'error',
  'capabilities-unrestricted': 'info',
  'duplicate-name': 'warning',
  'many-keys-one-user': 'info',
  /** A stored value that is not of its datatype (other than a date: those are the engine's `invalid-date`). */
  'unreadable-value': 'error',
} as const satisfies Record<string, Severity>;

export type AuditRuleCode = keyof typeof AUDIT_RULE_SEVERITY;

/** `until-missing` and `empty-list` never appear: they become `no-until` and `no-ip-restriction`. */
export type AuditFindingCode = IpFindingCode | ValidityFindingCode | AuditRuleCode;

export interface AuditFinding {
  code: AuditFindingCode;
  severity: Severity;
  source: AuditFindingSource;
  message: string;
  /** Extra facts for the row's details: which entries, which other keys, how many. */
  detail?: string;
  /** IP findings: how many times the code occurred in the key's list (reported once per key, see below). */
  count?: number;
}

export interface KeyAuditRow {
  keyId: number;
  name: string;
  userId: number | null;
  userName: string | null;
  /** `deleted` also covers a key with no Access-as-User at all. */
  userStatus: UserStatus;
  /** YYYY-MM-DD or null (blank or unreadable). */
  validFrom: string | null;
  until: string | null;
  /** Calendar days from today to Until (0 = last day today, negative = expired); null without an Until. */
  daysLeft: number | null;
  /** The Permitted IP addresses as stored (null when blank). */
  permittedIps: string | null;
  /** One line about the IP list for the table ("3 entries: 2 addresses, 1 block (/24)"). */
  ipSummary: string;
  /** Most severe first; at most one finding per code. */
  findings: AuditFinding[];
  /** The most severe finding's severity, or null for a key without findings. */
  worstSeverity: Severity | null;
}

export interface AuditThresholds {
  /** `expires-soon` is a warning up to this many days left… */
  expiryWarningDays: number;
  /** …and info up to this many. */
  expiryInfoDays: number;
  /** `lifetime-long` is info above this many days… */
  lifetimeInfoDays: number;
  /** …and a warning above this many. */
  lifetimeWarningDays: number;
  /** `huge-range`: IPv4 blocks this short or shorter. */
  hugeRangeIpv4Prefix: number;
  /** `huge-range`: IPv6 blocks shorter than this. */
  hugeRangeIpv6Prefix: number;
  /** `many-keys-one-user` when a user has MORE keys than this. */
  manyKeysPerUser: number;
  /** `starts-in-future` is a warning (not info) when the start is more than this many days ahead. */
  futureStartWarningDays: number;
  /** When non-empty, IP entries outside these ranges get `outside-policy`. */
  allowedRanges?: readonly string[];
}

export const DEFAULT_AUDIT_THRESHOLDS: Readonly<AuditThresholds> = Object.freeze({
  expiryWarningDays: 14,
  expiryInfoDays: 30,
  lifetimeInfoDays: 90,
  lifetimeWarningDays: 366,
  hugeRangeIpv4Prefix: 16,
  hugeRangeIpv6Prefix: 48,
  manyKeysPerUser: 5,
  futureStartWarningDays: 30,
});

/**
 * What the user reads established. `missing`: the read succeeded and did not return the id (Workbooks does not
 * return deleted users). `unknown`: the read failed, so nothing is known.
 */
export interface UserLookupSets {
  missing: ReadonlySet<number>;
  unknown: ReadonlySet<number>;
}

export interface AuditInput {
  keys: readonly ApiKeyRecord[];
  users: ReadonlyMap<number, UserRecord>;
  userLookup: UserLookupSets;
  /** London's calendar date now (`londonToday`). */
  today: string;
  /** Missing thresholds take their defaults. */
  settings: Partial<AuditThresholds>;
}

export interface AuditSummary {
  keys: number;
  /** Findings per severity (each code counted once per key). */
  bySeverity: Record<Severity, number>;
  /** Keys per code (a code appears at most once per key, so this is also findings per code). */
  byCode: Partial<Record<AuditFindingCode, number>>;
  /** Keys by their most severe finding; `none` = no finding at all. */
  keysByWorstSeverity: Record<Severity | 'none', number>;
  /** Keys with at least one error or warning. */
  keysWithProblems: number;
}

export interface AuditResult {
  rows: KeyAuditRow[];
  summary: AuditSummary;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ error: 3, warning: 2, info: 1 });

// ------------------------------------------------------------------------------------------------- users

const NO_EDITION_FOLDED = NO_EDITION.toLowerCase();

function hasNoEdition(user: UserRecord): boolean {
  return user.edition !== null && user.edition.trim().toLowerCase() === NO_EDITION_FOLDED;
}

/**
 * The status of the user a key acts as. A user we could not read is `unknown`, never `ok`: the audit must not
 * vouch for data it did not see. A key with no user id is `deleted` (nothing can act for it). When login is
 * disabled and the edition denies login at once, `login-disabled` is the status (both findings are reported).
 */
export function userStatus(userId: number | null, user: UserRecord | undefined, lookup: UserLookupSets): UserStatus {
  if (userId === null) return 'deleted';
  if (user === undefined) {
    // An id in neither set was never asked about: unknown too. `unknown` wins over `missing` because one failed
    // read is enough to leave deletion unproven.
    if (lookup.unknown.has(userId) || !lookup.missing.has(userId)) return 'unknown';
    return 'deleted';
  }
  if (!user.loginEnabled) return 'login-disabled';
  if (hasNoEdition(user)) return 'no-edition';
  return 'ok';
}

/** Lookup sets from the per-id statuses the key repository returns. */
export function userLookupFromStatuses(statuses: ReadonlyMap<number, UserStatus>): UserLookupSets {
  const missing = new Set<number>();
  const unknown = new Set<number>();
  for (const [id, status] of statuses) {
    if (status === 'deleted') missing.add(id);
    else if (status === 'unknown') unknown.add(id);
  }
  return { missing, unknown };
}

function ruleFinding(code: AuditRuleCode, source: AuditFindingSource, message: string, detail?: string): AuditFinding {
  const finding: AuditFinding = { code, severity: AUDIT_RULE_SEVERITY[code], source, message };
  if (detail !== undefined) finding.detail = detail;
  return finding;
}

function userFindings(key: ApiKeyRecord, user: UserRecord | undefined, status: UserStatus, userName: string | null): AuditFinding[] {
  const userId = key.accessAsUserId;
  if (userId === null) return [ruleFinding('user-deleted', 'user', AUDIT_MESSAGES.userNotSet())];
  const who = describeUser(userId, userName);
  if (status === 'deleted') return [ruleFinding('user-deleted', 'user', AUDIT_MESSAGES.userDeleted(who))];
  if (status === 'unknown') return [ruleFinding('user-unknown', 'user', AUDIT_MESSAGES.userUnknown(who))];
  const findings: AuditFinding[] = [];
  if (user !== undefined && !user.loginEnabled) findings.push(ruleFinding('user-login-disabled', 'user', AUDIT_MESSAGES.userLoginDisabled(who)));
  if (user !== undefined && hasNoEdition(user)) findings.push(ruleFinding('user-no-edition', 'user', AUDIT_MESSAGES.userNoEdition(who)));
  return findings;
}

// ------------------------------------------------------------------------------------------------- dates

/**
 * The key repository reports an unparseable stored date as a read problem labelled with the field's title
 * ("Until: …") and hands over null. Null must then not read as "blank" (no-until): it is an invalid date.
 */
const DATE_PROBLEM = /^(Valid From|Until):/;

function validityFindings(key: ApiKeyRecord, today: string, thresholds: AuditThresholds): { findings: AuditFinding[]; daysLeft: number | null } {
  const validityThresholds: Partial<ValidityThresholds> = {
    expiryWarningDays: thresholds.expiryWarningDays,
    expiryInfoDays: thresholds.expiryInfoDays,
    lifetimeInfoDays: thresholds.lifetimeInfoDays,
    lifetimeWarningDays: thresholds.lifetimeWarningDays,
    futureStartWarningDays: thresholds.futureStartWarningDays,
  };
  const analysis = analyzeValidity({ validFrom: key.validFrom, until: key.until }, { today, isNew: false, edited: false, thresholds: validityThresholds });
  const findings: AuditFinding[] = [];
  let untilUnreadable = false;
  for (const problem of key.readProblems ?? []) {
    const date = DATE_PROBLEM.exec(problem);
    if (date) {
      if (date[1] === 'Until') untilUnreadable = true;
      findings.push({ code: 'invalid-date', severity: 'error', source: 'validity', message: AUDIT_MESSAGES.unreadableValue(problem) });
    } else {
      findings.push(ruleFinding('unreadable-value', 'key', AUDIT_MESSAGES.unreadableValue(problem)));
    }
  }
  for (const finding of analysis.findings) {
    if (finding.code === 'until-missing') {
      // An existing key without Until comes from an older release: report what it is, not what to type.
      if (!untilUnreadable) findings.push(ruleFinding('no-until', 'validity', AUDIT_MESSAGES.noUntil()));
      continue;
    }
    findings.push({ code: finding.code, severity: finding.severity, source: 'validity', message: finding.message });
  }
  return { findings, daysLeft: analysis.daysLeft };
}

// ---------------------------------------------------------------------------------------------------- IP

const MAX_OCCURRENCE_SAMPLES = 3;

/**
 * The table shows a key's findings as code chips, so a code that occurs on several entries of one list (ten
 * private addresses) is ONE finding for the key: the first occurrence's message, and the count and the entries
 * concerned in `count` / `detail`. Per-entry positions belong to the key editor, which re-analyses the text.
 */
function ipFindings(text: string, analysis: IpAnalysis): AuditFinding[] {
  const byCode = new Map<IpFindingCode, { finding: AuditFinding; samples: string[] }>();
  for (const finding of analysis.findings) {
    const sample = text.slice(finding.start, finding.end);
    const seen = byCode.get(finding.code);
    if (seen) {
      seen.finding.count = (seen.finding.count ?? 1) + 1;
      if (seen.samples.length < MAX_OCCURRENCE_SAMPLES) seen.samples.push(sample);
    } else {
      byCode.set(finding.code, {
        finding: { code: finding.code, severity: finding.severity, source: 'ip', message: finding.message, count: 1 },
        samples: [sample],
      });
    }
  }
  const findings: AuditFinding[] = [];
  for (const { finding, samples } of byCode.values()) {
    const count = finding.count ?? 1;
    finding.detail = AUDIT_MESSAGES.ipOccurrences(count, samples, count - samples.length);
    findings.push(finding);
  }
  return findings;
}

function isBlank(text: string | null): boolean {
  return text === null || text.trim() === '';
}

// --------------------------------------------------------------------------------------------- the audit

function normalisedName(name: string): string {
  return name.trim().toLowerCase();
}

const MAX_DUPLICATE_IDS = 5;

function duplicateNameFinding(keyId: number, group: readonly number[]): AuditFinding {
  const others = group.filter((id) => id !== keyId);
  const shown = others.slice(0, MAX_DUPLICATE_IDS);
  return ruleFinding(
    'duplicate-name',
    'key',
    AUDIT_MESSAGES.duplicateName(others.length),
    AUDIT_MESSAGES.duplicateNameDetail(shown, others.length - shown.length),
  );
}

function worstOf(findings: readonly AuditFinding[]): Severity | null {
  let worst: Severity | null = null;
  for (const { severity } of findings) {
    if (worst === null || SEVERITY_RANK[severity] > SEVERITY_RANK[worst]) worst = severity;
  }
  return worst;
}

export function auditKeys(input: AuditInput): AuditResult {
  const thresholds: AuditThresholds = { ...DEFAULT_AUDIT_THRESHOLDS, ...input.settings };
  const { keys, users, userLookup, today } = input;

  // Groupings first, so each key's share is a hash lookup. Group ids are in key order for a stable detail text.
  const keysByName = new Map<string, number[]>();
  const keyCountByUser = new Map<number, number>();
  for (const key of keys) {
    const name = normalisedName(key.name);
    if (name !== '') {
      const group = keysByName.get(name);
      if (group) group.push(key.id);
      else keysByName.set(name, [key.id]);
    }
    if (key.accessAsUserId !== null) keyCountByUser.set(key.accessAsUserId, (keyCountByUser.get(key.accessAsUserId) ?? 0) + 1);
  }

  const ipOptions: IpAnalysisOptions = {
    hugeRangeIpv4Prefix: thresholds.hugeRangeIpv4Prefix,
    hugeRangeIpv6Prefix: thresholds.hugeRangeIpv6Prefix,
  };
  // An empty policy list would put every entry outside policy; it means "no policy configured".
  if (thresholds.allowedRanges !== undefined && thresholds.allowedRanges.length > 0) ipOptions.allowedRanges = thresholds.allowedRanges;
  // Many keys share an office's list: analyse each distinct text once.
  const ipCache = new Map<string, { findings: AuditFinding[]; summary: string }>();
  const ipOf = (text: string): { findings: AuditFinding[]; summary: string } => {
    let cached = ipCache.get(text);
    if (!cached) {
      cached = { findings: ipFindings(text, analyzeIpList(text, ipOptions)), summary: summarizeIpList(text) };
      ipCache.set(text, cached);
    }
    return cached;
  };

  const rows = keys.map((key): KeyAuditRow => {
    const user = key.accessAsUserId === null ? undefined : users.get(key.accessAsUserId);
    const status = userStatus(key.accessAsUserId, user, userLookup);
    const userName = user?.name ?? key.accessAsUserName;
    const findings: AuditFinding[] = userFindings(key, user, status, userName);

    const validity = validityFindings(key, today, thresholds);
    findings.push(...validity.findings);

    let ipSummary: string;
    if (isBlank(key.permittedIps)) {
      findings.push(ruleFinding('no-ip-restriction', 'ip', AUDIT_MESSAGES.noIpRestriction()));
      ipSummary = AUDIT_MESSAGES.ipNoRestriction();
    } else {
      const ip = ipOf(key.permittedIps ?? '');
      // Copies: rows must not share finding objects (a caller annotating one row would change others).
      for (const finding of ip.findings) findings.push({ ...finding });
      ipSummary = ip.summary;
    }

    if (isBlank(key.capabilities)) findings.push(ruleFinding('capabilities-unrestricted', 'key', AUDIT_MESSAGES.capabilitiesUnrestricted()));

    const sameName = keysByName.get(normalisedName(key.name));
    if (sameName !== undefined && sameName.length > 1) findings.push(duplicateNameFinding(key.id, sameName));

    if (key.accessAsUserId !== null) {
      const count = keyCountByUser.get(key.accessAsUserId) ?? 0;
      if (count > thresholds.manyKeysPerUser) {
        findings.push(
          ruleFinding('many-keys-one-user', 'user', AUDIT_MESSAGES.manyKeysOneUser(describeUser(key.accessAsUserId, userName), count, thresholds.manyKeysPerUser)),
        );
      }
    }

    // Most severe first; sort is stable, so within a severity the order is user, dates, IP, key rules.
    findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    return {
      keyId: key.id,
      name: key.name,
      userId: key.accessAsUserId,
      userName,
      userStatus: status,
      validFrom: key.validFrom,
      until: key.until,
      daysLeft: validity.daysLeft,
      permittedIps: isBlank(key.permittedIps) ? null : key.permittedIps,
      ipSummary,
      findings,
      worstSeverity: worstOf(findings),
    };
  });

  return { rows, summary: summarizeAudit(rows) };
}

/** Counts for the summary panel; also used on filtered rows and cached audits. */
export function summarizeAudit(rows: readonly KeyAuditRow[]): AuditSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCode: Partial<Record<AuditFindingCode, number>> = {};
  const keysByWorstSeverity: Record<Severity | 'none', number> = { error: 0, warning: 0, info: 0, none: 0 };
  let keysWithProblems = 0;
  for (const row of rows) {
    for (const finding of row.findings) {
      bySeverity[finding.severity]++;
      byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
    }
    keysByWorstSeverity[row.worstSeverity ?? 'none']++;
    if (row.worstSeverity === 'error' || row.worstSeverity === 'warning') keysWithProblems++;
  }
  return { keys: rows.length, bySeverity, byCode, keysByWorstSeverity, keysWithProblems };
}
