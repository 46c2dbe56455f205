/**
 * Native-form assistance in real Chromium on the simulated Workbooks Desktop: findings appear under the page's
 * own fields as the admin types, Fix buttons write back through the page's events, and the page's own Save
 * stores exactly the fixed text (checked in the simulator's state). Dates and users too, both layouts.
 */
import type { Locator, Page } from '@playwright/test';
import { addDays, londonToday } from '../../src/core/dates/index';
import { expect, test } from './harness';

/** The page's own controls (the assistant's panel has buttons with the same names). */
const newKeyButton = (page: Page) => page.getByRole('toolbar').getByRole('button', { name: 'New API Key' });
const keyWindow = (page: Page) => page.locator('[role="dialog"].wb-key-window');


const annotation = (page: Page, role: string) => page.locator(`[data-wbka-annotation="${role}"]`);
const findingsOf = (page: Page, role: string) => annotation(page, role).locator('[data-testid="wbka-inline-finding"]');
const findingWith = (page: Page, role: string, code: string) => annotation(page, role).locator(`[data-testid="wbka-inline-finding"][data-code="${code}"]`);
const userNote = (page: Page) => annotation(page, 'accessAsUser').locator('[data-testid="wbka-inline-user"]');
const summary = (page: Page) => page.locator('[data-testid="wbka-form-summary"]');

/** The modern layout's form row for a label (the test may use the page's classes; the extension may not). */
function modernField(dialog: Locator, label: string): Locator {
  return dialog.locator('.x-form-item').filter({ has: dialog.page().locator('label', { hasText: new RegExp(`^${label}$`) }) });
}

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const today = () => londonToday(new Date());

async function openNewModernForm(page: Page, url: string): Promise<Locator> {
  await page.goto(`${url}/desktop/config/api-keys`);
  await newKeyButton(page).click();
  const dialog = keyWindow(page);
  await expect(dialog).toBeVisible();
  await expect(summary(page)).toBeVisible();
  return dialog;
}

async function findingSnapshot(page: Page, role: string) {
  return findingsOf(page, role).evaluateAll((items) =>
    items.map((item) => ({
      code: item.getAttribute('data-code'),
      severity: item.getAttribute('data-severity'),
      start: Number(item.getAttribute('data-start')),
      end: Number(item.getAttribute('data-end')),
      quote: item.querySelector('[data-testid="wbka-inline-quote"]')?.textContent ?? null,
    })),
  );
}

