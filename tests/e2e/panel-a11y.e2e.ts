/**
 * Accessibility of the connection bar, the Assistant tab (list, editor with findings, conflict view, saved
 * state) and the Activity tab: axe-core finds no serious or critical violation in any of those states, and the
 * whole edit → fix → save path works with the keyboard alone, with a visible focus indicator.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';

const EDITOR = '[data-testid="wbka-editor"]';

function sel(testId: string): string {
  return `[data-testid="${testId}"]`;
}

async function openApiKeysPage(page: Page, sim: SimHandle): Promise<void> {
  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-status', 'connected');
}

function ordinaryKeyId(sim: SimHandle): number {
  for (const key of sim.state.apiKeys.values()) {
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    if (key.id !== 1 && !key.isDeleted && user && !user.isDeleted && user.loginEnabled && user.edition !== 'No Edition (login denied)' && /^[\w .-]+$/.test(key.name)) return key.id;
  }
  throw new Error('no ordinary key in the seed');
}

/** Serious and critical axe violations inside the panel (an open shadow root of <wbka-assistant>). */
async function seriousViolations(page: Page, state: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('wbka-assistant').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.passes.length, `axe checked something in state "${state}"`).toBeGreaterThan(0);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${state}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

test('axe: no serious or critical violations in the Assistant and Activity tabs, in every state', async ({ page, sim }) => {
  const problems: string[] = [];
  await openApiKeysPage(page, sim);
  await expect(page.locator(sel('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  problems.push(...(await seriousViolations(page, 'key list')));

  // Options open, API-key form visible.
  await page.locator(sel('wbka-conn-options-toggle')).click();
  await page.locator(sel('wbka-conn-mode-api-key')).check();
  await expect(page.locator(sel('wbka-conn-key'))).toBeVisible();
  problems.push(...(await seriousViolations(page, 'connection options (api-key, no key)')));
  await page.locator(sel('wbka-conn-mode-session')).check();
  await expect(page.locator(sel('wbka-connection'))).toHaveAttribute('data-can-write', 'true');

  // Editor full of findings: IP errors with fixes, date errors, a user who cannot log in, a server error.
  const id = ordinaryKeyId(sim);
  await page.locator(`${sel('wbka-key-row')}[data-key-id="${id}"]`).click();
  await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
  await page.locator(sel('wbka-editor-permittedIps')).fill('081.2.69.10; 10.0.0.0/8, 81.2.69.10-20, 127.0.0.1');
  await page.locator(sel('wbka-editor-validFrom')).fill('1 Jan 2099');
  await page.locator(sel('wbka-editor-until')).fill('31/02/2020');
  const disabledUser = [...sim.state.users.values()].find((u) => !u.isDeleted && !u.loginEnabled);
  if (disabledUser) {
    await page.locator(sel('wbka-editor-user')).selectOption(String(disabledUser.id));
    await expect(page.locator(`${sel('wbka-findings-accessAsUserId')} [data-code="user-login-disabled"]`)).toBeVisible();
  }
  await expect(page.locator(`${sel('wbka-findings-permittedIps')} [data-code="leading-zero"]`)).toBeVisible();
  await expect(page.locator(`${sel('wbka-findings-until')} [data-code="invalid-date"]`)).toBeVisible();
  problems.push(...(await seriousViolations(page, 'editor with findings')));

  // Server validation error on a field (blank Until is refused by the service).
  await page.locator(sel('wbka-editor-validFrom')).fill('');
  await page.locator(sel('wbka-editor-until')).fill('');
  await page.locator(sel('wbka-editor-permittedIps')).fill('81.2.69.10');
  await page.locator(sel('wbka-editor-save')).click();
  await expect(page.locator(`${sel('wbka-findings-until')} [data-code="server"]`)).toContainText("can't be blank");
  await expect(page.locator(sel('wbka-editor-error'))).toBeVisible();
  problems.push(...(await seriousViolations(page, 'editor with server errors')));

  // Conflict view.
  await page.locator(sel('wbka-editor-until')).fill('');
  await page.locator(sel('wbka-editor-description')).fill('Mine');
  const untilFix = page.locator(`${sel('wbka-findings-until')} [data-code="until-missing"] ${sel('wbka-fix')}`).first();
  await untilFix.click();
  sim.modifyRecord('apiKey', id, { description: 'Theirs' });
  await page.locator(sel('wbka-editor-save')).click();
  await expect(page.locator(sel('wbka-conflict'))).toBeVisible();
  problems.push(...(await seriousViolations(page, 'conflict view')));

  // Saved state.
  await page.locator(sel('wbka-conflict-reapply')).click();
  await expect(page.locator(sel('wbka-saved'))).toBeVisible();
  problems.push(...(await seriousViolations(page, 'saved state')));

  // Activity tab with entries.
  await page.locator(sel('wbka-tab-activity')).click();
  await expect(page.locator(sel('wbka-activity-entry')).first()).toBeVisible();
  problems.push(...(await seriousViolations(page, 'activity')));

  expect(problems).toEqual([]);
});

test('keyboard only: find a key, fix its IP list, save — with a visible focus ring', async ({ page, sim }) => {
  await openApiKeysPage(page, sim);
  await expect(page.locator(sel('wbka-key-list'))).toHaveAttribute('data-state', 'ready');
  const id = ordinaryKeyId(sim);
  const key = sim.state.apiKeys.get(id)!;

  // Into the panel with the keyboard: the search box, then Tab to the (only) matching row.
  await page.locator(sel('wbka-list-search')).focus();
  await page.keyboard.type(`#${id}`);
  await expect(page.locator(sel('wbka-list-count'))).toContainText('Showing 1 of');
  await page.keyboard.press('Tab');
  const row = page.locator(`${sel('wbka-key-row')}[data-key-id="${id}"]`);
  await expect(row).toBeFocused();
  const outline = await row.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator(EDITOR)).toHaveAttribute('data-state', 'ready');
  await expect(page.locator(sel('wbka-editor-title'))).toBeFocused();

  // Tab to the IP list, replace it by typing, then Tab to the Fix button and press it.
  const ips = page.locator(sel('wbka-editor-permittedIps'));
  for (let i = 0; i < 40 && !(await ips.evaluate((element) => element.matches(':focus'))); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(ips).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('81.2.69.0/24;81.2.70.5');
  const fix = page.locator(`${sel('wbka-findings-permittedIps')} [data-code="separator"] ${sel('wbka-fix')}`);
  await expect(fix).toBeVisible();
  // The hint, then the finding's Fix button, follow the field in tab order.
  await page.keyboard.press('Tab');
  await expect(fix).toBeFocused();
  expect(await fix.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(ips).toHaveValue('81.2.69.0/24, 81.2.70.5');
  await expect(page.locator(sel('wbka-editor-summary'))).toHaveAttribute('data-errors', '0');

  // Save with Enter from a text field (the editor is a real form).
  await page.locator(sel('wbka-editor-name')).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator(sel('wbka-saved'))).toBeVisible();
  expect(sim.state.apiKeys.get(id)?.permittedIps).toBe('81.2.69.0/24, 81.2.70.5');
  expect(sim.state.apiKeys.get(id)?.lockVersion).toBe(key.lockVersion + 1);

  // Back to the list: focus returns to the key's row.
  await page.locator(sel('wbka-editor-back')).focus();
  await page.keyboard.press('Enter');
  await expect(row).toBeFocused();
});
