/**
 * Two tabs of the same Workbooks host, one bulk edit, in real Chromium against the simulator. Tab A applies
 * slowly; tab B opens Bulk edit meanwhile: it says the edit is running in another tab and keeps Resume and Undo
 * disabled (the journal's Web Lock is A's), then, when A lets go, shows the edit finished with Undo available.
 * B then undoes it while A, idle on the same journal, says so and keeps its own Undo disabled until B is done.
 * The simulator's request log must show every key written exactly once per step, and its state must match.
 */
import type { Page } from '@playwright/test';
import { expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';
import type { RecordedRequest } from '../workbooks-sim/types';
import { ipListFor, writableKeyIds } from '../workbooks-sim/seeded-keys';

test.use({ simOptions: { seed: 5, keys: 300, users: 60 } });

const OLD = '2.250.250.10';
const NEW = '2.250.251.20';
const KEY_PATH = '/admin/api_keys.api';
const KEYS = 250;
const LOCKED_MESSAGE = 'This bulk edit is running in another tab. Its progress appears here when it finishes.';
const tid = (id: string) => `[data-testid="${id}"]`;

const idsOf = (request: RecordedRequest): number[] => request.params.filter(([name]) => name === 'id[]').map(([, value]) => Number(value));
const keyWrites = (sim: SimHandle): RecordedRequest[] => sim.requests.filter((r) => r.effectiveMethod === 'PUT' && r.path === KEY_PATH);
const lockVersions = (sim: SimHandle, ids: readonly number[]) => new Map(ids.map((id) => [id, sim.state.apiKeys.get(id)!.lockVersion]));

async function settled(sim: SimHandle): Promise<void> {
  await expect.poll(() => sim.requests.filter((r) => r.status === 0).length, { timeout: 20_000 }).toBe(0);
}

/** Every key sent exactly once in this step (both tabs' requests together), each answered, and written once. */
function expectEachKeyWrittenOnce(sim: SimHandle, ids: readonly number[], before: ReadonlyMap<number, number>): void {
  const writes = keyWrites(sim);
  expect(writes.map((request) => request.status).filter((status) => status !== 200)).toEqual([]);
  const sent = writes.flatMap(idsOf);
  expect(sent.length, 'keys sent more than once').toBe(new Set(sent).size);
  expect([...sent].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  const notOnce = ids.filter((id) => sim.state.apiKeys.get(id)!.lockVersion !== before.get(id)! + 1);
  expect(notOnce, 'keys whose lock_version did not move by exactly one').toEqual([]);
}

function expectState(sim: SimHandle, ids: readonly number[], address: string): void {
  const wrong = ids.filter((id) => sim.state.apiKeys.get(id)!.permittedIps !== ipListFor(id, address));
  expect(wrong, `keys not holding ${address}`).toEqual([]);
}

async function openBulkTab(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-bulk')).click();
  await expect(page.locator(tid('bulk-tab'))).toBeVisible();
}

test('two tabs on one bulk edit: one runs it, the other waits with its buttons disabled, then offers Undo', async ({ context, page, sim, pageProblems }) => {
  test.setTimeout(240_000);
  const ids = writableKeyIds(sim, KEYS);
  for (const id of ids) sim.modifyRecord('apiKey', id, { permittedIps: ipListFor(id, OLD) });

  // ------------------------------------------------------------------------------------ tab A: plan, apply slowly
  await openBulkTab(page, sim);
  await expect(page.locator(tid('bulk-find'))).toBeEnabled({ timeout: 30_000 });
  await page.locator(tid('bulk-query-address')).fill(OLD);
  await page.locator(tid('bulk-query-exact')).check();
  await page.locator(tid('bulk-find')).click();
  await expect(page.locator(tid('bulk-selected-count'))).toHaveText(`${KEYS} of ${KEYS} keys selected`);
  await page.locator(tid('bulk-op-from')).fill(OLD);
  await page.locator(tid('bulk-op-to')).fill(NEW);
  await expect(page.locator(tid('bulk-total-changed'))).toHaveText(`${KEYS} to change`);

  // Three batches, each answered after 4 s: A is still applying while B opens.
  sim.setFaults('latency@path=admin/api_keys.api&method=PUT:4000');
  sim.clearRequests();
  let before = lockVersions(sim, ids);
  await page.locator(tid('bulk-apply')).click();
  await expect(page.locator(tid('bulk-progress'))).toBeVisible();
  await expect.poll(() => keyWrites(sim).length, { timeout: 20_000 }).toBe(1);

  // ------------------------------------------------------------------------------------ tab B: locked
  const second = await context.newPage();
  await openBulkTab(second, sim);
  const banner = second.locator(tid('bulk-interrupted'));
  await expect(banner.locator(tid('bulk-locked'))).toHaveText(LOCKED_MESSAGE, { timeout: 30_000 });
  await expect(banner).toContainText('A bulk edit is running in another tab');
  await expect(banner).toContainText(`Replace ${OLD} with ${NEW}`);
  await expect(banner.locator(tid('bulk-resume'))).toBeDisabled();
  await expect(banner.locator(tid('bulk-interrupted-undo'))).toBeDisabled();
  // All of that while A was still applying (its last batch not answered yet), and A never says it is locked.
  expect(keyWrites(sim).filter((request) => request.status === 200).length).toBeLessThan(3);
  await expect(page.locator(tid('bulk-progress'))).toBeVisible();
  await expect(page.locator(tid('bulk-locked'))).toHaveCount(0);

  // ------------------------------------------------------------------------------------ A finishes; B offers Undo
  await expect(page.locator(tid('bulk-run-done'))).toHaveText(`Done: ${KEYS} keys saved.`, { timeout: 60_000 });
  const finished = second.locator(tid('bulk-elsewhere'));
  await expect(finished).toContainText('A bulk edit finished in another tab', { timeout: 20_000 });
  await expect(finished.locator(tid('bulk-elsewhere-counts'))).toHaveText(`${KEYS} saved, 0 undone, of ${KEYS} keys`);
  await expect(finished.locator(tid('bulk-elsewhere-undo'))).toBeEnabled();
  await expect(second.locator(tid('bulk-interrupted'))).toHaveCount(0);
  await expect(second.locator(tid('bulk-locked'))).toHaveCount(0);
  await settled(sim);
  expect(keyWrites(sim).map((request) => idsOf(request).length)).toEqual([100, 100, 50]);
  expectEachKeyWrittenOnce(sim, ids, before);
  expectState(sim, ids, NEW);

  // ------------------------------------------------------------------------------------ B undoes; A waits
  sim.clearRequests();
  before = lockVersions(sim, ids);
  await finished.locator(tid('bulk-elsewhere-undo')).click();
  await expect(second.locator(tid('bulk-undo-summary'))).toContainText(`${KEYS} keys still hold what this edit wrote`, { timeout: 30_000 });
  await second.locator(tid('bulk-undo-confirm')).click();
  await expect(second.locator(tid('bulk-progress'))).toBeVisible();
  // A, idle on the journal it applied, finds B's lock on its next look: says so, Undo disabled.
  await expect(page.locator(tid('bulk-locked'))).toHaveText(LOCKED_MESSAGE, { timeout: 20_000 });
  await expect(page.locator(tid('bulk-undo'))).toBeDisabled();
  await expect(second.locator(tid('bulk-run-done'))).toHaveText(`Undo finished: ${KEYS} keys restored, 0 left unchanged.`, { timeout: 60_000 });
  // Let go: A reads the journal again and shows it undone; nothing left to undo.
  await expect(page.locator(tid('bulk-locked'))).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator(tid('bulk-run-summary'))).toHaveText(`Restored: ${KEYS}`);
  await expect(page.locator(tid('bulk-undo'))).toHaveCount(0);
  // Its progress was shown in place: a new edit in A does not bring it back as a "finished elsewhere" banner.
  await page.locator(tid('bulk-new')).click();
  await expect(page.locator(tid('bulk-find'))).toBeVisible();
  await expect(page.locator(tid('bulk-elsewhere'))).toHaveCount(0);
  await settled(sim);
  expectEachKeyWrittenOnce(sim, ids, before);
  expectState(sim, ids, OLD);
  expect(pageProblems).toEqual([]);
});
