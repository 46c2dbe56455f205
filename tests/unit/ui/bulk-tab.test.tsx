// @vitest-environment happy-dom
/**
 * The Bulk edit tab rendered in a DOM with fake services: an in-memory "service" with lock_version semantics behind
 * the repository and client seams, and in-memory stores. Covers the whole path the admin takes — query, deselect,
 * live validation, preview, apply in batches with the journal stored first, outcome, activity — plus the
 * interrupted-operation banner with Resume, and Undo with a key changed since.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/platform/i18n', async () => (await import('../../support/i18n-mocks')).echoI18n());

import { BulkTab } from '../../../src/ui/bulk/BulkTab';
import type { AssistantServices } from '../../../src/content/services';
import { createJournal, markSent, recordBatchResult } from '../../../src/core/keys/bulk-journal';
import { planBulkEdit } from '../../../src/core/keys/bulk-plan';
import type { BulkTabProps } from '../../../src/ui/tab-props';
import { FakeStores, FakeWorkbooks, NEW, OLD, SCOPE, fakeServices, listOf } from './support/bulk-fakes';

/** Every key but the last holds OLD; the last is one a query for OLD must not find. */
const bulkWorkbooks = (count: number, stores: FakeStores) => new FakeWorkbooks(count, stores, (id) => (id === count ? '10.0.0.1' : listOf(id, OLD)));

// ------------------------------------------------------------------------------------------------ DOM helpers

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

const byTestId = (id: string): HTMLElement | null => container.querySelector(`[data-testid="${id}"]`);
const need = (id: string): HTMLElement => {
  const found = byTestId(id);
  if (!found) throw new Error(`no element ${id}`);
  return found;
};

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

async function type(element: HTMLElement, value: string): Promise<void> {
  await act(async () => {
    (element as HTMLInputElement).value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.click();
  });
}

