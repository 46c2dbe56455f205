/**
 * The Audit tab: every API key with its findings. Nothing runs by itself: the admin presses "Run audit". The last
 * audit of this host + database is shown at once from the cache, labelled with its age. The run shows progress
 * and can be cancelled; a result that misses data says exactly what, and never claims "no problems" for keys or
 * users it did not see. The table filters, sorts, selects for bulk edit and opens keys; exports (CSV, JSON, print)
 * hold the rows the view shows; the support session log records what was done.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AuditTabProps } from '../tab-props';
import type { KeyAuditRow } from '../../core/keys/audit';
import { filterAuditRows, sortAuditRows, type AuditFilter } from '../../core/keys/audit-table';
import { expiryByMonth } from '../../core/keys/expiry-chart';
import { auditToCsv, UTF8_BOM } from '../../core/keys/csv';
import {
  auditAge,
  auditJsonWithView,
  auditReportOf,
  exportFileName,
  parseStoredAudit,
  runAuditSession,
  sessionLogToCsv,
  sessionLogToJson,
  storedAuditFrom,
  type AuditLoadProgress,
  type StoredAudit,
} from '../../core/keys/audit-session';
import { DEFAULT_SETTINGS, type Settings } from '../../core/settings';
import { isWorkbooksError } from '../../core/workbooks/errors';
import type { SessionLogRecord } from '../../platform/db';
import { t, tPlural } from '../../platform/i18n';
import { AuditSummary, countAudit, type SeverityOrNone } from './AuditSummary';
import { AuditFilters, type UserOption } from './AuditFilters';
import { ExpiryChart } from './ExpiryChart';
import { KeyAuditTable, daysLeftLabel, displayDate, userLabel, userStatusLabel, type AuditSort } from './KeyAuditTable';
import { SessionLogSection, formatTimestamp } from './SessionLogSection';
import { ageText, filterDescription, formatCount, missingTexts, progressText, reasonLabel, severityName } from './audit-text';
import { downloadText } from './download';
import { openPrintView } from './print-view';
import css from './audit.css?inline';
import { errorMessage } from '../../core/error-message';

type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: AuditLoadProgress }
  | { status: 'cancelled'; progress: AuditLoadProgress | null }
  | { status: 'failed'; message: string; auth: boolean };

interface ShownAudit {
  stored: StoredAudit;
  source: 'cache' | 'run';
  savedAt: string;
}

const DEFAULT_SORT: AuditSort = { column: 'severity', direction: 'desc' };
const TEXT_DEBOUNCE_MS = 250;
/** Filters are logged once the admin pauses, as one summarised entry rather than one per keystroke. */
const FILTER_LOG_DEBOUNCE_MS = 1500;
const AGE_REFRESH_MS = 30_000;
const NO_ROWS: readonly KeyAuditRow[] = [];
const EMPTY_PROGRESS: AuditLoadProgress = { keysLoaded: 0, keysTotal: null, usersChecked: 0, usersRequested: 0, failures: 0 };

function toggled<T>(list: readonly T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}

function copyFilter(filter: AuditFilter | undefined): AuditFilter {
  const copy: AuditFilter = {};
  if (filter?.severities?.length) copy.severities = [...filter.severities];
  if (filter?.codes?.length) copy.codes = [...filter.codes];
  if (filter?.userIds?.length) copy.userIds = [...filter.userIds];
  if (filter?.text) copy.text = filter.text;
  if (filter?.keyIds?.length) copy.keyIds = [...filter.keyIds];
  return copy;
}

function userOptionsOf(rows: readonly KeyAuditRow[]): UserOption[] {
  const byId = new Map<number, UserOption>();
  for (const row of rows) {
    if (row.userId === null) continue;
    const entry = byId.get(row.userId);
    if (entry) entry.keys++;
    else byId.set(row.userId, { id: row.userId, label: userLabel(row), keys: 1 });
  }
  return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label, 'en-GB') || a.id - b.id);
}

