// @vitest-environment happy-dom
/**
 * One tab at a time per bulk-edit journal. happy-dom has no navigator.locks, so an in-memory LockManager with the
 * Web Locks rules that matter here (exclusive/shared, ifAvailable, FIFO queue, abort signal, query) stands in for
 * the browser's, shared by "two tabs": the Bulk edit tab under test (this document) and another tab modelled as a
 * second RunLocks on the same manager, running the journal with the same core runner.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PluralMessage } from '../../../src/core/i18n/index';

vi.mock('../../../src/platform/i18n', async () => {
  const { plural } = await import('../../../src/core/i18n/index');
  return {
    t: (key: string, substitutions?: string | string[]) =>
      substitutions === undefined ? key : `${key}(${(Array.isArray(substitutions) ? substitutions : [substitutions]).join('|')})`,
    tPlural: (base: PluralMessage, count: number, substitutions: readonly string[] = []) => plural(base, count, ...substitutions),
  };
});

import { BulkTab } from '../../../src/ui/bulk/BulkTab';
import { RunLocks, journalLockName, runLocksOfThisTab, sameJournal, type RunLockManager } from '../../../src/ui/bulk/run-lock';
import type { AssistantServices } from '../../../src/content/services';
import { createJournal, type BulkJournal } from '../../../src/core/keys/bulk-journal';
import { planBulkEdit } from '../../../src/core/keys/bulk-plan';
import { bulkKeyService, resumeBulkEdit, type RunnerDeps } from '../../../src/core/keys/bulk-runner';
import { FakeStores, FakeWorkbooks, NEW, OLD, SCOPE, fakeServices, gate } from './support/bulk-fakes';

// ------------------------------------------------------------------------------------------------ Web Locks fake

interface Held {
  name: string;
  mode: LockMode;
}

interface Waiting extends Held {
  start(): void;
}

/** The origin's lock manager, in memory: what every tab of one Workbooks host shares. */
class MemoryLockManager implements RunLockManager {
  private held: Held[] = [];
  private queue: Waiting[] = [];

  request<T>(name: string, options: LockOptions, callback: (lock: Lock | null) => T | Promise<T>): Promise<T> {
    const mode: LockMode = options.mode ?? 'exclusive';
    if (options.signal?.aborted) return Promise.reject(new DOMException('The request was aborted.', 'AbortError'));
    if (options.ifAvailable && !this.grantable(name, mode, null)) return Promise.resolve().then(() => callback(null));
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        name,
        mode,
        start: () => {
          this.queue = this.queue.filter((other) => other !== entry);
          const lock: Held = { name, mode };
          this.held.push(lock);
          const run = async () => {
            try {
              return await callback(lock);
            } finally {
              // Let go before the request's promise settles, as browsers do.
              this.held = this.held.filter((other) => other !== lock);
              this.pump();
            }
          };
          run().then(resolve, reject);
        },
      };
      options.signal?.addEventListener('abort', () => {
        if (!this.queue.includes(entry)) return;
        this.queue = this.queue.filter((other) => other !== entry);
        reject(new DOMException('The request was aborted.', 'AbortError'));
      });
      this.queue.push(entry);
      this.pump();
    });
  }

  async query(): Promise<LockManagerSnapshot> {
    return {
      held: this.held.map((lock) => ({ name: lock.name, mode: lock.mode, clientId: 'tab' })),
      pending: this.queue.map((entry) => ({ name: entry.name, mode: entry.mode, clientId: 'tab' })),
    };
  }

  heldNames(mode?: LockMode): string[] {
    return this.held.filter((lock) => mode === undefined || lock.mode === mode).map((lock) => lock.name);
  }

  pendingCount(): number {
    return this.queue.length;
  }

  /** Granted when nothing held conflicts and no earlier request for the name is still waiting (FIFO). */
  private grantable(name: string, mode: LockMode, entry: Waiting | null): boolean {
    const conflicting = this.held.some((lock) => lock.name === name && (mode === 'exclusive' || lock.mode === 'exclusive'));
    if (conflicting) return false;
    const ahead = entry === null ? this.queue : this.queue.slice(0, this.queue.indexOf(entry));
    return !ahead.some((other) => other.name === name);
  }

  private pump(): void {
    for (const entry of [...this.queue]) if (this.grantable(entry.name, entry.mode, entry)) entry.start();
  }
}

const manager = new MemoryLockManager();

beforeAll(() => {
  // This document's navigator.locks, before the Bulk tab asks for it (its locks are created once per document).
  Object.defineProperty(navigator, 'locks', { configurable: true, get: () => manager });
});

