/**
 * Security claims 1, 5 (storage.session access) and 9 in real Chromium with the built extension:
 * - the Workbooks page's own scripts cannot reach the extension (no `chrome.runtime` in the page's world, no
 *   externally_connectable; window messages and DOM events shaped like our messages do nothing);
 * - another installed extension cannot drive the worker (a second, hostile extension is loaded beside ours);
 * - from our REAL content script's isolated world (reached through the DevTools protocol), storage.session —
 *   where API keys live — is not readable, and the worker refuses calls for another Workbooks host: a page on
 *   `127.0.0.1:PORT` and one on `localhost:PORT` are two hosts of the test build, each sees only its own key and
 *   records;
 * - the panel lives in a shadow root and leaves no secret in attributes the page can read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import { dumpExtensionDatabase, expect, panelLocator, test as base } from './harness';
import { chromiumArgs, requireChromium } from './chromium';
import { TEST_BUILD_DIR } from './paths';
import type { SimHandle } from '../workbooks-sim/index';

const tid = (id: string) => `[data-testid="${id}"]`;

// ------------------------------------------------------------------------------ the content script's world

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

/**
 * Evaluates code in our content script's isolated world of `page`'s main frame, via the DevTools protocol
 * (Playwright itself only offers the page's main world). The world is the one whose origin is our extension.
 */
class ContentScriptWorld {
  private readonly contexts = new Map<number, ExecutionContext>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly extensionId: string,
  ) {
    cdp.on('Runtime.executionContextCreated', (event: { context: ExecutionContext }) => this.contexts.set(event.context.id, event.context));
    cdp.on('Runtime.executionContextDestroyed', (event: { executionContextId: number }) => this.contexts.delete(event.executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => this.contexts.clear());
  }

  static async attach(context: BrowserContext, page: Page, extensionId: string): Promise<ContentScriptWorld> {
    const world = new ContentScriptWorld(await context.newCDPSession(page), extensionId);
    await world.cdp.send('Runtime.enable');
    await expect.poll(() => world.contextId(), { message: 'our content script world appears' }).not.toBeNull();
    return world;
  }

  contextId(): number | null {
    const ours = [...this.contexts.values()].filter((c) => c.origin === `chrome-extension://${this.extensionId}` && c.auxData?.type === 'isolated');
    return ours.at(-1)?.id ?? null;
  }

  async evaluate<T>(expression: string): Promise<T> {
    const contextId = this.contextId();
    if (contextId === null) throw new Error('no content script world');
    const result = (await this.cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    return result.result.value as T;
  }

  /** Sends a runtime message exactly as our content script would, and reports whether anyone answered. */
  send(message: unknown): Promise<{ answered: boolean; value?: unknown; error?: string }> {
    return this.evaluate(
      `chrome.runtime.sendMessage(${JSON.stringify(message)}).then((value) => ({ answered: value !== undefined, value }), (error) => ({ answered: false, error: String(error && error.message || error) }))`,
    );
  }
}

async function openApiKeysView(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(tid('wbka-connection'))).toHaveAttribute('data-status', 'connected');
}

function workerStorage(worker: Worker, area: 'local' | 'session'): Promise<Record<string, unknown>> {
  return worker.evaluate(
    (name) => (globalThis as unknown as { chrome: { storage: Record<string, { get(k: null): Promise<Record<string, unknown>> }> } }).chrome.storage[name]!.get(null),
    area,
  );
}

const test = base;

/** Requests that carry the `marker` parameter this file's hostile messages add (the panel never sends one). */
function markedRequests(sim: SimHandle): string[] {
  return sim.requests.flatMap((r) => r.params.filter(([name]) => name === 'marker').map(([, value]) => `${value}: ${r.effectiveMethod} ${r.path}`));
}

// ----------------------------------------------------------------------------------------------- tests

