/**
 * The Audit tab when Workbooks fails: pages that stay broken after the client's retries, users that cannot be
 * read, a session that ends mid-run, and a cancelled run. The view must say exactly what it did not see, keep
 * what it did, and never claim "no problems" for data it did not read.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, panelLocator } from './harness';
import type { SimHandle } from '../workbooks-sim/index';

test.use({ simOptions: { keys: 1000, users: 300 } });

const tid = (id: string) => `[data-testid="${id}"]`;
const CROSS_KEY_CODES = new Set(['duplicate-name', 'many-keys-one-user']);

async function openAuditTab(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
}

async function runAudit(page: Page): Promise<void> {
  const meta = page.locator(tid('audit-meta'));
  const before = (await meta.count()) > 0 ? await meta.getAttribute('data-ran-at') : null;
  await page.locator(tid('audit-run')).click();
  await expect(meta).toHaveAttribute('data-source', 'run', { timeout: 60_000 });
  if (before !== null) await expect(meta).not.toHaveAttribute('data-ran-at', before, { timeout: 60_000 });
  await expect(page.locator(tid('audit-progress'))).toHaveCount(0);
}

interface ExportedJson {
  complete: boolean;
  missing: string[];
  keys: Array<{ keyId: number; userId: number | null; userStatus: string; findings: Array<{ code: string }> }>;
}

async function exportJson(page: Page): Promise<ExportedJson> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(tid('audit-export-json')).click()]);
  return JSON.parse(readFileSync(await file.path(), 'utf8')) as ExportedJson;
}

const codes = (findings: Array<{ code: string }>, keep: (code: string) => boolean = () => true) =>
  findings
    .map((f) => f.code)
    .filter(keep)
    .sort()
    .join(' ');

test('a key page that keeps failing makes the audit INCOMPLETE and names the keys; a passing fault does not', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  const truth = sim.groundTruth();
  const idsInOrder = truth.keys.map((k) => k.id).sort((a, b) => a - b);
  sim.setFaults('500@path=admin/api_keys.api&start=300');
  sim.clearRequests();
  await runAudit(page);

  const incomplete = page.locator(tid('audit-incomplete'));
  await expect(incomplete).toBeVisible();
  await expect(incomplete).toContainText('Keys 301–400 could not be read (server error): the audit below is INCOMPLETE — findings for those keys are not shown.');
  await expect(page.locator(tid('audit-complete'))).toHaveCount(0);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '900');
  await expect(page.locator(tid('audit-verdict'))).not.toContainText('No errors or warnings in any');
  // The client did retry the page before giving up (bounded: three tries).
  const failed = sim.requests.filter((r) => r.path.endsWith('api_keys.api') && r.params.some(([n, v]) => n === '_start' && v === '300'));
  expect(failed.map((r) => r.status)).toEqual([500, 500, 500]);

  const report = await exportJson(page);
  expect(report.complete).toBe(false);
  expect(report.missing.some((line) => line.startsWith('Keys 301–400 could not be read (server error)'))).toBe(true);
  const unread = new Set(idsInOrder.slice(300, 400));
  expect(report.keys.map((k) => k.keyId).sort((a, b) => a - b)).toEqual(idsInOrder.filter((id) => !unread.has(id)));
  // What was read is judged exactly as the ground truth, except that cross-key rules only saw 900 keys.
  const truthById = new Map(truth.keys.map((k) => [k.id, k.problems]));
  const perKey = report.keys.map((k) => ({ id: k.keyId, ours: k.findings, truth: truthById.get(k.keyId) ?? [] }));
  const notCross = (code: string) => !CROSS_KEY_CODES.has(code);
  expect(perKey.filter((k) => codes(k.ours, notCross) !== codes(k.truth.map((code) => ({ code })), notCross)).map((k) => k.id)).toEqual([]);
  expect(perKey.filter((k) => k.ours.some((f) => CROSS_KEY_CODES.has(f.code) && !k.truth.includes(f.code))).map((k) => k.id)).toEqual([]);

  // The same page failing once is retried and the audit is complete.
  sim.setFaults('500@path=admin/api_keys.api&start=300&times=1');
  sim.clearRequests();
  await runAudit(page);
  await expect(page.locator(tid('audit-complete'))).toBeVisible();
  await expect(page.locator(tid('audit-incomplete'))).toHaveCount(0);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '1000');
  expect(sim.requests.filter((r) => r.status === 500)).toHaveLength(1);
  const complete = await exportJson(page);
  expect(complete.complete).toBe(true);
  expect(complete.keys.filter((k) => codes(k.findings) !== [...(truthById.get(k.keyId) ?? [])].sort().join(' ')).map((k) => k.keyId)).toEqual([]);
});

test('users that cannot be read are "not checked", never "can log in", and the audit says so', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  sim.setFaults('500@path=admin/users.api');
  await runAudit(page);
  const incomplete = page.locator(tid('audit-incomplete'));
  await expect(incomplete).toContainText(/users could not be checked \(server error; user ids /);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '1000');
  const report = await exportJson(page);
  expect(report.complete).toBe(false);
  const withUser = report.keys.filter((k) => k.userId !== null);
  expect(withUser.filter((k) => k.userStatus !== 'unknown' || !k.findings.some((f) => f.code === 'user-unknown')).map((k) => k.keyId)).toEqual([]);
  expect(report.keys.filter((k) => k.findings.some((f) => f.code === 'user-login-disabled' || f.code === 'user-no-edition'))).toEqual([]);
});

test('a session that ends mid-run keeps the partial audit and says how to continue', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  sim.setFaults('expire@path=admin/api_keys.api&start=500');
  await runAudit(page);
  const incomplete = page.locator(tid('audit-incomplete'));
  await expect(incomplete).toContainText('Workbooks ended the session (session_expired) before the audit finished');
  await expect(incomplete).toContainText('Sign in to Workbooks again in this tab, press Reconnect, then Run again.');
  await expect(incomplete.locator(tid('audit-reconnect'))).toBeVisible();
  const rowCount = Number(await page.locator(tid('audit-grid')).getAttribute('data-row-count'));
  expect(rowCount).toBeGreaterThanOrEqual(100);
  expect(rowCount).toBeLessThan(1000);
  await expect(incomplete).toContainText(/Keys \d[\d,]*–1,000 could not be read \(signed out\)/);

  // Continue as the message says: sign in again in this tab, then run again.
  sim.setFaults('');
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(page).toHaveURL(/\/login/);
  await page.locator('input[name="username"]').fill(sim.admin.username);
  await page.locator('input[name="password"]').fill(sim.admin.password);
  await page.locator('input[name="password"]').press('Enter');
  await expect(page).toHaveURL(/\/desktop\/config\/api-keys/);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-audit')).click();
  // The partial result survived (cache) and still says it is incomplete.
  await expect(page.locator(tid('audit-cache-age'))).toBeVisible();
  await expect(page.locator(tid('audit-incomplete'))).toBeVisible();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
  await runAudit(page);
  await expect(page.locator(tid('audit-complete'))).toBeVisible();
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '1000');
});

test('Cancel stops the run and the session log records it', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  sim.setFaults('latency=400');
  await page.locator(tid('audit-run')).click();
  await expect(page.locator(tid('audit-progress-text'))).toContainText(/Keys [\d,]+ of 1,000, users/, { timeout: 20_000 });
  await page.locator(tid('audit-cancel')).click();
  await expect(page.locator(tid('audit-cancelled'))).toBeVisible();
  await expect(page.locator(tid('audit-progress'))).toHaveCount(0);
  await expect(page.locator(tid('audit-meta'))).toHaveCount(0);
  const afterCancel = sim.requests.length;
  await page.waitForTimeout(1500);
  // Requests already on the wire may land; nothing new is started after Cancel.
  expect(sim.requests.length - afterCancel).toBeLessThanOrEqual(5);
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="audit-cancelled"]`)).toHaveCount(1);
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="audit-cancelled"]`)).toContainText('Audit cancelled after');
});
