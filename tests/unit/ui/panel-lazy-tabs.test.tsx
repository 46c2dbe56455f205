// @vitest-environment happy-dom
/**
 * The panel loads the Audit, Bulk edit and Activity tabs' code only when a tab is first shown. The tab modules
 * are replaced by recording stand-ins whose mock factories run exactly when the panel imports them (so "was it
 * imported?" is observable) and can be held back or made to fail; the panel itself is the real one. Each test
 * gets fresh modules, so the panel's per-page cache of loaded tabs starts empty.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render, type ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { act } from 'preact/test-utils';
import type { AssistantTabProps, AuditTabProps, BulkTabProps, PanelNavigation, TabProps, TabRequest } from '../../../src/ui/tab-props';
import type { AssistantServices } from '../../../src/content/services';
import type { AuditFilter } from '../../../src/core/keys/audit-table';
import type { PanelProps } from '../../../src/ui/Panel';

vi.mock('../../../src/platform/i18n', async () => (await import('../../support/i18n-mocks')).englishI18n());

interface Gate {
  promise: Promise<void>;
  open(): void;
}

const record = vi.hoisted(() => ({
  imported: { audit: 0, bulk: 0, activity: 0 },
  auditGate: null as Gate | null,
  bulkFailure: null as Error | null,
  navigate: null as PanelNavigation | null,
  auditMounts: 0,
  auditRequests: [] as Array<TabRequest<AuditFilter | undefined>>,
}));

function makeGate(): Gate {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Stand-in for the Audit tab: records mounts and each request it sees, the way the real tab reads them. */
function RecordingAuditTab({ active, request }: AuditTabProps) {
  const mounted = useRef(false);
  if (!mounted.current) {
    mounted.current = true;
    record.auditMounts++;
  }
  useEffect(() => {
    if (request) record.auditRequests.push(request);
  }, [request]);
  return (
    <div data-testid="audit-tab" data-active={String(active)}>
      {request ? JSON.stringify(request.value) : 'no request'}
    </div>
  );
}

function StubBulkTab({ request }: BulkTabProps) {
  return <div data-testid="bulk-tab">{request ? request.value.join(',') : 'no request'}</div>;
}

function StubActivityTab({ active }: TabProps) {
  return <div data-testid="wbka-activity-tab" data-active={String(active)} />;
}

/** The Assistant tab hands out `navigate`, as the real one does to its key list. */
function NavigationCapturingAssistantTab({ navigate }: AssistantTabProps) {
  record.navigate = navigate;
  return <div data-testid="assistant-tab" />;
}

// Registered before each test (after the module registry is reset), so every test imports them afresh and the
// counters say whether *this* panel imported them.
function mockTabModules(): void {
  vi.doMock('../../../src/ui/audit/AuditTab', async () => {
    record.imported.audit++;
    if (record.auditGate) await record.auditGate.promise;
    return { AuditTab: RecordingAuditTab };
  });
  vi.doMock('../../../src/ui/bulk/BulkTab', () => {
    record.imported.bulk++;
    // The import rejects, as when an updated extension's old chunk is gone.
    if (record.bulkFailure) throw record.bulkFailure;
    return { BulkTab: StubBulkTab };
  });
  vi.doMock('../../../src/ui/activity/ActivityTab', () => {
    record.imported.activity++;
    return { ActivityTab: StubActivityTab };
  });
}
vi.mock('../../../src/ui/assistant/AssistantTab', () => ({ AssistantTab: NavigationCapturingAssistantTab }));
vi.mock('../../../src/ui/connection/ConnectionBar', () => ({ ConnectionBar: () => null }));

function fakeServices(pendingFilter: AuditFilter | null = null): AssistantServices {
  // The panel itself only asks for a reminder's pending filter; everything else goes to the (stand-in) tabs.
  const services = { pendingAuditFilter: vi.fn(async () => pendingFilter) };
  return services as unknown as AssistantServices;
}

let container: HTMLElement;