test('the page’s own scripts cannot reach the extension: no chrome.runtime, no externally_connectable, look-alike messages do nothing', async ({ page, sim, extensionWorker, pageProblems }) => {
  const manifest = JSON.parse(readFileSync(join(TEST_BUILD_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.externally_connectable).toBeUndefined();

  await openApiKeysView(page, sim.url);
  // The page's main world has no extension messaging at all.
  const mainWorld = await page.evaluate(() => {
    const chromeGlobal = (window as unknown as { chrome?: { runtime?: unknown } }).chrome;
    return { runtime: typeof chromeGlobal?.runtime, browser: typeof (window as unknown as { browser?: unknown }).browser };
  });
  expect(mainWorld).toEqual({ runtime: 'undefined', browser: 'undefined' });

  const dbBefore = await dumpExtensionDatabase(extensionWorker);
  const sessionBefore = await workerStorage(extensionWorker, 'session');
  sim.clearRequests();
  // Everything a page script could try with our message shapes: window messages and DOM events.
  await page.evaluate(() => {
    const shapes = [
      { ns: 'wbka', type: 'toggle-panel', source: 'action' },
      { ns: 'wbka', type: 'api-key-set', apiKey: 'page-planted-key-123', remember: true },
      { ns: 'wbka', type: 'api-key-forget' },
      { ns: 'wbka', type: 'api-send', requestId: 'x', request: { method: 'PUT', path: 'admin/api_keys.api', params: [['__method[]', 'DELETE'], ['id[]', '1']] } },
      { ns: 'wbka', type: 'db', store: 'sessionLog', op: 'clear', args: [{ host: location.host, database: 'x' }] },
    ];
    for (const shape of shapes) {
      window.postMessage(shape, '*');
      window.postMessage(JSON.stringify(shape), '*');
      document.dispatchEvent(new CustomEvent('wbka', { detail: shape }));
      document.dispatchEvent(new CustomEvent('wbka:message', { detail: JSON.stringify(shape) }));
    }
  });
  // Let any (wrongly) listening code act before looking.
  await page.waitForTimeout(1000);
  await expect(panelLocator(page)).toBeVisible();
  expect(sim.requests.filter((r) => r.effectiveMethod === 'PUT')).toEqual([]);
  expect(await workerStorage(extensionWorker, 'session')).toEqual(sessionBefore);
  expect(JSON.stringify(await workerStorage(extensionWorker, 'local'))).not.toContain('page-planted-key-123');
  expect(await dumpExtensionDatabase(extensionWorker)).toBe(dbBefore);
  expect(pageProblems).toEqual([]);
});

// FIXME(security, low): any page script can switch the assistant off for the rest of the page's life with
// `document.dispatchEvent(new CustomEvent('wbka:takeover', { detail: 'x' }))`: src/content/index.ts (lines ~52-60)
// shuts down whenever a takeover event carries another instance id, and page scripts can dispatch it (verified:
// the panel goes and Alt+Shift+K no longer opens it). A hostile page can then hide the assistant's warnings.
// Fix in src/content/index.ts: do not trust the event's detail; on a takeover event, shut down only if this
// copy's extension context is dead (`!isExtensionContextAlive()`) or if a marker in the isolated world's own
// global (e.g. `globalThis.__wbkaInstance`, set by each copy at start; page scripts cannot see or set it) names
// another instance. Remove `.fixme` when fixed.
test('a page script cannot switch the assistant off with the takeover event', async ({ page, sim }) => {
  await openApiKeysView(page, sim.url);
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('wbka:takeover', { detail: 'page-script' })));
  await page.waitForTimeout(500);
  await expect(panelLocator(page)).toBeVisible();
  await page.keyboard.press('Alt+Shift+K');
  await expect(page.locator('wbka-assistant')).toHaveCount(0);
  await page.keyboard.press('Alt+Shift+K');
  await expect(panelLocator(page)).toBeVisible();
});

