// @vitest-environment happy-dom
/**
 * The Audit tab rendered in happy-dom with the real client against the simulator, the real IndexedDB stores
 * (fake-indexeddb) and the real en-GB messages. Only the panel's navigation is a spy (it belongs to the panel).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// t() needs an extension context: chrome.i18n backed by the real en-GB messages.
await vi.hoisted(async () => (await import('../../support/fake-chrome-i18n')).installFakeChromeI18n());

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { request as httpRequest } from 'node:http';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { startSimulator, type SimHandle } from '../../workbooks-sim/index';
import { AuditTab } from '../../../src/ui/audit/AuditTab';
import type { AuditTabProps, PanelNavigation, TabRequest } from '../../../src/ui/tab-props';
import type { AssistantServices, ConnectionState } from '../../../src/content/services';
import { activity, auditCache, drafts, journals, resetAssistantDbConnection, sessionLog } from '../../../src/platform/db';
import { WorkbooksClient } from '../../../src/core/workbooks/client';
import { createApiKeyTransport, type FetchLike } from '../../../src/core/workbooks/transport';
import { createKeyRepository } from '../../../src/core/keys/repository';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { parseStoredAudit, storedAuditFrom } from '../../../src/core/keys/audit-session';
import { auditKeys } from '../../../src/core/keys/audit';
import type { AuditFilter } from '../../../src/core/keys/audit-table';

/** happy-dom replaces fetch with a browser-like one; the client talks to the simulator over plain node:http. */
const httpFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
    const req = httpRequest(url, { method: init.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({
          status: res.statusCode ?? 0,
          url,
          headers: { get: header, forEach: (cb) => Object.keys(res.headers).forEach((name) => cb(header(name) ?? '', name)) },
          text: async () => body,
        });
      });
    });
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });

let sim: SimHandle;
const DATABASE = 'Simulated Workbooks Ltd';

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true, seed: 5, keys: 300, users: 100 });
});
afterAll(async () => {
  await sim.stop();
});

interface Harness {
  services: AssistantServices;
  navigate: { openKey: ReturnType<typeof vi.fn>; openBulkEdit: ReturnType<typeof vi.fn>; openAudit: ReturnType<typeof vi.fn> };
  /** The services' clock runs with real time, shifted by `offsetMs`. */
  clock: { offsetMs: number; now(): Date };
}

function makeHarness(settings: Partial<Settings> = {}): Harness {
  const transport = createApiKeyTransport({ baseUrl: sim.url, fetch: httpFetch, apiKey: async () => sim.admin.apiKey });
  const client = new WorkbooksClient({ transport, retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 10 } });
  const repository = createKeyRepository(client);
  const host = new URL(sim.url).host;
  const state: ConnectionState = {
    status: 'connected',
    mode: 'api-key',
    host,
    database: DATABASE,
    userName: 'Alex Morgan',
    userId: 1,
    tokenStrategy: null,
    canWrite: true,
    problem: null,
    failureReason: null,
    apiKey: null,
  };
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  const services: AssistantServices = {
    baseUrl: `${sim.url}/`,
    host,
    connection: () => state,
    subscribe: () => () => true,
    connect: vi.fn(async () => state),
    setApiKey: async () => state,
    forgetApiKey: async () => state,
    client: () => client,
    keys: () => repository,
    schema: () => repository.schema(),
    scope: () => ({ host, database: DATABASE }),
    settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
    stores: { drafts, activity, sessionLog, journals, auditCache },
    now: () => clock.now(),
    pendingAuditFilter: async () => null,
  };
  return { services, navigate: { openKey: vi.fn(), openBulkEdit: vi.fn(), openAudit: vi.fn() }, clock };
}

let container: HTMLElement;

