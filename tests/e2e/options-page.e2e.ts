/**
 * Options page in real Chromium: it loads with the defaults, refuses invalid settings field by field without
 * writing anything, saves valid ones (read back from chrome.storage.local in the worker), exports and imports
 * them as a file, resets behind a confirmation, and axe finds no serious accessibility violation.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './harness';

const optionsUrl = (extensionId: string) => `chrome-extension://${extensionId}/src/options/options.html`;

/** What the extension stored, read in the worker (the only truth about "saved"). */
async function storedSettings(worker: Worker): Promise<Record<string, unknown> | undefined> {
  return worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } }).chrome;
    return (await api.storage.local.get('settings')).settings as Record<string, unknown> | undefined;
  });
}

async function openOptions(page: Page, extensionId: string): Promise<void> {
  await page.goto(optionsUrl(extensionId));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Workbooks API Key Assistant — settings');
  await expect(page.getByLabel('Warn when a key expires within (days)')).toBeVisible();
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test('loads with the defaults and shows storage usage', async ({ page, extensionId, extensionWorker, pageProblems }) => {
  await openOptions(page, extensionId);
  await expect(page).toHaveTitle('Workbooks API Key Assistant — settings');
  await expect(field(page, 'Workbooks hosts in use (one per line)')).toHaveValue('secure.workbooks.com');
  await expect(page.getByLabel('Use my signed-in Workbooks session')).toBeChecked();
  await expect(field(page, 'Warn when a key expires within (days)')).toHaveValue('14');
  await expect(field(page, 'Mention keys that expire within (days)')).toHaveValue('30');
  await expect(field(page, 'Warn when a key is valid for longer than (days)')).toHaveValue('366');
  await expect(field(page, 'Flag IPv4 blocks of this prefix or shorter')).toHaveValue('16');
  await expect(field(page, 'Flag IPv6 blocks shorter than this prefix')).toHaveValue('48');
  await expect(field(page, 'Flag users with more keys than')).toHaveValue('5');
  await expect(field(page, 'Keep the session log for (days)')).toHaveValue('30');
  await expect(field(page, 'Approved addresses and CIDR blocks (one per line)')).toHaveValue('');
  await expect(page.getByTestId('reminders-state')).toHaveText('Reminders are off.');
  await expect(page.getByLabel('Time of the daily check')).toHaveValue('');
  // Usage figures come from the browser: a number with a unit, or the browser's "not reported".
  await expect(page.getByTestId('storage-local')).toHaveText(/^\d[\d,.]* (B|KB|MB)$/);
  await expect(page.getByTestId('storage-origin')).toHaveText(/^\d[\d,.]* (B|KB|MB) of \d[\d,.]* (B|KB|MB|GB|TB) available$/);
  // Opening the page writes nothing.
  expect(await storedSettings(extensionWorker)).toBeUndefined();
  expect(pageProblems).toEqual([]);
});

test('invalid settings get per-field errors and nothing is saved; valid ones are saved whole', async ({ page, extensionId, extensionWorker }) => {
  await openOptions(page, extensionId);
  await field(page, 'Workbooks hosts in use (one per line)').fill('secure.workbooks.com\nevil.example.com');
  await page.getByLabel('Use an API key').check();
  await field(page, 'Warn when a key expires within (days)').fill('0');
  await field(page, 'Flag IPv4 blocks of this prefix or shorter').fill('40');
  await field(page, 'Keep the session log for (days)').fill('7');
  const ranges = field(page, 'Approved addresses and CIDR blocks (one per line)');
  await ranges.fill('10.0.0.0/8\n10.1.2.*\n300.1.1.1');
  // The IP engine checks the ranges as they are typed, entry by entry.
  const rangeErrors = page.getByTestId('error-allowedRanges').locator('li');
  await expect(rangeErrors).toHaveCount(2);
  await expect(rangeErrors.nth(0)).toContainText('Entry 2: “10.1.2.*”');
  await expect(rangeErrors.nth(1)).toContainText('Entry 3: “300.1.1.1”');

  await page.getByTestId('save-settings').click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Nothing was saved: fix the highlighted settings first.');
  await expect(summary.getByRole('link')).toHaveCount(5);
  await expect(page.getByTestId('error-expiryWarningDays')).toHaveText('Enter a whole number from 1 to 365.');
  await expect(page.getByTestId('error-hugeRangeIpv4Prefix')).toHaveText('Enter a whole number from 1 to 31.');
  await expect(field(page, 'Warn when a key expires within (days)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-hosts')).toContainText('“evil.example.com” is not a Workbooks host name');
  // The valid fields typed alongside (log retention, connection mode) were NOT saved either.
  expect(await storedSettings(extensionWorker)).toBeUndefined();

  // A link in the summary takes the admin to the field.
  await summary.getByRole('link', { name: /Warn when a key expires within/ }).click();
  await expect(field(page, 'Warn when a key expires within (days)')).toBeFocused();

  // Errors follow the fixes live; the cross-field rule (info window ≥ warning window) is checked too.
  await field(page, 'Warn when a key expires within (days)').fill('45');
  await field(page, 'Flag IPv4 blocks of this prefix or shorter').fill('12');
  await field(page, 'Workbooks hosts in use (one per line)').fill('Secure.Workbooks.com\nhttps://acme.workbooks.com/');
  await ranges.fill('10.0.0.0/8\n2001:DB8:0:0::/32\n203.0.113.7\n10.0.0.0/8');
  await expect(page.getByTestId('error-allowedRanges')).toHaveCount(0);
  await expect(page.getByTestId('error-expiryInfoDays')).toHaveText('Must be at least the warning window (45 days).');
  await page.getByTestId('save-settings').click();
  expect(await storedSettings(extensionWorker)).toBeUndefined();

  await field(page, 'Mention keys that expire within (days)').fill('60');
  await page.getByLabel('Time of the daily check').selectOption('7');
  await page.getByLabel('Retry a conflicting save by itself when the other change left the IP list untouched').check();
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('save-status')).toHaveText('Settings saved.');
  await expect(page.getByTestId('error-summary')).toHaveCount(0);

  expect(await storedSettings(extensionWorker)).toEqual({
    connectionMode: 'api-key',
    expiryWarningDays: 45,
    expiryInfoDays: 60,
    maxLifetimeDays: 366,
    hugeRangeIpv4Prefix: 12,
    hugeRangeIpv6Prefix: 48,
    manyKeysPerUser: 5,
    logRetentionDays: 7,
    // Canonical forms, duplicates dropped.
    allowedRanges: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7'],
    hosts: ['secure.workbooks.com', 'acme.workbooks.com'],
    reminders: { enabled: false, hour: 7 },
    autoRetryUnchangedIpConflicts: true,
  });
  // The form shows what was stored, canonicalised.
  await expect(ranges).toHaveValue('10.0.0.0/8\n2001:db8::/32\n203.0.113.7');

  // A fresh page reads the same back.
  await page.reload();
  await expect(field(page, 'Warn when a key expires within (days)')).toHaveValue('45');
  await expect(page.getByLabel('Use an API key')).toBeChecked();
  await expect(field(page, 'Workbooks hosts in use (one per line)')).toHaveValue('secure.workbooks.com\nacme.workbooks.com');
  await expect(page.getByLabel('Time of the daily check')).toHaveValue('7');
});

