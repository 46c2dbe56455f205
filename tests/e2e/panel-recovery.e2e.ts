/**
 * Nothing is lost and nothing is overwritten silently: a concurrent change between open and save leads to the
 * conflict view and then to a correct save (or a conscious discard); a reload mid-edit offers the draft back;
 * a session that expires mid-save keeps the draft, says how to recover, and the save works after signing in
 * again and pressing Reconnect. Every check is against the simulator's real state and the page's IndexedDB.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, panelLocator, readExtensionStore, test } from './harness';
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

async function openKey(page: Page, id: number): Promise<void> {
  await expect(page.locator(sel('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  await page.locator(`${sel('wbka-key-row')}[data-key-id="${id}"]`).click();
  await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
}

function ordinaryKeyId(sim: SimHandle, skip: number[] = []): number {
  for (const key of sim.state.apiKeys.values()) {
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    if (key.id !== 1 && !skip.includes(key.id) && !key.isDeleted && user && !user.isDeleted && user.loginEnabled && user.edition !== 'No Edition (login denied)' && /^[\w .-]+$/.test(key.name)) {
      return key.id;
    }
  }
  throw new Error('no ordinary key in the seed');
}

function londonDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

interface StoredDraft {
  keyId: string;
  baseLockVersion: number | null;
  fields: Record<string, unknown>;
  source: string;
}

/** The drafts in the extension's IndexedDB (the worker owns the stores). */
function readDrafts(worker: Worker): Promise<StoredDraft[]> {
  return readExtensionStore<StoredDraft>(worker, 'drafts');
}

async function conflictBetweenOpenAndSave({ page, sim, extensionWorker }: { page: Page; sim: SimHandle; extensionWorker: Worker }): Promise<void> {
  await openApiKeysPage(page, sim);
  const id = ordinaryKeyId(sim);
  const original = structuredClone(sim.state.apiKeys.get(id)!);
  await openKey(page, id);
  await page.locator(sel('wbka-editor-description')).fill('My description');
  await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.77');

  // Sam Taylor saves the same key meanwhile.
  sim.modifyRecord('apiKey', id, { description: 'Their description' });
  const remote = structuredClone(sim.state.apiKeys.get(id)!);
  expect(remote.lockVersion).toBe(original.lockVersion + 1);

  await page.locator(sel('wbka-editor-save')).click();
  const conflict = page.locator(sel('wbka-conflict'));
  await expect(conflict).toBeVisible();
  await expect(conflict).toBeFocused();
  await expect(page.locator('.wbka-editor__form')).toBeHidden();
  // Nothing was written: the stale save failed and the state is Sam's.
  expect(sim.state.apiKeys.get(id)).toEqual(remote);

  const description = page.locator(sel('wbka-conflict-field-description'));
  await expect(description).toHaveAttribute('data-state', 'both-differ');
  await expect(description.locator(sel('wbka-conflict-theirs'))).toHaveText('Their description');
  await expect(description.locator(sel('wbka-conflict-mine'))).toHaveText('My description');
  const ips = page.locator(sel('wbka-conflict-field-permittedIps'));
  await expect(ips).toHaveAttribute('data-state', 'mine');
  await expect(ips.locator(sel('wbka-conflict-mine'))).toHaveText('81.2.69.77');
  await expect(page.locator(sel('wbka-conflict-field-name'))).toHaveCount(0);

  // Keep their description, re-apply my IP list.
  await description.getByRole('checkbox').uncheck();
  sim.clearRequests();
  await page.locator(sel('wbka-conflict-reapply')).click();
  await expect(page.locator(sel('wbka-saved'))).toBeVisible();
  const saved = sim.state.apiKeys.get(id)!;
  expect(saved).toEqual({ ...remote, permittedIps: '81.2.69.77', lockVersion: remote.lockVersion + 1, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy });
  // The save used the fresh lock_version.
  const write = sim.requests.find((r) => r.effectiveMethod === 'PUT');
  expect(write?.params).toContainEqual(['lock_version[]', String(remote.lockVersion)]);
  await expect(page.locator(sel('wbka-editor-description'))).toHaveValue('Their description');
  expect(await readDrafts(extensionWorker)).toEqual([]);

  // The Activity tab shows the conflict and then the save.
  await page.locator(sel('wbka-tab-activity')).click();
  const entries = page.locator(sel('wbka-activity-entry'));
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toHaveAttribute('data-outcome', 'saved');
  await expect(entries.nth(1)).toHaveAttribute('data-outcome', 'conflict');
}

