/**
 * View detection while the page keeps changing: the page watcher re-checks on every batch of mutations (at
 * most every 100 ms). Measured in headless Chromium on a large API Keys view (a 2,000-row grid, ≈24,000 text
 * nodes): the full text walk (`findApiKeysView`, the naive baseline and what ran before) against the detector
 * that re-checks only the last match's two elements while they still show.
 */
import { build, type Rolldown } from 'vite';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { requireChromium } from '../e2e/chromium';
import { median, type BenchRow } from './types';

export const title = 'View detection on a changing page (headless Chromium)';

const root = join(import.meta.dirname, '..', '..');

const PAGE = `<!doctype html><html><body>
<nav><a href="#">Home</a> <a href="#">API Keys</a> <a href="#">Users</a></nav>
<main><h1>API Keys</h1><div role="toolbar"><button>New API Key</button></div><div id="grid"></div></main>
</body></html>`;

// Page-side code as source text (tsx helpers do not exist inside the page).
const FILL_GRID = `(() => {
  const grid = document.getElementById('grid');
  const rows = [];
  for (let r = 0; r < 2000; r++) {
    const cells = [];
    for (let c = 0; c < 12; c++) cells.push('<span class="cell">' + (c === 0 ? 'Integration key ' + r : 'value ' + r + '.' + c) + '</span>');
    rows.push('<div class="row" data-recordid="' + r + '">' + cells.join('') + '</div>');
  }
  grid.innerHTML = rows.join('');
  return document.querySelectorAll('#grid span').length;
})()`;

const MEASURE = `(() => {
  const { findApiKeysView, createApiKeysViewDetector } = globalThis.wbkaDetect;
  const rows = document.querySelectorAll('#grid .row');
  // A change somewhere in the grid before each check, as Workbooks makes while the admin works.
  const change = (i) => rows[i % rows.length].classList.toggle('selected');
  const full = [];
  for (let i = 0; i < 31; i++) {
    change(i);
    const started = performance.now();
    if (!findApiKeysView(document)) throw new Error('view not detected');
    full.push(performance.now() - started);
  }
  const detect = createApiKeysViewDetector(document);
  detect();
  // One check is below the timer's resolution: time 2,000 of them (with their page changes) and divide.
  const rounds = 2000;
  let changes = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) change(i);
  changes = performance.now() - t0;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    change(i);
    if (!detect()) throw new Error('view not detected');
  }
  const detector = (performance.now() - started - changes) / rounds;
  return { full, detector };
})()`;

export async function run(): Promise<BenchRow[]> {
  // The detector as the content script runs it, bundled by the project's own vite into one page script.
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, target: 'es2022', lib: { entry: join(root, 'src', 'content', 'detect.ts'), formats: ['iife'], name: 'wbkaDetect' } },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = (Array.isArray(output) ? output[0]! : output).output.find((item): item is Rolldown.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('vite produced no chunk for detect.ts');
  const browser = await chromium.launch({ executablePath: requireChromium(), headless: true });
  try {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: chunk.code });
    const textNodes = (await page.evaluate(FILL_GRID)) as number;
    const { full, detector } = (await page.evaluate(MEASURE)) as { full: number[]; detector: number };
    const fullUs = median(full) * 1000;
    const detectorUs = Math.max(detector * 1000, 0.1);
    return [
      { name: 'grid cells on the page', value: textNodes, unit: 'cells' },
      {
        name: 're-check after a page change, view showing (full walk: median of 31; detector: mean of 2,000)',
        value: Number(detectorUs.toFixed(1)),
        unit: 'µs',
        baseline: Math.round(fullUs),
        ratio: Number((fullUs / detectorUs).toFixed(0)),
      },
    ];
  } finally {
    await browser.close();
  }
}