test('export and import round-trip through a file; an invalid file changes nothing', async ({ page, extensionId, extensionWorker }) => {
  await openOptions(page, extensionId);
  await field(page, 'Flag users with more keys than').fill('9');
  await field(page, 'Approved addresses and CIDR blocks (one per line)').fill('198.51.100.0/24');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('save-status')).toHaveText('Settings saved.');
  const saved = await storedSettings(extensionWorker);

  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-settings').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^workbooks-key-assistant-settings-\d{4}-\d{2}-\d{2}\.json$/);
  const dir = mkdtempSync(join(tmpdir(), 'wbka-options-'));
  const exported = join(dir, download.suggestedFilename());
  await download.saveAs(exported);
  const file = JSON.parse(readFileSync(exported, 'utf8')) as { format: string; version: number; settings: unknown };
  expect(file.format).toBe('workbooks-key-assistant-settings');
  expect(file.version).toBe(1);
  expect(file.settings).toEqual(saved);
  await expect(page.getByTestId('backup-status')).toContainText(`Downloaded ${download.suggestedFilename()}.`);

  // Change things, then import the file: everything is back as exported.
  await field(page, 'Flag users with more keys than').fill('2');
  await field(page, 'Approved addresses and CIDR blocks (one per line)').fill('');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('save-status')).toHaveText('Settings saved.');
  expect((await storedSettings(extensionWorker))?.manyKeysPerUser).toBe(2);

  const chooserPromise = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooserPromise).setFiles(exported);
  await expect(page.getByTestId('backup-status')).toHaveText('Settings imported and saved.');
  expect(await storedSettings(extensionWorker)).toEqual(saved);
  await expect(field(page, 'Flag users with more keys than')).toHaveValue('9');
  await expect(field(page, 'Approved addresses and CIDR blocks (one per line)')).toHaveValue('198.51.100.0/24');

  // A file with one bad value and an unknown setting: rejected as a whole, with every problem listed.
  const broken = { ...file, settings: { ...(file.settings as Record<string, unknown>), manyKeysPerUser: 3, logRetentionDays: -1, allowedRanges: ['192.0.2.0/24', '10.0.0.1-10.0.0.9'], colour: 'red' } };
  const brokenPath = join(dir, 'broken.json');
  writeFileSync(brokenPath, JSON.stringify(broken));
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser2).setFiles(brokenPath);
  const status = page.getByTestId('backup-status');
  await expect(status).toContainText('Nothing was imported');
  await expect(status.locator('li')).toHaveCount(3);
  await expect(status).toContainText('The file has settings this version does not know: colour.');
  await expect(status).toContainText('Keep the session log for (days): Enter a whole number from 1 to 3650.');
  await expect(status).toContainText('“10.0.0.1-10.0.0.9”');
  // manyKeysPerUser: 3 was valid, yet not applied: nothing was half-saved.
  expect(await storedSettings(extensionWorker)).toEqual(saved);

  // Not a settings file at all.
  const otherPath = join(dir, 'other.json');
  writeFileSync(otherPath, '{"hello": "world"}');
  const chooser3 = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser3).setFiles(otherPath);
  await expect(status).toContainText('This is not a settings file exported by the Workbooks API Key Assistant.');
  expect(await storedSettings(extensionWorker)).toEqual(saved);
});

