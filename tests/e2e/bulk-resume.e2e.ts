/**
 * Bulk edit end to end, in real Chromium against the simulator: replace an address on 250 keys with a 500 on one
 * write batch and two keys changed concurrently; the tab closes while the second batch is in flight (the service
 * applied it, the journal never heard back); a new tab resumes; then undo, with one key changed since.
 *
 * After each step the simulator's state must equal the expected state key by key, and its request log, replayed
 * with the service's lock_version rule, must show no key written twice within the step (and every change in the
 * state explained by the log).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Worker } from '@playwright/test';
import { expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';
import type { RecordedRequest } from '../workbooks-sim/types';
import { ipListFor, writableKeyIds } from '../workbooks-sim/seeded-keys';

test.use({ simOptions: { seed: 5, keys: 300, users: 60 } });

const OLD = '2.250.250.10';
const NEW = '2.250.251.20';
const KEY_PATH = '/admin/api_keys.api';
const tid = (id: string) => `[data-testid="${id}"]`;

function locksOf(sim: SimHandle): Map<number, number> {
  return new Map([...sim.state.apiKeys.values()].map((key) => [key.id, key.lockVersion]));
}

const idsOf = (request: RecordedRequest): number[] => request.params.filter(([name]) => name === 'id[]').map(([, value]) => Number(value));
const keyWrites = (sim: SimHandle): RecordedRequest[] => sim.requests.filter((r) => r.effectiveMethod === 'PUT' && r.path === KEY_PATH);

/**
 * Replays the step's answered key writes with the service's rule (a record is written when the lock_version it
 * sends is the key's current one). Each key may be written at most once, and the replay must end with the
 * state's own lock_versions: then the log accounts for every change the state shows.
 */
function expectNoKeyWrittenTwice(sim: SimHandle, startLocks: Map<number, number>): Map<number, number> {
  const locks = new Map(startLocks);
  const writes = new Map<number, number>();
  for (const request of keyWrites(sim)) {
    if (request.status !== 200) continue;
    const sent = request.params.filter(([name]) => name === 'lock_version[]').map(([, value]) => Number(value));
    idsOf(request).forEach((id, index) => {
      if (locks.get(id) !== sent[index]) return;
      locks.set(id, sent[index]! + 1);
      writes.set(id, (writes.get(id) ?? 0) + 1);
    });
  }
  const twice = [...writes].filter(([, count]) => count > 1).map(([id]) => id);
  expect(twice, 'keys written more than once in this step').toEqual([]);
  const unexplained = [...sim.state.apiKeys.values()].filter((key) => key.lockVersion !== locks.get(key.id)).map((key) => key.id);
  expect(unexplained, 'keys whose lock_version the request log does not explain').toEqual([]);
  return writes;
}

function expectState(sim: SimHandle, expected: ReadonlyMap<number, string>): void {
  const wrong = [...expected]
    .filter(([id, ips]) => sim.state.apiKeys.get(id)?.permittedIps !== ips)
    .map(([id, ips]) => `${id}: ${sim.state.apiKeys.get(id)?.permittedIps ?? 'null'} ≠ ${ips}`);
  expect(wrong, 'keys whose Permitted IP addresses differ from the expected state').toEqual([]);
}

/** Every request the simulator is still answering has been answered (a closed tab's requests included). */
async function settled(sim: SimHandle): Promise<void> {
  await expect.poll(() => sim.requests.filter((r) => r.status === 0).length, { timeout: 20_000 }).toBe(0);
}

