/**
 * The panel's key editor saves through the Workbooks API, in API-key mode and in session mode, for both schema
 * variants: the simulator's state afterwards is exactly what was saved (and only the changed fields were sent),
 * a new key's secret is shown masked with explicit Reveal/Copy, every save lands in the Activity tab, and no
 * secret key value reaches IndexedDB, storage.local or the console.
 */
import type { Page, Worker } from '@playwright/test';
import { dumpExtensionDatabase, expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';

const EDITOR = '[data-testid="wbka-editor"]';

function sel(testId: string): string {
  return `[data-testid="${testId}"]`;
}

async function openApiKeysPage(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-status', 'connected');
}

async function useApiKeyMode(page: Page, apiKey: string, remember: boolean): Promise<void> {
  const options = page.locator(sel('wbka-conn-options'));
  if (!(await options.isVisible())) await page.locator(sel('wbka-conn-options-toggle')).click();
  await page.locator(sel('wbka-conn-mode-api-key')).check();
  await expect(page.locator(sel('wbka-conn-key'))).toBeVisible();
  await page.locator(sel('wbka-conn-key')).fill(apiKey);
  if (remember) await page.locator(sel('wbka-conn-remember')).check();
  await page.locator(sel('wbka-conn-save-key')).click();
  const bar = page.locator(sel('wbka-connection'));
  await expect(bar).toHaveAttribute('data-mode', 'api-key');
  await expect(bar).toHaveAttribute('data-status', 'connected');
  await expect(bar).toHaveAttribute('data-can-write', 'true');
  // Never shown again in full: the field is empty and only the masked form appears.
  await expect(page.locator(sel('wbka-conn-key'))).toHaveValue('');
  await expect(page.locator(sel('wbka-conn-stored-key'))).toContainText(`••••••••${apiKey.slice(-4)}`);
}

async function openKey(page: Page, id: number): Promise<void> {
  await expect(page.locator(sel('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  await page.locator(`${sel('wbka-key-row')}[data-key-id="${id}"]`).click();
  await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
}

/** A key whose user can log in, other than the administrator's own key. */
function ordinaryKeyId(sim: SimHandle): number {
  for (const key of sim.state.apiKeys.values()) {
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    if (key.id !== 1 && !key.isDeleted && user && !user.isDeleted && user.loginEnabled && user.edition !== 'No Edition (login denied)' && /^[\w .-]+$/.test(key.name)) return key.id;
  }
  throw new Error('no ordinary key in the seed');
}

function londonDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function writesTo(sim: SimHandle): Array<{ params: Array<[string, string]>; auth: string; status: number }> {
  const path = `${sim.schema.apiKeyType.controller_path}.api`;
  return sim.requests.filter((r) => r.effectiveMethod === 'PUT' && r.path.replace(/^\//, '') === path);
}

async function editAndSave(page: Page, sim: SimHandle, id: number) {
  const before = structuredClone(sim.state.apiKeys.get(id)!);
  const until = londonDatePlus(60);
  await page.locator(sel('wbka-editor-description')).fill('Rotated by the panel test');
  await page.locator(sel('wbka-editor-until')).fill(until);
  await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.16-23; 81.2.69.40');
  // The IP engine points at the range and the separator as the admin types; each Fix rewrites the field.
  const findings = page.locator(sel('wbka-findings-permittedIps'));
  await expect(findings.locator('[data-code="range"]')).toBeVisible();
  await expect(findings.locator('[data-code="separator"]')).toBeVisible();
  await expect(page.locator(sel('wbka-editor-summary'))).toHaveAttribute('data-errors', '2');
  await findings.locator('[data-code="range"]').locator(sel('wbka-fix')).click();
  await expect(page.locator(sel('wbka-editor-permittedIps'))).toHaveValue('81.2.69.16/29; 81.2.69.40');
  await findings.locator('[data-code="separator"]').locator(sel('wbka-fix')).click();
  await expect(page.locator(sel('wbka-editor-permittedIps'))).toHaveValue('81.2.69.16/29, 81.2.69.40');
  await expect(page.locator(sel('wbka-editor-summary'))).toHaveAttribute('data-errors', '0');
  sim.clearRequests();
  await page.locator(sel('wbka-editor-save')).click();
  await expect(page.locator(sel('wbka-editor-message'))).toBeVisible();
  await expect(page.locator(sel('wbka-saved'))).toBeVisible();

  const after = sim.state.apiKeys.get(id)!;
  expect(after).toEqual({
    ...before,
    description: 'Rotated by the panel test',
    until,
    permittedIps: '81.2.69.16/29, 81.2.69.40',
    lockVersion: before.lockVersion + 1,
    updatedAt: after.updatedAt,
    updatedBy: after.updatedBy,
  });
  // Only the changed fields went over the wire (the others were not sent at all).
  const writes = writesTo(sim);
  expect(writes).toHaveLength(1);
  const sentFields = writes[0]!.params.map(([name]) => name).filter((name) => name.endsWith('[]') && !['__method[]', 'id[]', 'lock_version[]', '_ff[]', '_ft[]', '_fc[]'].includes(name));
  const fields = sim.schema.apiKeyType.fields;
  const wire = (role: string) => `${fields.find((f) => f.role === role)!.name}[]`;
  expect(sentFields.sort()).toEqual([wire('description'), wire('until'), wire('permittedIps')].sort());
  // The panel shows the saved state as read back.
  await expect(page.locator(sel('wbka-saved-permittedIps'))).toHaveText('81.2.69.16/29, 81.2.69.40');
  return { before, after, writes };
}

/** Every place a secret must never reach: the extension's IndexedDB, the page origin's, and storage.local. */
async function secretsInStorage(page: Page, worker: Worker, secrets: string[]) {
  // The stores live in the extension's origin (the worker owns them)…
  const extensionDb = await dumpExtensionDatabase(worker);
  // …and the page's origin must hold nothing of ours at all.
  const pageDb = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        void indexedDB.databases().then((list) => {
          if (!list.some((db) => db.name === 'wbka')) {
            resolve('');
            return;
          }
          const open = indexedDB.open('wbka');
          open.onsuccess = () => {
            const db = open.result;
            const names = Array.from(db.objectStoreNames);
            if (names.length === 0) {
              resolve('');
              return;
            }
            const tx = db.transaction(names, 'readonly');
            const out: Record<string, unknown> = {};
            for (const name of names) {
              const all = tx.objectStore(name).getAll();
              all.onsuccess = () => {
                out[name] = all.result;
              };
            }
            tx.oncomplete = () => resolve(JSON.stringify(out));
          };
          open.onerror = () => resolve('');
        });
      }),
  );
  const local = JSON.stringify(await storageLocal(worker));
  return {
    extensionDb,
    pageDb,
    local,
    found: secrets.filter((secret) => extensionDb.includes(secret) || pageDb.includes(secret) || local.includes(secret)),
  };
}

test.describe('saving from the panel', () => {
  test('API-key mode: update a key, create a key with a masked secret, activity recorded, no secret stored', async ({ page, sim, extensionWorker, context }) => {
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    extensionWorker.on('console', (message) => consoleLines.push(message.text()));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sim.url });

    await openApiKeysPage(page, sim);
    await useApiKeyMode(page, sim.admin.apiKey, false);
    await expect(page.locator(sel('wbka-conn-user'))).toHaveText('Alex Morgan');

    const id = ordinaryKeyId(sim);
    await openKey(page, id);
    const { writes } = await editAndSave(page, sim, id);
    expect(writes[0]!.auth).toBe('api-key');

    // A new key: created with exactly what was typed; the secret is masked until Reveal.
    await page.locator(sel('wbka-editor-back')).click();
    await page.locator(sel('wbka-new-key')).click();
    await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
    const userId = sim.admin.userId;
    await expect(page.locator(`${sel('wbka-editor-user')} option[value="${userId}"]`)).toHaveCount(1);
    await page.locator(sel('wbka-editor-user')).selectOption(String(userId));
    await expect(page.locator(sel('wbka-user-hint'))).toContainText('can log in');
    await page.locator(sel('wbka-editor-name')).fill('Panel-created integration');
    await page.locator(sel('wbka-editor-description')).fill('Created from the panel');
    // until-missing offers a fix: set 90 days from today.
    const untilMissing = page.locator(`${sel('wbka-findings-until')} [data-code="until-missing"]`);
    await expect(untilMissing).toBeVisible();
    await untilMissing.locator(sel('wbka-fix')).first().click();
    await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.20');
    await page.locator(sel('wbka-editor-capabilities')).fill('crm_people');
    await expect(page.locator(sel('wbka-editor-summary'))).toHaveAttribute('data-errors', '0');
    const keysBefore = new Set(sim.state.apiKeys.keys());
    await page.locator(sel('wbka-editor-save')).click();
    await expect(page.locator(sel('wbka-saved'))).toBeVisible();
    const created = [...sim.state.apiKeys.values()].filter((k) => !keysBefore.has(k.id));
    expect(created).toHaveLength(1);
    const newKey = created[0]!;
    expect(newKey).toMatchObject({
      name: 'Panel-created integration',
      description: 'Created from the panel',
      accessAsUser: userId,
      validFrom: null,
      until: londonDatePlus(90),
      permittedIps: '81.2.69.20',
      capabilities: 'crm_people',
    });
    await expect(page.locator(EDITOR)).toHaveAttribute('data-key-id', String(newKey.id));
    const secretValue = page.locator(sel('wbka-secret-value'));
    await expect(secretValue).toHaveText(`••••••••${newKey.secret.slice(-4)}`);
    await expect(panelLocator(page)).not.toContainText(newKey.secret);
    await page.locator(sel('wbka-secret-reveal')).click();
    await expect(secretValue).toHaveText(newKey.secret);
    await page.locator(sel('wbka-secret-reveal')).click();
    await expect(secretValue).toHaveText(`••••••••${newKey.secret.slice(-4)}`);
    await page.locator(sel('wbka-secret-copy')).click();
    await expect(page.locator(sel('wbka-secret'))).toContainText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(newKey.secret);

    // Activity: both saves, newest first, with the fields and who; never a secret.
    await page.locator(sel('wbka-tab-activity')).click();
    const entries = page.locator(sel('wbka-activity-entry'));
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toHaveAttribute('data-action', 'create');
    await expect(entries.nth(0)).toHaveAttribute('data-key-id', String(newKey.id));
    await expect(entries.nth(1)).toHaveAttribute('data-action', 'update');
    await expect(entries.nth(1)).toHaveAttribute('data-key-id', String(id));
    await expect(entries.nth(1).locator(sel('wbka-activity-fields'))).toHaveText('Fields: Description, Until, Permitted IP addresses');
    await expect(entries.nth(1)).toContainText('by Alex Morgan');

    // No secret anywhere it must not be: every seeded secret, the created one, and the admin key (not remembered).
    const secrets = [...[...sim.state.apiKeys.values()].map((k) => k.secret), sim.admin.apiKey];
    const stored = await secretsInStorage(page, extensionWorker, secrets);
    expect(stored.found).toEqual([]);
    expect(stored.extensionDb).toContain('Panel-created integration'); // the probe really read the stores (activity)
    expect(stored.pageDb).toBe('');
    expect(consoleLines.filter((line) => secrets.some((secret) => line.includes(secret)))).toEqual([]);
  });

  test('session mode: save through the page session with its authenticity token', async ({ page, sim, extensionWorker }) => {
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await openApiKeysPage(page, sim);
    const bar = page.locator(sel('wbka-connection'));
    await expect(bar).toHaveAttribute('data-mode', 'session');
    await expect(bar).toHaveAttribute('data-can-write', 'true');
    await expect(page.locator(sel('wbka-conn-writes'))).toContainText('meta tag');
    await expect(page.locator(sel('wbka-conn-database'))).not.toHaveText('—');
    const id = ordinaryKeyId(sim);
    await openKey(page, id);
    const { writes } = await editAndSave(page, sim, id);
    expect(writes[0]!.auth).toBe('session');
    expect(writes[0]!.params.some(([name]) => name === '_authenticity_token')).toBe(true);

    const secrets = [...[...sim.state.apiKeys.values()].map((k) => k.secret), sim.admin.apiKey];
    const stored = await secretsInStorage(page, extensionWorker, secrets);
    expect(stored.found).toEqual([]);
    expect(consoleLines.filter((line) => secrets.some((secret) => line.includes(secret)))).toEqual([]);
  });

  test('remembered API key: kept in storage.local by request only, forgotten on Forget', async ({ page, sim, extensionWorker }) => {
    await openApiKeysPage(page, sim);
    await useApiKeyMode(page, sim.admin.apiKey, true);
    await expect(page.locator(sel('wbka-conn-stored-key'))).toContainText('remembered on this device');
    const local = () => storageLocal(extensionWorker).then((all) => JSON.stringify(all));
    expect(await local()).toContain(sim.admin.apiKey);
    await page.locator(sel('wbka-conn-forget')).click();
    await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-status', 'failed');
    await expect(page.locator(sel('wbka-conn-problem'))).toContainText('paste one below');
    expect(await local()).not.toContain(sim.admin.apiKey);
  });
});

test.describe('the alt schema variant', () => {
  test.use({ simOptions: { schema: 'alt' } });

  test('saves in API-key mode and in session mode the same way', async ({ page, sim }) => {
    expect(sim.schema.apiKeyType.controller_path).toBe('settings/integration_keys');
    await openApiKeysPage(page, sim);
    const id = ordinaryKeyId(sim);
    await openKey(page, id);
    const session = await editAndSave(page, sim, id);
    expect(session.writes[0]!.auth).toBe('session');

    await page.locator(sel('wbka-editor-back')).click();
    await useApiKeyMode(page, sim.admin.apiKey, false);
    await openKey(page, id);
    // A second edit in API-key mode, on the version the first save produced.
    await page.locator(sel('wbka-editor-name')).fill('Renamed through the alt schema');
    sim.clearRequests();
    await page.locator(sel('wbka-editor-save')).click();
    await expect(page.locator(sel('wbka-saved'))).toBeVisible();
    const after = sim.state.apiKeys.get(id)!;
    expect(after).toEqual({ ...session.after, name: 'Renamed through the alt schema', lockVersion: session.after.lockVersion + 1, updatedAt: after.updatedAt, updatedBy: after.updatedBy });
    const writes = writesTo(sim);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.auth).toBe('api-key');
    expect(writes[0]!.params.some(([name]) => name === 'key_label[]')).toBe(true);
  });
});

function storageLocal(extensionWorker: Worker): Promise<unknown> {
  return extensionWorker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }).chrome.storage.local.get(null));
}
