// @vitest-environment happy-dom
/**
 * The audit's view components on their own: the virtualised key grid (what is in the DOM, ARIA, keyboard,
 * selection), the expiry chart (SVG summary + table alternative) and the print document.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// t() needs an extension context: chrome.i18n backed by the real en-GB messages.
await vi.hoisted(async () => (await import('../../support/fake-chrome-i18n')).installFakeChromeI18n());

import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { KeyAuditTable, AUDIT_OVERSCAN, AUDIT_ROW_HEIGHT, AUDIT_VIEWPORT_HEIGHT, AUDIT_HEADER_HEIGHT, type AuditSort } from '../../../src/ui/audit/KeyAuditTable';
import { ExpiryChart, expirySummary } from '../../../src/ui/audit/ExpiryChart';
import { buildPrintDocument } from '../../../src/ui/audit/print-view';
import { countAudit } from '../../../src/ui/audit/AuditSummary';
import { expiryByMonth } from '../../../src/core/keys/expiry-chart';
import type { KeyAuditRow } from '../../../src/core/keys/audit';

function row(id: number, over: Partial<KeyAuditRow> = {}): KeyAuditRow {
  return {
    keyId: id,
    name: `Key ${id}`,
    userId: 10 + (id % 7),
    userName: `User ${id % 7}`,
    userStatus: 'ok',
    validFrom: null,
    until: '2027-03-01',
    daysLeft: 59,
    permittedIps: '81.2.69.160',
    ipSummary: '1 entry: 1 address',
    findings: id % 3 === 0 ? [{ code: 'expired', severity: 'warning', source: 'validity', message: 'Expired.' }] : [],
    worstSeverity: id % 3 === 0 ? 'warning' : null,
    ...over,
  };
}

const ROWS = Array.from({ length: 5000 }, (_, i) => row(i + 1));
const VISIBLE = Math.ceil((AUDIT_VIEWPORT_HEIGHT - AUDIT_HEADER_HEIGHT) / AUDIT_ROW_HEIGHT);

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

function renderTable(props: Partial<Parameters<typeof KeyAuditTable>[0]> = {}) {
  const handlers = { onSort: vi.fn<(s: AuditSort) => void>(), onToggle: vi.fn<(id: number) => void>(), onToggleAll: vi.fn<(s: boolean) => void>(), onOpen: vi.fn<(r: KeyAuditRow) => void>() };
  const draw = (extra: Partial<Parameters<typeof KeyAuditTable>[0]> = {}) =>
    act(() => {
      render(
        h(KeyAuditTable, {
          rows: ROWS,
          sort: { column: 'name', direction: 'asc' },
          selected: new Set<number>(),
          labelledBy: 'title',
          ...handlers,
          ...props,
          ...extra,
        }),
        container,
      );
    });
  draw();
  return { ...handlers, redraw: draw };
}

const rowsInDom = () => [...container.querySelectorAll<HTMLElement>('[data-testid="audit-row"]')];
const indexes = () => rowsInDom().map((el) => Number(el.getAttribute('aria-rowindex')));

describe('the virtualised key grid', () => {
  it('renders only the rows in view plus an overscan, and tells assistive technology the real size', () => {
    renderTable();
    const grid = container.querySelector('[role="grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    expect(grid.getAttribute('aria-colcount')).toBe('8');
    expect(rowsInDom().length).toBe(VISIBLE + AUDIT_OVERSCAN);
    expect(indexes()).toEqual(Array.from({ length: VISIBLE + AUDIT_OVERSCAN }, (_, i) => i + 2));
    // Every row is placed at its own height in a body as tall as all rows.
    const body = container.querySelector<HTMLElement>('.audit-grid__body')!;
    expect(body.style.height).toBe(`${5000 * AUDIT_ROW_HEIGHT}px`);
    expect(rowsInDom()[3]!.style.top).toBe(`${3 * AUDIT_ROW_HEIGHT}px`);
    // Header row: column headers, one checkbox to select what the filter shows.
    expect(container.querySelector('[role="row"][aria-rowindex="1"]')!.querySelectorAll('[role="columnheader"]')).toHaveLength(8);
  });

  it('scrolling renders the rows that come into view, and only those', async () => {
    renderTable();
    const scroller = container.querySelector<HTMLElement>('.audit-grid__scroller')!;
    await act(() => {
      scroller.scrollTop = 2000 * AUDIT_ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const shown = indexes();
    expect(shown[0]).toBe(2000 - AUDIT_OVERSCAN + 2);
    expect(shown.length).toBe(VISIBLE + 2 * AUDIT_OVERSCAN);
    expect(shown.every((index, i) => i === 0 || index === shown[i - 1]! + 1)).toBe(true);
  });

  it('marks only the sorted column with aria-sort and asks for the other direction on a second click', async () => {
    const { onSort } = renderTable({ sort: { column: 'until', direction: 'asc' } });
    const sorted = container.querySelectorAll('[role="columnheader"][aria-sort]');
    expect(sorted).toHaveLength(1);
    expect(sorted[0]!.getAttribute('aria-sort')).toBe('ascending');
    await act(() => container.querySelector<HTMLButtonElement>('[data-testid="audit-sort-until"]')!.click());
    expect(onSort).toHaveBeenLastCalledWith({ column: 'until', direction: 'desc' });
    await act(() => container.querySelector<HTMLButtonElement>('[data-testid="audit-sort-findings"]')!.click());
    // Worst first on the first click of the severity column.
    expect(onSort).toHaveBeenLastCalledWith({ column: 'severity', direction: 'desc' });
  });

  it('has one Tab stop in the body; arrows move it, Enter opens, Space selects', async () => {
    const { onOpen, onToggle } = renderTable();
    const tabStops = () => [...container.querySelectorAll('[role="gridcell"][tabindex="0"]')].map((c) => c.getAttribute('data-cell'));
    expect(tabStops()).toEqual(['0:1']);
    const key = (cell: string, k: string, extra: KeyboardEventInit = {}) =>
      act(() => {
        container.querySelector(`[data-cell="${cell}"]`)!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...extra }));
      });
    await key('0:1', 'ArrowDown');
    await key('1:1', 'ArrowRight');
    expect(tabStops()).toEqual(['1:2']);
    expect(document.activeElement?.shadowRoot ? null : document.activeElement?.getAttribute('data-cell')).toBe('1:2');
    await key('1:2', 'Enter');
    expect(onOpen).toHaveBeenCalledWith(ROWS[1]);
    await key('1:2', ' ');
    expect(onToggle).toHaveBeenCalledWith(2);
    await key('1:2', 'End', { ctrlKey: true });
    expect(tabStops()).toEqual(['4999:7']);
    expect(indexes()).toContain(5001);
    await key('4999:7', 'Home', { ctrlKey: true });
    expect(tabStops()).toEqual(['0:0']);
  });

  it('a click opens the key, except in the checkbox column, which selects', async () => {
    const { onOpen, onToggle } = renderTable();
    await act(() => container.querySelector<HTMLElement>('[data-cell="2:3"]')!.click());
    expect(onOpen).toHaveBeenCalledWith(ROWS[2]);
    onOpen.mockClear();
    await act(() => container.querySelector<HTMLElement>('[data-cell="4:0"]')!.click());
    expect(onToggle).toHaveBeenCalledWith(5);
    await act(() => container.querySelector<HTMLInputElement>('[data-cell="5:0"] input')!.click());
    expect(onToggle).toHaveBeenCalledWith(6);
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('the header checkbox selects every row shown and is mixed when some are selected', async () => {
    const { onToggleAll, redraw } = renderTable();
    const all = () => container.querySelector<HTMLInputElement>('[data-testid="audit-select-all"]')!;
    expect(all().getAttribute('aria-label')).toBe('Select all 5,000 keys the filter shows');
    await act(() => all().click());
    expect(onToggleAll).toHaveBeenCalledWith(true);
    redraw({ selected: new Set([1, 2]) });
    expect(all().indeterminate).toBe(true);
    expect(rowsInDom()[0]!.getAttribute('aria-selected')).toBe('true');
    redraw({ selected: new Set(ROWS.map((r) => r.keyId)) });
    expect(all().checked).toBe(true);
    expect(all().indeterminate).toBe(false);
  });

  it('renders names as text and exposes each row’s codes for checks', () => {
    renderTable({ rows: [row(1, { name: '<img src=x onerror=alert(1)>' }), row(3)] });
    expect(container.querySelector('img')).toBeNull();
    expect(rowsInDom()[0]!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(rowsInDom()[1]!.getAttribute('data-codes')).toBe('expired');
  });
});

describe('the expiry chart', () => {
  const rows = [row(1, { until: '2026-12-01' }), row(2, { until: null }), row(3, { until: '2027-01-20' }), row(4, { until: '2027-01-31' }), row(5, { until: '2029-01-01' })];
  const data = expiryByMonth(rows, '2027-01-15');

  it('is one image with a spoken summary, a title per bar, and the same numbers as a table', () => {
    render(h(ExpiryChart, { data, headingId: 'chart-title' }), container);
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe(expirySummary(data));
    expect(svg.getAttribute('aria-label')).toContain('1 expired, 1 without an Until date');
    expect(svg.getAttribute('aria-label')).toContain('Jan 2027: 2');
    expect(svg.querySelectorAll('title')).toHaveLength(15);
    expect(svg.querySelector('[data-bar="2027-01"]')!.getAttribute('data-count')).toBe('2');
    expect(svg.querySelector('[data-bar="later"]')!.getAttribute('data-count')).toBe('1');
    const cells = [...container.querySelectorAll('table tbody tr')].map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]);
    expect(cells).toHaveLength(15);
    expect(cells[0]).toEqual(['Expired', '1']);
    expect(cells[2]).toEqual(['Jan 2027', '2']);
    expect(container.querySelector('details > summary')!.textContent).toBe('Show the chart as a table');
  });
});

describe('the print document', () => {
  it('is built from text nodes: markup in names stays text', () => {
    const doc = document.implementation.createHTMLDocument('x');
    buildPrintDocument(doc, {
      title: 'API key audit — h / d',
      metaLines: ['Audit of d by Alex.'],
      missing: ['Keys 301–400 could not be read (server error).'],
      viewNote: 'All 2 keys.',
      summaryLines: ['errors: 1'],
      columns: ['Id', 'Name'],
      rows: [
        ['1', '<img src=x onerror=alert(1)>'],
        ['2', '=HYPERLINK("x")'],
      ],
      printButton: 'Print',
    });
    expect(doc.title).toBe('API key audit — h / d');
    expect(doc.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(doc.querySelector('img')).toBeNull();
    expect(doc.querySelector('tbody td:nth-child(2)')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(doc.querySelector('[role="alert"]')!.textContent).toContain('could not be read');
    expect(doc.querySelectorAll('thead th[scope="col"]')).toHaveLength(2);
  });
});

describe('summary counts', () => {
  it('counts keys per severity (as the filter selects them) and per code, worst codes first', () => {
    const counts = countAudit([
      row(1, { findings: [{ code: 'user-deleted', severity: 'error', source: 'user', message: '' }, { code: 'no-until', severity: 'warning', source: 'validity', message: '' }], worstSeverity: 'error' }),
      row(2, { findings: [], worstSeverity: null }),
      row(3, { findings: [{ code: 'no-until', severity: 'warning', source: 'validity', message: '' }], worstSeverity: 'warning' }),
    ]);
    expect(counts.bySeverity).toEqual({ error: 1, warning: 2, info: 0, none: 1 });
    expect(counts.codes.map((c) => [c.code, c.keys])).toEqual([
      ['user-deleted', 1],
      ['no-until', 2],
    ]);
    expect(counts.keysWithProblems).toBe(2);
  });
});
