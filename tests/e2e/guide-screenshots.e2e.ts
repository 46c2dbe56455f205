/**
 * The user guide's screenshots (README, docs/screenshots/*.png) are taken here, by the suite, from the real
 * extension on the simulator — never drawn by hand. Each step also asserts what the picture must show.
 */
import { join } from 'node:path';
import { expect, panelLocator, test } from './harness';
import { REPO_ROOT } from './paths';

const shots = join(REPO_ROOT, 'docs', 'screenshots');
const tid = (id: string) => `[data-testid="${id}"]`;

test.use({ simOptions: { seed: 3, keys: 60, users: 20 } });

test('user guide screenshots: inline form help, key editor, audit, bulk editor', async ({ page, sim }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();

  // 1. The page's own "New API Key" form with a messy list: findings appear under the field.
  await page.getByRole('toolbar').getByRole('button', { name: 'New API Key' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('textarea').last().fill('010.1.1.1; 192.168.1.0/24, 81.2.69.160:443, 10.0.0.5/24');
  await expect(page.locator('[data-wbka-annotation="permittedIps"] [data-code="leading-zero"]')).toHaveCount(1);
  await page.screenshot({ path: join(shots, 'form-assistance.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // 2. The key editor in the panel, on a key with problems.
  const rows = page.locator(tid('wbka-key-row'));
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  const problemKey = sim.groundTruth().keys.find((k) => k.problems.includes('private') || k.problems.includes('expires-soon'));
  await page.locator(tid('wbka-list-search')).fill(problemKey?.name ?? '');
  await rows.first().click();
  await expect(page.locator(tid('wbka-editor'))).toBeVisible();
  await page.waitForTimeout(400);
  await page.locator(tid('wbka-editor-permittedIps')).scrollIntoViewIfNeeded();
  await panelLocator(page).screenshot({ path: join(shots, 'key-editor.png') });

  // 3. The audit.
  await page.locator(tid('wbka-tab-audit')).click();
  await page.locator(tid('audit-run')).click();
  await expect(page.locator(tid('audit-summary'))).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(tid('audit-row')).first()).toBeVisible();
  await panelLocator(page).screenshot({ path: join(shots, 'audit.png') });

  // 4. The bulk editor's preview, from the audit's selection.
  await page.locator(tid('audit-select-shown')).click();
  await page.locator(tid('audit-bulk-edit')).click();
  await expect(page.locator(tid('bulk-selected-count'))).toBeVisible({ timeout: 30_000 });
  await page.locator(tid('bulk-op-kind')).selectOption('add');
  await page.locator(tid('bulk-op-entries')).fill('81.2.69.192/28');
  await expect(page.locator(tid('bulk-total-changed'))).toBeVisible();
  await page.locator(tid('bulk-preview')).scrollIntoViewIfNeeded();
  await panelLocator(page).screenshot({ path: join(shots, 'bulk-editor.png') });
});
