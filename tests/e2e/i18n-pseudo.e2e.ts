/**
 * Nothing the admin reads is hard-coded: with the browser in French, the test build's pseudo-French locale
 * (every message wrapped in ⟦…⟧) must reach every piece of UI chrome — headings, tabs, buttons, labels,
 * accessible names. Data (key names, hosts, numbers) is not language and is not checked.
 */
import { expect, panelLocator, test } from './harness';
import { onlyMessages } from '../support/pseudo-locale';

test.use({ launchArgs: ['--lang=fr'] });

test('with the browser in French, the panel speaks only through the locale files', async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  const panel = panelLocator(page);
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('wbka-tab-assistant')).toHaveText(/^⟦.*⟧$/);

  const unwrapped = async () =>
    panel.evaluate((root) => {
      const problems: string[] = [];
      let checked = 0;
      const wrapped = (text: string) => /^⟦[\s\S]*⟧$/.test(text.trim());
      for (const el of Array.from(root.querySelectorAll('h1, h2, h3, h4, [role="tab"], label, legend, th, summary'))) {
        const text = (el.textContent ?? '').trim();
        if (text) checked++;
        if (text && !/⟦/.test(text)) problems.push(`${el.tagName.toLowerCase()}: ${text}`);
      }
      for (const el of Array.from(root.querySelectorAll('[aria-label], [title], [placeholder]'))) {
        for (const attr of ['aria-label', 'title', 'placeholder']) {
          const value = el.getAttribute(attr);
          if (value && /[A-Za-z]{3}/.test(value) && !/⟦/.test(value)) problems.push(`${el.tagName.toLowerCase()}[${attr}]: ${value}`);
        }
      }
      for (const button of Array.from(root.querySelectorAll('button'))) {
        const text = (button.textContent ?? '').trim();
        if (text) checked++;
        // A button naming a key or a user shows data; every other button's words come from the locale.
        if (text && /[A-Za-z]{3}/.test(text) && !wrapped(text) && !/⟦/.test(text) && !button.closest('[data-wbka-data]')) problems.push(`button: ${text}`);
      }
      return { problems, checked };
    });

  const first = await unwrapped();
  expect(first.problems).toEqual([]);
  // The check looked at real UI: tabs, headings, buttons and labels.
  expect(first.checked).toBeGreaterThan(8);
  for (const tab of ['audit', 'bulk', 'activity'] as const) {
    await page.getByTestId(`wbka-tab-${tab}`).click();
    await page.waitForTimeout(300);
    const result = await unwrapped();
    expect(result.problems, tab).toEqual([]);
  }
});

test('the engines speak through the locale files too: inline findings and fixes, audit findings', async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await page.getByRole('toolbar').getByRole('button', { name: 'New API Key' }).click();
  const dialog = page.locator('[role="dialog"].wb-key-window');
  await expect(page.locator('[data-testid="wbka-form-summary"]')).toBeVisible();
  await dialog.locator('textarea').last().pressSequentially('010.1.1.1; 192.168.1.0/24, 1.2.3.4:443, example.com');
  await dialog.locator('input.x-form-date').last().fill('31/02/2027');
  const findings = page.locator('[data-wbka-annotation] [data-testid="wbka-inline-finding"]');
  await expect(findings).toHaveCount(6);
  const texts = [
    ...(await page.locator('[data-wbka-annotation] [data-testid="wbka-inline-message"]').allTextContents()),
    ...(await page.locator('[data-wbka-annotation] [data-testid="wbka-inline-fix"]').allTextContents()),
  ];
  expect(texts.length).toBeGreaterThan(7);
  expect(texts.filter((text) => !onlyMessages(text))).toEqual([]);

  // The audit: every finding shown in the grid (messages and details) comes from the locale files.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('wbka-tab-audit').click();
  const panel = panelLocator(page);
  await panel.getByTestId('audit-run').click();
  const messageCells = panel.locator('[data-testid="audit-row"] [role="gridcell"][aria-colindex="3"]');
  await expect(messageCells.first()).toBeVisible({ timeout: 20_000 });
  const lines = (await messageCells.evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title') ?? ''))).flatMap((title) => title.split('\n')).filter(Boolean);
  // The seeded data has keys with every kind of finding: many lines were checked.
  expect(lines.length).toBeGreaterThan(20);
  expect(lines.filter((line) => !onlyMessages(line.replace(/ \[(.*)\]$/, '$1')))).toEqual([]);
});
