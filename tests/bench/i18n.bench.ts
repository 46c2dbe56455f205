/**
 * Message lookups in the extension: the IP engine makes thousands of messages for a long list, so the
 * translator the extension installs matters. Measured in the built test extension's service worker in headless
 * Chromium: `i18n.getMessage` on every call (the naive baseline) against the installed translator, which asks
 * getMessage once per message and then fills substitution slots.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, requireChromium } from '../e2e/chromium';
import type { BenchRow } from './types';

export const title = 'Message lookups in the extension (headless Chromium, service worker)';

const root = join(import.meta.dirname, '..', '..');

// Worker-side code as source text (tsx helpers do not exist there).
const MEASURE = `(() => {
  const rounds = 20000;
  const args = ['10.0.0.1', '10.0.0.1'];
  const time = (fn) => {
    for (let i = 0; i < 1000; i++) fn();
    const started = performance.now();
    for (let i = 0; i < rounds; i++) fn();
    return ((performance.now() - started) / rounds) * 1000;
  };
  return {
    naive: time(() => chrome.i18n.getMessage('engineIpNonCanonical', args)),
    installed: time(() => globalThis.wbkaWorker.translate('engineIpNonCanonical', args)),
  };
})()`;

export async function run(): Promise<BenchRow[]> {
  const buildDir = join(root, '.tmp', 'bench-i18n-build');
  execFileSync('npx', ['vite', 'build', '--mode', 'chrome-test', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, WBKA_OUT_DIR: buildDir } });
  const profile = mkdtempSync(join(tmpdir(), 'wbka-bench-i18n-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: requireChromium(), headless: true, args: chromiumArgs(buildDir) });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const { naive, installed } = (await worker.evaluate(MEASURE)) as { naive: number; installed: number };
    return [
      {
        name: 'one engine message with two substitutions (mean of 20,000)',
        value: Number(installed.toFixed(2)),
        unit: 'µs',
        baseline: Number(naive.toFixed(2)),
        ratio: Number((naive / installed).toFixed(1)),
      },
      { name: 'messages for a 10,000-entry list (2,733 lookups), installed translator', value: Number(((installed * 2733) / 1000).toFixed(1)), unit: 'ms', baseline: Number(((naive * 2733) / 1000).toFixed(1)) },
    ];
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
