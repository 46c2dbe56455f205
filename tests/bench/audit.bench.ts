/**
 * Audit: (1) a full audit of 1,000 keys / 300 users at 40 ms latency (± 10 ms jitter) through the very function the
 * Audit tab calls (`runAuditSession`: schema, pipelined key pages and user reads, rule evaluation), counted from the
 * simulator's request log; each run uses a fresh client, as the first audit after opening a page would (schema not
 * cached yet). (2) First render of the virtualised key table with 5,000 rows in headless Chromium: the Audit tab's
 * components are bundled by Vite (the extension's own toolchain) into a test page, and the time from `render()` to
 * the next painted frame is measured inside the page. Also the whole audit view (filter, sort, counts, chart,
 * summary, table) from 5,000 rows, as when a cached audit is shown.
 */
import { join } from 'node:path';
import { build, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { chromium } from 'playwright-core';
import { startSimulator, type SimHandle } from '../workbooks-sim/index';
import { WorkbooksClient } from '../../src/core/workbooks/client';
import { createApiKeyTransport } from '../../src/core/workbooks/transport';
import { createKeyRepository } from '../../src/core/keys/repository';
import { runAuditSession, type AuditOutcome } from '../../src/core/keys/audit-session';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { KeyAuditRow } from '../../src/core/keys/audit';
import { nodeFetch } from '../unit/workbooks/support/node-fetch';
import { requireChromium } from '../e2e/chromium';
import { median, type BenchRow } from './types';

export const title = 'Audit';

const root = join(import.meta.dirname, '..', '..');
const RUNS = 5;
const RENDER_SAMPLES = 7;

function freshClient(sim: SimHandle): WorkbooksClient {
  return new WorkbooksClient({ transport: createApiKeyTransport({ baseUrl: sim.url, fetch: nodeFetch, apiKey: async () => sim.admin.apiKey }) });
}

/** What the tab does when "Run audit" is pressed, minus the DOM. */
async function tabAudit(sim: SimHandle): Promise<{ ms: number; requests: number; outcome: AuditOutcome }> {
  const client = freshClient(sim);
  const repository = createKeyRepository(client);
  sim.clearRequests();
  const started = performance.now();
  const outcome = await runAuditSession({ client, schema: (options) => repository.schema(options), settings: DEFAULT_SETTINGS, now: () => new Date() });
  const ms = performance.now() - started;
  return { ms, requests: sim.requests.length, outcome };
}

// ------------------------------------------------------------------------------------- render in Chromium

const I18N_STUB = '\0audit-bench-i18n';
const ENTRY = '\0audit-bench-entry';

/**
 * The page can be no extension, so platform/i18n is replaced by the catalogue translator over the same en-GB
 * messages.json (the one unit tests use), installed for the core's messages too.
 */
const i18nStub = `
import messages from ${JSON.stringify(join(root, 'public/_locales/en_GB/messages.json'))};
import { createCatalogTranslator } from ${JSON.stringify(join(root, 'src/core/i18n/catalog.ts'))};
import { installTranslator, plural } from ${JSON.stringify(join(root, 'src/core/i18n/index.ts'))};
const translator = createCatalogTranslator(messages, 'en-GB');
installTranslator(translator);
const list = (substitutions) => (substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);
export function t(key, substitutions) {
  return translator.message(key, list(substitutions)) || key;
}
export function tPlural(base, count, substitutions = []) {
  return plural(base, count, ...substitutions);
}
export function installBrowserTranslator() {}
`;

const src = (path: string) => JSON.stringify(join(root, 'src', path));
/** Page-side code: renders, forces layout, waits for the next frame; returns milliseconds since render() began. */
const entry = `
import { h, render } from 'preact';
import { KeyAuditTable } from ${src('ui/audit/KeyAuditTable.tsx')};
import { AuditSummary, countAudit } from ${src('ui/audit/AuditSummary.tsx')};
import { ExpiryChart } from ${src('ui/audit/ExpiryChart.tsx')};
import { filterAuditRows, sortAuditRows } from ${src('core/keys/audit-table.ts')};
import { expiryByMonth } from ${src('core/keys/expiry-chart.ts')};
import css from ${JSON.stringify(`${join(root, 'src/ui/audit/audit.css')}?inline`)};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const noop = () => undefined;

window.AuditBench = {
  rows: [],
  async measure(mode) {
    const host = document.getElementById('root');
    const rows = window.AuditBench.rows;
    const started = performance.now();
    let view;
    if (mode === 'table') {
      view = h(KeyAuditTable, { rows, sort: { column: 'severity', direction: 'desc' }, onSort: noop, selected: new Set(), onToggle: noop, onToggleAll: noop, onOpen: noop, labelledBy: 'x' });
    } else {
      const filtered = filterAuditRows(rows, {});
      const sorted = sortAuditRows(filtered, 'severity', 'desc');
      const counts = countAudit(rows);
      const chart = expiryByMonth(rows, window.AuditBench.today);
      view = h('div', { class: 'audit' }, [
        h('style', null, css),
        h(AuditSummary, { counts, complete: true, severities: [], codes: [], onToggleSeverity: noop, onToggleCode: noop }),
        h(KeyAuditTable, { rows: sorted, sort: { column: 'severity', direction: 'desc' }, onSort: noop, selected: new Set(), onToggle: noop, onToggleAll: noop, onOpen: noop, labelledBy: 'x' }),
        h(ExpiryChart, { data: chart, headingId: 'x' }),
      ]);
    }
    render(mode === 'table' ? h('div', { class: 'audit' }, [h('style', null, css), view]) : view, host);
    host.getBoundingClientRect();
    const rendered = performance.now() - started;
    await nextFrame();
    return { rendered, painted: performance.now() - started, rowsInDom: host.querySelectorAll('[data-testid="audit-row"]').length, rowCount: Number(host.querySelector('[role="grid"]').getAttribute('aria-rowcount')) };
  },
};
`;

function benchModules(): Plugin {
  return {
    name: 'audit-bench-modules',
    enforce: 'pre',
    resolveId(source) {
      if (source === ENTRY) return ENTRY;
      if (/\/platform\/i18n(\.ts)?$/.test(source)) return I18N_STUB;
      return null;
    },
    load(id) {
      if (id === ENTRY) return entry;
      if (id === I18N_STUB) return i18nStub;
      return null;
    },
  };
}

async function bundleAuditView(): Promise<string> {
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [benchModules(), preact()],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: ENTRY, output: { format: 'iife' } },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if (!('output' in result)) continue;
    for (const chunk of result.output) if (chunk.type === 'chunk' && chunk.isEntry) return chunk.code;
  }
  throw new Error('Vite produced no bundle for the audit view');
}