test('a messy IP list gets precise findings; Fix writes back and the page’s own Save stores the fixed text', async ({ page, sim, pageProblems }) => {
  const dialog = await openNewModernForm(page, sim.url);
  const ips = modernField(dialog, 'Permitted IP addresses').locator('textarea');
  const messy = '010.1.1.1; 192.168.1.0/24, 1.2.3.4:443, 10.0.0.5/24';
  await ips.click();
  await ips.pressSequentially(messy, { delay: 5 });

  await expect(findingsOf(page, 'permittedIps')).toHaveCount(5);
  expect(await findingSnapshot(page, 'permittedIps')).toEqual([
    { code: 'leading-zero', severity: 'error', start: 0, end: 9, quote: '010.1.1.1' },
    { code: 'separator', severity: 'error', start: 9, end: 11, quote: '; ' },
    { code: 'private', severity: 'warning', start: 11, end: 25, quote: '192.168.1.0/24' },
    { code: 'port-suffix', severity: 'error', start: 34, end: 38, quote: ':443' },
    { code: 'host-bits-set', severity: 'error', start: 40, end: 51, quote: '10.0.0.5/24' },
  ]);
  // The summary counts what is shown (the Until date is still missing: one more error).
  await expect(summary(page)).toHaveAttribute('data-errors', '5');
  await expect(summary(page)).toHaveAttribute('data-warnings', '1');
  await expect(summary(page)).toHaveAttribute('aria-live', 'polite');
  // Typing never moved focus away from the page's field.
  expect(await ips.evaluate((el) => el === document.activeElement)).toBe(true);

  // Fix each error: every click rewrites the page's textarea through its events.
  for (const code of ['leading-zero', 'separator', 'port-suffix', 'host-bits-set']) {
    await findingWith(page, 'permittedIps', code).locator('[data-testid="wbka-inline-fix"]').first().click();
    await expect(findingWith(page, 'permittedIps', code)).toHaveCount(0);
  }
  const fixed = '10.1.1.1, 192.168.1.0/24, 1.2.3.4, 10.0.0.0/24';
  await expect(ips).toHaveValue(fixed);
  await expect(findingsOf(page, 'permittedIps').locator('xpath=self::*[@data-severity="error"]')).toHaveCount(0);

  // The rest of the form, then the page's own Save.
  const name = `Inline fix ${Date.now()}`;
  await modernField(dialog, 'Name').locator('input').fill(name);
  const until = addDays(today(), 30);
  await modernField(dialog, 'Until').locator('input').fill(ddmmyyyy(until));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.x-toast')).toContainText('API Key created');
  await expect(dialog).toHaveCount(0);

  const saved = [...sim.state.apiKeys.values()].filter((key) => key.name === name);
  expect(saved).toHaveLength(1);
  expect(saved[0]!.permittedIps).toBe(fixed);
  expect(saved[0]!.until).toBe(until);
  // The form closed: its annotations went with it.
  await expect(page.locator('[data-wbka-annotation]')).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('dates: missing Until, Until before Valid From, expired and expiring soon appear as the admin types; a date Fix is saved', async ({ page, sim }) => {
  const dialog = await openNewModernForm(page, sim.url);
  const validFrom = modernField(dialog, 'Valid From').locator('input');
  const until = modernField(dialog, 'Until').locator('input');

  await expect(findingWith(page, 'until', 'until-missing')).toHaveCount(1);
  await expect(findingWith(page, 'until', 'until-missing')).toHaveAttribute('data-severity', 'error');

  await validFrom.pressSequentially(ddmmyyyy(addDays(today(), 10)));
  await until.pressSequentially(ddmmyyyy(addDays(today(), 5)));
  await expect(findingWith(page, 'until', 'until-before-from')).toHaveCount(1);
  await expect(findingWith(page, 'until', 'until-missing')).toHaveCount(0);
  await expect(findingWith(page, 'validFrom', 'starts-in-future')).toHaveCount(1);

  await validFrom.fill('');
  await until.fill('');
  await until.pressSequentially(ddmmyyyy(addDays(today(), -3)));
  await expect(findingWith(page, 'until', 'expired')).toHaveCount(1);
  await expect(findingWith(page, 'until', 'expired')).toHaveAttribute('data-severity', 'error');

  await until.fill('');
  await until.pressSequentially(ddmmyyyy(addDays(today(), 5)));
  await expect(findingWith(page, 'until', 'expires-soon')).toHaveCount(1);
  await expect(findingWith(page, 'until', 'expires-soon')).toHaveAttribute('data-severity', 'warning');
  await expect(findingWith(page, 'until', 'expired')).toHaveCount(0);

  // "Until before Valid From" → swap: both page fields change, in the page's DD/MM/YYYY format.
  await validFrom.fill(ddmmyyyy(addDays(today(), 20)));
  await expect(findingWith(page, 'until', 'until-before-from')).toHaveCount(1);
  await findingWith(page, 'until', 'until-before-from').locator('[data-testid="wbka-inline-fix"]').click();
  await expect(validFrom).toHaveValue(ddmmyyyy(addDays(today(), 5)));
  await expect(until).toHaveValue(ddmmyyyy(addDays(today(), 20)));
  await expect(findingWith(page, 'until', 'until-before-from')).toHaveCount(0);

  // Blank Until → "Set to 90 days from today", then the page saves what the Fix wrote.
  await validFrom.fill('');
  await until.fill('');
  await findingWith(page, 'until', 'until-missing').locator('[data-testid="wbka-inline-fix"]').click();
  const expected = addDays(today(), 90);
  await expect(until).toHaveValue(ddmmyyyy(expected));
  const name = `Date fix ${Date.now()}`;
  await modernField(dialog, 'Name').locator('input').fill(name);
  await modernField(dialog, 'Permitted IP addresses').locator('textarea').fill('81.2.69.10');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  const saved = [...sim.state.apiKeys.values()].find((key) => key.name === name);
  expect(saved?.until).toBe(expected);
  expect(saved?.validFrom).toBeNull();
});

test('choosing a login-disabled, unlicensed or deleted user in the page’s picker shows the warning', async ({ page, sim }) => {
  const truth = sim.groundTruth();
  const userOf = (status: string) => {
    const entry = truth.users.find((user) => user.status === status);
    if (!entry) throw new Error(`the seed has no ${status} user`);
    return sim.state.users.get(entry.id)!;
  };
  const disabled = userOf('login-disabled');
  const unlicensed = userOf('no-edition');
  const deleted = userOf('deleted');

  const dialog = await openNewModernForm(page, sim.url);
  // The new form starts with the signed-in administrator: a quiet confirmation.
  await expect(userNote(page)).toHaveAttribute('data-status', 'ok');
  await expect(userNote(page)).toContainText('Alex Morgan');

  const picker = dialog.getByRole('combobox');
  const choose = async (name: string) => {
    await picker.fill('');
    await picker.pressSequentially(name.slice(0, 4));
    await page.locator('.x-boundlist').getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().click();
    await expect(picker).toHaveValue(name);
  };

  await choose(disabled.userName);
  await expect(userNote(page)).toHaveAttribute('data-status', 'user-login-disabled');
  await expect(userNote(page)).toContainText(`Tick Login enabled for ${disabled.userName} in Configuration > Users`);

  await choose(unlicensed.userName);
  await expect(userNote(page)).toHaveAttribute('data-status', 'user-no-edition');
  await expect(userNote(page)).toContainText('No Edition (login denied)');

  // A deleted user is not in the page's list: typing the name leaves nothing the page can choose.
  await picker.fill('');
  await picker.pressSequentially(deleted.userName);
  await picker.press('Tab');
  await expect(userNote(page)).toHaveAttribute('data-status', 'user-not-found');

  // An existing key whose user was deleted: the page shows the raw id; the note says deleted or missing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const orphan = truth.keys.find((key) => key.problems.includes('user-deleted') && key.userId !== null);
  expect(orphan).toBeDefined();
  await page.locator(`[data-recordid="${orphan!.id}"]`).click();
  await expect(keyWindow(page)).toContainText('Edit API Key');
  await expect(userNote(page)).toHaveAttribute('data-status', 'user-deleted');
  await expect(userNote(page)).toContainText('Choose another user');
  // The summary counts it.
  expect(Number(await summary(page).getAttribute('data-errors'))).toBeGreaterThanOrEqual(1);
});

test('a user that cannot be checked is never shown as OK: the note says why', async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(page.locator('[data-recordid]').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The page's own user read (the first request from now on) still works; the assistant's read is refused.
  sim.setFaults('403@path=admin/users.api&after=1');
  await newKeyButton(page).click();
  await expect(keyWindow(page)).toBeVisible();
  await expect(userNote(page)).toHaveAttribute('data-status', 'user-unknown');
  await expect(userNote(page)).toContainText('Cannot check Alex Morgan');
  await expect(summary(page)).toHaveAttribute('data-warnings', '1');
});

test.describe('classic layout', () => {
  test('the table-based form gets the same findings, fixes in its own date format, and its Save stores them', async ({ page, sim }) => {
    await page.goto(`${sim.url}/desktop/config/api-keys?layout=classic`);
    await page.getByRole('link', { name: 'Add API Key' }).click();
    const form = page.locator('form').filter({ hasText: 'New API Key' });
    await expect(form).toBeVisible();
    const row = (label: string) => form.locator('tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${label}$`) }) });
    const ips = row('Permitted IP addresses').locator('textarea');
    await ips.pressSequentially('81.2.69.10:443;81.2.69.300');
    await expect(findingWith(page, 'permittedIps', 'port-suffix')).toHaveCount(1);
    await expect(findingWith(page, 'permittedIps', 'separator')).toHaveCount(1);
    await expect(findingWith(page, 'permittedIps', 'octet-out-of-range')).toHaveCount(1);
    // Annotations sit inside the table cell, not between rows.
    expect(await annotation(page, 'permittedIps').evaluate((el) => el.parentElement?.tagName)).toBe('TD');

    await findingWith(page, 'permittedIps', 'port-suffix').locator('[data-testid="wbka-inline-fix"]').click();
    await findingWith(page, 'permittedIps', 'separator').locator('[data-testid="wbka-inline-fix"]').click();
    await expect(ips).toHaveValue('81.2.69.10, 81.2.69.300');
    await ips.fill('81.2.69.10, 81.2.69.30');
    await expect(findingsOf(page, 'permittedIps')).toHaveCount(0);

    await findingWith(page, 'until', 'until-missing').locator('[data-testid="wbka-inline-fix"]').click();
    const expected = addDays(today(), 90);
    const [y, m, d] = expected.split('-').map(Number);
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m! - 1];
    await expect(row('Until').locator('input')).toHaveValue(`${d} ${month} ${y}`);

    const name = `Classic ${Date.now()}`;
    await row('Name').locator('input').fill(name);
    await form.locator('input[value="Save Changes"]').click();
    await expect(form).toHaveCount(0);
    const saved = [...sim.state.apiKeys.values()].find((key) => key.name === name);
    expect(saved?.permittedIps).toBe('81.2.69.10, 81.2.69.30');
    expect(saved?.until).toBe(expected);
  });

  test('a login-disabled user is flagged in the classic picker too', async ({ page, sim }) => {
    const entry = sim.groundTruth().users.find((user) => user.status === 'login-disabled')!;
    const user = sim.state.users.get(entry.id)!;
    await page.goto(`${sim.url}/desktop/config/api-keys?layout=classic`);
    await page.getByRole('link', { name: 'Add API Key' }).click();
    const picker = page.locator('form').getByRole('combobox');
    await picker.fill('');
    await picker.pressSequentially(user.userName);
    await picker.press('Tab');
    await expect(userNote(page)).toHaveAttribute('data-status', 'user-login-disabled');
  });
});

test.describe('alt schema', () => {
  test.use({ simOptions: { schema: 'alt' } });

  test('the same findings, user warnings and saves with differently named fields', async ({ page, sim }) => {
    const entry = sim.groundTruth().users.find((user) => user.status === 'no-edition')!;
    const unlicensed = sim.state.users.get(entry.id)!;
    const dialog = await openNewModernForm(page, sim.url);
    await expect(userNote(page)).toHaveAttribute('data-status', 'ok');
    const picker = dialog.getByRole('combobox');
    await picker.fill('');
    await picker.pressSequentially(unlicensed.userName);
    await picker.press('Tab');
    await expect(userNote(page)).toHaveAttribute('data-status', 'user-no-edition');
    // Back to the administrator, then a list with a fixable error.
    await picker.fill('');
    await picker.pressSequentially('Alex Morgan');
    await picker.press('Tab');
    await expect(userNote(page)).toHaveAttribute('data-status', 'ok');

    const ips = modernField(dialog, 'Permitted IP addresses').locator('textarea');
    await ips.pressSequentially('81.2.69.5/24');
    await findingWith(page, 'permittedIps', 'host-bits-set').locator('[data-testid="wbka-inline-fix"]').first().click();
    await expect(ips).toHaveValue('81.2.69.0/24');
    const name = `Alt ${Date.now()}`;
    await modernField(dialog, 'Name').locator('input').fill(name);
    await findingWith(page, 'until', 'until-missing').locator('[data-testid="wbka-inline-fix"]').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    const saved = [...sim.state.apiKeys.values()].find((key) => key.name === name);
    expect(saved?.permittedIps).toBe('81.2.69.0/24');
    expect(saved?.until).toBe(addDays(today(), 90));
    expect(saved?.accessAsUser).toBe(1);
  });
});
