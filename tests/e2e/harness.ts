/**
 * End-to-end fixtures: a fresh simulator and a fresh Chromium profile with the built, unpacked test
 * extension for every test. `simOptions` can be overridden per file with `test.use({ simOptions: … })`.
 */
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimHandle, type SimOptions } from '../workbooks-sim/index';
import { chromiumArgs, requireChromium } from './chromium';
import { TEST_BUILD_DIR } from './paths';
// Engine messages computed in the test process (expected texts) resolve as the browser resolves them.
import '../support/install-en-gb';

export interface Fixtures {
  simOptions: Partial<SimOptions>;
  /** Extra Chromium flags for a test file, e.g. `--lang=fr`. */
  launchArgs: string[];
  sim: SimHandle;
  context: BrowserContext;
  extensionWorker: Worker;
  extensionId: string;
  page: Page;
  /** Uncaught errors and console errors seen on any page of the context during the test. */
  pageProblems: string[];
}

export const test = base.extend<Fixtures>({
  simOptions: [{}, { option: true }],
  launchArgs: [[], { option: true }],
  sim: async ({ simOptions }, use) => {
    const sim = await startSimulator({ port: 0, quiet: true, ...simOptions });
    await use(sim);
    await sim.stop();
  },
  // Playwright reads a fixture's dependencies from the destructuring pattern: an empty one means "none".
  // eslint-disable-next-line no-empty-pattern
  pageProblems: async ({}, use) => {
    await use([]);
  },
  context: async ({ pageProblems, launchArgs }, use) => {
    const profile = mkdtempSync(join(tmpdir(), 'wbka-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: requireChromium(),
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [...chromiumArgs(TEST_BUILD_DIR), ...launchArgs],
    });
    const watch = (page: Page) => {
      page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
      });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  },
  extensionWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ extensionWorker }, use) => {
    await use(new URL(extensionWorker.url()).host);
  },
  page: async ({ context, extensionWorker }, use) => {
    // Wait for the worker so the extension is fully installed before the first navigation.
    void extensionWorker;
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});

export { expect };

/** The panel, through its open shadow root (Playwright's CSS locators pierce open shadow roots). */
export const panelLocator = (page: Page) => page.locator('[data-testid="wbka-panel"]');

/** Presses the toolbar button: runs the very function the action listener calls, in the worker. */
export async function clickToolbarButton(worker: Worker, page: Page): Promise<void> {
  const url = page.url();
  await worker.evaluate(async (pageUrl) => {
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string; active: boolean }>> } } }).chrome;
    const tabs = await api.tabs.query({});
    const tab = tabs.find((t) => t.url === pageUrl) ?? tabs.find((t) => t.active);
    const hooks = (globalThis as unknown as { wbkaWorker: { togglePanelInTab(id: number | undefined, source: string): Promise<void> } }).wbkaWorker;
    await hooks.togglePanelInTab(tab?.id, 'action');
  }, url);
}

/**
 * All records of one of the extension's IndexedDB stores. The database lives in the extension's origin
 * (the worker's), not the page's: read it from the worker.
 */
export async function readExtensionStore<T = Record<string, unknown>>(worker: Worker, store: string): Promise<T[]> {
  return worker.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('wbka');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/** Everything the extension keeps in IndexedDB, as one JSON text (for secret searches). */
export async function dumpExtensionDatabase(worker: Worker): Promise<string> {
  const stores = ['drafts', 'activity', 'sessionLog', 'journals', 'auditCache'];
  const all: Record<string, unknown[]> = {};
  for (const store of stores) all[store] = await readExtensionStore(worker, store);
  return JSON.stringify(all);
}