test('the panel is in a shadow root, and the page’s light DOM holds no secret and no data of ours', async ({ page, sim }) => {
  await openApiKeysView(page, sim.url);
  await expect(page.locator(tid('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  const layout = await page.evaluate(() => {
    const host = document.querySelector('wbka-assistant');
    return {
      hostAttributes: host ? host.getAttributeNames().sort() : null,
      inShadow: host?.shadowRoot?.querySelector('[data-testid="wbka-panel"]') !== null,
      inLightDom: document.querySelector('[data-testid="wbka-panel"]') !== null,
      lightText: host?.textContent ?? '',
    };
  });
  // Only a marker and inline style on the host; everything else is inside its shadow root.
  expect(layout).toEqual({ hostAttributes: ['data-wbka-host', 'style'], inShadow: true, inLightDom: false, lightText: '' });

  // No attribute anywhere (light DOM or our shadow roots) carries a secret value.
  const secrets = [...[...sim.state.apiKeys.values()].map((k) => k.secret), sim.admin.apiKey].filter((s) => s.length > 0);
  const attributes = await page.evaluate(() => {
    const values: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        for (const name of element.getAttributeNames()) values.push(`${name}=${element.getAttribute(name)}`);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return values.join('\n');
  });
  expect(attributes.length).toBeGreaterThan(1000);
  expect(secrets.filter((secret) => attributes.includes(secret))).toEqual([]);
});

test('from the content script: storage.session (API keys) is out of reach, and each Workbooks host sees only its own key and records', async ({ context, page, sim, extensionWorker, extensionId }) => {
  const hostA = sim.url; // http://127.0.0.1:PORT
  const hostB = sim.url.replace('127.0.0.1', 'localhost'); // the same simulator, another host of the test build
  const hostAName = new URL(hostA).host;
  const hostBName = new URL(hostB).host;

  await openApiKeysView(page, hostA);
  const worldA = await ContentScriptWorld.attach(context, page, extensionId);

  // The admin's key goes in through the real panel (API-key mode, not remembered).
  const options = page.locator(tid('wbka-conn-options'));
  if (!(await options.isVisible())) await page.locator(tid('wbka-conn-options-toggle')).click();
  await page.locator(tid('wbka-conn-mode-api-key')).check();
  await page.locator(tid('wbka-conn-key')).fill(sim.admin.apiKey);
  await page.locator(tid('wbka-conn-save-key')).click();
  await expect(page.locator(tid('wbka-connection'))).toHaveAttribute('data-mode', 'api-key');
  await expect(page.locator(tid('wbka-connection'))).toHaveAttribute('data-status', 'connected');
  const session = await workerStorage(extensionWorker, 'session');
  expect(session[`apiKey:${new URL(hostA).origin}`]).toBe(sim.admin.apiKey);

  // storage.session keeps its default access level (trusted contexts): the content script cannot read it.
  const sessionRead = await worldA.evaluate<{ ok: boolean; text: string }>(
    `chrome.storage.session.get(null).then((v) => ({ ok: true, text: JSON.stringify(v) }), (e) => ({ ok: false, text: String(e && e.message || e) }))`,
  );
  expect(sessionRead.ok).toBe(false);
  expect(sessionRead.text).not.toContain(sim.admin.apiKey);
  expect(sessionRead.text).toMatch(/not allowed|access/i);
  // The worker never hands the key itself back: only a masked status.
  const status = await worldA.send({ ns: 'wbka', type: 'api-key-status' });
  expect(status).toEqual({ answered: true, value: { present: true, masked: `••••••••${sim.admin.apiKey.slice(-4)}`, remembered: false } });

  // Hostile calls from the real content script world get no answer and send nothing. Each carries a marker
  // parameter, so the panel's own reads (still going on) cannot be mistaken for them.
  for (const request of [
    { method: 'GET', path: `${hostA}/admin/api_keys.api`, params: [['marker', 'hostile-absolute']] },
    { method: 'GET', path: '//127.0.0.1/admin/api_keys.api', params: [['marker', 'hostile-protocol-relative']] },
    { method: 'GET', path: 'admin/../../__sim/state.api', params: [['marker', 'hostile-traversal']] },
    { method: 'GET', path: 'admin/api_keys.api', params: [['marker', 'hostile-smuggled'], ['api_key', 'smuggled-key-123']] },
  ]) {
    const reply = await worldA.send({ ns: 'wbka', type: 'api-send', requestId: 'hostile', request });
    expect(reply.answered, JSON.stringify(request)).toBe(false);
  }
  // The control: a well-formed request from the same world does reach the service, marker and all.
  const control = await worldA.send({ ns: 'wbka', type: 'api-send', requestId: 'control', request: { method: 'GET', path: 'admin/api_keys.api', params: [['marker', 'control'], ['_start', '0'], ['_limit', '1']] } });
  expect(control).toMatchObject({ answered: true, value: { ok: true, response: { status: 200 } } });
  expect(markedRequests(sim)).toEqual(['control: GET /admin/api_keys.api']);

  // Records of host A, written through the worker as the panel writes them.
  const scopeA = { host: hostAName, database: 'Simulated Workbooks Ltd' };
  const put = await worldA.send({ ns: 'wbka', type: 'db', store: 'journals', op: 'put', args: [scopeA, 'bulk-security-a', 'running', { note: 'host A journal' }, new Date().toISOString()] });
  expect(put).toMatchObject({ answered: true, value: { ok: true } });
  await worldA.send({ ns: 'wbka', type: 'db', store: 'drafts', op: 'put', args: [scopeA, 42, { baseLockVersion: 1, fields: { name: 'host A draft' }, source: 'panel' }, new Date().toISOString()] });

  // ------------------------------------------------------------------ the same simulator as another host
  const pageB = await context.newPage();
  await openApiKeysView(pageB, hostB);
  const worldB = await ContentScriptWorld.attach(context, pageB, extensionId);
  expect(await worldB.send({ ns: 'wbka', type: 'api-key-status' })).toEqual({ answered: true, value: { present: false, masked: null, remembered: false } });
  // Host A's key is never used for host B: API-key mode on B has no key.
  const sendB = await worldB.send({ ns: 'wbka', type: 'api-send', requestId: 'b1', request: { method: 'GET', path: 'admin/api_keys.api', params: [['marker', 'host-b']] } });
  expect(sendB).toMatchObject({ answered: true, value: { ok: false, error: { kind: 'auth', failureReason: 'no_api_key' } } });
  expect(markedRequests(sim)).toEqual(['control: GET /admin/api_keys.api']);

  const refusal = { answered: true, value: { ok: false, error: 'A page may only use its own host’s records.' } };
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'journals', op: 'get', args: ['bulk-security-a'] })).toEqual(refusal);
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'journals', op: 'remove', args: ['bulk-security-a'] })).toEqual(refusal);
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'drafts', op: 'list', args: [scopeA] })).toEqual(refusal);
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'journals', op: 'list', args: [scopeA] })).toEqual(refusal);
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'auditCache', op: 'get', args: [scopeA] })).toEqual(refusal);
  // Its own scope is served, and holds none of A's records.
  const scopeB = { host: hostBName, database: 'Simulated Workbooks Ltd' };
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'drafts', op: 'list', args: [scopeB] })).toEqual({ answered: true, value: { ok: true, value: [] } });
  expect(await worldB.send({ ns: 'wbka', type: 'db', store: 'journals', op: 'list', args: [scopeB] })).toEqual({ answered: true, value: { ok: true, value: [] } });
  // A's records are intact.
  const db = await dumpExtensionDatabase(extensionWorker);
  expect(db).toContain('host A journal');
  expect(db).toContain('host A draft');
});

