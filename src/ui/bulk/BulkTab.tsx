/**
 * Bulk edit of "Permitted IP addresses": choose keys (a query, or the audit's selection), choose an operation,
 * preview every key's before → after, apply in batches through bulk-runner (journal first, stored after every
 * step), review conflicts, undo. Interrupted operations found in storage are offered for Resume or Undo.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { BulkTabProps } from '../tab-props';
import type { ApiKeyRecord } from '../../core/keys/model';
import { planBulkEdit, type BulkPlan } from '../../core/keys/bulk-plan';
import { validateOperation } from '../../core/keys/bulk-operation';
import { auditKeys, userLookupFromStatuses } from '../../core/keys/audit';
import { londonToday } from '../../core/dates';
import { DEFAULT_SETTINGS, type Settings } from '../../core/settings';
import { CommonStyles, ipOptionsFromSettings, useConnection, useDebouncedValue } from '../common';
import { OperationForm } from './OperationForm';
import { PreviewSection } from './PreviewSection';
import { RunSection } from './RunSection';
import { SelectionSection } from './SelectionSection';
import { StoredJournals } from './StoredJournals';
import { EMPTY_OPERATION, operationOf, type OperationDraft } from './operation-draft';
import { EMPTY_DRAFT, runSelection, userOptions, type QueryDraft, type Selection } from './selection';
import { useBulkRun, useStoredJournals } from './use-bulk-run';
import { runLocksOfThisTab, useJournalLocks } from './run-lock';
import css from './bulk.css?inline';
import { auditThresholdsFromSettings } from '../../core/settings';
import { errorMessage } from '../../core/error-message';

export function BulkTab({ services, active, request }: BulkTabProps) {
  const connection = useConnection(services);
  const connected = connection.status === 'connected';
  const writeProblem = !connected ? t('bulkNeedsConnection') : connection.canWrite ? null : (connection.problem ?? t('bulkCannotWrite'));

  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  useEffect(() => {
    let live = true;
    services
      .settings()
      .then((loaded) => live && setSettings(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [services]);

  // ------------------------------------------------------------------------------------------- keys
  const [keys, setKeys] = useState<ApiKeyRecord[] | null>(null);
  const [loading, setLoading] = useState<{ loaded: number; total: number | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const keysById = useMemo(() => new Map((keys ?? []).map((key) => [key.id, key])), [keys]);
  const users = useMemo(() => userOptions(keys ?? []), [keys]);

  const loadKeys = useCallback(async () => {
    setLoading({ loaded: 0, total: null });
    setLoadError(null);
    try {
      const all = await services.keys().loadAllKeys({ onProgress: (loaded, total) => setLoading({ loaded, total }) });
      setKeys(all);
    } catch (error) {
      setLoadError(errorMessage(error));
    } finally {
      setLoading(null);
    }
  }, [services]);

  useEffect(() => {
    // Read the keys the first time the tab is shown on a live connection (not before: reading costs requests).
    if (active && connected && keys === null && loading === null && loadError === null) void loadKeys();
  }, [active, connected, keys, loading, loadError, loadKeys]);

  // ------------------------------------------------------------------------------------------- selection
  const [draft, setDraft] = useState<QueryDraft>(EMPTY_DRAFT);
  const [auditIds, setAuditIds] = useState<number[] | null>(null);
  const [findings, setFindings] = useState<Map<number, string[]> | null>(null);
  const [findingsLoading, setFindingsLoading] = useState(false);
  const [findingsError, setFindingsError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  const context = useMemo(() => ({ auditIds, findingsByKey: findings }), [auditIds, findings]);

  const requestNonce = request?.nonce ?? null;
  useEffect(() => {
    if (!request) return;
    setAuditIds([...request.value]);
    setDraft((current) => ({ ...current, kind: 'audit' }));
    setSelection(null);
    setExcluded(new Set());
  }, [requestNonce]); // a new request is a new nonce: its value is read then

  useEffect(() => {
    // The audit's selection becomes the tab's as soon as the keys are known.
    if (draft.kind === 'audit' && auditIds && keys && selection === null) setSelection(runSelection(keys, draft, context, users));
  }, [draft, auditIds, keys, selection, context, users]);

  const find = () => {
    if (!keys) return;
    setSelection(runSelection(keys, draft, context, users));
    setExcluded(new Set());
  };

  const loadFindings = async () => {
    setFindingsLoading(true);
    setFindingsError(null);
    try {
      const data = await services.keys().loadAuditData();
      const result = auditKeys({
        keys: data.keys,
        users: data.users.users,
        userLookup: userLookupFromStatuses(data.users.statuses),
        today: londonToday(services.now()),
        settings: auditThresholdsFromSettings(settings),
      });
      setFindings(new Map(result.rows.map((row) => [row.keyId, row.findings.map((finding) => finding.code as string)])));
      setKeys(data.keys);
    } catch (error) {
      setFindingsError(t('bulkFindingsFailed', errorMessage(error)));
    } finally {
      setFindingsLoading(false);
    }
  };

  const selectedKeys = useMemo(
    () => (selection ? selection.ids.filter((id) => !excluded.has(id)).flatMap((id) => (keysById.has(id) ? [keysById.get(id)!] : [])) : []),
    [selection, excluded, keysById],
  );

  // ------------------------------------------------------------------------------------------- operation + plan
  const [operation, setOperation] = useState<OperationDraft>(EMPTY_OPERATION);
  const problems = useMemo(() => validateOperation(operationOf(operation)), [operation]);
  // Planning hundreds of keys on every keystroke would make typing lag: plan what has settled.
  const settled = useDebouncedValue(operation, 200);
  const planPending = settled !== operation;
  const plan = useMemo<BulkPlan | null>(() => {
    if (selectedKeys.length === 0) return null;
    const op = operationOf(settled);
    if (validateOperation(op).length > 0) return null;
    return planBulkEdit(selectedKeys, op, { analysis: ipOptionsFromSettings(settings) });
  }, [selectedKeys, settled, settings]);
  const waiting = !selection ? t('bulkWaitingSelection') : selectedKeys.length === 0 ? t('bulkWaitingNoKeys') : problems.length > 0 ? t('bulkWaitingOperation') : null;

  const [autoRetry, setAutoRetry] = useState(false);

  // ------------------------------------------------------------------------------------------- runs
  const stored = useStoredJournals(services, connected);
  const locks = runLocksOfThisTab();
  // Journals other tabs run: their buttons wait here; once let go, the list and the journal shown are read again.
  const lockWatch = useJournalLocks(locks, stored.journals, active, (id) => {
    stored.refresh();
    // Shown here already, its progress appears in place: it needs no "finished in another tab" banner later.
    if (run.state.journal?.id === id) lockWatch.forget(id);
    void run.reload(id);
  });
  const run = useBulkRun(services, stored.refresh, { locks, onLockedElsewhere: lockWatch.watch });
  const busy = run.state.busy !== null;

  const apply = () => {
    if (!plan || !selection || planPending) return;
    void run.apply(plan, selection.description, autoRetry);
  };

  const newEdit = () => {
    run.close();
    // Keys changed: read them again before the next edit is planned.
    setKeys(null);
    setSelection(null);
    setExcluded(new Set());
    setOperation(EMPTY_OPERATION);
  };

  const current = run.state.journal;
  return (
    <div class="bulk" data-testid="bulk-tab">
      <CommonStyles />
      <style>{css}</style>
      {!connected && <p class="wbka-note">{t('bulkWaitingForConnection')}</p>}
      <StoredJournals
        journals={stored.journals}
        currentId={current?.id ?? null}
        disabled={busy || writeProblem !== null}
        lockedElsewhere={lockWatch.lockedElsewhere}
        seenElsewhere={lockWatch.seenElsewhere}
        onResume={(journal) => {
          lockWatch.forget(journal.id);
          void run.resume(journal, autoRetry);
        }}
        onUndo={(journal) => {
          lockWatch.forget(journal.id);
          void run.planUndo(journal);
        }}
        onShow={(journal) => {
          lockWatch.forget(journal.id);
          run.show(journal);
        }}
        onDiscard={(journal) => {
          void services.stores.journals
            .remove(journal.id)
            .catch(() => undefined)
            .then(stored.refresh);
        }}
      />
      <label class="bulk-check">
        <input type="checkbox" checked={autoRetry} disabled={busy} onChange={(event) => setAutoRetry(event.currentTarget.checked)} data-testid="bulk-auto-retry" />
        {t('bulkAutoRetry')}
      </label>
      {current ? (
        <RunSection
          state={{ ...run.state, journal: current }}
          writeProblem={writeProblem}
          lockedElsewhere={lockWatch.lockedElsewhere.has(current.id)}
          onCancel={run.cancel}
          onContinue={() => void run.resume(current, autoRetry)}
          onRetry={(ids) => void run.retry(ids, autoRetry)}
          onDismissReviews={run.dismissReviews}
          onPlanUndo={() => void run.planUndo()}
          onConfirmUndo={() => void run.confirmUndo()}
          onDismissUndo={run.dismissUndo}
          onClose={newEdit}
        />
      ) : (
        <>
          <SelectionSection
            keys={keys}
            keysById={keysById}
            loading={loading}
            loadError={loadError}
            onReload={() => void loadKeys()}
            draft={draft}
            onDraft={setDraft}
            context={context}
            users={users}
            findingsLoading={findingsLoading}
            findingsError={findingsError}
            onLoadFindings={() => void loadFindings()}
            onFind={find}
            selection={selection}
            excluded={excluded}
            onToggle={(id, included) => {
              const next = new Set(excluded);
              if (included) next.delete(id);
              else next.add(id);
              setExcluded(next);
            }}
            onAll={(included) => setExcluded(included || !selection ? new Set() : new Set(selection.ids))}
            disabled={busy}
          />
          <OperationForm draft={operation} onDraft={setOperation} problems={problems} disabled={busy} />
          <PreviewSection
            plan={waiting === null ? plan : null}
            waiting={waiting}
            onApply={apply}
            writeProblem={writeProblem}
            disabled={busy || planPending}
          />
        </>
      )}
    </div>
  );
}
