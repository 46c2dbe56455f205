/**
 * Security claim 5, end to end: no secret (API key value) is kept where it must not be. The admin connects in
 * API-key mode WITHOUT "remember", opens a key and reveals its secret, creates a key (its secret is shown once),
 * saves an edit, runs the audit and exports it (CSV, JSON, print view), exports the session log, and runs a small
 * bulk edit (a journal is stored). Then every secret the simulator holds — every key's value, the created key's
 * and the admin's — is searched for in: the extension's IndexedDB (read through the worker), the page origin's
 * IndexedDB, localStorage, sessionStorage and Cache Storage, chrome.storage.local, every downloaded file, the
 * print window, every console message of the page and the worker, and finally every file of the browser
 * profile on disk after the browser closed (the "stolen laptop").
 *
 * A second test: a REMEMBERED key is in storage.local (by request, as documented) and nowhere else, and the
 * options page's settings export does not carry it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page, Worker } from '@playwright/test';
import { dumpExtensionDatabase, expect, panelLocator, test as base } from './harness';
import { chromiumArgs, requireChromium } from './chromium';
import { TEST_BUILD_DIR } from './paths';
import type { SimHandle } from '../workbooks-sim/index';

const tid = (id: string) => `[data-testid="${id}"]`;

/** The harness's context, but with the profile folder known to the test (it is scanned after closing). */
const test = base.extend<{ profileDir: string }>({
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'wbka-e2e-secrets-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ profileDir, pageProblems }, use) => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: requireChromium(),
      headless: true,
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
      args: chromiumArgs(TEST_BUILD_DIR),
    });
    context.on('page', (page) => page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`)));
    await use(context);
    await context.close();
  },
});

test.use({ simOptions: { keys: 60, users: 20 } });

// ------------------------------------------------------------------------------------------------ helpers

function allSecrets(sim: SimHandle): string[] {
  const secrets = new Set([...sim.state.apiKeys.values()].map((key) => key.secret).filter((secret) => secret.length >= 8));
  secrets.add(sim.admin.apiKey);
  return [...secrets];
}

function found(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(tid(testId)).click()]);
  return readFileSync(await file.path(), 'utf8');
}

function workerStorage(worker: Worker, area: 'local' | 'session'): Promise<Record<string, unknown>> {
  return worker.evaluate(
    (name) => (globalThis as unknown as { chrome: { storage: Record<string, { get(k: null): Promise<Record<string, unknown>> }> } }).chrome.storage[name]!.get(null),
    area,
  );
}

/** Everything the Workbooks page's origin stores: all IndexedDB databases, both Web Storages, Cache Storage. */
async function pageOriginStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, unknown> = { localStorage: { ...localStorage }, sessionStorage: { ...sessionStorage } };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const stores: Record<string, unknown> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        stores[name] = await new Promise((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
      dump[`indexedDB:${info.name}`] = stores;
    }
    const caches: Record<string, string[]> = {};
    for (const name of await globalThis.caches.keys()) caches[name] = (await (await globalThis.caches.open(name)).keys()).map((request) => request.url);
    dump.caches = caches;
    return JSON.stringify(dump);
  });
}

/** Every file of the profile folder, as bytes decoded latin1 (secrets are ASCII), plus UTF-16LE for LevelDB values. */
function profileFilesContaining(dir: string, secrets: string[]): string[] {
  const hits: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      let stats;
      try {
        stats = statSync(full);
      } catch {
        continue;
      }
      if (stats.isDirectory()) walk(full);
      else if (stats.isFile() && stats.size < 64 * 1024 * 1024) {
        const bytes = readFileSync(full);
        const ascii = bytes.toString('latin1');
        const utf16 = bytes.toString('utf16le');
        for (const secret of secrets) if (ascii.includes(secret) || utf16.includes(secret)) hits.push(`${full.slice(dir.length)}: ${secret.slice(0, 6)}…`);
      }
    }
  };
  walk(dir);
  return hits;
}

async function connectWithApiKey(page: Page, apiKey: string, remember: boolean): Promise<void> {
  const options = page.locator(tid('wbka-conn-options'));
  if (!(await options.isVisible())) await page.locator(tid('wbka-conn-options-toggle')).click();
  await page.locator(tid('wbka-conn-mode-api-key')).check();
  await page.locator(tid('wbka-conn-key')).fill(apiKey);
  if (remember) await page.locator(tid('wbka-conn-remember')).check();
  await page.locator(tid('wbka-conn-save-key')).click();
  const bar = page.locator(tid('wbka-connection'));
  await expect(bar).toHaveAttribute('data-mode', 'api-key');
  await expect(bar).toHaveAttribute('data-status', 'connected');
  await expect(page.locator(tid('wbka-conn-key'))).toHaveValue('');
}

/** A key an ordinary edit can save: its user can log in, its name is plain. */
function ordinaryKeyIds(sim: SimHandle, count: number): number[] {
  const ids: number[] = [];
  for (const key of sim.state.apiKeys.values()) {
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    // Its name matches no other key's name, user or IP list: filtering the audit by it shows this key alone.
    const unique = [...sim.state.apiKeys.values()].every((other) => other.id === key.id || other.isDeleted || !`${other.name}|${other.permittedIps ?? ''}`.toLowerCase().includes(key.name.toLowerCase()));
    const userNames = [...sim.state.users.values()].map((u) => u.userName.toLowerCase());
    if (key.id > 2 && !key.isDeleted && key.until !== null && key.permittedIps && user && !user.isDeleted && user.loginEnabled && user.edition !== 'No Edition (login denied)' && !/[<>"'=@+]/.test(key.name) && key.name.trim().length > 3 && unique && !userNames.some((n) => n.includes(key.name.toLowerCase()))) ids.push(key.id);
    if (ids.length === count) break;
  }
  if (ids.length < count) throw new Error('not enough ordinary keys in the seed');
  return ids;
}

function londonDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// -------------------------------------------------------------------------------------------------- tests

test('no secret reaches IndexedDB, page storage, storage.local, exports, the print view, the console or the profile on disk', async ({ context, page, sim, extensionWorker, profileDir, pageProblems }) => {
  test.setTimeout(240_000);
  const consoleLines: string[] = [];
  const listen = (p: Page) => p.on('console', (message) => consoleLines.push(`${p.url()} ${message.type()}: ${message.text()}`));
  listen(page);
  context.on('page', listen);
  extensionWorker.on('console', (message) => consoleLines.push(`worker ${message.type()}: ${message.text()}`));
  const downloads: Array<{ what: string; text: string }> = [];
  const [editedId, bulkId] = ordinaryKeyIds(sim, 2) as [number, number];

  // ------------------------------------------------------------------ connect: API-key mode, not remembered
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(tid('wbka-connection'))).toHaveAttribute('data-status', 'connected');
  await connectWithApiKey(page, sim.admin.apiKey, false);
  const origin = new URL(sim.url).origin;
  expect((await workerStorage(extensionWorker, 'session'))[`apiKey:${origin}`]).toBe(sim.admin.apiKey); // where it belongs
  expect(JSON.stringify(await workerStorage(extensionWorker, 'local'))).not.toContain(sim.admin.apiKey);

  // ------------------------------------------------------------------ open a key, reveal its secret, edit, save
  await expect(page.locator(tid('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  await page.locator(tid('wbka-list-search')).fill(sim.state.apiKeys.get(editedId)!.name);
  await page.locator(`${tid('wbka-key-row')}[data-key-id="${editedId}"]`).click();
  await expect(page.locator(tid('wbka-editor'))).toHaveAttribute('data-state', 'ready');
  const existingSecret = sim.state.apiKeys.get(editedId)!.secret;
  await page.locator(`${tid('wbka-field-secret')} ${tid('wbka-secret-reveal')}`).click();
  await expect(page.locator(`${tid('wbka-field-secret')} ${tid('wbka-secret-value')}`)).toHaveText(existingSecret);
  await page.locator(`${tid('wbka-field-secret')} ${tid('wbka-secret-reveal')}`).click();
  await expect(page.locator(`${tid('wbka-field-secret')} ${tid('wbka-secret-value')}`)).toHaveText(`••••••••${existingSecret.slice(-4)}`);
  await page.locator(tid('wbka-editor-description')).fill('Edited during the security test');
  await page.locator(tid('wbka-editor-save')).click();
  await expect(page.locator(tid('wbka-saved'))).toBeVisible();
  expect(sim.state.apiKeys.get(editedId)!.description).toBe('Edited during the security test');

  // ------------------------------------------------------------------ create a key: its secret is shown once
  await page.locator(tid('wbka-editor-back')).click();
  await page.locator(tid('wbka-new-key')).click();
  await expect(page.locator(tid('wbka-editor'))).toHaveAttribute('data-state', 'ready');
  await expect(page.locator(`${tid('wbka-editor-user')} option[value="${sim.admin.userId}"]`)).toHaveCount(1);
  await page.locator(tid('wbka-editor-user')).selectOption(String(sim.admin.userId));
  await page.locator(tid('wbka-editor-name')).fill('Security review key');
  await page.locator(tid('wbka-editor-until')).fill(londonDatePlus(60));
  await page.locator(tid('wbka-editor-permittedIps')).fill('81.2.69.21');
  await page.locator(tid('wbka-editor-capabilities')).fill('crm_people');
  await expect(page.locator(tid('wbka-editor-summary'))).toHaveAttribute('data-errors', '0');
  const before = new Set(sim.state.apiKeys.keys());
  await page.locator(tid('wbka-editor-save')).click();
  await expect(page.locator(tid('wbka-saved'))).toBeVisible();
  const created = [...sim.state.apiKeys.values()].filter((key) => !before.has(key.id));
  expect(created).toHaveLength(1);
  const createdSecret = created[0]!.secret;
  await page.locator(tid('wbka-secret-reveal')).click();
  await expect(page.locator(tid('wbka-secret-value'))).toHaveText(createdSecret);
  await page.locator(tid('wbka-secret-reveal')).click();
  await expect(page.locator(tid('wbka-secret-value'))).not.toHaveText(createdSecret);

  // ------------------------------------------------------------------ audit, exports, print view, session log
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
  await page.locator(tid('audit-run')).click();
  await expect(page.locator(tid('audit-meta'))).toHaveAttribute('data-source', 'run', { timeout: 60_000 });
  await expect(page.locator(tid('audit-progress'))).toHaveCount(0);
  downloads.push({ what: 'audit CSV', text: await download(page, 'audit-export-csv') });
  downloads.push({ what: 'audit JSON', text: await download(page, 'audit-export-json') });
  expect(downloads[1]!.text).toContain('Security review key'); // the exports really hold the keys
  const [printWindow] = await Promise.all([page.waitForEvent('popup'), page.locator(tid('audit-print')).click()]);
  await expect(printWindow.locator('table')).toBeVisible();
  const printed = await printWindow.evaluate(() => document.documentElement.outerHTML);
  expect(printed).toContain('Security review key');
  await printWindow.close();
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="audit-run"]`)).toHaveCount(1);
  downloads.push({ what: 'session log CSV', text: await download(page, 'audit-log-export-csv') });
  downloads.push({ what: 'session log JSON', text: await download(page, 'audit-log-export-json') });

  // ------------------------------------------------------------------ a small bulk edit: one key, a journal
  await page.locator(tid('audit-filter-text')).fill(sim.state.apiKeys.get(bulkId)!.name);
  await expect(page.locator(`${tid('audit-row')}[data-key-id="${bulkId}"]`)).toBeVisible();
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '1');
  await page.locator(tid('audit-select-shown')).click();
  await page.locator(tid('audit-bulk-edit')).click();
  await expect(page.locator(tid('wbka-tab-bulk'))).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(tid('bulk-selected-count'))).toContainText('1 of 1', { timeout: 30_000 });
  await page.locator(tid('bulk-op-kind')).selectOption('add');
  await page.locator(tid('bulk-op-entries')).fill('81.2.69.77');
  await expect(page.locator(tid('bulk-total-changed'))).toHaveText('1 to change');
  await page.locator(tid('bulk-apply')).click();
  await expect(page.locator(tid('bulk-run-done'))).toBeVisible({ timeout: 60_000 });
  expect(sim.state.apiKeys.get(bulkId)!.permittedIps).toContain('81.2.69.77');

  // ------------------------------------------------------------------ search everywhere
  const secrets = allSecrets(sim);
  expect(secrets).toContain(createdSecret);
  expect(secrets).toContain(existingSecret);
  expect(secrets.length).toBeGreaterThan(50);

  const extensionDb = await dumpExtensionDatabase(extensionWorker);
  expect(extensionDb).toContain('Security review key'); // activity: the probe really read the stores
  expect(extensionDb).toContain('bulk-'); // the bulk journal
  expect(found(extensionDb, secrets), 'extension IndexedDB').toEqual([]);
  expect(found(await pageOriginStorage(page), secrets), 'page origin storage').toEqual([]);
  expect(found(JSON.stringify(await workerStorage(extensionWorker, 'local')), secrets), 'storage.local').toEqual([]);
  for (const file of downloads) expect(found(file.text, secrets), file.what).toEqual([]);
  expect(found(printed, secrets), 'print view').toEqual([]);
  // The panel itself no longer shows any secret once hidden, and nothing was left in the page's light DOM.
  expect(found(await page.evaluate(() => document.documentElement.outerHTML), secrets), 'page DOM').toEqual([]);
  expect(found((await panelLocator(page).textContent()) ?? '', secrets), 'panel text').toEqual([]);
  expect(found(consoleLines.join('\n'), secrets), 'console').toEqual([]);
  expect(pageProblems).toEqual([]);

  // ------------------------------------------------------------------ the profile on disk, browser closed
  await context.close();
  expect(profileFilesContaining(profileDir, secrets), 'files of the browser profile').toEqual([]);
});