// -------------------------------------------------------------------------------- another extension

/** A second extension whose worker tries to talk to ours (it learns our id from the test). */
function writeHostileExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbka-hostile-ext-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'Hostile probe', version: '1.0', background: { service_worker: 'probe.js' }, host_permissions: ['http://127.0.0.1/*'] }),
  );
  writeFileSync(
    join(dir, 'probe.js'),
    `self.probe = async (targetId, messages) => {
       const results = [];
       for (const message of messages) {
         results.push(await chrome.runtime.sendMessage(targetId, message).then((value) => ({ answered: value !== undefined, value }), (error) => ({ answered: false, error: String(error && error.message || error) })));
       }
       return results;
     };`,
  );
  return dir;
}

const withHostileExtension = base.extend<{ hostileDir: string; hostileWorker: Worker }>({
  // eslint-disable-next-line no-empty-pattern
  hostileDir: async ({}, use) => {
    const dir = writeHostileExtension();
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ hostileDir, pageProblems }, use) => {
    const profile = mkdtempSync(join(tmpdir(), 'wbka-e2e-'));
    const args = chromiumArgs(TEST_BUILD_DIR).map((arg) =>
      arg.startsWith('--disable-extensions-except=') || arg.startsWith('--load-extension=') ? `${arg},${hostileDir}` : arg,
    );
    const context = await chromium.launchPersistentContext(profile, { executablePath: requireChromium(), headless: true, args });
    context.on('page', (page) => page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`)));
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  },
  extensionWorker: async ({ context }, use) => {
    const isOurs = (w: Worker) => w.url().endsWith('/service-worker-loader.js');
    let worker = context.serviceWorkers().find(isOurs);
    while (!worker) {
      const next = await context.waitForEvent('serviceworker');
      if (isOurs(next)) worker = next;
    }
    await use(worker);
  },
  hostileWorker: async ({ context }, use) => {
    const isProbe = (w: Worker) => w.url().endsWith('/probe.js');
    let worker = context.serviceWorkers().find(isProbe);
    while (!worker) {
      const next = await context.waitForEvent('serviceworker');
      if (isProbe(next)) worker = next;
    }
    await use(worker);
  },
});

withHostileExtension('another installed extension cannot drive our worker', async ({ page, sim, extensionWorker, extensionId, hostileWorker }) => {
  await openApiKeysView(page, sim.url);
  const sessionBefore = await workerStorage(extensionWorker, 'session');
  const dbBefore = await dumpExtensionDatabase(extensionWorker);
  const messages: unknown[] = [
    { ns: 'wbka', type: 'api-key-status' },
    { ns: 'wbka', type: 'api-key-set', apiKey: 'hostile-extension-key', remember: true },
    { ns: 'wbka', type: 'api-send', requestId: 'h', request: { method: 'GET', path: 'admin/api_keys.api', params: [['marker', 'other-extension']] } },
    { ns: 'wbka', type: 'db', store: 'journals', op: 'list', args: [{ host: new URL(sim.url).host, database: 'Simulated Workbooks Ltd' }] },
    { ns: 'wbka', type: 'reminder-take-audit-filter' },
  ];
  const results = await hostileWorker.evaluate(
    ({ target, sent }) => (globalThis as unknown as { probe(id: string, m: unknown[]): Promise<Array<{ answered: boolean; error?: string }>> }).probe(target, sent),
    { target: extensionId, sent: messages },
  );
  expect(results).toHaveLength(5);
  // Our worker has no onMessageExternal listener: the browser finds no receiver for another extension.
  for (const result of results) expect(result.answered).toBe(false);
  expect(results.every((r) => /receiving end does not exist|could not establish connection/i.test(r.error ?? ''))).toBe(true);
  expect(markedRequests(sim)).toEqual([]);
  expect(await workerStorage(extensionWorker, 'session')).toEqual(sessionBefore);
  expect(JSON.stringify(await workerStorage(extensionWorker, 'local'))).not.toContain('hostile-extension-key');
  expect(await dumpExtensionDatabase(extensionWorker)).toBe(dbBefore);
});
