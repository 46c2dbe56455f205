/**
 * The tab's side of bulk-runner: wires it to the services (key repository and client, the IndexedDB journal
 * store), keeps the journal being shown, and logs every run to the activity log and the session log. One run at
 * a time per tab; Cancel takes effect between batches.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AssistantServices } from '../../content/services';
import type { ConflictReview } from '../../core/keys/bulk-conflicts';
import type { BulkJournal } from '../../core/keys/bulk-journal';
import type { BulkPlan } from '../../core/keys/bulk-plan';
import {
  activityOutcome,
  applyBulkEdit,
  bulkKeyService,
  createStoredJournal,
  parseStoredJournal,
  prepareUndo,
  resumeBulkEdit,
  retryConflicts,
  undoBulkEdit,
  type BulkActivityAction,
  type RunResult,
  type RunStop,
  type RunnerDeps,
} from '../../core/keys/bulk-runner';
import type { UndoPlan } from '../../core/keys/bulk-undo';
import { activityDetail } from './bulk-text';

export type BusyWith = 'apply' | 'undo' | 'reading' | null;

export interface BulkRunState {
  journal: BulkJournal | null;
  busy: BusyWith;
  /** What the last run was, for the outcome wording. */
  lastAction: BulkActivityAction | null;
  stop: RunStop | null;
  error: string | null;
  /** Conflicts re-planned on current values, waiting for the admin's review. */
  reviews: ConflictReview[];
  /** A decided undo, waiting for confirmation. */
  undoPlan: UndoPlan | null;
}

const IDLE: BulkRunState = { journal: null, busy: null, lastAction: null, stop: null, error: null, reviews: [], undoPlan: null };