test('a remembered key is kept in storage.local by request only; the settings export does not carry it', async ({ context, page, sim, extensionWorker, extensionId, profileDir }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await connectWithApiKey(page, sim.admin.apiKey, true);
  const origin = new URL(sim.url).origin;
  expect((await workerStorage(extensionWorker, 'local'))[`apiKey:${origin}`]).toBe(sim.admin.apiKey);

  await page.goto(`chrome-extension://${extensionId}/src/options/options.html`);
  await expect(page.getByTestId('export-settings')).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-settings').click()]);
  const exported = readFileSync(await file.path(), 'utf8');
  expect(exported).toContain('workbooks-key-assistant-settings');
  expect(exported).not.toContain(sim.admin.apiKey);
  await expect(page.locator('body')).not.toContainText(sim.admin.apiKey);
  expect(found(await dumpExtensionDatabase(extensionWorker), [sim.admin.apiKey])).toEqual([]);

  // On disk it is, by the admin's choice (and this shows the profile scan of the first test finds such values).
  await context.close();
  const onDisk = profileFilesContaining(profileDir, [sim.admin.apiKey]);
  expect(onDisk.length).toBeGreaterThan(0);
  expect(onDisk.every((hit) => hit.includes('Local Extension Settings'))).toBe(true);
});
