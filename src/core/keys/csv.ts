/**
 * CSV writing (RFC 4180) with spreadsheet formula-injection neutralisation.
 *
 * Audit exports are opened by support staff in Excel, LibreOffice or Google Sheets, and key names, user names and
 * IP lists are text any admin (or an attacker with a key-editing account) typed. A cell that a spreadsheet reads
 * as a formula can exfiltrate data (`=HYPERLINK(...)`, `=WEBSERVICE(...)`) or run commands through DDE, so every
 * cell is neutralised before it is quoted (OWASP "CSV Injection").
 */
import { summarizeAudit, type AuditFinding, type AuditSummary, type KeyAuditRow } from './audit';

/** Characters that make a spreadsheet start a formula (or, for tab/CR, that some importers strip first). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A plain negative decimal such as `-12` or `-0.5`. Spreadsheets read it as a number and it cannot call anything,
 * so it keeps its meaning ("days left: -12" stays numeric) instead of turning into the text `'-12`.
 */
const PLAIN_NEGATIVE_NUMBER = /^-\d+(?:\.\d+)?$/;

/**
 * Prefixes `'` to a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return, so spreadsheets show it as
 * text rather than evaluate it. The one exception is a plain negative number (see PLAIN_NEGATIVE_NUMBER).
 */
export function neutraliseCsvCell(value: string): string {
  const first = value.charAt(0);
  if (!FORMULA_TRIGGERS.has(first)) return value;
  if (PLAIN_NEGATIVE_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** RFC 4180 quoting: a cell containing a comma, double quote, CR or LF is quoted, with quotes doubled. */
function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Rows → CSV text: cells neutralised then quoted, records separated (and terminated) by CRLF as RFC 4180 says.
 * An empty table is the empty string.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const row of rows) {
    out += row.map((cell) => quoteCsvCell(neutraliseCsvCell(cell))).join(',') + '\r\n';
  }
  return out;
}

/**
 * Excel only reads a CSV as UTF-8 when it starts with a byte-order mark; without it, non-ASCII names are mangled.
 * Prepend it when saving a file meant for Excel (other parsers may treat it as part of the first header).
 */
export const UTF8_BOM = '\uFEFF';

// ------------------------------------------------------------------------------------------ audit exports

/** An audit as exported: where and when it ran, whether it saw everything, and one row per key. */
export interface AuditReport {
  host: string;
  database: string;
  ranBy: string;
  /** ISO 8601 instant. */
  ranAt: string;
  /** False when some pages or users could not be read: then `missing` says what. */
  complete: boolean;
  missing: readonly string[];
  rows: readonly KeyAuditRow[];
}

export const AUDIT_CSV_HEADER: readonly string[] = Object.freeze([
  'id',
  'name',
  'user id',
  'user',
  'user status',
  'valid from',
  'until',
  'days left',
  'permitted IP addresses',
  'findings',
  'messages',
  'host',
  'database',
  'ran by',
  'ran at',
  'complete',
  'missing',
]);

function findingMessage(finding: AuditFinding): string {
  return finding.detail === undefined ? finding.message : `${finding.message} [${finding.detail}]`;
}

/**
 * The audit as ONE clean table: a header row, then one row per key.
 *
 * Where the run's metadata goes was a choice. "# host: …" comment lines above the header look tidy but no
 * spreadsheet understands them: Excel and Sheets show them as data rows (split at any comma in them), the header is
 * no longer the first row, so filters, "format as table" and CSV readers with a header option all break. So the
 * metadata (host, database, ran by, ran at, complete, missing) are the LAST columns, repeated on every row: the
 * file stays a plain table, every row still says where it came from after sorting or pasting elsewhere, and an
 * incomplete audit says so on every row. An audit with no keys at all still needs to say where it ran and what
 * it could not read, so it gets one row with the key columns blank.
 *
 * Built from audit rows only (which carry no secret), cell by cell: nothing else of a key can leak in.
 */
export function auditToCsv(report: AuditReport): string {
  const metadata = [report.host, report.database, report.ranBy, report.ranAt, report.complete ? 'yes' : 'no', report.missing.join('; ')];
  const lines: string[][] = [[...AUDIT_CSV_HEADER]];
  for (const row of report.rows) {
    lines.push([
      String(row.keyId),
      row.name,
      row.userId === null ? '' : String(row.userId),
      row.userName ?? '',
      row.userStatus,
      row.validFrom ?? '',
      row.until ?? '',
      row.daysLeft === null ? '' : String(row.daysLeft),
      row.permittedIps ?? '',
      row.findings.map((f) => `${f.severity}:${f.code}`).join('; '),
      row.findings.map(findingMessage).join(' | '),
      ...metadata,
    ]);
  }
  if (report.rows.length === 0) lines.push([...AUDIT_CSV_HEADER.slice(0, AUDIT_CSV_HEADER.length - metadata.length).map(() => ''), ...metadata]);
  return toCsv(lines);
}

/** The JSON export's shape (versioned, so support tools can tell formats apart). */
export interface AuditJson {
  format: 'workbooks-key-audit/1';
  host: string;
  database: string;
  ranBy: string;
  ranAt: string;
  complete: boolean;
  missing: string[];
  summary: AuditSummary;
  keys: KeyAuditRow[];
}

function exportedFinding(finding: AuditFinding): AuditFinding {
  const copy: AuditFinding = { code: finding.code, severity: finding.severity, source: finding.source, message: finding.message };
  if (finding.detail !== undefined) copy.detail = finding.detail;
  if (finding.count !== undefined) copy.count = finding.count;
  return copy;
}

/**
 * Copies only the declared row properties: rows reach here through UI state and caches, and a property added to
 * a row object elsewhere (a spread key with its `secret`) must never ride along into a file.
 */
function exportedRow(row: KeyAuditRow): KeyAuditRow {
  return {
    keyId: row.keyId,
    name: row.name,
    userId: row.userId,
    userName: row.userName,
    userStatus: row.userStatus,
    validFrom: row.validFrom,
    until: row.until,
    daysLeft: row.daysLeft,
    permittedIps: row.permittedIps,
    ipSummary: row.ipSummary,
    findings: row.findings.map(exportedFinding),
    worstSeverity: row.worstSeverity,
  };
}

/** Everything the audit knows, pretty-printed: metadata, summary, every key with its findings. No secret. */
export function auditToJson(report: AuditReport): string {
  const keys = report.rows.map(exportedRow);
  const json: AuditJson = {
    format: 'workbooks-key-audit/1',
    host: report.host,
    database: report.database,
    ranBy: report.ranBy,
    ranAt: report.ranAt,
    complete: report.complete,
    missing: [...report.missing],
    summary: summarizeAudit(keys),
    keys,
  };
  return JSON.stringify(json, null, 2);
}