function mount(harness: Harness, request: TabRequest<AuditFilter | undefined> | null = null) {
  const props: AuditTabProps = { services: harness.services, navigate: harness.navigate as unknown as PanelNavigation, active: true, request };
  act(() => {
    render(h(AuditTab, props), container);
  });
  return (next: Partial<AuditTabProps>) =>
    act(() => {
      render(h(AuditTab, { ...props, ...next }), container);
    });
}

async function waitFor<T>(probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 8000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}

const q = <E extends Element = HTMLElement>(selector: string) => container.querySelector<E>(selector);
const byTestId = <E extends Element = HTMLElement>(id: string) => q<E>(`[data-testid="${id}"]`);
const click = (el: HTMLElement) => act(() => el.click());
const rowCount = () => Number(byTestId('audit-grid')?.getAttribute('data-row-count') ?? -1);

async function runAudit(): Promise<void> {
  const before = byTestId('audit-meta')?.getAttribute('data-ran-at') ?? null;
  await click(byTestId<HTMLButtonElement>('audit-run')!);
  await waitFor(() => {
    const meta = byTestId('audit-meta');
    return meta && meta.getAttribute('data-source') === 'run' && meta.getAttribute('data-ran-at') !== before && !byTestId('audit-progress');
  }, 'the audit result');
}

async function logKinds(): Promise<string[]> {
  return (await sessionLog.list({ host: new URL(sim.url).host, database: DATABASE })).map((e) => e.kind);
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetAssistantDbConnection();
  sim.setFaults('');
  sim.clearRequests();
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
  vi.restoreAllMocks();
});