export function AuditTab({ services, navigate, active, request }: AuditTabProps) {
  const [connection, setConnection] = useState(() => services.connection());
  const [settings, setSettings] = useState<Settings | null>(null);
  const [shown, setShown] = useState<ShownAudit | null>(null);
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [textInput, setTextInput] = useState('');
  const [sort, setSort] = useState<AuditSort>(DEFAULT_SORT);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [log, setLog] = useState<SessionLogRecord[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => services.now());
  const rootRef = useRef<HTMLDivElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const loadedScope = useRef<string | null>(null);
  const ranHere = useRef(false);
  const lastRequestNonce = useRef<number | null>(null);
  const loggedFilter = useRef('');

  useEffect(() => {
    const unsubscribe = services.subscribe(setConnection);
    return () => {
      unsubscribe();
    };
  }, [services]);

  // Leaving (the panel closes): stop requests nobody will look at.
  useEffect(() => () => abortRef.current?.abort(), []);

  const connected = connection.status === 'connected' && connection.database !== null;
  const scopeKey = connected ? `${connection.host}|${connection.database ?? ''}` : null;

  const refreshLog = useCallback(async () => {
    try {
      setLog(await services.stores.sessionLog.list(services.scope()));
    } catch {
      // IndexedDB unavailable (private mode, quota): the audit itself still works.
    }
  }, [services]);

  const addLog = useCallback(
    async (kind: SessionLogRecord['kind'], detail: string) => {
      try {
        await services.stores.sessionLog.add(services.scope(), kind, detail, services.now());
      } catch {
        // As above: logging must never break the audit.
      }
      await refreshLog();
    },
    [services, refreshLog],
  );

  // The tab opens: apply the log's retention, show the log, and show the cached audit of this host + database.
  useEffect(() => {
    if (!active || scopeKey === null) return;
    let cancelled = false;
    setNow(services.now());
    void (async () => {
      const loaded = await services.settings().catch(() => DEFAULT_SETTINGS);
      if (cancelled) return;
      setSettings(loaded);
      await services.stores.sessionLog.prune(loaded.logRetentionDays, services.now()).catch(() => 0);
      await refreshLog();
      if (cancelled || loadedScope.current === scopeKey) return;
      const cached = await services.stores.auditCache.get(services.scope()).catch(() => undefined);
      if (cancelled) return;
      loadedScope.current = scopeKey;
      const stored = cached ? parseStoredAudit(cached.report) : null;
      if (cached && stored && !ranHere.current) {
        setShown({ stored, source: 'cache', savedAt: cached.savedAt });
        setNow(services.now());
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [active, scopeKey, services, refreshLog]);

  // Another database: what was shown belongs to the old one.
  useEffect(() => {
    if (shown && scopeKey !== null && `${shown.stored.host}|${shown.stored.database}` !== scopeKey) {
      setShown(null);
      ranHere.current = false;
    }
  }, [scopeKey, shown]);

  useEffect(() => {
    if (!active || shown?.source !== 'cache') return;
    const timer = setInterval(() => setNow(services.now()), AGE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, shown?.source, services]);

  // A filter requested by another part of the panel (e.g. "expiring keys" from a reminder).
  useEffect(() => {
    if (!request || request.nonce === lastRequestNonce.current) return;
    lastRequestNonce.current = request.nonce;
    const next = copyFilter(request.value);
    setFilter(next);
    setTextInput(next.text ?? '');
  }, [request]);

  useEffect(() => {
    if ((filter.text ?? '') === textInput) return;
    const timer = setTimeout(() => setFilter((current) => ({ ...current, text: textInput })), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [textInput, filter.text]);

  const rows = shown?.stored.rows ?? NO_ROWS;
  const filtered = useMemo(() => filterAuditRows(rows, filter), [rows, filter]);
  const sorted = useMemo(() => sortAuditRows(filtered, sort.column, sort.direction), [filtered, sort]);
  const counts = useMemo(() => countAudit(rows), [rows]);
  const chart = useMemo(() => (shown ? expiryByMonth(rows, shown.stored.today) : null), [rows, shown]);
  const users = useMemo(() => userOptionsOf(rows), [rows]);
  const missing = useMemo(() => (shown ? missingTexts(shown.stored) : []), [shown]);
  const userNames = useMemo(() => new Map(users.map((u) => [u.id, u.label])), [users]);
  const userNameOf = useCallback((id: number) => userNames.get(id) ?? t('auditUserNumber', String(id)), [userNames]);
  const filterText = filterDescription(filter, userNameOf);

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => {
      if (filterText === loggedFilter.current) return;
      loggedFilter.current = filterText;
      void addLog(
        'filter',
        filterText === '' ? tPlural('auditLogFilterCleared', rows.length) : tPlural('auditLogFilter', rows.length, [filterText, formatCount(filtered.length)]),
      );
    }, FILTER_LOG_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only a changed filter is worth an entry; the counts are read when it is written.
  }, [filterText]);

  // ------------------------------------------------------------------------------------------- actions

  const runAudit = async () => {
    if (abortRef.current) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const startedAt = services.now();
    const scope = services.scope();
    let lastProgress: AuditLoadProgress | null = null;
    setNotice(null);
    setRun({ status: 'running', progress: EMPTY_PROGRESS });
    try {
      const current = await services.settings().catch(() => DEFAULT_SETTINGS);
      setSettings(current);
      const outcome = await runAuditSession({
        client: services.client(),
        schema: (options) => services.keys().schema(options),
        settings: current,
        now: () => services.now(),
        signal: controller.signal,
        onProgress: (progress) => {
          lastProgress = progress;
          if (!controller.signal.aborted) setRun({ status: 'running', progress });
        },
      });
      if (outcome.keysTotal === null) {
        // Not one key could be read: nothing to show; whatever was shown before stays, labelled as before.
        const gap = outcome.keyGaps[0];
        const message = outcome.authStop
          ? t('auditFailedAuth', outcome.authStop.failureReason ?? reasonLabel('auth'))
          : t('auditFailedRead', [reasonLabel(gap?.reason ?? 'unknown'), gap?.detail ?? '']);
        setRun({ status: 'failed', message, auth: outcome.authStop !== null });
        await addLog('audit-run', t('auditLogRunFailed', message));
        return;
      }
      const stored = storedAuditFrom(outcome, {
        host: scope.host,
        database: scope.database,
        ranBy: services.connection().userName ?? t('auditUnknownUser'),
        ranAt: startedAt.toISOString(),
      });
      ranHere.current = true;
      setShown({ stored, source: 'run', savedAt: services.now().toISOString() });
      setSelected(new Set());
      setRun({ status: 'idle' });
      await services.stores.auditCache.put(scope, stored, services.now()).catch(() => undefined);
      const result = countAudit(stored.rows);
      await addLog(
        'audit-run',
        stored.complete
          ? tPlural('auditLogRunComplete', result.keys, [formatCount(result.keysWithProblems)])
          : tPlural('auditLogRunIncomplete', result.keys, [formatCount(result.keysWithProblems), missingTexts(stored).join(' ')]),
      );
    } catch (error) {
      if (controller.signal.aborted || (isWorkbooksError(error) && error.kind === 'cancelled')) {
        setRun({ status: 'cancelled', progress: lastProgress });
        const progress: AuditLoadProgress = lastProgress ?? EMPTY_PROGRESS;
        await addLog('audit-cancelled', tPlural('auditLogCancelled', progress.keysLoaded, [progress.keysTotal === null ? '…' : formatCount(progress.keysTotal)]));
      } else {
        setRun({ status: 'failed', message: t('auditFailedUnexpected', errorMessage(error)), auth: isWorkbooksError(error) && error.kind === 'auth' });
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  };

  const cancelAudit = () => abortRef.current?.abort();

  const reconnect = () => {
    void services.connect(services.connection().mode);
  };

  // The key editor logs "key opened" itself when the key loads (for every way of opening one), so the audit
  // does not log it a second time.
  const openKey = (row: KeyAuditRow) => navigate.openKey(row.keyId);

  const toggleKey = (keyId: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(keyId)) next.delete(keyId);
      else next.add(keyId);
      return next;
    });

  const toggleAllShown = (select: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const row of sorted) {
        if (select) next.add(row.keyId);
        else next.delete(row.keyId);
      }
      return next;
    });

  const exportNote = filterText === '' ? tPlural('auditExportAll', rows.length) : tPlural('auditExportFiltered', sorted.length, [formatCount(rows.length)]);

  const exportAudit = (format: 'csv' | 'json') => {
    if (!shown || !rootRef.current) return;
    const report = auditReportOf(shown.stored, sorted, missing);
    const at = services.now();
    const fileName = exportFileName(filterText === '' ? 'workbooks-key-audit' : 'workbooks-key-audit-filtered', shown.stored.host, shown.stored.database, at, format);
    if (format === 'csv') downloadText(rootRef.current, fileName, 'text/csv;charset=utf-8', UTF8_BOM + auditToCsv(report));
    else downloadText(rootRef.current, fileName, 'application/json;charset=utf-8', auditJsonWithView(report, { filter: filterText, shownKeys: sorted.length, totalKeys: rows.length }));
    setNotice(t('auditExported', fileName));
    void addLog(
      'export',
      tPlural('auditLogExport', rows.length, [format.toUpperCase(), formatCount(sorted.length), filterText === '' ? t('auditLogNoFilter') : filterText]),
    );
  };

  const printAudit = () => {
    const view = rootRef.current?.ownerDocument.defaultView;
    if (!shown || !view) return;
    const { stored } = shown;
    const opened = openPrintView(view, {
      title: t('auditPrintTitle', [stored.host, stored.database]),
      metaLines: [
        t('auditMeta', [stored.database, stored.ranBy, formatTimestamp(stored.ranAt)]),
        stored.complete ? t('auditCompleteNote') : t('auditIncompleteTitle'),
      ],
      missing,
      viewNote: filterText === '' ? tPlural('auditPrintAll', rows.length) : tPlural('auditPrintFiltered', rows.length, [formatCount(sorted.length), filterText]),
      summaryLines: [
        (['error', 'warning', 'info', 'none'] as const).map((s) => `${severityName(s)}: ${formatCount(counts.bySeverity[s])}`).join(' · '),
        counts.codes.map((c) => `${c.code}: ${formatCount(c.keys)}`).join(' · '),
      ],
      columns: [t('auditColId'), t('auditColName'), t('auditColUser'), t('auditColStatus'), t('auditColValidFrom'), t('auditColUntil'), t('auditColDaysLeft'), t('auditColIp'), t('auditColFindings')],
      rows: sorted.map((row) => [
        String(row.keyId),
        row.name,
        userLabel(row),
        userStatusLabel(row.userStatus),
        displayDate(row.validFrom),
        displayDate(row.until),
        daysLeftLabel(row.daysLeft),
        row.permittedIps ?? row.ipSummary,
        row.findings.map((f) => `${f.severity}: ${f.code}`).join('\n'),
      ]),
      printButton: t('auditPrintButton'),
    });
    setNotice(opened ? t('auditPrintOpened') : t('auditPrintBlocked'));
    if (opened) void addLog('export', tPlural('auditLogPrint', rows.length, [formatCount(sorted.length)]));
  };

  const exportLog = (format: 'json' | 'csv') => {
    if (!rootRef.current) return;
    const scope = services.scope();
    const at = services.now();
    const fileName = exportFileName('workbooks-session-log', scope.host, scope.database, at, format);
    if (format === 'csv') downloadText(rootRef.current, fileName, 'text/csv;charset=utf-8', UTF8_BOM + sessionLogToCsv(log, scope));
    else downloadText(rootRef.current, fileName, 'application/json;charset=utf-8', sessionLogToJson(log, scope, at.toISOString()));
    setNotice(t('auditExported', fileName));
  };

  const clearLog = async () => {
    const removed = log.length;
    try {
      await services.stores.sessionLog.clear(services.scope());
    } catch {
      // Shown as unchanged below when the store is unavailable.
    }
    await addLog('log-cleared', tPlural('auditLogClearedDetail', removed));
  };

  const setSeverity = (severity: SeverityOrNone) => setFilter((f) => ({ ...f, severities: toggled(f.severities, severity) }));
  const setCode = (code: string) => setFilter((f) => ({ ...f, codes: toggled(f.codes, code) }));
  const setUsers = (userIds: number[]) => setFilter((f) => ({ ...f, userIds }));
  const clearFilters = () => {
    setFilter({});
    setTextInput('');
  };

  // ---------------------------------------------------------------------------------------------- view

  const running = run.status === 'running';
  const stored = shown?.stored ?? null;
  const selectedCount = selected.size;

  return (
    <div class="audit" ref={rootRef} data-testid="audit-tab">
      <style>{css}</style>
      <div class="audit__head">
        <h3 class="audit__title" id="audit-title">
          {t('auditTitle')}
        </h3>
        <button type="button" class="audit-button audit-button--primary" onClick={() => void runAudit()} disabled={running || !connected} data-testid="audit-run">
          {shown ? t('auditRunAgain') : t('auditRun')}
        </button>
      </div>
      {!connected && <p class="audit-hint">{connection.status === 'connecting' ? t('auditWaitingForConnection') : (connection.problem ?? t('auditNeedsConnection'))}</p>}
      {!shown && !running && run.status !== 'failed' && <p class="audit-hint">{t('auditIntro')}</p>}

      {running && (
        <div class="audit-progress" data-testid="audit-progress">
          <progress
            class="audit-progress__bar"
            aria-label={t('auditProgressLabel')}
            {...(run.progress.keysTotal === null ? {} : { max: run.progress.keysTotal + run.progress.usersRequested, value: run.progress.keysLoaded + run.progress.usersChecked })}
          />
          <p role="status" aria-live="polite" class="audit-progress__text" data-testid="audit-progress-text">
            {progressText(run.progress)}
          </p>
          <button type="button" class="audit-button" onClick={cancelAudit} data-testid="audit-cancel">
            {t('auditCancel')}
          </button>
        </div>
      )}
      {run.status === 'cancelled' && (
        <p role="status" class="audit-notice" data-testid="audit-cancelled">
          {shown ? t('auditCancelledKeepsPrevious') : t('auditCancelledNothing')}
        </p>
      )}
      {run.status === 'failed' && (
        <div role="alert" class="audit-notice audit-notice--error" data-testid="audit-failed">
          <p>{run.message}</p>
          {run.auth && (
            <button type="button" class="audit-button" onClick={reconnect} data-testid="audit-reconnect">
              {t('auditReconnect')}
            </button>
          )}
        </div>
      )}

      {stored && shown && (
        <>
          <p class="audit-meta" data-testid="audit-meta" data-ran-at={stored.ranAt} data-source={shown.source}>
            {t('auditMeta', [stored.database, stored.ranBy, formatTimestamp(stored.ranAt)])}
          </p>
          {shown.source === 'cache' && (
            <p class="audit-notice audit-notice--info" data-testid="audit-cache-age">
              {t('auditCachedFrom', ageText(auditAge(stored.ranAt, now)))} —{' '}
              <button type="button" class="audit-linkbutton" onClick={() => void runAudit()} disabled={running || !connected}>
                {t('auditRunAgain')}
              </button>
            </p>
          )}
          {stored.complete ? (
            <p class="audit-complete" data-testid="audit-complete">
              {t('auditCompleteNote')}
            </p>
          ) : (
            <div role="alert" class="audit-notice audit-notice--error" data-testid="audit-incomplete">
              <p>
                <strong>{t('auditIncompleteTitle')}</strong>
              </p>
              <ul class="audit-notice__list">
                {missing.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <div class="audit-toolbar">
                {stored.authStop && (
                  <button type="button" class="audit-button" onClick={reconnect} data-testid="audit-reconnect">
                    {t('auditReconnect')}
                  </button>
                )}
                <button type="button" class="audit-button" onClick={() => void runAudit()} disabled={running || !connected}>
                  {t('auditRunAgain')}
                </button>
              </div>
            </div>
          )}
          {stored.schemaProblems.length > 0 && (
            <ul class="audit-hint" data-testid="audit-schema-problems">
              {stored.schemaProblems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}

          <section class="audit-section" aria-labelledby="audit-summary-title">
            <h4 class="audit-section__title" id="audit-summary-title">
              {t('auditSummaryTitle')}
            </h4>
            <AuditSummary
              counts={counts}
              complete={stored.complete}
              severities={filter.severities ?? []}
              codes={filter.codes ?? []}
              onToggleSeverity={setSeverity}
              onToggleCode={setCode}
            />
          </section>

          <section class="audit-section" aria-labelledby="audit-keys-title">
            <h4 class="audit-section__title" id="audit-keys-title">
              {t('auditKeysTitle')}
            </h4>
            <AuditFilters
              text={textInput}
              onText={setTextInput}
              users={users}
              userIds={filter.userIds ?? []}
              onUsers={setUsers}
              description={filterText}
              shown={sorted.length}
              total={rows.length}
              onClear={clearFilters}
            />
            <div class="audit-toolbar">
              <span class="audit-hint" data-testid="audit-selected-count">
                {t('auditSelectedCount', formatCount(selectedCount))}
              </span>
              <button type="button" class="audit-button" onClick={() => toggleAllShown(true)} disabled={sorted.length === 0} data-testid="audit-select-shown">
                {t('auditSelectShown', formatCount(sorted.length))}
              </button>
              {selectedCount > 0 && (
                <button type="button" class="audit-button" onClick={() => setSelected(new Set())}>
                  {t('auditSelectNone')}
                </button>
              )}
              <button
                type="button"
                class="audit-button audit-button--primary"
                onClick={() => navigate.openBulkEdit([...selected])}
                disabled={selectedCount === 0}
                data-testid="audit-bulk-edit"
              >
                {t('auditBulkEditSelected', formatCount(selectedCount))}
              </button>
            </div>
            {sorted.length === 0 ? (
              <p class="audit-hint" data-testid="audit-no-match">
                {rows.length === 0 ? t('auditNoKeys') : t('auditNoMatch')}
              </p>
            ) : null}
            <KeyAuditTable
              rows={sorted}
              sort={sort}
              onSort={setSort}
              selected={selected}
              onToggle={toggleKey}
              onToggleAll={toggleAllShown}
              onOpen={openKey}
              labelledBy="audit-keys-title"
            />
            <p class="audit-hint">{t('auditTableHelp')}</p>
          </section>

          <section class="audit-section" aria-labelledby="audit-export-title">
            <h4 class="audit-section__title" id="audit-export-title">
              {t('auditExportTitle')}
            </h4>
            <p class="audit-hint" data-testid="audit-export-note">
              {exportNote} {t('auditExportNoSecrets')}
            </p>
            <div class="audit-toolbar">
              <button type="button" class="audit-button" onClick={() => exportAudit('csv')} data-testid="audit-export-csv">
                {t('auditExportCsv')}
              </button>
              <button type="button" class="audit-button" onClick={() => exportAudit('json')} data-testid="audit-export-json">
                {t('auditExportJson')}
              </button>
              <button type="button" class="audit-button" onClick={printAudit} data-testid="audit-print">
                {t('auditPrint')}
              </button>
            </div>
          </section>

          {chart && (
            <section class="audit-section" aria-labelledby="audit-chart-title">
              <h4 class="audit-section__title" id="audit-chart-title">
                {t('auditChartTitle')}
              </h4>
              {!stored.complete && <p class="audit-hint">{t('auditChartIncomplete')}</p>}
              <ExpiryChart data={chart} headingId="audit-chart-title" />
            </section>
          )}
        </>
      )}

      {notice && (
        <p role="status" class="audit-hint" data-testid="audit-notice">
          {notice}
        </p>
      )}

      <SessionLogSection entries={log} retentionDays={settings?.logRetentionDays ?? null} onExport={exportLog} onClear={() => void clearLog()} />
    </div>
  );
}
