/**
 * The Audit tab end to end: the built extension in Chromium against a simulator seeded with 1,000 keys and 300
 * users. Findings are compared with the simulator's ground truth, exports are read back from the downloads, and
 * every secret the simulator holds is searched for in them.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, panelLocator } from './harness';
import type { SimHandle } from '../workbooks-sim/index';
import { parseCsv } from '../support/csv-reader';

test.use({ simOptions: { keys: 1000, users: 300 } });

// ----------------------------------------------------------------------------------------------- helpers

const tid = (id: string) => `[data-testid="${id}"]`;

async function openAuditTab(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
}

/** Presses Run and waits until a new result is shown (the meta line's run time changes). */
async function runAudit(page: Page): Promise<void> {
  const meta = page.locator(tid('audit-meta'));
  const before = (await meta.count()) > 0 ? await meta.getAttribute('data-ran-at') : null;
  await page.locator(tid('audit-run')).click();
  await expect(meta).toHaveAttribute('data-source', 'run', { timeout: 60_000 });
  if (before !== null) await expect(meta).not.toHaveAttribute('data-ran-at', before, { timeout: 60_000 });
  await expect(page.locator(tid('audit-progress'))).toHaveCount(0);
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(tid(testId)).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

interface ExportedKey {
  keyId: number;
  name: string;
  userId: number | null;
  findings: Array<{ code: string; severity: string }>;
}
interface ExportedJson {
  format: string;
  host: string;
  database: string;
  ranBy: string;
  ranAt: string;
  complete: boolean;
  missing: string[];
  view: { filtered: boolean; filter: string; shownKeys: number; totalKeys: number };
  keys: ExportedKey[];
}

const codesOf = (key: ExportedKey) => key.findings.map((f) => f.code).sort();

/** The ids and codes of the rows the grid currently renders, in display order. */
async function renderedRows(page: Page): Promise<Array<{ id: number; codes: string; index: number }>> {
  const rows = await page.locator(tid('audit-row')).evaluateAll((elements) =>
    elements.map((el) => ({ id: Number(el.getAttribute('data-key-id')), codes: el.getAttribute('data-codes') ?? '', index: Number(el.getAttribute('aria-rowindex')) })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

// One expect per check, not per item: Playwright records every expect call as a test step.
function expectNoSecrets(text: string, sim: SimHandle): void {
  const secrets = [...sim.state.apiKeys.values()].map((key) => key.secret).filter((s) => s.length > 0);
  expect(secrets.length).toBeGreaterThan(900);
  expect(secrets.filter((secret) => text.includes(secret)), 'secrets found in an export').toEqual([]);
  expect(text.includes(sim.admin.apiKey)).toBe(false);
}

// ------------------------------------------------------------------------------------------------- tests

test('the audit finds exactly the ground truth, and its exports hold what the view shows and no secret', async ({ page, sim, pageProblems }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openAuditTab(page, sim);
  await expect(page.locator(tid('audit-meta'))).toHaveCount(0); // no auto-run, nothing cached yet
  sim.clearRequests();
  await runAudit(page);
  await expect(page.locator(tid('audit-complete'))).toBeVisible();
  // The request budget: metadata (if not cached), 10 key pages, 3 user reads.
  const auditRequests = sim.requests.filter((r) => r.path.includes('api_keys') || r.path.includes('users') || r.path.includes('metadata'));
  expect(auditRequests.length).toBeLessThanOrEqual(15);

  const truth = sim.groundTruth();
  expect(truth.keys.every((k) => k.exact)).toBe(true);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', String(truth.keys.length));

  // What the rows say (data-codes) for the rows in view…
  const expected = new Map(truth.keys.map((k) => [k.id, [...k.problems].sort().join(' ')]));
  const visible = await renderedRows(page);
  expect(visible.length).toBeGreaterThan(5);
  expect(visible.length).toBeLessThan(60); // virtualised: nowhere near 1,000 rows in the DOM
  expect(visible.filter((row) => row.codes !== expected.get(row.id)).map((row) => `${row.id}: ${row.codes}`)).toEqual([]);

  // …and for every key, through the JSON export.
  const json = await download(page, 'audit-export-json');
  expect(json.name).toMatch(/^workbooks-key-audit_.*\.json$/);
  const report = JSON.parse(json.text) as ExportedJson;
  expect(report.format).toBe('workbooks-key-audit/1');
  expect(report.complete).toBe(true);
  expect(report.missing).toEqual([]);
  expect(report.host).toBe(new URL(sim.url).host);
  expect(report.database).toBe('Simulated Workbooks Ltd');
  expect(report.ranBy).toBe('Alex Morgan');
  expect(Number.isNaN(Date.parse(report.ranAt))).toBe(false);
  expect(report.view).toEqual({ filtered: false, filter: '', shownKeys: truth.keys.length, totalKeys: truth.keys.length });
  expect(report.keys.map((k) => k.keyId).sort((a, b) => a - b)).toEqual(truth.keys.map((k) => k.id));
  const mismatches = report.keys.filter((k) => codesOf(k).join(' ') !== expected.get(k.keyId)).map((k) => `${k.keyId}: ours ${codesOf(k).join(',')} / truth ${expected.get(k.keyId)}`);
  expect(mismatches).toEqual([]);
  expectNoSecrets(json.text, sim);

  // CSV: BOM, one row per key in the view's order, the same findings, formula-injection neutralised.
  const csv = await download(page, 'audit-export-csv');
  expect(csv.text.startsWith('\uFEFF')).toBe(true);
  const table = parseCsv(csv.text.slice(1));
  const header = table[0]!;
  expect(header.slice(0, 4)).toEqual(['id', 'name', 'user id', 'user']);
  const body = table.slice(1);
  expect(body.length).toBe(truth.keys.length);
  expect(body.map((r) => Number(r[0]))).toEqual(report.keys.map((k) => k.keyId));
  const findingsColumn = header.indexOf('findings');
  const csvCodes = (row: string[]) => row[findingsColumn]!.split('; ').filter(Boolean).map((f) => f.split(':')[1]!).sort().join(' ');
  expect(body.filter((row) => csvCodes(row) !== expected.get(Number(row[0]))).map((row) => `${row[0]}: ${csvCodes(row)}`)).toEqual([]);
  const injection = truth.keys.find((k) => k.name.startsWith('=HYPERLINK'));
  expect(injection).toBeDefined();
  const injectedRow = body.find((r) => Number(r[0]) === injection!.id)!;
  expect(injectedRow[1]).toBe(`'${injection!.name}`);
  // No cell of the file starts with a formula trigger (plain negative numbers excepted).
  const dangerous = body.flat().filter((cell) => /^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)));
  expect(dangerous).toEqual([]);
  expectNoSecrets(csv.text, sim);

  // The HTML-payload key name is text in the panel, never markup.
  const markup = truth.keys.find((k) => k.name.startsWith('<img'));
  expect(markup).toBeDefined();
  await page.locator(tid('audit-filter-text')).fill(markup!.name);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', '1');
  await expect(page.locator(`${tid('audit-row')} .audit-grid__name`).first()).toHaveText(markup!.name);
  await expect(page.locator(`${tid('audit-tab')} img`)).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // The session log recorded the run, the exports and the filter.
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="audit-run"]`)).toHaveCount(1);
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="export"]`)).toHaveCount(2);
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="filter"]`)).toHaveCount(1, { timeout: 5_000 });
  expect(pageProblems).toEqual([]);
});

test('sorting, filtering, selecting and opening keys', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  await runAudit(page);
  const truth = sim.groundTruth();
  const grid = page.locator(tid('audit-grid'));
  const nameOf = new Map(truth.keys.map((k) => [k.id, k.name]));

  // Sort by name: ascending, then descending; aria-sort follows.
  const nameHeader = page.locator('[role="columnheader"]', { has: page.locator(tid('audit-sort-name')) });
  await page.locator(tid('audit-sort-name')).click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  const names = truth.keys.map((k) => k.name).sort(collator.compare);
  let shown = (await renderedRows(page)).map((r) => nameOf.get(r.id)!);
  expect(collator.compare(shown[0]!, names[0]!)).toBe(0);
  expect(shown.filter((name, i) => i > 0 && collator.compare(shown[i - 1]!, name) > 0)).toEqual([]);
  await page.locator(tid('audit-sort-name')).click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  shown = (await renderedRows(page)).map((r) => nameOf.get(r.id)!);
  expect(shown.filter((name, i) => i > 0 && collator.compare(shown[i - 1]!, name) < 0)).toEqual([]);
  expect(collator.compare(shown[0]!, names[names.length - 1]!)).toBe(0);
  // Only the sorted column carries aria-sort.
  await expect(page.locator('[role="columnheader"][aria-sort]')).toHaveCount(1);

  // Sort by Until ascending: the earliest (expired) dates first.
  await page.locator(tid('audit-sort-until')).click();
  const untilOf = new Map([...sim.state.apiKeys.values()].map((k) => [k.id, k.until]));
  const earliest = [...untilOf.values()].filter((u): u is string => u !== null).sort()[0];
  expect(untilOf.get((await renderedRows(page))[0]!.id)).toBe(earliest);

  // Filter by a code from the summary: exactly the keys the ground truth gives that code.
  await page.locator(`${tid('audit-codes')} > summary`).click();
  await page.locator(tid('audit-code-expired')).click();
  await expect(page.locator(tid('audit-code-expired'))).toHaveAttribute('aria-pressed', 'true');
  const expired = truth.keys.filter((k) => k.problems.includes('expired'));
  expect(expired.length).toBeGreaterThan(0);
  await expect(grid).toHaveAttribute('data-row-count', String(expired.length));
  expect((await renderedRows(page)).filter((row) => !row.codes.split(' ').includes('expired'))).toEqual([]);

  // The filtered export holds exactly those keys and names the filter.
  const filteredJson = JSON.parse((await download(page, 'audit-export-json')).text) as ExportedJson;
  expect(filteredJson.keys.map((k) => k.keyId).sort((a, b) => a - b)).toEqual(expired.map((k) => k.id));
  expect(filteredJson.view.filtered).toBe(true);
  expect(filteredJson.view.filter).toContain('expired');
  expect(filteredJson.view.totalKeys).toBe(truth.keys.length);
  await page.locator(tid('audit-code-expired')).click();
  await expect(grid).toHaveAttribute('data-row-count', String(truth.keys.length));

  // Filter by severity: keys with at least one error.
  await page.locator(tid('audit-severity-error')).click();
  const errorCount = Number(await page.locator(tid('audit-severity-error')).getAttribute('data-count'));
  await expect(grid).toHaveAttribute('data-row-count', String(errorCount));
  await page.locator(tid('audit-severity-error')).click();

  // Filter by user: the keys acting as the user with the most keys.
  const perUser = new Map<number, number>();
  for (const k of truth.keys) if (k.userId !== null) perUser.set(k.userId, (perUser.get(k.userId) ?? 0) + 1);
  const [busiest, busiestCount] = [...perUser.entries()].sort((a, b) => b[1] - a[1])[0]!;
  await page.locator(tid('audit-filter-user')).selectOption(String(busiest));
  await expect(grid).toHaveAttribute('data-row-count', String(busiestCount));
  await page.locator(tid('audit-filter-user')).selectOption('');

  // Free text (debounced): a unique name finds one key.
  const unique = truth.keys.find((k) => !k.problems.includes('duplicate-name') && /^[A-Za-z]/.test(k.name) && truth.keys.filter((o) => o.name.toLowerCase().includes(k.name.toLowerCase())).length === 1)!;
  await page.locator(tid('audit-filter-text')).fill(unique.name);
  await expect(grid).toHaveAttribute('data-row-count', '1');
  expect((await renderedRows(page))[0]!.id).toBe(unique.id);

  // Clicking the row opens the key in the key editor (the Assistant tab).
  await page.locator(`${tid('audit-row')} [data-cell="0:1"]`).click();
  await expect(page.locator(tid('wbka-tab-assistant'))).toHaveAttribute('aria-selected', 'true');
  await page.locator(tid('wbka-tab-audit')).click();
  await page.locator(tid('audit-filter-clear')).click();
  await expect(grid).toHaveAttribute('data-row-count', String(truth.keys.length));

  // Keyboard: arrows move the active cell, Enter opens that row's key.
  await page.locator('[data-cell="0:1"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-cell="2:1"]')).toBeFocused();
  const third = (await renderedRows(page)).find((r) => r.index === 4)!;
  await page.keyboard.press('End');
  await expect(page.locator('[data-cell="2:7"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator(tid('wbka-tab-assistant'))).toHaveAttribute('aria-selected', 'true');
  await page.locator(tid('wbka-tab-audit')).click();
  // Deep in the list: the row is rendered on demand and focused.
  await page.locator('[data-cell="0:1"]').focus();
  await page.keyboard.press('Control+End');
  await expect(page.locator(`[data-cell="${truth.keys.length - 1}:7"]`)).toBeFocused();
  await expect(page.locator(`${tid('audit-row')}[aria-rowindex="${truth.keys.length + 1}"]`)).toBeVisible();

  await page.keyboard.press('Control+Home');
  await expect(page.locator('[data-cell="0:0"]')).toBeFocused();

  // Selection: Space and checkboxes; "Bulk edit selected" hands the ids to the bulk editor.
  await page.keyboard.press('Space');
  await page.locator(`${tid('audit-row')}[aria-rowindex="3"] input[type="checkbox"]`).check();
  await expect(page.locator(tid('audit-bulk-edit'))).toBeEnabled();
  await expect(page.locator(`${tid('audit-row')}[aria-selected="true"]`)).toHaveCount(2);
  await page.locator(tid('audit-bulk-edit')).click();
  await expect(page.locator(tid('wbka-tab-bulk'))).toHaveAttribute('aria-selected', 'true');
  await page.locator(tid('wbka-tab-audit')).click();
  await page.locator(tid('audit-select-all')).check();
  await expect(page.locator(tid('audit-selected-count'))).toContainText(truth.keys.length.toLocaleString('en-GB'));

  // The session log names the keys opened (the key editor writes those entries when the key loads).
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  const opened = page.locator(`${tid('audit-log-list')} [data-kind="key-opened"]`);
  await expect(opened.filter({ hasText: String(third.id) })).not.toHaveCount(0);
  await expect(opened.filter({ hasText: String(unique.id) })).not.toHaveCount(0);
});

test('the cached audit shows at once with its age; the print view is a plain table', async ({ page, sim, context }) => {
  await openAuditTab(page, sim);
  await runAudit(page);
  const truth = sim.groundTruth();

  // Reload: nothing runs by itself, the last audit of this database is shown with its age.
  await page.reload();
  await expect(panelLocator(page)).toBeVisible();
  sim.clearRequests();
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-cache-age'))).toContainText(/Showing the audit from (just now|1 minute ago)/);
  await expect(page.locator(tid('audit-meta'))).toHaveAttribute('data-source', 'cache');
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', String(truth.keys.length));
  await expect(page.locator(tid('audit-progress'))).toHaveCount(0);

  // Print view: a new window with the rows the view shows, names as text.
  await page.locator(tid('audit-severity-error')).click();
  const errorCount = Number(await page.locator(tid('audit-severity-error')).getAttribute('data-count'));
  const [popup] = await Promise.all([context.waitForEvent('page'), page.locator(tid('audit-print')).click()]);
  await expect(popup.locator('h1')).toContainText('API key audit');
  await expect(popup.locator('tbody tr')).toHaveCount(errorCount);
  await expect(popup.locator('img')).toHaveCount(0);
  const popupText = await popup.locator('body').innerText();
  expectNoSecrets(popupText, sim);
  await popup.close();
  await expect(page.locator(tid('audit-notice'))).toContainText('print view opened');

  // The session log exports: every entry of this database, with timestamps.
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="export"]`)).toHaveCount(1);
  await expect(page.locator(`${tid('audit-log-list')} [data-kind="filter"]`)).toHaveCount(1); // written once the filter settles
  const logJson = JSON.parse((await download(page, 'audit-log-export-json')).text) as { format: string; database: string; entries: Array<{ at: string; kind: string; detail: string }> };
  expect(logJson.format).toBe('workbooks-session-log/1');
  expect(logJson.database).toBe('Simulated Workbooks Ltd');
  expect(logJson.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['audit-run', 'filter', 'export']));
  expect(logJson.entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  const logCsv = await download(page, 'audit-log-export-csv');
  expect(logCsv.text.startsWith('\uFEFFat,kind,detail,host,database\r\n')).toBe(true);
  expect(parseCsv(logCsv.text.slice(1)).length).toBe(logJson.entries.length + 1);
});

test('axe finds no serious or critical violation in the audit tab', async ({ page, sim }) => {
  await openAuditTab(page, sim);
  await runAudit(page);
  await page.locator(`${tid('audit-codes')} > summary`).click();
  await page.locator(`${tid('audit-chart')} details > summary`).click();
  await page.locator(`${tid('audit-session-log')} > summary`).click();
  await page.locator(tid('audit-code-expired')).click();
  const results = await new AxeBuilder({ page }).include({ fromShadowDom: ['wbka-assistant', '[data-testid="audit-tab"]'] }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`),
    'serious or critical axe violations',
  ).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(10);
});
