/**
 * The tab's side of bulk-runner: wires it to the services (key repository and client, the IndexedDB journal
 * store), keeps the journal being shown, and logs every run to the activity log and the session log. One run at
 * a time per tab; Cancel takes effect between batches. One tab at a time per journal (run-lock.ts): a run holds the
 * journal's lock throughout and starts from the journal as stored, never from an older copy this tab still shows.
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
import { t } from '../../platform/i18n';
import { activityDetail } from './bulk-text';
import { journalLockName, runLocksOfThisTab, sameJournal, type JournalRef, type RunLocks } from './run-lock';
import { errorMessage } from '../../core/error-message';

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
  /** Why nothing ran: the stored journal had moved on from the one shown (it is shown now instead). */
  notice: string | null;
}

const IDLE: BulkRunState = { journal: null, busy: null, lastAction: null, stop: null, error: null, reviews: [], undoPlan: null, notice: null };

/** A run attempted under the journal's lock: done, refused (another tab runs it), or not started (journal moved on). */
type Guarded<T> = { kind: 'ran'; value: T } | { kind: 'locked' } | { kind: 'changed'; journal: BulkJournal | null };

export interface BulkRunOptions {
  /** Defaults to this document's locks. */
  locks?: RunLocks;
  /** A run was refused because another tab holds the journal. */
  onLockedElsewhere?: (journal: JournalRef) => void;
}

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
  /** Reads the shown journal again from storage (another tab ran it); ignored while a run is under way here. */
  reload(id: string): Promise<void>;
  close(): void;
}

