/**
 * Bulk edit from the audit's selection, in real Chromium against the simulator: every key selected in the audit
 * table, "add an address" planned (keys whose list has errors are blocked and say why), applied, cancelled after
 * the first batch, continued; the service refuses some keys (older keys without Until, keys of deleted users) and
 * the tab says so per key. The simulator's state must match the plan key by key: saved keys hold the planned
 * list, every other key its old one.
 */
import type { Page } from '@playwright/test';
import { expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';
import type { RecordedRequest } from '../workbooks-sim/types';
import { planBulkEdit } from '../../src/core/keys/bulk-plan';

test.use({ simOptions: { seed: 9, keys: 240, users: 50 } });

const ADDED = '2.250.252.1';
const KEY_PATH = '/admin/api_keys.api';
const tid = (id: string) => `[data-testid="${id}"]`;
const idsOf = (request: RecordedRequest): number[] => request.params.filter(([name]) => name === 'id[]').map(([, value]) => Number(value));
const keyWrites = (sim: SimHandle): RecordedRequest[] => sim.requests.filter((r) => r.effectiveMethod === 'PUT' && r.path === KEY_PATH);

async function settled(sim: SimHandle): Promise<void> {
  await expect.poll(() => sim.requests.filter((r) => r.status === 0).length, { timeout: 20_000 }).toBe(0);
}

/** The outcome shown for one key, after filtering the list to `status` (so it is on the first page). */
async function outcomeText(page: Page, status: string, keyId: number): Promise<string> {
  await page.locator(tid('bulk-outcome-filter')).selectOption(status);
  return (await page.locator(tid(`bulk-outcome-${keyId}`)).textContent()) ?? '';
}

test('from the audit selection: add an address, cancel after a batch, continue; refusals are shown per key', async ({ page, sim, pageProblems }) => {
  test.setTimeout(180_000);
  const live = [...sim.state.apiKeys.values()].filter((key) => !key.isDeleted);
  const before = new Map(live.map((key) => [key.id, key.permittedIps]));
  // What the operation means for each key, by the engine the tab uses: the expectation the service must meet.
  const plan = planBulkEdit(
    live.map((key) => ({ id: key.id, name: key.name, lockVersion: key.lockVersion, permittedIps: key.permittedIps })),
    { kind: 'add', entries: ADDED },
  );
  const planned = new Map(plan.items.map((item) => [item.keyId, item]));
  expect(plan.totals.changed).toBeGreaterThan(100);
  expect(plan.totals.blocked).toBeGreaterThan(0);

  // ------------------------------------------------------------------------------------ audit → bulk edit
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
  await page.locator(tid('audit-run')).click();
  await expect(page.locator(tid('audit-select-shown'))).toBeEnabled({ timeout: 60_000 });
  await page.locator(tid('audit-select-shown')).click();
  await page.locator(tid('audit-bulk-edit')).click();
  await expect(page.locator(tid('wbka-tab-bulk'))).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(tid('bulk-selected-count'))).toHaveText(`${live.length} of ${live.length} keys selected`, { timeout: 30_000 });

  await page.locator(tid('bulk-op-kind')).selectOption('add');
  await page.locator(tid('bulk-op-entries')).fill(ADDED);
  await expect(page.locator(tid('bulk-total-changed'))).toHaveText(`${plan.totals.changed} to change`);
  await expect(page.locator(tid('bulk-total-blocked'))).toHaveText(`${plan.totals.blocked} blocked`);
  // A blocked key says why (the administrator's key: loopback entries are errors).
  await page.locator(tid('bulk-preview-filter')).selectOption('blocked');
  await expect(page.locator(tid('bulk-preview-1'))).toContainText('Blocked');
  await expect(page.locator(tid('bulk-preview-1'))).toContainText(planned.get(1)!.blockedReasons[0]!.message);

  // ------------------------------------------------------------------------------------ apply, cancel
  sim.setFaults('latency@path=admin/api_keys.api&method=PUT:1200');
  sim.clearRequests();
  await page.locator(tid('bulk-apply')).click();
  await expect.poll(() => keyWrites(sim).length, { timeout: 20_000 }).toBe(1);
  await page.locator(tid('bulk-cancel')).click();
  await expect(page.locator(tid('bulk-run'))).toContainText('Cancelled: nothing more was sent', { timeout: 20_000 });
  await settled(sim);
  expect(keyWrites(sim)).toHaveLength(1);
  const firstBatch = new Set(idsOf(keyWrites(sim)[0]!));
  expect(firstBatch.size).toBe(100);

  const refused = new Set<number>();
  const expectStateMatchesPlan = (sent: ReadonlySet<number>) => {
    const wrong: string[] = [];
    for (const key of sim.state.apiKeys.values()) {
      if (key.isDeleted) continue;
      const item = planned.get(key.id)!;
      const now = key.permittedIps;
      if (sent.has(key.id) && now === item.after) continue; // saved as planned
      if (now === before.get(key.id)) {
        if (sent.has(key.id)) refused.add(key.id); // sent, and the service said no
        continue;
      }
      wrong.push(`${key.id}: ${now ?? 'null'}`);
    }
    expect(wrong, 'keys holding neither their old list nor the planned one, or changed without being sent').toEqual([]);
  };
  expectStateMatchesPlan(firstBatch);

  // ------------------------------------------------------------------------------------ continue
  sim.setFaults('');
  await page.locator(tid('bulk-continue')).click();
  await expect(page.locator(tid('bulk-run-done'))).toBeVisible({ timeout: 60_000 });
  await settled(sim);
  const sentIds = keyWrites(sim).flatMap(idsOf);
  expect(new Set(sentIds).size, 'a key sent twice').toBe(sentIds.length);
  expect(new Set(sentIds)).toEqual(new Set(plan.items.filter((item) => item.status === 'changed').map((item) => item.keyId)));
  expectStateMatchesPlan(new Set(sentIds));

  // Refusals are per key, with the service's reason; everything else was saved.
  expect(refused.size).toBeGreaterThan(0);
  await expect(page.locator(tid('bulk-run-done'))).toHaveText(`${plan.totals.changed - refused.size} keys saved; ${refused.size} not saved yet (see below).`);
  const legacy = [...refused].find((id) => sim.state.apiKeys.get(id)!.until === null);
  if (legacy !== undefined) expect(await outcomeText(page, 'failed', legacy)).toMatch(/Failed.*refused the new value.*blank/);
  const ofDeletedUser = [...refused].find((id) => {
    const userId = sim.state.apiKeys.get(id)!.accessAsUser;
    return userId !== null && sim.state.users.get(userId)?.isDeleted === true && sim.state.apiKeys.get(id)!.until !== null;
  });
  if (ofDeletedUser !== undefined) expect(await outcomeText(page, 'failed', ofDeletedUser)).toMatch(/Failed.*refused the new value.*deleted/);
  expect(legacy ?? ofDeletedUser).toBeDefined();
  expect(pageProblems).toEqual([]);
});