interface RenderSample {
  rendered: number;
  painted: number;
  rowsInDom: number;
  rowCount: number;
}

async function renderSamples(bundle: string, rows: readonly KeyAuditRow[], today: string, mode: 'table' | 'view'): Promise<RenderSample[]> {
  const browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const samples: RenderSample[] = [];
    for (let i = 0; i < RENDER_SAMPLES; i++) {
      // A fresh page each time: a first render, with nothing warmed by the previous one.
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.setContent('<!doctype html><html lang="en-GB"><head><meta charset="utf-8"></head><body><div id="root" style="width:408px"></div></body></html>');
      await page.addScriptTag({ content: bundle });
      await page.evaluate(`window.AuditBench.rows = ${JSON.stringify(rows)}; window.AuditBench.today = ${JSON.stringify(today)};`);
      samples.push((await page.evaluate(`window.AuditBench.measure(${JSON.stringify(mode)})`)) as RenderSample);
      await page.close();
    }
    return samples;
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // 1. The audit as the tab runs it.
  const sim = await startSimulator({ port: 0, seed: 7, keys: 1000, users: 300, latencyMs: 40, jitterMs: 10, quiet: true });
  try {
    await tabAudit(sim); // warm-up (JIT, sockets)
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await tabAudit(sim));
    const liveKeys = sim.groundTruth().keys.length;
    for (const r of runs) if (!r.outcome.complete || r.outcome.rows.length !== liveKeys) throw new Error(`audit read ${r.outcome.rows.length} of ${liveKeys} keys`);
    rows.push(
      { name: 'full audit (1,000 keys, 300 users): requests, first run (schema not cached)', value: Math.max(...runs.map((r) => r.requests)), unit: 'requests', target: '≤ 15 requests' },
      { name: 'full audit at 40 ms latency: load + rules → rows for the table (median of 5)', value: Math.round(median(runs.map((r) => r.ms))), unit: 'ms', target: '≤ 1.5 s' },
      { name: 'full audit: keys with findings', value: runs[0]!.outcome.rows.filter((r) => r.findings.length > 0).length, unit: 'keys' },
    );
  } finally {
    await sim.stop();
  }

  // 2. Rendering 5,000 rows in Chromium.
  const big = await startSimulator({ port: 0, seed: 7, keys: 5000, users: 1000, quiet: true });
  let outcome: AuditOutcome;
  try {
    outcome = (await tabAudit(big)).outcome;
  } finally {
    await big.stop();
  }
  if (outcome.rows.length !== 5000) throw new Error(`expected 5,000 audit rows, got ${outcome.rows.length}`);
  const bundle = await bundleAuditView();
  const table = await renderSamples(bundle, outcome.rows, outcome.today, 'table');
  const view = await renderSamples(bundle, outcome.rows, outcome.today, 'view');
  for (const s of [...table, ...view]) {
    if (s.rowCount !== 5001) throw new Error(`grid reported aria-rowcount ${s.rowCount}`);
  }
  rows.push(
    { name: 'first render, virtualised table, 5,000 rows: render() → next frame (Chromium, median of 7)', value: Number(median(table.map((s) => s.painted)).toFixed(1)), unit: 'ms', target: '≤ 200 ms' },
    { name: 'first render, virtualised table, 5,000 rows: render() + layout only', value: Number(median(table.map((s) => s.rendered)).toFixed(1)), unit: 'ms' },
    { name: 'first render, audit view (filter, sort, counts, chart, table) from 5,000 rows → next frame', value: Number(median(view.map((s) => s.painted)).toFixed(1)), unit: 'ms', target: '≤ 200 ms' },
    { name: 'rows in the DOM for 5,000 keys (virtualised)', value: table[0]!.rowsInDom, unit: 'rows' },
  );
  return rows;
}