async function openBulkTab(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-bulk')).click();
  await expect(page.locator(tid('bulk-tab'))).toBeVisible();
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include({ fromShadowDom: ['wbka-assistant', tid('bulk-tab')] }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`), 'serious or critical axe violations').toEqual([]);
}

interface ActivityEntry {
  action: string;
  keyName: string;
  fields: string[];
  outcome: string;
  detail?: string;
}

/** The extension's activity log, read where it lives: the worker's (extension-origin) IndexedDB. */
async function activityLog(worker: Worker): Promise<ActivityEntry[]> {
  return worker.evaluate(
    () =>
      new Promise<ActivityEntry[]>((resolve, reject) => {
        const open = indexedDB.open('wbka');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          try {
            const request = open.result.transaction('activity').objectStore('activity').getAll();
            request.onsuccess = () => resolve(request.result as ActivityEntry[]);
            request.onerror = () => reject(request.error);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
      }),
  );
}

test('replace on 250 keys: a 500, two concurrent changes, the tab closed mid-apply, resume, then undo', async ({ context, page, sim, extensionWorker, pageProblems }) => {
  test.setTimeout(240_000);
  const ids = writableKeyIds(sim, 250);
  for (const id of ids) sim.modifyRecord('apiKey', id, { permittedIps: ipListFor(id, OLD) });
  const original = new Map(ids.map((id) => [id, ipListFor(id, OLD)]));

  // ------------------------------------------------------------------------------------ select, plan, preview
  await openBulkTab(page, sim);
  await expect(page.locator(tid('bulk-find'))).toBeEnabled({ timeout: 30_000 });
  await page.locator(tid('bulk-query-address')).fill(OLD);
  await page.locator(tid('bulk-query-exact')).check();
  await page.locator(tid('bulk-find')).click();
  await expect(page.locator(tid('bulk-selected-count'))).toHaveText('250 of 250 keys selected');
  // Leaving one key out and taking it back shows the count follows the checkboxes.
  await page.locator(tid(`bulk-key-${ids[0]}`)).uncheck();
  await expect(page.locator(tid('bulk-selected-count'))).toHaveText('249 of 250 keys selected');
  await page.locator(tid(`bulk-key-${ids[0]}`)).check();

  await page.locator(tid('bulk-op-from')).fill(OLD);
  await page.locator(tid('bulk-op-to')).fill(NEW);
  await expect(page.locator(tid('bulk-total-changed'))).toHaveText('250 to change');
  await expect(page.locator(tid('bulk-total-blocked'))).toHaveText('0 blocked');
  const firstPreview = page.locator(tid(`bulk-preview-${ids[0]}`));
  await expect(firstPreview.locator('.bulk-diff__line--removed .bulk-diff__entry')).toHaveText(OLD);
  await expect(firstPreview.locator('.bulk-diff__line--added .bulk-diff__entry')).toHaveText(NEW);
  await expect(page.locator(tid('bulk-preview-pager'))).toContainText('Page 1 of 10');
  await expectNoSeriousAxeViolations(page);
  await page.locator(tid('bulk-auto-retry')).check();

  // ------------------------------------------------------------------------------------ apply, interrupted
  // Someone else, meanwhile: key A gets a new description (IP untouched), key B a longer IP list (last batch).
  const keyA = ids[10]!;
  const keyB = ids[240]!;
  const keyBList = `${ipListFor(keyB, OLD)}, 5.10.20.0/24`;
  sim.modifyRecord('apiKey', keyA, { description: 'edited by Sam' });
  sim.modifyRecord('apiKey', keyB, { permittedIps: keyBList });
  // The first write gets a 500 (not applied). Every key write answers slowly, so the second batch is still in
  // flight (applied by the service, its answer on the way) when the tab goes.
  sim.setFaults(`500@path=admin/api_keys.api&method=PUT&times=1;latency@path=admin/api_keys.api&method=PUT:1500`);
  sim.clearRequests();
  let startLocks = locksOf(sim);
  await page.locator(tid('bulk-apply')).click();
  await expect(page.locator(tid('bulk-progress'))).toBeVisible();
  await expect.poll(() => keyWrites(sim).filter((r) => r.params.length > 0).length, { timeout: 30_000 }).toBe(3);
  await page.close();
  await settled(sim);

  const writes = keyWrites(sim);
  expect(writes.map((r) => r.status)).toEqual([500, 200, 200]);
  // After the 500 the batch was read again: key A had changed (a conflict now), so the batch sent again is the
  // first 100 keys still pending, and the second batch the next 100.
  const batch1 = ids.slice(0, 101).filter((id) => id !== keyA);
  const batch2 = ids.slice(101, 201);
  expect(idsOf(writes[0]!)).toEqual(ids.slice(0, 100));
  expect(idsOf(writes[1]!)).toEqual(batch1);
  expect(idsOf(writes[2]!)).toEqual(batch2);
  const applied = new Set([...batch1, ...batch2]);
  const afterApply = new Map(ids.map((id) => [id, id === keyB ? keyBList : applied.has(id) ? ipListFor(id, NEW) : ipListFor(id, OLD)]));
  expectState(sim, afterApply);
  const applyWrites = expectNoKeyWrittenTwice(sim, startLocks);
  expect(applyWrites.size).toBe(200);

  // ------------------------------------------------------------------------------------ reopen, resume
  sim.setFaults('');
  sim.clearRequests();
  startLocks = locksOf(sim);
  const second = await context.newPage();
  await openBulkTab(second, sim);
  const banner = second.locator(tid('bulk-interrupted'));
  await expect(banner).toContainText('An operation was interrupted: 100 of 250 saved', { timeout: 30_000 });
  await expect(banner).toContainText(`Replace ${OLD} with ${NEW}`);
  await expect(banner).toContainText('100 keys were being saved when it stopped');
  await second.locator(tid('bulk-auto-retry')).check();
  await second.locator(tid('bulk-resume')).click();

  // Key A (only its description changed) is retried automatically; key B's list changed, so it waits for review.
  const review = second.locator(tid(`bulk-conflict-${keyB}`));
  await expect(review).toBeVisible({ timeout: 60_000 });
  await expect(second.locator(tid('bulk-conflicts'))).toContainText('Changed elsewhere: 1 key');
  await expect(review.locator('.bulk-diff__line--added .bulk-diff__entry')).toHaveText(NEW);
  await expect(review.locator('.bulk-diff__line--kept .bulk-diff__entry')).toHaveText([`2.${Math.floor(keyB / 200) + 1}.${keyB % 200}.0/24`, '5.10.20.0/24']);
  await expectNoSeriousAxeViolations(second);
  await second.locator(tid('bulk-retry-conflicts')).click();
  await expect(second.locator(tid('bulk-run-done'))).toHaveText('Done: 250 keys saved.', { timeout: 60_000 });
  await settled(sim);

  const afterResume = new Map(ids.map((id) => [id, id === keyB ? `${ipListFor(keyB, NEW)}, 5.10.20.0/24` : ipListFor(id, NEW)]));
  expectState(sim, afterResume);
  expect(sim.state.apiKeys.get(keyA)!.description).toBe('edited by Sam');
  const resumeWrites = expectNoKeyWrittenTwice(sim, startLocks);
  expect(resumeWrites.size).toBe(50); // the 49 never sent (B among them, after review) and key A
  // The second batch, applied while the tab closed, was settled by reading: not one of its keys was sent again.
  const resent = keyWrites(sim)
    .flatMap(idsOf)
    .filter((id) => applied.has(id));
  expect(resent).toEqual([]);

  // ------------------------------------------------------------------------------------ undo
  const changedSince = ids[50]!;
  sim.modifyRecord('apiKey', changedSince, { permittedIps: '9.9.9.9' });
  sim.clearRequests();
  startLocks = locksOf(sim);
  await second.locator(tid('bulk-undo')).click();
  await expect(second.locator(tid('bulk-undo-summary'))).toContainText('249 keys still hold what this edit wrote', { timeout: 30_000 });
  await second.locator(tid('bulk-undo-changed-since')).locator('summary').click();
  await expect(second.locator(tid('bulk-undo-changed-since'))).toContainText('now 9.9.9.9');
  await second.locator(tid('bulk-undo-confirm')).click();
  await expect(second.locator(tid('bulk-run-done'))).toHaveText('Undo finished: 249 keys restored, 1 left unchanged.', { timeout: 60_000 });
  await settled(sim);

  const afterUndo = new Map(ids.map((id) => [id, id === changedSince ? '9.9.9.9' : id === keyB ? keyBList : original.get(id)!]));
  expectState(sim, afterUndo);
  const undoWrites = expectNoKeyWrittenTwice(sim, startLocks);
  expect(undoWrites.size).toBe(249);
  expect(keyWrites(sim).map((r) => idsOf(r).length)).toEqual([100, 100, 49]);

  // ------------------------------------------------------------------------------------ activity, secrets
  const activity = await activityLog(extensionWorker);
  expect(activity.map((entry) => [entry.action, entry.outcome])).toEqual([
    ['bulk-resume', 'partial'],
    ['bulk-apply', 'saved'],
    ['bulk-undo', 'partial'],
  ]);
  expect(activity.every((entry) => entry.keyName === `Replace ${OLD} with ${NEW}` && entry.fields.join() === 'permittedIps')).toBe(true);
  const stored = JSON.stringify(activity);
  for (const key of sim.state.apiKeys.values()) expect(stored.includes(key.secret)).toBe(false);
  // Chromium logs the injected 500 itself ("Failed to load resource"); anything else would be ours.
  expect(pageProblems.filter((problem) => !/Failed to load resource: the server responded with a status of 500/.test(problem))).toEqual([]);
});