// ------------------------------------------------------------------------------------------------ fake Workbooks

/** Also notes the exclusive locks held when each save request arrived. */
class LockedWorkbooks extends FakeWorkbooks {
  readonly locksAtSave: string[][] = [];

  protected override noteSaveRequest(): void {
    this.locksAtSave.push(manager.heldNames('exclusive'));
  }
}

let journalCount = 0;

/** An interrupted (planned, nothing sent) journal replacing OLD with NEW on every key, stored. */
async function storedJournal(workbooks: FakeWorkbooks, stores: FakeStores): Promise<BulkJournal> {
  const journal = createJournal(planBulkEdit([...workbooks.keys.values()], { kind: 'replace', from: OLD, to: NEW }), {
    id: `bulk-lock-${++journalCount}`,
    createdAt: '2027-06-01T09:00:00.000Z',
    scope: SCOPE,
  });
  await stores.save(journal);
  return journal;
}

/** The other tab: its own RunLocks on the same lock manager, resuming the journal with the core runner. */
function otherTab(workbooks: FakeWorkbooks, stores: FakeStores) {
  const locks = new RunLocks(manager);
  const deps: RunnerDeps = {
    keys: bulkKeyService(workbooks.repository(), workbooks.client()),
    store: { save: (journal) => stores.save(journal) },
  };
  return {
    locks,
    resume: (journal: BulkJournal) => locks.runExclusively(journalLockName(journal.scope, journal.id), () => resumeBulkEdit(stores.stored(journal.id), deps)),
  };
}

// ------------------------------------------------------------------------------------------------ DOM helpers

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});

afterEach(async () => {
  await act(async () => {
    render(null, container);
  });
  container.remove();
  // Every test leaves the origin's locks as it found them: nothing held, nobody waiting.
  expect(manager.heldNames()).toEqual([]);
  expect(manager.pendingCount()).toBe(0);
});

const byTestId = (id: string): HTMLElement | null => container.querySelector(`[data-testid="${id}"]`);
const need = (id: string): HTMLElement => {
  const found = byTestId(id);
  if (!found) throw new Error(`no element ${id}`);
  return found;
};
const isDisabled = (id: string): boolean => (need(id) as HTMLButtonElement).disabled;