test.describe('conflicts', () => {
  test('a change made elsewhere between open and save: compare, choose per field, save onto the fresh version', conflictBetweenOpenAndSave);

  test('the conflict@id fault: re-apply and save; a second conflict can be discarded consciously', async ({ page, sim, extensionWorker }) => {
    const id = ordinaryKeyId(sim);
    sim.setFaults(`conflict@id=${id}`);
    await openApiKeysPage(page, sim);
    const original = structuredClone(sim.state.apiKeys.get(id)!);
    await openKey(page, id);
    const until = londonDatePlus(45);
    await page.locator(sel('wbka-editor-until')).fill(until);
    await page.locator(sel('wbka-editor-save')).click();
    await expect(page.locator(sel('wbka-conflict'))).toBeVisible();
    await expect(page.locator(sel('wbka-conflict-field-description'))).toHaveAttribute('data-state', 'theirs');
    await expect(page.locator(sel('wbka-conflict-field-until'))).toHaveAttribute('data-state', 'mine');
    await page.locator(sel('wbka-conflict-reapply')).click();
    await expect(page.locator(sel('wbka-saved'))).toBeVisible();
    const saved = sim.state.apiKeys.get(id)!;
    expect(saved.description).toBe(`${original.description ?? ''} (edited elsewhere)`);
    expect(saved.until).toBe(until);
    expect(saved.lockVersion).toBe(original.lockVersion + 2);
    expect({ ...saved, description: original.description, until: original.until, lockVersion: original.lockVersion, updatedAt: 0, updatedBy: 0 }).toEqual({ ...original, updatedAt: 0, updatedBy: 0 });

    // Another change elsewhere, and this time the admin discards their edit.
    await page.locator(sel('wbka-editor-capabilities')).fill('crm_people');
    sim.modifyRecord('apiKey', id, { name: 'Renamed elsewhere' });
    const remote = structuredClone(sim.state.apiKeys.get(id)!);
    await page.locator(sel('wbka-editor-save')).click();
    await expect(page.locator(sel('wbka-conflict'))).toBeVisible();
    await page.locator(sel('wbka-conflict-discard')).click();
    await expect(page.locator(sel('wbka-conflict'))).toHaveCount(0);
    await expect(page.locator(sel('wbka-editor-name'))).toHaveValue('Renamed elsewhere');
    await expect(page.locator(sel('wbka-editor-capabilities'))).toHaveValue(remote.capabilities ?? '');
    expect(sim.state.apiKeys.get(id)).toEqual(remote);
    await expect.poll(() => readDrafts(extensionWorker)).toEqual([]);
  });
});

async function reloadMidEdit({ page, sim, extensionWorker }: { page: Page; sim: SimHandle; extensionWorker: Worker }): Promise<void> {
  await openApiKeysPage(page, sim);
  const id = ordinaryKeyId(sim);
  const original = structuredClone(sim.state.apiKeys.get(id)!);
  await openKey(page, id);
  await page.locator(sel('wbka-editor-description')).fill('Typed before the reload');
  await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.88, 81.2.70.0/24');
  await expect
    .poll(async () => (await readDrafts(extensionWorker)).map((d) => ({ keyId: d.keyId, base: d.baseLockVersion, ips: d.fields.permittedIps, description: d.fields.description })))
    .toEqual([{ keyId: String(id), base: original.lockVersion, ips: '81.2.69.88, 81.2.70.0/24', description: 'Typed before the reload' }]);

  await page.reload();
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-status', 'connected');
  // The list names the unsaved change; opening the key offers it back.
  const draftLink = page.locator(`${sel('wbka-list-draft')}[data-key-id="${id}"]`);
  await expect(draftLink).toBeVisible();
  await draftLink.click();
  await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
  await expect(page.locator(sel('wbka-draft-offer'))).toContainText('Restore your unsaved changes from');
  await expect(page.locator(sel('wbka-editor-description'))).toHaveValue(original.description ?? '');
  await page.locator(sel('wbka-draft-restore')).click();
  await expect(page.locator(sel('wbka-editor-description'))).toHaveValue('Typed before the reload');
  await expect(page.locator(sel('wbka-editor-permittedIps'))).toHaveValue('81.2.69.88, 81.2.70.0/24');
  await page.locator(sel('wbka-editor-save')).click();
  await expect(page.locator(sel('wbka-saved'))).toBeVisible();
  const saved = sim.state.apiKeys.get(id)!;
  expect(saved).toEqual({ ...original, description: 'Typed before the reload', permittedIps: '81.2.69.88, 81.2.70.0/24', lockVersion: original.lockVersion + 1, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy });
  // A successful save clears the draft.
  await expect.poll(() => readDrafts(extensionWorker)).toEqual([]);
}

