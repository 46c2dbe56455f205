/**
 * Foundation: the built extension in real Chromium on the simulated Workbooks Desktop. The panel mounts once
 * on the API Keys view and not elsewhere; the toolbar button and Alt+Shift+K toggle it; in-page navigation
 * never duplicates it; the page's own buttons keep working; a dead extension context never throws into the page.
 */
import { clickToolbarButton, expect, panelLocator, test } from './harness';

const hosts = (page: import('@playwright/test').Page) => page.locator('wbka-assistant');

test('mounts once on the API Keys view and not on other pages', async ({ page, sim, pageProblems }) => {
  await page.goto(`${sim.url}/desktop/home`);
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  // Give the content script time to decide: it must stay inert here.
  await page.waitForTimeout(800);
  await expect(hosts(page)).toHaveCount(0);

  await page.getByRole('link', { name: 'API Keys', exact: true }).click();
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.getByTestId('wbka-detection')).toContainText('API Keys view detected');
  await page.waitForTimeout(500);
  await expect(hosts(page)).toHaveCount(1);
  expect(pageProblems).toEqual([]);
});

test('navigating away and back inside the page never duplicates the panel', async ({ page, sim, pageProblems }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  for (let round = 0; round < 3; round++) {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
    // The auto-opened panel leaves with the view.
    await expect(hosts(page)).toHaveCount(0);
    await page.getByRole('link', { name: 'API Keys', exact: true }).click();
    await expect(panelLocator(page)).toBeVisible();
    await expect(hosts(page)).toHaveCount(1);
  }
  // Browser back/forward (popstate) too.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(hosts(page)).toHaveCount(0);
  await page.goForward();
  await expect(panelLocator(page)).toBeVisible();
  await expect(hosts(page)).toHaveCount(1);
  expect(pageProblems).toEqual([]);
});

test('the toolbar button toggles the panel, also where the view is not detected', async ({ page, sim, extensionWorker }) => {
  await page.goto(`${sim.url}/desktop/home`);
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  await clickToolbarButton(extensionWorker, page);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.getByTestId('wbka-detection')).toContainText('does not look like the API Keys view');
  await clickToolbarButton(extensionWorker, page);
  await expect(hosts(page)).toHaveCount(0);

  // On the API Keys view: closing by the button is remembered while the view stays; pressing again reopens.
  await page.getByRole('link', { name: 'API Keys', exact: true }).click();
  await expect(panelLocator(page)).toBeVisible();
  await clickToolbarButton(extensionWorker, page);
  await expect(hosts(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForTimeout(500);
  await expect(hosts(page)).toHaveCount(0);
  await clickToolbarButton(extensionWorker, page);
  await expect(panelLocator(page)).toBeVisible();
});

test('Alt+Shift+K toggles the panel, and the panel takes focus only when asked for', async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  // Auto-opened: focus stays on the page.
  const focusedInPanel = () => page.evaluate(() => document.activeElement?.tagName.toLowerCase() === 'wbka-assistant');
  expect(await focusedInPanel()).toBe(false);
  await page.keyboard.press('Alt+Shift+K');
  await expect(hosts(page)).toHaveCount(0);
  await page.keyboard.press('Alt+Shift+K');
  await expect(panelLocator(page)).toBeVisible();
  await expect.poll(focusedInPanel).toBe(true);
  // Escape inside the panel closes it.
  await page.keyboard.press('Escape');
  await expect(hosts(page)).toHaveCount(0);
});

test("the host page's own buttons still work with the panel open", async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  // The page's own toolbar button (the panel has a "New API Key" button of its own).
  await page.getByRole('toolbar').getByRole('button', { name: 'New API Key' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Permitted IP addresses', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
});

test('the panel lives in an open shadow root and does not shift the page layout', async ({ page, sim }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  const heading = page.getByRole('heading', { name: 'API Keys' });
  await expect(heading).toBeVisible();
  await expect(panelLocator(page)).toBeVisible();
  const layout = await page.evaluate(() => {
    const host = document.querySelector('wbka-assistant');
    const style = host ? getComputedStyle(host) : null;
    return { mode: host?.shadowRoot?.mode ?? null, position: style?.position, bodyWidth: document.body.getBoundingClientRect().width, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, hostParent: host?.parentElement?.tagName };
  });
  expect(layout.mode).toBe('open');
  expect(layout.position).toBe('fixed');
  expect(layout.hostParent).toBe('HTML');
  // No horizontal overflow was introduced: the drawer overlays, it does not push.
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  const before = await heading.boundingBox();
  await page.keyboard.press('Alt+Shift+K');
  await expect(page.locator('wbka-assistant')).toHaveCount(0);
  expect(await heading.boundingBox()).toEqual(before);
});

test('a dead extension context after an update never throws into the page', async ({ page, sim, extensionWorker, pageProblems }) => {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  // Reload the extension: this copy of the content script loses its runtime.
  await extensionWorker.evaluate(() => {
    (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload();
  }).catch(() => undefined);
  await page.waitForTimeout(1000);
  // Page activity now reaches the orphaned script: it must clean up quietly.
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await page.getByRole('link', { name: 'API Keys', exact: true }).click();
  await page.keyboard.press('Alt+Shift+K');
  await page.waitForTimeout(800);
  await expect(page.locator('wbka-assistant')).toHaveCount(0);
  // The page still works.
  await page.getByRole('toolbar').getByRole('button', { name: 'New API Key' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(pageProblems.filter((p) => !/favicon/.test(p))).toEqual([]);
});