test('reset puts the defaults back after a confirmation', async ({ page, extensionId, extensionWorker }) => {
  await openOptions(page, extensionId);
  await field(page, 'Keep the session log for (days)').fill('90');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('save-status')).toHaveText('Settings saved.');

  await page.getByTestId('reset-start').click();
  await expect(page.getByText('Reset every setting to its default?')).toBeVisible();
  // The safe answer has the focus; cancelling changes nothing.
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reset-start')).toBeFocused();
  expect((await storedSettings(extensionWorker))?.logRetentionDays).toBe(90);

  await page.getByTestId('reset-start').click();
  await page.getByTestId('reset-confirm').click();
  await expect(page.getByTestId('save-status')).toHaveText('Settings reset to their defaults.');
  await expect(field(page, 'Keep the session log for (days)')).toHaveValue('30');
  expect(await storedSettings(extensionWorker)).toEqual({
    connectionMode: 'session',
    expiryWarningDays: 14,
    expiryInfoDays: 30,
    maxLifetimeDays: 366,
    hugeRangeIpv4Prefix: 16,
    hugeRangeIpv6Prefix: 48,
    manyKeysPerUser: 5,
    logRetentionDays: 30,
    allowedRanges: [],
    hosts: ['secure.workbooks.com'],
    reminders: { enabled: false },
    autoRetryUnchangedIpConflicts: false,
  });
});

test('stored settings that no longer validate show their defaults and say so', async ({ page, extensionId, extensionWorker }) => {
  await extensionWorker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome;
    // An older version's object: no newer fields, one value out of range.
    await api.storage.local.set({ settings: { connectionMode: 'api-key', expiryWarningDays: 20, maxLifetimeDays: 99999, hugeRangeIpv4Prefix: 16, hugeRangeIpv6Prefix: 48, logRetentionDays: 30 } });
  });
  await openOptions(page, extensionId);
  await expect(page.getByTestId('reset-fields-notice')).toContainText('Warn when a key is valid for longer than (days)');
  await expect(field(page, 'Warn when a key is valid for longer than (days)')).toHaveValue('366');
  // The valid stored values and the defaults of the newer fields are shown.
  await expect(field(page, 'Warn when a key expires within (days)')).toHaveValue('20');
  await expect(page.getByLabel('Use an API key')).toBeChecked();
  await expect(field(page, 'Flag users with more keys than')).toHaveValue('5');
});

test('turning reminders on asks the browser and saves nothing until it answers', async ({ page, extensionId, extensionWorker }) => {
  await openOptions(page, extensionId);
  await page.getByTestId('reminders-on').click();
  // The browser's permission prompt is up (headless Chromium cannot answer it): the page waits for it,
  // says so, and neither saves "on" nor claims reminders are running.
  await expect(page.getByTestId('reminders-note')).toHaveText("Answer your browser's question to allow a daily alarm and notifications…");
  await expect(page.getByTestId('reminders-on')).toBeDisabled();
  await expect(page.getByTestId('reminders-state')).toHaveText('Reminders are off.');
  await page.waitForTimeout(500);
  expect(await storedSettings(extensionWorker)).toBeUndefined();
  const granted = await extensionWorker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome;
    return api.permissions.contains({ permissions: ['alarms', 'notifications'] });
  });
  expect(granted).toBe(false);
});

test('axe finds no serious or critical violation, also with errors showing', async ({ page, extensionId }) => {
  await openOptions(page, extensionId);
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(await serious()).toEqual([]);
  await field(page, 'Warn when a key expires within (days)').fill('0');
  await field(page, 'Approved addresses and CIDR blocks (one per line)').fill('10.0.0.*');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await page.getByTestId('reset-start').click();
  expect(await serious()).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await serious()).toEqual([]);
});