describe('the Audit tab', () => {
  it('never runs by itself; a cached audit of this database is shown at once with its age', async () => {
    const harness = makeHarness();
    const host = new URL(sim.url).host;
    const ranAt = new Date(harness.clock.now().getTime() - 12 * 60_000);
    const rows = auditKeys({
      keys: [{ id: 5, lockVersion: 0, name: 'Old', description: '', accessAsUserId: null, accessAsUserName: null, validFrom: null, until: null, permittedIps: null, capabilities: null, secret: null, updatedAt: null, updatedBy: null }],
      users: new Map(),
      userLookup: { missing: new Set(), unknown: new Set() },
      today: '2027-01-01',
      settings: {},
    });
    const stored = storedAuditFrom(
      { ...rows, today: '2027-01-01', keysTotal: 1, keyGaps: [], userGaps: [], authStop: null, complete: true, schemaProblems: [] },
      { host, database: DATABASE, ranBy: 'Sam Taylor', ranAt: ranAt.toISOString() },
    );
    await auditCache.put({ host, database: DATABASE }, stored, ranAt);
    mount(harness);
    const label = await waitFor(() => byTestId('audit-cache-age'), 'the cache label');
    expect(label.textContent).toBe('Showing the audit from 12 minutes ago — Run again');
    expect(byTestId('audit-meta')!.textContent).toContain('by Sam Taylor');
    expect(rowCount()).toBe(1);
    expect(sim.requests).toEqual([]);
    expect(byTestId('audit-run')!.textContent).toBe('Run again');
  });

  it('runs on request: progress, then the table, the summary and the chart; caches and logs the run', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => byTestId<HTMLButtonElement>('audit-run') && !byTestId<HTMLButtonElement>('audit-run')!.disabled, 'the run button');
    expect(byTestId('audit-run')!.textContent).toBe('Run audit');
    await click(byTestId<HTMLButtonElement>('audit-run')!);
    // The progress bar and its Cancel button appear while pages load.
    await waitFor(() => byTestId('audit-progress-text')?.textContent?.match(/^Keys \d+ of (…|300), users/), 'the progress text');
    expect(byTestId('audit-cancel')).not.toBeNull();
    await waitFor(() => byTestId('audit-complete'), 'a complete audit');
    const truth = sim.groundTruth();
    expect(rowCount()).toBe(truth.keys.length);
    expect(byTestId('audit-grid')!.getAttribute('aria-rowcount')).toBe(String(truth.keys.length + 1));
    expect(container.querySelectorAll('[data-testid="audit-row"]').length).toBeLessThan(30);
    // Summary: "Keys with errors or warnings: n of 300.", severities, codes.
    const problems = truth.keys.filter((k) => k.problems.length > 0).length;
    expect(byTestId('audit-verdict')!.textContent).toMatch(/^Keys with errors or warnings: \d+ of 300\.$/);
    expect(Number(byTestId('audit-severity-none')!.getAttribute('data-count'))).toBe(truth.keys.length - problems);
    const expired = truth.keys.filter((k) => k.problems.includes('expired')).length;
    expect(Number(byTestId('audit-code-expired')!.getAttribute('data-count'))).toBe(expired);
    expect(byTestId('audit-chart')!.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toMatch(/^Keys by expiry month: \d+ expired/);
    // Cached for next time, and logged.
    const cached = await auditCache.get({ host: new URL(sim.url).host, database: DATABASE });
    expect(parseStoredAudit(cached?.report)?.rows).toHaveLength(truth.keys.length);
    expect(JSON.stringify(cached)).not.toContain(sim.admin.apiKey);
    await waitFor(async () => (await logKinds()).includes('audit-run'), 'the log entry');
    const entry = (await sessionLog.list({ host: new URL(sim.url).host, database: DATABASE })).find((e) => e.kind === 'audit-run')!;
    expect(entry.detail).toMatch(/^Audit of 300 keys, complete: \d+ with errors or warnings\.$/);
  });

  it('filters by severity, code, user and debounced text; logs a filter once, summarised', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    await runAudit();
    const truth = sim.groundTruth();
    await click(byTestId('audit-code-expired')!);
    expect(rowCount()).toBe(truth.keys.filter((k) => k.problems.includes('expired')).length);
    expect(byTestId('audit-filter-count')!.textContent).toMatch(/^Showing \d+ of 300 keys \(finding: expired\)\.$/);
    await click(byTestId('audit-code-expired')!);
    await click(byTestId('audit-severity-error')!);
    expect(rowCount()).toBe(Number(byTestId('audit-severity-error')!.getAttribute('data-count')));
    await click(byTestId('audit-severity-error')!);
    // Text: nothing happens until the admin pauses.
    const input = byTestId<HTMLInputElement>('audit-filter-text')!;
    const target = truth.keys.find((k) => k.name.startsWith('=HYPERLINK'))!;
    await act(() => {
      input.value = target.name;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(rowCount()).toBe(truth.keys.length);
    await waitFor(() => rowCount() === 1, 'the debounced text filter');
    // User picker.
    await act(() => {
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await waitFor(() => rowCount() === truth.keys.length, 'the cleared text');
    const userId = truth.keys.find((k) => k.userId !== null)!.userId!;
    const select = byTestId<HTMLSelectElement>('audit-filter-user')!;
    await act(() => {
      select.value = String(userId);
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(rowCount()).toBe(truth.keys.filter((k) => k.userId === userId).length);
    // One summarised log entry once the filter settles (not one per keystroke or click).
    await waitFor(async () => (await logKinds()).filter((k) => k === 'filter').length > 0, 'a filter entry', 4000);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const filters = (await sessionLog.list({ host: new URL(sim.url).host, database: DATABASE })).filter((e) => e.kind === 'filter');
    expect(filters.length).toBeLessThanOrEqual(2);
    expect(filters[filters.length - 1]!.detail).toMatch(/^Filter user: .+: \d+ of 300 keys shown\.$/);
  });

  it('opens a key from a row, hands the selection to the bulk editor, and applies a filter requested elsewhere', async () => {
    const harness = makeHarness();
    const update = mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    await runAudit();
    const first = container.querySelector<HTMLElement>('[data-testid="audit-row"][aria-rowindex="2"]')!;
    const id = Number(first.getAttribute('data-key-id'));
    await click(first.querySelector<HTMLElement>('[data-cell="0:3"]')!);
    expect(harness.navigate.openKey).toHaveBeenCalledWith(id);
    await click(byTestId('audit-select-shown')!);
    expect(byTestId('audit-selected-count')!.textContent).toBe('300 selected');
    await click(byTestId('audit-bulk-edit')!);
    expect((harness.navigate.openBulkEdit.mock.calls[0]![0] as number[]).length).toBe(300);
    update({ request: { value: { codes: ['no-until'] }, nonce: 1 } });
    await waitFor(() => rowCount() === sim.groundTruth().keys.filter((k) => k.problems.includes('no-until')).length, 'the requested filter');
    expect(byTestId('audit-code-no-until')!.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId<HTMLDetailsElement>('audit-codes')!.open).toBe(true);
  });

  it('exports CSV (with BOM) and JSON of the rows shown, through a temporary link inside the tab, without secrets', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    await runAudit();
    const blobs: Blob[] = [];
    const links: Array<{ download: string; parent: Element | null }> = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      links.push({ download: this.download, parent: this.parentElement });
    });
    await click(byTestId('audit-code-expired')!);
    const shown = rowCount();
    await click(byTestId('audit-export-csv')!);
    await click(byTestId('audit-export-json')!);
    expect(links.map((l) => l.download)).toEqual([expect.stringMatching(/^workbooks-key-audit-filtered_.*\.csv$/), expect.stringMatching(/^workbooks-key-audit-filtered_.*\.json$/)]);
    expect(links.every((l) => l.parent === byTestId('audit-tab'))).toBe(true);
    expect(container.querySelectorAll('a[download]')).toHaveLength(0);
    const csv = await blobs[0]!.text();
    const json = JSON.parse(await blobs[1]!.text()) as { keys: unknown[]; view: { filter: string; shownKeys: number } };
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.trim().split('\r\n')).toHaveLength(shown + 1);
    expect(json.keys).toHaveLength(shown);
    expect(json.view).toMatchObject({ filter: 'finding: expired', shownKeys: shown });
    expect(byTestId('audit-export-note')!.textContent).toContain(`Exports hold only the ${shown} keys the filter shows (of 300)`);
    const secrets = [...sim.state.apiKeys.values()].map((k) => k.secret);
    expect(secrets.filter((s) => csv.includes(s) || JSON.stringify(json).includes(s))).toEqual([]);
    await waitFor(async () => (await logKinds()).filter((k) => k === 'export').length === 2, 'two export entries');
  });

  it('says exactly what is missing when a page keeps failing, and never says "no problems" for it', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    sim.setFaults('500@path=admin/api_keys.api&start=100');
    await runAudit();
    const notice = byTestId('audit-incomplete')!;
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Keys 101–200 could not be read (server error): the audit below is INCOMPLETE — findings for those keys are not shown.');
    expect(notice.textContent).toContain('Duplicate names and keys per user were judged only among the keys that were read.');
    expect(byTestId('audit-complete')).toBeNull();
    expect(rowCount()).toBe(200);
    expect(byTestId('audit-verdict')!.textContent).not.toContain('No errors or warnings in any');
    const entry = await waitFor(async () => (await sessionLog.list({ host: new URL(sim.url).host, database: DATABASE })).find((e) => e.kind === 'audit-run'), 'the log entry');
    expect(entry.detail).toContain('INCOMPLETE');
  });

  it('the verdict says "no problems" only for a complete audit', async () => {
    const harness = makeHarness();
    const host = new URL(sim.url).host;
    const clean = auditKeys({
      keys: [{ id: 9, lockVersion: 0, name: 'Clean', description: '', accessAsUserId: null, accessAsUserName: null, validFrom: null, until: '2027-02-20', permittedIps: '81.2.69.160', capabilities: 'crm_people', secret: null, updatedAt: null, updatedBy: null }],
      users: new Map(),
      userLookup: { missing: new Set(), unknown: new Set() },
      today: '2027-01-01',
      settings: {},
    });
    // Keep only a row without findings (its missing user would be one).
    const rows = clean.rows.map((row) => ({ ...row, findings: [], worstSeverity: null }));
    const base = { ...clean, rows, today: '2027-01-01', keysTotal: 2, userGaps: [], authStop: null, schemaProblems: [] };
    const meta = { host, database: DATABASE, ranBy: 'Alex', ranAt: new Date().toISOString() };
    await auditCache.put({ host, database: DATABASE }, storedAuditFrom({ ...base, keyGaps: [], complete: true }, meta));
    mount(harness);
    const verdict = await waitFor(() => byTestId('audit-verdict'), 'the verdict');
    expect(verdict.textContent).toBe('No errors or warnings in the 1 key.');
    act(() => render(null, container));

    resetAssistantDbConnection();
    globalThis.indexedDB = new IDBFactory();
    await auditCache.put({ host, database: DATABASE }, storedAuditFrom({ ...base, keyGaps: [{ first: 2, last: 2, reason: 'server', detail: '500' }], complete: false }, meta));
    mount(makeHarness());
    const partial = await waitFor(() => byTestId('audit-verdict'), 'the verdict');
    expect(partial.textContent).toBe('No errors or warnings in the 1 key that was read — but the audit is incomplete, so unread keys may have problems.');
    expect(byTestId('audit-incomplete')!.textContent).toContain('Key 2 could not be read (server error)');
  });

  it('users that cannot be read are reported as not checked', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    sim.setFaults('500@path=admin/users.api');
    await runAudit();
    expect(byTestId('audit-incomplete')!.textContent).toMatch(/\d+ users could not be checked \(server error; user ids [\d, ]+/);
    expect(container.querySelector('.audit-status--unknown')!.textContent).toBe('Not checked');
  });

  it('cancel stops the run, keeps what was shown and logs the cancellation', async () => {
    const harness = makeHarness();
    mount(harness);
    await waitFor(() => !byTestId<HTMLButtonElement>('audit-run')?.disabled, 'the run button');
    sim.setFaults('latency=150');
    await click(byTestId<HTMLButtonElement>('audit-run')!);
    await waitFor(() => byTestId('audit-cancel'), 'the cancel button');
    await click(byTestId('audit-cancel')!);
    await waitFor(() => byTestId('audit-cancelled'), 'the cancelled notice');
    expect(byTestId('audit-cancelled')!.textContent).toBe('Audit cancelled. Nothing was audited.');
    expect(byTestId('audit-meta')).toBeNull();
    await waitFor(async () => (await logKinds()).includes('audit-cancelled'), 'the log entry');
  });

  it('applies the log retention when the tab opens; Clear asks first, then leaves one entry saying so', async () => {
    const harness = makeHarness({ logRetentionDays: 30 });
    const scope = { host: new URL(sim.url).host, database: DATABASE };
    const now = harness.clock.now().getTime();
    await sessionLog.add(scope, 'export', 'old entry', new Date(now - 40 * 86_400_000));
    await sessionLog.add(scope, 'export', 'recent entry', new Date(now - 2 * 86_400_000));
    mount(harness);
    await waitFor(() => byTestId('audit-log-list')?.querySelectorAll('li').length === 1, 'the pruned log');
    expect(byTestId('audit-log-list')!.textContent).toContain('recent entry');
    expect(byTestId('audit-session-log')!.textContent).toContain('Entries are kept for 30 days.');
    await click(byTestId('audit-log-clear')!);
    expect(await logKinds()).toEqual(['export']);
    await click(byTestId('audit-log-clear-yes')!);
    await waitFor(async () => (await logKinds()).join() === 'log-cleared', 'the cleared log');
    const entries = await sessionLog.list(scope);
    expect(entries[0]!.detail).toBe('Cleared 1 entry.');
  });
});
