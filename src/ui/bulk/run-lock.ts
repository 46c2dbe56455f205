/**
 * At most one tab runs a given bulk-edit journal (apply, resume, retry, undo) at a time.
 *
 * The journal lives in the extension's IndexedDB, so every tab on the same Workbooks host sees it; without a lock,
 * two tabs resuming it together would each send the same keys and the second tab's writes would come back as
 * conflicts (Workbooks' lock_version is then the only guard). Web Locks are shared by every document of an origin,
 * and content scripts use the page's origin: two Workbooks tabs of the same host see the same locks. A tab that
 * holds a journal's lock runs it; another tab is refused at once (`ifAvailable`), says so, and waits in the
 * background for the lock to be let go, then reads the journal again. The browser lets go of a closed tab's
 * locks by itself.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { BulkJournal, JournalScope } from '../../core/keys/bulk-journal';

/** Locks of the page's own scripts share the namespace: this prefix keeps ours apart. */
export const RUN_LOCK_PREFIX = 'wbka:bulk:';

/** How often an idle tab looks for runs started in other tabs (a run it attempts itself is refused at once). */
export const LOCK_POLL_MS = 2000;

export interface JournalRef {
  id: string;
  scope: JournalScope;
}

/** `wbka:bulk:<host>|<database>:<journal id>`; host and database are encoded so neither can run into the next part. */
export function journalLockName(scope: JournalScope, journalId: string): string {
  return `${RUN_LOCK_PREFIX}${encodeURIComponent(scope.host.toLowerCase())}|${encodeURIComponent(scope.database)}:${journalId}`;
}

/** The part of the Web Locks API used here (navigator.locks has it; tests pass an in-memory one). */
export interface RunLockManager {
  request<T>(name: string, options: LockOptions, callback: (lock: Lock | null) => T | Promise<T>): Promise<T>;
  query(): Promise<LockManagerSnapshot>;
}

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

export class RunLocks {
  /**
   * Names this tab holds or is asking for, counted: `query()` lists this tab's locks too, and they are not
   * "another tab". Counted from before the request, so a poll that sees the lock before the callback starts
   * still knows it is ours.
   */
  private readonly ours = new Map<string, number>();

  constructor(private manager: RunLockManager | null) {}

  /** False where the browser has no Web Locks: runs then go ahead unguarded, as before this existed. */
  get supported(): boolean {
    return this.manager !== null;
  }

  /** Runs `body` holding `name`, or refuses at once (`ran: false`) when another holder has it. */
  async runExclusively<T>(name: string, body: () => Promise<T>): Promise<Exclusive<T>> {
    const manager = this.manager;
    if (!manager) return { ran: true, value: await body() };
    let called = false;
    this.claim(name, 1);
    try {
      return await manager.request(name, { ifAvailable: true }, async (lock): Promise<Exclusive<T>> => {
        called = true;
        return lock ? { ran: true, value: await body() } : { ran: false };
      });
    } catch (error) {
      if (called) throw error; // the run itself failed: the lock is already let go
      // The lock manager itself failed (e.g. a content-script sandbox that cannot hand it a callback): the lock
      // must never be the reason a bulk edit cannot run, so go on without it, as browsers without Web Locks do.
      this.manager = null;
      return { ran: true, value: await body() };
    } finally {
      this.claim(name, -1);
    }
  }

  /** Which of `names` another tab holds for a run right now. */
  async heldElsewhere(names: Iterable<string>): Promise<Set<string>> {
    if (!this.manager) return new Set();
    const wanted = new Set(names);
    let snapshot: LockManagerSnapshot;
    try {
      snapshot = await this.manager.query();
    } catch {
      return new Set();
    }
    const held = new Set<string>();
    for (const info of snapshot.held ?? []) {
      // Runs hold their lock exclusively; waiters (below) hold it shared for an instant and are not runs.
      if (info.mode !== 'exclusive' || info.name === undefined || !wanted.has(info.name) || this.ours.has(info.name)) continue;
      held.add(info.name);
    }
    return held;
  }