test.describe('drafts', () => {
  test('reload mid-edit: the draft is offered back, restored, and saved', reloadMidEdit);

  test('a new key survives a reload too, and Discard drops a draft for good', async ({ page, sim, extensionWorker }) => {
    await openApiKeysPage(page, sim);
    await expect(page.locator(sel('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
    await page.locator(sel('wbka-new-key')).click();
    await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
    await page.locator(sel('wbka-editor-name')).fill('Half-typed new key');
    await expect.poll(async () => (await readDrafts(extensionWorker)).map((d) => [d.keyId, d.fields.name])).toEqual([['new', 'Half-typed new key']]);
    await page.reload();
    await expect(panelLocator(page)).toBeVisible();
    const draftLink = page.locator(`${sel('wbka-list-draft')}[data-key-id="new"]`);
    await expect(draftLink).toBeVisible();
    await draftLink.click();
    await expect(page.locator(sel('wbka-draft-offer'))).toBeVisible();
    await page.locator(sel('wbka-draft-discard')).click();
    await expect(page.locator(sel('wbka-editor-name'))).toHaveValue('');
    await expect.poll(() => readDrafts(extensionWorker)).toEqual([]);
  });

  test('session expiry mid-save: clear message, draft kept, save succeeds after signing in again and Reconnect', async ({ page, sim, context, extensionWorker }) => {
    await openApiKeysPage(page, sim);
    const id = ordinaryKeyId(sim);
    const original = structuredClone(sim.state.apiKeys.get(id)!);
    await openKey(page, id);
    await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.99');
    await page.locator(sel('wbka-editor-description')).fill('Saved after signing in again');

    sim.expireSessions();
    await page.locator(sel('wbka-editor-save')).click();
    const error = page.locator(sel('wbka-editor-error'));
    await expect(error).toContainText('session_expired');
    await expect(error).toContainText('kept as a draft');
    await expect(error).toContainText('Reconnect');
    await expect(page.locator(sel('wbka-conn-problem'))).toContainText('Sign in again');
    await expect(page.locator(sel('wbka-editor-save'))).toBeDisabled();
    await expect(page.locator(sel('wbka-editor-cannot-save'))).toBeVisible();
    expect(sim.state.apiKeys.get(id)).toEqual(original);
    const drafts = await readDrafts(extensionWorker);
    expect(drafts.map((d) => [d.keyId, d.fields.permittedIps, d.baseLockVersion])).toEqual([[String(id), '81.2.69.99', original.lockVersion]]);

    // Sign in again in another tab (the simulator's sign-in page), then Reconnect here.
    const signIn = await context.newPage();
    await signIn.goto(`${sim.url}/login`);
    await signIn.locator('#wb-login-username').fill(sim.admin.username);
    await signIn.locator('#wb-login-password').fill(sim.admin.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.waitForURL(/\/desktop\//);
    await signIn.close();

    await page.bringToFront();
    await page.locator(sel('wbka-reconnect')).click();
    await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-can-write', 'true');
    await expect(page.locator(sel('wbka-conn-problem'))).toHaveCount(0);
    // The edit is still in the form: Save now works with the new session's token.
    await expect(page.locator(sel('wbka-editor-permittedIps'))).toHaveValue('81.2.69.99');
    sim.clearRequests();
    await page.locator(sel('wbka-editor-save')).click();
    await expect(page.locator(sel('wbka-saved'))).toBeVisible();
    const saved = sim.state.apiKeys.get(id)!;
    expect(saved).toEqual({ ...original, permittedIps: '81.2.69.99', description: 'Saved after signing in again', lockVersion: original.lockVersion + 1, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy });
    expect(sim.requests.filter((r) => r.effectiveMethod === 'PUT').map((r) => [r.auth, r.status])).toEqual([['session', 200]]);
    await expect.poll(() => readDrafts(extensionWorker)).toEqual([]);

    await page.locator(sel('wbka-tab-activity')).click();
    const entries = page.locator(sel('wbka-activity-entry'));
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toHaveAttribute('data-outcome', 'saved');
    await expect(entries.nth(1)).toHaveAttribute('data-outcome', 'failed');
    await expect(entries.nth(1)).toContainText('session_expired');
  });
});

test.describe('the alt schema variant', () => {
  test.use({ simOptions: { schema: 'alt' } });

  test('conflict between open and save, then a correct save', conflictBetweenOpenAndSave);
  test('reload mid-edit restores the draft', reloadMidEdit);
});