beforeEach(() => {
  vi.resetModules();
  mockTabModules();
  record.imported = { audit: 0, bulk: 0, activity: 0 };
  record.auditGate = null;
  record.bulkFailure = null;
  record.navigate = null;
  record.auditMounts = 0;
  record.auditRequests = [];
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

async function renderPanel(services: AssistantServices): Promise<void> {
  const { Panel } = (await import('../../../src/ui/Panel')) as { Panel: ComponentType<PanelProps> };
  await act(async () => {
    render(h(Panel, { state: { detected: true }, services, onClose: () => undefined, takeFocus: false }), container);
  });
}

function byTestId(id: string): HTMLElement | null {
  return container.querySelector(`[data-testid="${id}"]`);
}

function tabpanel(tab: string): HTMLElement {
  const panel = container.querySelector<HTMLElement>(`#wbka-tabpanel-${tab}`);
  if (!panel) throw new Error(`no tabpanel for ${tab}`);
  return panel;
}

/** Lets pending imports and the effects after them run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

async function click(testId: string): Promise<void> {
  const button = byTestId(testId);
  if (!button) throw new Error(`no ${testId}`);
  await act(async () => {
    button.click();
  });
}

describe('lazily loaded panel tabs', () => {
  it('imports no tab module until its tab is opened, then renders it and keeps it mounted', async () => {
    await renderPanel(fakeServices());
    await settle();

    expect(record.imported).toEqual({ audit: 0, bulk: 0, activity: 0 });
    expect(byTestId('assistant-tab')).not.toBeNull();
    // The tabpanels exist (the tab buttons point at them) but are empty and not busy.
    expect(tabpanel('audit').childElementCount).toBe(0);
    expect(tabpanel('audit').getAttribute('aria-busy')).toBeNull();

    await click('wbka-tab-audit');
    await settle();
    expect(record.imported).toEqual({ audit: 1, bulk: 0, activity: 0 });
    expect(byTestId('audit-tab')?.dataset.active).toBe('true');

    // Away and back: the same instance stays mounted (hidden), and the module is not imported again.
    await click('wbka-tab-activity');
    await settle();
    expect(byTestId('audit-tab')?.dataset.active).toBe('false');
    expect(tabpanel('audit').hidden).toBe(true);
    await click('wbka-tab-audit');
    await settle();
    expect(record.auditMounts).toBe(1);
    expect(record.imported).toEqual({ audit: 1, bulk: 0, activity: 1 });
  });

  it('shows a busy placeholder while the code loads and delivers an openAudit request made meanwhile', async () => {
    const gate = makeGate();
    record.auditGate = gate;
    await renderPanel(fakeServices());
    await settle();
    const navigate = record.navigate;
    if (!navigate) throw new Error('the assistant tab did not receive navigate');

    await act(async () => {
      navigate.openAudit({ severities: ['error'] });
    });
    await settle();
    expect(record.imported.audit).toBe(1);
    expect(byTestId('audit-tab')).toBeNull();
    expect(tabpanel('audit').getAttribute('aria-busy')).toBe('true');
    expect(tabpanel('audit').hidden).toBe(false);
    expect(byTestId('wbka-tabpanel-audit-loading')?.textContent).toBe('Loading…');

    // A second request while still loading: the newest is what the tab must see.
    await act(async () => {
      navigate.openAudit({ keyIds: [7, 9] });
    });
    gate.open();
    await settle();

    expect(tabpanel('audit').getAttribute('aria-busy')).toBeNull();
    expect(byTestId('wbka-tabpanel-audit-loading')).toBeNull();
    expect(record.auditRequests.map((request) => request.value)).toEqual([{ keyIds: [7, 9] }]);
    expect(byTestId('audit-tab')?.textContent).toBe(JSON.stringify({ keyIds: [7, 9] }));
    expect(container.querySelector('[data-testid="wbka-tab-audit"]')?.getAttribute('aria-selected')).toBe('true');
  });

  it("opens the audit an expiry reminder asked for, loading the audit tab's code for it", async () => {
    await renderPanel(fakeServices({ keyIds: [42] }));
    await settle();

    expect(record.imported.audit).toBe(1);
    expect(record.auditRequests.map((request) => request.value)).toEqual([{ keyIds: [42] }]);
    expect(tabpanel('audit').hidden).toBe(false);
    expect(record.imported.bulk).toBe(0);
  });

  it('shows the failure message in the tab when its code cannot be loaded, without throwing', async () => {
    record.bulkFailure = new TypeError('Failed to fetch dynamically imported module: chrome-extension://abc/assets/BulkTab-x.js');
    await renderPanel(fakeServices());
    await settle();

    await click('wbka-tab-bulk');
    await settle();

    // The reason the import gives (the test runner wraps the module's error in its own) is what the admin reads.
    const reason = await import('../../../src/ui/bulk/BulkTab').then(
      () => '',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(reason).not.toBe('');
    const failure = byTestId('wbka-tabpanel-bulk-failed');
    expect(failure?.getAttribute('role')).toBe('alert');
    expect(failure?.textContent).toBe(`This tab could not be loaded: ${reason}. Reload the page to try again.`);
    expect(tabpanel('bulk').getAttribute('aria-busy')).toBeNull();
    expect(byTestId('bulk-tab')).toBeNull();
    // The rest of the panel still works.
    await click('wbka-tab-activity');
    await settle();
    expect(byTestId('wbka-activity-tab')?.dataset.active).toBe('true');
  });
});