  /**
   * Resolves true once no run holds `name` (false when `signal` aborts first). Queues for the lock in shared mode
   * and lets go at once: several tabs can wait together, and the wait costs the running tab nothing.
   */
  async waitUntilFree(name: string, signal: AbortSignal): Promise<boolean> {
    if (!this.manager) return true;
    try {
      return await this.manager.request(name, { mode: 'shared', signal }, () => true);
    } catch {
      if (signal.aborted) return false;
      // Waiting is not possible here: stop guarding (as without Web Locks) rather than poll a broken manager.
      this.manager = null;
      return true;
    }
  }

  private claim(name: string, change: 1 | -1): void {
    const count = (this.ours.get(name) ?? 0) + change;
    if (count > 0) this.ours.set(name, count);
    else this.ours.delete(name);
  }
}

function browserLockManager(): RunLockManager | null {
  // Web Locks arrived in Chrome 69, Firefox 96 and Safari 15.4. Older browsers keep the behaviour from before the
  // lock: runs are not coordinated across tabs, and Workbooks' lock_version still refuses a second write of a key.
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

let tabLocks: RunLocks | null = null;

/** The locks of this document (one tab): every bulk tab in it must share one, or it would count itself as "another tab". */
export function runLocksOfThisTab(): RunLocks {
  tabLocks ??= new RunLocks(browserLockManager());
  return tabLocks;
}

/** The same journal, whatever the key order or storage round trip (undefined fields vanish in storage). */
export function sameJournal(a: BulkJournal, b: BulkJournal): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}

export interface JournalLockWatch {
  /** Journals another tab is running now: their run buttons are disabled here. */
  lockedElsewhere: ReadonlySet<string>;
  /** Journals seen running in another tab (still, or since finished), until the admin acts on them here. */
  seenElsewhere: ReadonlySet<string>;
  /** A run here was refused: treat the journal as running elsewhere until its lock is let go. */
  watch(journal: JournalRef): void;
  /** The admin acted on a journal seen elsewhere: it no longer needs its own banner. */
  forget(id: string): void;
}

function withId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  return set.has(id) ? set : new Set([...set, id]);
}

function withoutId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

/**
 * Which of `journals` another tab is running: looked up when the list changes and every LOCK_POLL_MS while
 * `active`, plus journals `watch`ed after a refused run. Each is waited on in the background (abortable: ends
 * when the component goes); when its lock is let go, `onReleased(id)` is called so the tab reads it again.
 */
export function useJournalLocks(locks: RunLocks, journals: readonly JournalRef[], active: boolean, onReleased: (id: string) => void): JournalLockWatch {
  const [lockedElsewhere, setLocked] = useState<ReadonlySet<string>>(new Set());
  const [seenElsewhere, setSeen] = useState<ReadonlySet<string>>(new Set());
  const waiters = useRef(new Map<string, AbortController>());
  const released = useRef(onReleased);
  released.current = onReleased;
  const latest = useRef(journals);
  latest.current = journals;

  const watch = useCallback(
    (journal: JournalRef) => {
      if (waiters.current.has(journal.id)) return;
      const abort = new AbortController();
      waiters.current.set(journal.id, abort);
      setLocked((set) => withId(set, journal.id));
      setSeen((set) => withId(set, journal.id));
      void locks.waitUntilFree(journalLockName(journal.scope, journal.id), abort.signal).then((free) => {
        if (waiters.current.get(journal.id) === abort) waiters.current.delete(journal.id);
        if (!free) return;
        setLocked((set) => withoutId(set, journal.id));
        released.current(journal.id);
      });
    },
    [locks],
  );

  const forget = useCallback((id: string) => setSeen((set) => withoutId(set, id)), []);

  const names = journals.map((journal) => journalLockName(journal.scope, journal.id)).join('\n');
  useEffect(() => {
    if (!active || !locks.supported || names === '') return;
    let live = true;
    const check = () => {
      const byName = new Map(latest.current.map((journal) => [journalLockName(journal.scope, journal.id), journal]));
      void locks.heldElsewhere(byName.keys()).then((held) => {
        if (!live) return;
        for (const name of held) {
          const journal = byName.get(name);
          if (journal) watch(journal);
        }
      });
    };
    check();
    const timer = setInterval(check, LOCK_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [names, active, locks, watch]);

  useEffect(
    () => () => {
      for (const abort of waiters.current.values()) abort.abort();
      waiters.current.clear();
    },
    [],
  );

  return { lockedElsewhere, seenElsewhere, watch, forget };
}