async function waitFor<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    let value: T | null | undefined | false = null;
    try {
      value = check();
    } catch {
      value = null;
    }
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; DOM: ${container.textContent?.slice(0, 600) ?? ''}`);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 15));
    });
  }
}

async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.click();
  });
}

/** The Bulk edit tab of this document. `active: false` keeps it from polling, so only its own attempts find locks. */
async function mount(services: AssistantServices, active: boolean): Promise<void> {
  const navigate = { openKey: () => undefined, openBulkEdit: () => undefined, openAudit: () => undefined };
  await act(async () => {
    render(h(BulkTab, { services, navigate, active, request: null }), container);
  });
}

// ------------------------------------------------------------------------------------------------ tests

describe('RunLocks', () => {
  it('names locks per host, database and journal, under a prefix of their own', () => {
    const name = journalLockName({ host: 'Secure.Workbooks.com', database: 'Acme|Ltd' }, 'bulk-1');
    expect(name).toBe('wbka:bulk:secure.workbooks.com|Acme%7CLtd:bulk-1');
    expect(journalLockName({ host: 'secure.workbooks.com', database: 'Other' }, 'bulk-1')).not.toBe(name);
    expect(journalLockName({ host: 'secure.workbooks.com', database: 'Acme|Ltd' }, 'bulk-2')).not.toBe(name);
  });

  it('refuses a second run of the same journal at once, without starting it, and lets go when the first ends', async () => {
    const tabA = new RunLocks(manager);
    const tabB = new RunLocks(manager);
    const name = journalLockName(SCOPE, 'bulk-direct');
    const release = gate();
    const first = tabA.runExclusively(name, async () => {
      await release.opened;
      return 'A finished';
    });
    await vi.waitFor(() => expect(manager.heldNames('exclusive')).toEqual([name]));
    let started = false;
    expect(
      await tabB.runExclusively(name, async () => {
        started = true;
      }),
    ).toEqual({ ran: false });
    expect(started).toBe(false);
    // B sees A's run; A does not count its own lock as another tab's.
    expect([...(await tabB.heldElsewhere([name]))]).toEqual([name]);
    expect([...(await tabA.heldElsewhere([name]))]).toEqual([]);
    const freed = tabB.waitUntilFree(name, new AbortController().signal);
    release.open();
    expect(await first).toEqual({ ran: true, value: 'A finished' });
    expect(await freed).toBe(true);
    expect(await tabB.runExclusively(name, async () => 'B ran')).toEqual({ ran: true, value: 'B ran' });
  });

  it('lets go when the run fails, and the error reaches the caller', async () => {
    const tab = new RunLocks(manager);
    const name = journalLockName(SCOPE, 'bulk-error');
    await expect(tab.runExclusively(name, () => Promise.reject(new Error('store refused')))).rejects.toThrow('store refused');
    expect(manager.heldNames()).toEqual([]);
  });

  it('stops waiting when aborted', async () => {
    const tabA = new RunLocks(manager);
    const name = journalLockName(SCOPE, 'bulk-abort');
    const release = gate();
    const run = tabA.runExclusively(name, () => release.opened);
    await vi.waitFor(() => expect(manager.heldNames()).toEqual([name]));
    const abort = new AbortController();
    const waiting = new RunLocks(manager).waitUntilFree(name, abort.signal);
    abort.abort();
    expect(await waiting).toBe(false);
    release.open();
    await run;
  });

  it('without navigator.locks (or with a broken one) runs as before, unguarded', async () => {
    const none = new RunLocks(null);
    expect(none.supported).toBe(false);
    expect(await none.runExclusively('wbka:bulk:x', async () => 7)).toEqual({ ran: true, value: 7 });
    expect(await none.heldElsewhere(['wbka:bulk:x'])).toEqual(new Set());
    expect(await none.waitUntilFree('wbka:bulk:x', new AbortController().signal)).toBe(true);

    const broken: RunLockManager = {
      request: () => Promise.reject(new TypeError('cannot hand a callback to the page')),
      query: () => Promise.reject(new TypeError('no')),
    };
    const fallback = new RunLocks(broken);
    expect(await fallback.runExclusively('wbka:bulk:x', async () => 'ran')).toEqual({ ran: true, value: 'ran' });
    expect(fallback.supported).toBe(false);
  });

  it('compares journals by content, not by key order or undefined fields', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(3, stores);
    const journal = await storedJournal(workbooks, stores);
    const reordered = { ...Object.fromEntries(Object.entries(journal).reverse()), selection: undefined } as unknown as BulkJournal;
    expect(Object.keys(reordered)[0]).toBe('items');
    expect(sameJournal(journal, reordered)).toBe(true);
    expect(sameJournal(journal, JSON.parse(JSON.stringify(reordered)) as BulkJournal)).toBe(true);
    expect(sameJournal(journal, { ...journal, state: 'applying' })).toBe(false);
  });
});

describe('the Bulk edit tab with another tab on the same journal', () => {
  it('a run attempted while another tab holds the journal is refused with the message, not started; the journal is re-read when it lets go', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(4, stores);
    const journal = await storedJournal(workbooks, stores);
    await mount(fakeServices(workbooks, stores), false);
    await waitFor(() => byTestId('bulk-interrupted'), 'the interrupted banner');
    expect(isDisabled('bulk-resume')).toBe(false);

    // The other tab resumes first; its save is held at the gate.
    workbooks.gate = gate();
    const other = otherTab(workbooks, stores).resume(journal);
    await vi.waitFor(() => expect(workbooks.saveRequests).toHaveLength(1));

    await click(need('bulk-resume'));
    const note = await waitFor(() => byTestId('bulk-locked'), 'the locked message');
    expect(note.textContent).toBe('bulkLockedElsewhere');
    expect(isDisabled('bulk-continue')).toBe(true);
    expect(byTestId('bulk-progress')).toBeNull();
    expect(workbooks.saveRequests).toEqual([[1, 2, 3, 4]]); // the other tab's only

    workbooks.gate.open();
    expect((await other).ran).toBe(true);
    // Let go: this tab reads the journal as the other tab left it; Undo is offered, the message is gone.
    await waitFor(() => byTestId('bulk-locked') === null && byTestId('bulk-undo'), 'the re-read journal');
    expect(need('bulk-run-summary').textContent).toBe('bulkCountOf(bulkStatusSaved|4)');
    expect(isDisabled('bulk-undo')).toBe(false);
    expect(byTestId('bulk-continue')).toBeNull();
    expect([...workbooks.writesPerKey().values()]).toEqual([1, 1, 1, 1]);
  });

  it('an idle tab sees another tab running a journal, disables its buttons, then shows it finished with Undo', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(4, stores);
    const journal = await storedJournal(workbooks, stores);
    workbooks.gate = gate();
    const other = otherTab(workbooks, stores).resume(journal);
    await vi.waitFor(() => expect(workbooks.saveRequests).toHaveLength(1));

    await mount(fakeServices(workbooks, stores), true);
    await waitFor(() => byTestId('bulk-interrupted')?.querySelector('[data-testid="bulk-locked"]'), 'the locked message in the banner');
    expect(isDisabled('bulk-resume')).toBe(true);
    expect(isDisabled('bulk-interrupted-undo')).toBe(true);

    workbooks.gate.open();
    await other;
    const banner = await waitFor(() => byTestId('bulk-elsewhere'), 'the finished-elsewhere banner');
    expect(banner.textContent).toContain('bulkFinishedElsewhere');
    expect(need('bulk-elsewhere-counts').textContent).toBe('4 saved, 0 undone, of 4 keys');
    expect(byTestId('bulk-interrupted')).toBeNull();
    expect(byTestId('bulk-locked')).toBeNull();
    expect(isDisabled('bulk-elsewhere-undo')).toBe(false);
    expect(workbooks.saveRequests).toEqual([[1, 2, 3, 4]]);
  });

  it('holds the lock through the whole run and lets go when it finishes; the other tab is refused meanwhile', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(150, stores);
    const journal = await storedJournal(workbooks, stores);
    const name = journalLockName(SCOPE, journal.id);
    await mount(fakeServices(workbooks, stores), false);
    await waitFor(() => byTestId('bulk-interrupted'), 'the banner');
    workbooks.gate = gate();
    await click(need('bulk-resume'));
    await vi.waitFor(() => expect(workbooks.saveRequests).toHaveLength(1));
    expect((await otherTab(workbooks, stores).resume(journal)).ran).toBe(false);
    workbooks.gate.open();
    await waitFor(() => byTestId('bulk-run-done'), 'the run to finish');
    expect(workbooks.locksAtSave).toEqual([[name], [name]]); // both batches
    expect(manager.heldNames()).toEqual([]);
    expect(workbooks.saveRequests.map((ids) => ids.length)).toEqual([100, 50]);
  });

  it('lets go when the run is cancelled', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(150, stores);
    const journal = await storedJournal(workbooks, stores);
    await mount(fakeServices(workbooks, stores), false);
    await waitFor(() => byTestId('bulk-interrupted'), 'the banner');
    workbooks.gate = gate();
    await click(need('bulk-resume'));
    await vi.waitFor(() => expect(workbooks.saveRequests).toHaveLength(1));
    expect(manager.heldNames()).toEqual([journalLockName(SCOPE, journal.id)]);
    await click(need('bulk-cancel'));
    workbooks.gate.open();
    await waitFor(() => container.textContent?.includes('bulkRunCancelled'), 'cancelled');
    expect(manager.heldNames()).toEqual([]);
    expect(workbooks.saveRequests).toHaveLength(1);
  });

  it('lets go when the run fails (the store refuses)', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(4, stores);
    await storedJournal(workbooks, stores);
    await mount(fakeServices(workbooks, stores), false);
    await waitFor(() => byTestId('bulk-interrupted'), 'the banner');
    stores.failPuts = true;
    await click(need('bulk-resume'));
    const error = await waitFor(() => byTestId('bulk-run-error'), 'the error');
    expect(error.textContent).toContain('The extension did not answer.');
    expect(manager.heldNames()).toEqual([]);
    expect(workbooks.saveRequests).toEqual([]);
  });

  it('does not go on from an older copy: a journal another tab moved on meanwhile is shown as stored, and not run', async () => {
    const stores = new FakeStores();
    const workbooks = new LockedWorkbooks(4, stores);
    const journal = await storedJournal(workbooks, stores);
    await mount(fakeServices(workbooks, stores), false);
    await waitFor(() => byTestId('bulk-interrupted'), 'the banner');
    // The other tab ran it to the end and let go before this tab noticed anything.
    expect((await otherTab(workbooks, stores).resume(journal)).ran).toBe(true);
    await click(need('bulk-resume'));
    const notice = await waitFor(() => byTestId('bulk-run-notice'), 'the notice');
    expect(notice.textContent).toBe('bulkChangedElsewhere');
    expect(need('bulk-run-summary').textContent).toBe('bulkCountOf(bulkStatusSaved|4)');
    expect(workbooks.saveRequests).toEqual([[1, 2, 3, 4]]);
  });

  it('the tab uses this document’s navigator.locks', () => {
    expect(runLocksOfThisTab().supported).toBe(true);
  });
});