async function choose(element: HTMLElement, value: string): Promise<void> {
  await act(async () => {
    (element as HTMLSelectElement).value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function mount(services: AssistantServices, props: Partial<BulkTabProps> = {}): Promise<void> {
  const navigate = { openKey: () => undefined, openBulkEdit: () => undefined, openAudit: () => undefined };
  await act(async () => {
    render(<BulkTab services={services} navigate={navigate} active={true} request={null} {...props} />, container);
  });
}

async function findKeys(address: string): Promise<void> {
  await waitFor(() => !(need('bulk-find') as HTMLButtonElement).disabled || null, 'keys loaded');
  await type(need('bulk-query-address'), address);
  await click(need('bulk-find'));
}

// ------------------------------------------------------------------------------------------------ tests

describe('BulkTab', () => {
  it('query → deselect → preview → apply in batches (journal first) → outcome and activity', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(131, stores);
    await mount(fakeServices(workbooks, stores));

    await findKeys(OLD);
    expect(need('bulk-selected-count').textContent).toBe('130 of 130 keys selected');
    // Key names are text, never markup.
    expect(container.querySelector('img')).toBeNull();
    await click(need('bulk-key-2'));
    expect(need('bulk-selected-count').textContent).toBe('129 of 130 keys selected');

    // Live validation: a problem under the field once it is typed in; no preview while the operation is wrong.
    await type(need('bulk-op-from'), OLD);
    await type(need('bulk-op-to'), '92.40.1.300');
    await waitFor(() => container.querySelector('#bulk-op-problem-to:not([hidden])'), 'problem under "With"');
    expect(need('bulk-op-to').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('bulk-apply')).toBeNull();

    await type(need('bulk-op-to'), NEW);
    await waitFor(() => byTestId('bulk-total-changed')?.textContent === 'bulkTotalChanged(129)', 'preview totals');
    expect(container.querySelector('#bulk-op-problem-to')?.hasAttribute('hidden')).toBe(true);
    const preview = need('bulk-preview-1');
    expect(preview.querySelector('.bulk-diff__line--removed .bulk-diff__entry')?.textContent).toBe(OLD);
    expect(preview.querySelector('.bulk-diff__line--added .bulk-diff__entry')?.textContent).toBe(NEW);
    expect(preview.querySelector('.bulk-diff__line--kept .bulk-diff__entry')?.textContent).toBe('151.101.1.0/24');
    expect(need('bulk-preview-pager').textContent).toContain('bulkPageOf(1|6|129)');

    await waitFor(() => !(need('bulk-apply') as HTMLButtonElement).disabled || null, 'apply enabled');
    await click(need('bulk-apply'));
    await waitFor(() => byTestId('bulk-run-done'), 'the run to finish');

    expect(need('bulk-run-done').textContent).toBe('Done: 129 keys saved.');
    expect(workbooks.saveRequests.map((ids) => ids.length)).toEqual([100, 29]);
    expect(workbooks.saveRequests.flat()).not.toContain(2);
    // The journal was stored, with the batch marked sent, before each request left.
    expect(workbooks.storedAtSave[0]!.items.filter((item) => item.unconfirmed === true).map((item) => item.keyId)).toEqual(workbooks.saveRequests[0]);
    expect(workbooks.keys.get(1)!.permittedIps).toBe(listOf(1, NEW));
    expect(workbooks.keys.get(2)!.permittedIps).toBe(listOf(2, OLD));
    const stored = stores.lastJournal()!;
    expect(stored).toMatchObject({ state: 'applied', scope: SCOPE, selection: `bulkSelectionContains(${OLD})` });
    expect(stores.activity).toEqual([
      expect.objectContaining({ action: 'bulk-apply', outcome: 'saved', keyName: `Replace ${OLD} with ${NEW}`, fields: ['permittedIps'], who: 'Alex Morgan', keyId: null }),
    ]);
    expect(stores.activity[0]!.detail).toBe('129 keys: 129 saved, 0 in conflict, 0 failed, 0 blocked, 0 unchanged, 0 not sent');
    expect(stores.sessionLog).toHaveLength(1);
    expect(JSON.stringify([...stores.journals.values(), stores.activity, stores.sessionLog])).not.toContain('SECRET-');
  });

  it('shows conflicts for review and retries the accepted ones; auto-retry takes keys whose IP list did not change', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(5, stores);
    await mount(fakeServices(workbooks, stores));
    await findKeys(OLD);
    await type(need('bulk-op-from'), OLD);
    await type(need('bulk-op-to'), NEW);
    await waitFor(() => byTestId('bulk-total-changed')?.textContent === 'bulkTotalChanged(4)', 'preview');
    await click(need('bulk-auto-retry'));
    workbooks.modify(1, { description: 'renamed elsewhere' });
    workbooks.modify(2, { permittedIps: `${listOf(2, OLD)}, 8.8.4.4` });
    await waitFor(() => !(need('bulk-apply') as HTMLButtonElement).disabled || null, 'apply enabled');
    await click(need('bulk-apply'));

    await waitFor(() => byTestId('bulk-conflict-2'), 'the review of key 2');
    expect(byTestId('bulk-conflict-1')).toBeNull();
    expect(workbooks.keys.get(1)!.permittedIps).toBe(listOf(1, NEW));
    expect(need('bulk-conflict-2').textContent).toContain('bulkConflictIpChanged');
    expect(need('bulk-retry-conflicts').textContent).toBe('Retry 1 key');
    await click(need('bulk-retry-conflicts'));
    await waitFor(() => byTestId('bulk-run-done')?.textContent === 'Done: 4 keys saved.', 'done');
    expect(workbooks.keys.get(2)!.permittedIps).toBe(`${listOf(2, NEW)}, 8.8.4.4`);
    expect(workbooks.saveRequests).toEqual([[1, 2, 3, 4], [1], [2]]);
  });

  it('offers an interrupted operation: Resume re-reads the unconfirmed keys, then sends only what was never written', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(151, stores);
    // A tab closed while batch 2 was in flight: batch 1 recorded saved, batch 2 marked sent and applied by the service.
    const keys = [...workbooks.keys.values()].filter((record) => record.id !== 151);
    let journal = createJournal(planBulkEdit(keys, { kind: 'replace', from: OLD, to: NEW }), { id: 'bulk-old', createdAt: '2027-06-01T09:00:00.000Z', scope: SCOPE });
    const first = keys.slice(0, 100).map((record) => record.id);
    journal = recordBatchResult(markSent(journal, first), first.map((id) => ({ keyId: id, ok: true as const, lockVersion: 6 })));
    const secondBatch = keys.slice(100).map((record) => record.id);
    journal = markSent(journal, secondBatch);
    for (const id of [...first, ...secondBatch.slice(0, 30)]) workbooks.modify(id, { permittedIps: listOf(id, NEW) });
    await stores.save(journal);

    await mount(fakeServices(workbooks, stores));
    const banner = await waitFor(() => byTestId('bulk-interrupted'), 'the interrupted banner');
    expect(banner.textContent).toContain('bulkInterrupted(100|150)');
    expect(banner.textContent).toContain('50 keys were being saved when it stopped');
    await click(need('bulk-resume'));
    await waitFor(() => byTestId('bulk-run-done')?.textContent === 'Done: 150 keys saved.', 'resumed run done');

    // One read of the 50 unconfirmed keys; the 30 found written are not sent again, the other 20 are.
    expect(workbooks.readRequests).toEqual([secondBatch]);
    expect(workbooks.saveRequests).toEqual([secondBatch.slice(30)]);
    expect(byTestId('bulk-interrupted')).toBeNull();
    expect(stores.activity.map((entry) => [entry.action, entry.outcome])).toEqual([['bulk-resume', 'saved']]);
  });

  it('undo: decided against fresh reads, confirmed, restores keys still holding our value and lists the rest', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(4, stores);
    await mount(fakeServices(workbooks, stores));
    await findKeys(OLD);
    await type(need('bulk-op-from'), OLD);
    await type(need('bulk-op-to'), NEW);
    await waitFor(() => byTestId('bulk-total-changed')?.textContent === 'bulkTotalChanged(3)', 'preview');
    await waitFor(() => !(need('bulk-apply') as HTMLButtonElement).disabled || null, 'apply enabled');
    await click(need('bulk-apply'));
    await waitFor(() => byTestId('bulk-run-done'), 'applied');

    workbooks.modify(2, { permittedIps: '9.9.9.9' });
    await click(need('bulk-undo'));
    const summary = await waitFor(() => byTestId('bulk-undo-summary'), 'the undo plan');
    expect(summary.textContent).toBe('2 keys still hold what this edit wrote and will be restored; 1 changed since and will not be touched.');
    expect(workbooks.saveRequests).toHaveLength(1); // nothing written before confirming
    await click(need('bulk-undo-confirm'));
    await waitFor(() => byTestId('bulk-run-done')?.textContent === 'Undo finished: 2 keys restored, 1 left unchanged.', 'undone');
    expect(workbooks.keys.get(1)!.permittedIps).toBe(listOf(1, OLD));
    expect(workbooks.keys.get(2)!.permittedIps).toBe('9.9.9.9');
    expect(workbooks.keys.get(3)!.permittedIps).toBe(listOf(3, OLD));
    expect(stores.activity.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['bulk-apply', 'saved'],
      ['bulk-undo', 'partial'],
    ]);
  });

  it('queries by audit finding (loaded on demand)', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(6, stores);
    await mount(fakeServices(workbooks, stores));
    await waitFor(() => !(need('bulk-find') as HTMLButtonElement).disabled || null, 'keys loaded');
    await choose(need('bulk-query-kind'), 'finding');
    await click(need('bulk-load-findings'));
    const select = await waitFor(() => byTestId('bulk-query-finding'), 'the findings');
    expect([...(select as HTMLSelectElement).options].map((option) => option.value)).toContain('user-login-disabled');
    await choose(select, 'user-login-disabled');
    await click(need('bulk-find'));
    expect(need('bulk-selected-count').textContent).toBe('3 of 3 keys selected');
    expect(container.textContent).toContain('bulkSelectionFinding(user-login-disabled)');
  });

  it('an interrupted operation that wrote nothing can be discarded (and offers no undo)', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(3, stores);
    const journal = createJournal(planBulkEdit([...workbooks.keys.values()], { kind: 'replace', from: OLD, to: NEW }), {
      id: 'bulk-planned',
      createdAt: '2027-06-01T09:00:00.000Z',
      scope: SCOPE,
    });
    await stores.save(journal);
    await mount(fakeServices(workbooks, stores));
    const banner = await waitFor(() => byTestId('bulk-interrupted'), 'the banner');
    expect(banner.textContent).toContain('bulkInterrupted(0|2)');
    expect(byTestId('bulk-interrupted-undo')).toBeNull();
    await click(need('bulk-discard'));
    await waitFor(() => byTestId('bulk-interrupted') === null, 'the banner to go');
    expect(stores.journals.size).toBe(0);
    expect(workbooks.saveRequests).toEqual([]);
  });

  it('takes the audit table selection, and can query by user', async () => {
    const stores = new FakeStores();
    const workbooks = bulkWorkbooks(6, stores);
    const services = fakeServices(workbooks, stores);
    await mount(services, { request: { value: [2, 4, 99], nonce: 1 } });
    const count = await waitFor(() => byTestId('bulk-selected-count'), 'the audit selection');
    expect(count.textContent).toBe('2 of 2 keys selected');
    expect(container.textContent).toContain('1 key chosen in the audit no longer exists or cannot be read: it is left out.');

    await choose(need('bulk-query-kind'), 'user');
    await choose(need('bulk-query-user'), '8');
    await click(need('bulk-find'));
    expect(need('bulk-selected-count').textContent).toBe('3 of 3 keys selected');
    expect(container.textContent).toContain('bulkSelectionUser(Grace)');
  });
});