export interface BulkRun {
  state: BulkRunState;
  apply(plan: BulkPlan, selection: string, autoRetry: boolean): Promise<void>;
  /** Resume an interrupted apply (or continue an interrupted undo). */
  resume(journal: BulkJournal, autoRetry: boolean): Promise<void>;
  retry(keyIds: readonly number[], autoRetry: boolean): Promise<void>;
  cancel(): void;
  /** Re-reads the keys the edit saved and decides what undo would do (shown for confirmation). */
  planUndo(journal?: BulkJournal): Promise<void>;
  confirmUndo(): Promise<void>;
  dismissUndo(): void;
  dismissReviews(): void;
  show(journal: BulkJournal): void;
  close(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A journal id that sorts by time and does not collide across tabs. */
function newJournalId(now: Date): string {
  return `bulk-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function useBulkRun(services: AssistantServices, onSettled: () => void): BulkRun {
  const [state, setState] = useState<BulkRunState>(IDLE);
  const current = useRef<BulkRunState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  const update = useCallback((changes: Partial<BulkRunState>) => {
    current.current = { ...current.current, ...changes };
    setState(current.current);
  }, []);

  const deps = useCallback(
    (): RunnerDeps => ({
      keys: bulkKeyService(services.keys(), services.client()),
      store: { save: (journal) => services.stores.journals.put(journal.scope, journal.id, journal.state, journal, services.now()) },
      onUpdate: (journal) => update({ journal }),
    }),
    [services, update],
  );

  const log = useCallback(
    async (action: BulkActivityAction, journal: BulkJournal, stop: RunStop) => {
      const detail = activityDetail(journal, action);
      const outcome = activityOutcome(journal, action);
      const at = services.now();
      // The log must never stop the run's outcome from showing: failures to log are swallowed.
      await services.stores.activity
        .add(journal.scope, {
          at: at.toISOString(),
          who: services.connection().userName ?? '',
          action,
          keyId: null,
          keyName: journal.description,
          fields: ['permittedIps'],
          outcome: stop === 'failed' && outcome === 'saved' ? 'partial' : outcome,
          detail,
        })
        .catch(() => undefined);
      await services.stores.sessionLog.add(journal.scope, 'bulk', `${journal.description} — ${detail}`, at).catch(() => undefined);
    },
    [services],
  );

  const run = useCallback(
    async (action: BulkActivityAction, body: (deps: RunnerDeps, signal: AbortSignal) => Promise<RunResult>) => {
      if (current.current.busy) return;
      const abort = new AbortController();
      controller.current = abort;
      update({ busy: action === 'bulk-undo' ? 'undo' : 'apply', lastAction: action, stop: null, error: null, reviews: [], undoPlan: null });
      try {
        const result = await body(deps(), abort.signal);
        update({ journal: result.journal, busy: null, stop: result.stop, error: result.error, reviews: result.reviews });
        await log(action, result.journal, result.stop);
      } catch (error) {
        // The store refused (or something unexpected): what was stored is what the next resume starts from.
        update({ busy: null, stop: 'failed', error: messageOf(error) });
        const journal = current.current.journal;
        if (journal) await log(action, journal, 'failed');
      } finally {
        controller.current = null;
        onSettled();
      }
    },
    [deps, log, onSettled, update],
  );

  const apply = useCallback(
    (plan: BulkPlan, selection: string, autoRetry: boolean) =>
      run('bulk-apply', async (runDeps, signal) => {
        const now = services.now();
        const journal = await createStoredJournal(plan, { id: newJournalId(now), createdAt: now.toISOString(), scope: services.scope(), selection }, runDeps);
        update({ journal });
        return applyBulkEdit(journal, runDeps, { signal, autoRetryConflicts: autoRetry });
      }),
    [run, services, update],
  );

  const resume = useCallback(
    (journal: BulkJournal, autoRetry: boolean) => {
      update({ journal, reviews: [], undoPlan: null });
      if (journal.state === 'undoing') return run('bulk-undo', (runDeps, signal) => undoBulkEdit(journal, null, runDeps, { signal }));
      return run('bulk-resume', (runDeps, signal) => resumeBulkEdit(journal, runDeps, { signal, autoRetryConflicts: autoRetry }));
    },
    [run, update],
  );

  const retry = useCallback(
    (keyIds: readonly number[], autoRetry: boolean) => {
      const { journal, reviews } = current.current;
      if (!journal) return Promise.resolve();
      return run('bulk-apply', (runDeps, signal) => retryConflicts(journal, reviews, keyIds, runDeps, { signal, autoRetryConflicts: autoRetry }));
    },
    [run],
  );

  const planUndoFor = useCallback(
    async (journal?: BulkJournal) => {
      const target = journal ?? current.current.journal;
      if (!target || current.current.busy) return;
      update({ journal: target, busy: 'reading', error: null, stop: null, reviews: [], undoPlan: null });
      try {
        const prepared = await prepareUndo(target, deps());
        update({ journal: prepared.journal, busy: null, undoPlan: prepared.plan });
      } catch (error) {
        update({ busy: null, stop: 'failed', error: messageOf(error) });
      }
    },
    [deps, update],
  );

  const confirmUndo = useCallback(() => {
    const { journal, undoPlan } = current.current;
    if (!journal || !undoPlan) return Promise.resolve();
    return run('bulk-undo', (runDeps, signal) => undoBulkEdit(journal, undoPlan, runDeps, { signal }));
  }, [run]);

  useEffect(
    () => () => {
      // Leaving (panel closed): stop between batches; the journal says where to pick up.
      controller.current?.abort();
    },
    [],
  );

  return {
    state,
    apply,
    resume,
    retry,
    cancel: () => controller.current?.abort(),
    planUndo: planUndoFor,
    confirmUndo,
    dismissUndo: () => update({ undoPlan: null }),
    dismissReviews: () => update({ reviews: [] }),
    show: (journal) => {
      if (!current.current.busy) update({ ...IDLE, journal });
    },
    close: () => {
      if (!current.current.busy) update(IDLE);
    },
  };
}

/** The journals stored for this scope, newest first, re-read on demand (after each run, on reconnect). */
export function useStoredJournals(services: AssistantServices, ready: boolean): { journals: BulkJournal[]; refresh: () => void } {
  const [journals, setJournals] = useState<BulkJournal[]>([]);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    services.stores.journals
      .list(services.scope())
      .then((stored) => {
        if (!live) return;
        const parsed = stored.map((record) => parseStoredJournal(record.journal)).filter((journal): journal is BulkJournal => journal !== null);
        parsed.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        setJournals(parsed);
      })
      .catch(() => {
        if (live) setJournals([]);
      });
    return () => {
      live = false;
    };
  }, [services, ready, generation]);
  return { journals, refresh: useCallback(() => setGeneration((value) => value + 1), []) };
}