/** A journal id that sorts by time and does not collide across tabs. */
function newJournalId(now: Date): string {
  return `bulk-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function useBulkRun(services: AssistantServices, onSettled: () => void, options: BulkRunOptions = {}): BulkRun {
  const locks = options.locks ?? runLocksOfThisTab();
  const lockedElsewhere = useRef(options.onLockedElsewhere);
  lockedElsewhere.current = options.onLockedElsewhere;
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

  const readStored = useCallback(async (id: string) => parseStoredJournal((await services.stores.journals.get(id))?.journal), [services]);

  /**
   * `work` holding the journal's lock, started only if the journal as stored is `expected` (null: a new journal,
   * not stored yet). Another tab may have run it since this tab read it; going on from the older copy would send
   * keys again that the other tab saved.
   */
  const exclusive = useCallback(
    async <T>(target: JournalRef, expected: BulkJournal | null, work: () => Promise<T>): Promise<Guarded<T>> => {
      const attempt = await locks.runExclusively(journalLockName(target.scope, target.id), async (): Promise<Guarded<T>> => {
        if (expected) {
          const stored = await readStored(expected.id);
          if (!stored || !sameJournal(stored, expected)) return { kind: 'changed', journal: stored };
        }
        return { kind: 'ran', value: await work() };
      });
      return attempt.ran ? attempt.value : { kind: 'locked' };
    },
    [locks, readStored],
  );

  /** Nothing ran: say why, and show the journal as it is now (or as it was, until the other tab lets go). */
  const setAside = useCallback(
    (outcome: Exclude<Guarded<unknown>, { kind: 'ran' }>, target: JournalRef) => {
      if (outcome.kind === 'locked') {
        update({ busy: null, reviews: [], undoPlan: null });
        lockedElsewhere.current?.(target);
        return;
      }
      // Gone from storage: only a journal that wrote nothing can be discarded, so there is nothing left to show.
      if (!outcome.journal) update(IDLE);
      else update({ ...IDLE, journal: outcome.journal, notice: t('bulkChangedElsewhere') });
    },
    [update],
  );

  const run = useCallback(
    async (action: BulkActivityAction, target: JournalRef, expected: BulkJournal | null, body: (deps: RunnerDeps, signal: AbortSignal) => Promise<RunResult>) => {
      if (current.current.busy) return;
      const abort = new AbortController();
      controller.current = abort;
      update({ busy: action === 'bulk-undo' ? 'undo' : 'apply', lastAction: action, stop: null, error: null, reviews: [], undoPlan: null, notice: null });
      try {
        const outcome = await exclusive(target, expected, () => body(deps(), abort.signal));
        if (outcome.kind !== 'ran') {
          setAside(outcome, target);
          return;
        }
        const result = outcome.value;
        update({ journal: result.journal, busy: null, stop: result.stop, error: result.error, reviews: result.reviews });
        await log(action, result.journal, result.stop);
      } catch (error) {
        // The store refused (or something unexpected): what was stored is what the next resume starts from.
        update({ busy: null, stop: 'failed', error: errorMessage(error) });
        const journal = current.current.journal;
        if (journal) await log(action, journal, 'failed');
      } finally {
        controller.current = null;
        onSettled();
      }
    },
    [deps, exclusive, log, onSettled, setAside, update],
  );

  const apply = useCallback(
    (plan: BulkPlan, selection: string, autoRetry: boolean) => {
      const now = services.now();
      // Locked before the journal is stored: from then on other tabs list it, and must see it running.
      const target: JournalRef = { id: newJournalId(now), scope: services.scope() };
      return run('bulk-apply', target, null, async (runDeps, signal) => {
        const journal = await createStoredJournal(plan, { id: target.id, createdAt: now.toISOString(), scope: target.scope, selection }, runDeps);
        update({ journal });
        return applyBulkEdit(journal, runDeps, { signal, autoRetryConflicts: autoRetry });
      });
    },
    [run, services, update],
  );

  const resume = useCallback(
    (journal: BulkJournal, autoRetry: boolean) => {
      update({ journal, reviews: [], undoPlan: null });
      if (journal.state === 'undoing') return run('bulk-undo', journal, journal, (runDeps, signal) => undoBulkEdit(journal, null, runDeps, { signal }));
      return run('bulk-resume', journal, journal, (runDeps, signal) => resumeBulkEdit(journal, runDeps, { signal, autoRetryConflicts: autoRetry }));
    },
    [run, update],
  );

  const retry = useCallback(
    (keyIds: readonly number[], autoRetry: boolean) => {
      const { journal, reviews } = current.current;
      if (!journal) return Promise.resolve();
      return run('bulk-apply', journal, journal, (runDeps, signal) => retryConflicts(journal, reviews, keyIds, runDeps, { signal, autoRetryConflicts: autoRetry }));
    },
    [run],
  );

  const planUndoFor = useCallback(
    async (journal?: BulkJournal) => {
      const target = journal ?? current.current.journal;
      if (!target || current.current.busy) return;
      update({ journal: target, busy: 'reading', error: null, stop: null, reviews: [], undoPlan: null, notice: null });
      try {
        // Locked too: settling unconfirmed writes stores the journal.
        const outcome = await exclusive(target, target, () => prepareUndo(target, deps()));
        if (outcome.kind !== 'ran') {
          setAside(outcome, target);
          if (outcome.kind === 'changed') onSettled();
          return;
        }
        update({ journal: outcome.value.journal, busy: null, undoPlan: outcome.value.plan });
      } catch (error) {
        update({ busy: null, stop: 'failed', error: errorMessage(error) });
      }
    },
    [deps, exclusive, onSettled, setAside, update],
  );

  const confirmUndo = useCallback(() => {
    const { journal, undoPlan } = current.current;
    if (!journal || !undoPlan) return Promise.resolve();
    return run('bulk-undo', journal, journal, (runDeps, signal) => undoBulkEdit(journal, undoPlan, runDeps, { signal }));
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
    reload: async (id) => {
      if (current.current.busy || current.current.journal?.id !== id) return;
      const stored = await readStored(id).catch(() => null);
      // Outcome, reviews and undo plan were this tab's, about the journal as it was: they no longer apply.
      if (stored && !current.current.busy && current.current.journal?.id === id) update({ ...IDLE, journal: stored });
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
