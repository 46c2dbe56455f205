/**
 * Security claim 2, end to end: key and user names carrying HTML and script payloads are rendered as text
 * everywhere the extension shows them — the panel's key list and editor, the audit table, the bulk-edit preview
 * and the annotations under Workbooks' own form — in real Chromium against the simulator. No dialog ever opens,
 * no element with an event-handler attribute, no script/iframe appears in the page or in any of our shadow
 * roots, and each payload is visible literally.
 *
 * Payloads: the simulator seeds a key named `<img src=x onerror=alert(1)>` (with an HTML description); this
 * test renames a user `<script>alert(2)</script>` (and turns their login off, so the form annotation names them
 * in a warning), gives one of their keys the description `"><svg onload=alert(3)>` and the name
 * `<b onmouseover=alert(4)>bold</b>`, and types `<svg/onload=alert(5)>` into the page's IP field.
 */
import type { Page } from '@playwright/test';
import { clickToolbarButton, expect, panelLocator, test } from './harness';
import type { SimHandle } from '../workbooks-sim/index';

const tid = (id: string) => `[data-testid="${id}"]`;

const IMG_KEY_NAME = '<img src=x onerror=alert(1)>';
const USER_NAME = '<script>alert(2)</script>';
const DESCRIPTION = '"><svg onload=alert(3)>';
const KEY_NAME = '<b onmouseover=alert(4)>bold</b>';
const TYPED_IPS = '<svg/onload=alert(5)>';

interface Payloads {
  imgKeyId: number;
  keyId: number;
  userId: number;
}

/** Plants the payloads in the simulator's state (as "someone else" editing records). */
function plantPayloads(sim: SimHandle): Payloads {
  const keys = [...sim.state.apiKeys.values()].filter((k) => !k.isDeleted);
  const imgKey = keys.find((k) => k.name === IMG_KEY_NAME);
  if (!imgKey) throw new Error('the simulator no longer seeds the HTML-payload key');
  const key = keys.find((k) => {
    const user = k.accessAsUser === null ? undefined : sim.state.users.get(k.accessAsUser);
    return k.id > 2 && k.id !== imgKey.id && user !== undefined && user.id > 2 && !user.isDeleted && user.loginEnabled && /^[\w .-]+$/.test(k.name);
  });
  if (!key || key.accessAsUser === null) throw new Error('no ordinary key in the seed');
  sim.modifyRecord('user', key.accessAsUser, { userName: USER_NAME, loginEnabled: false });
  sim.modifyRecord('apiKey', key.id, { name: KEY_NAME, description: DESCRIPTION });
  return { imgKeyId: imgKey.id, keyId: key.id, userId: key.accessAsUser };
}

/**
 * Everything in the document and in every open shadow root (ours included) that would mean markup was made from
 * data: event-handler attributes, script/iframe/object/embed elements outside the page's own head scripts,
 * `javascript:` URLs and the payloads' images.
 */
async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot, where: string) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        const tag = element.tagName.toLowerCase();
        const describe = `${where}: <${tag} ${element.getAttributeNames().join(' ')}>`;
        if (element.getAttributeNames().some((name) => /^on/i.test(name))) found.push(describe);
        if (['iframe', 'object', 'embed', 'frame'].includes(tag)) found.push(describe);
        if (tag === 'script' && (where !== 'document' || /alert\(/.test(element.textContent ?? ''))) found.push(describe);
        if (tag === 'img' && ['x', 'y'].includes(element.getAttribute('src') ?? '')) found.push(describe);
        for (const name of element.getAttributeNames()) if (/^\s*javascript:/i.test(element.getAttribute(name) ?? '')) found.push(`${describe} (javascript: URL)`);
        if (element.shadowRoot) walk(element.shadowRoot, `shadow root of <${tag}>`);
      }
    };
    walk(document, 'document');
    return found;
  });
}

async function shadowRootCount(page: Page): Promise<number> {
  return page.evaluate(() => Array.from(document.querySelectorAll('*')).filter((element) => element.shadowRoot !== null).length);
}

test.use({ simOptions: { keys: 40, users: 15 } });

test('HTML and script payloads in key and user names are shown as text in the panel, the audit, bulk edit and the form annotations', async ({ page, sim, extensionWorker, pageProblems }) => {
  test.setTimeout(150_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const planted = plantPayloads(sim);

  await page.goto(`${sim.url}/desktop/config/api-keys`);
  await expect(panelLocator(page)).toBeVisible();
  await expect(page.locator(tid('wbka-connection'))).toHaveAttribute('data-status', 'connected');

  // The scanner is live: it finds a handler attribute planted inside a shadow root (then the probe goes).
  await page.evaluate(() => {
    const probe = document.createElement('security-probe');
    const inner = document.createElement('b');
    inner.setAttribute('onmouseover', 'void 0');
    probe.attachShadow({ mode: 'open' }).append(inner);
    document.body.append(probe);
  });
  expect(await injectedMarkup(page)).toEqual(['shadow root of <security-probe>: <b onmouseover>']);
  await page.evaluate(() => document.querySelector('security-probe')?.remove());

  // ------------------------------------------------------------------------------ panel: key list
  const list = page.locator(tid('wbka-key-list'));
  await expect(list).toHaveAttribute('data-state', 'ready');
  await page.locator(tid('wbka-list-search')).fill('<');
  const imgRow = page.locator(`${tid('wbka-key-row')}[data-key-id="${planted.imgKeyId}"]`);
  const keyRow = page.locator(`${tid('wbka-key-row')}[data-key-id="${planted.keyId}"]`);
  await expect(imgRow).toContainText(IMG_KEY_NAME);
  await expect(keyRow).toContainText(KEY_NAME);
  await expect(keyRow).toContainText(USER_NAME);

  // ------------------------------------------------------------------------------ panel: key editor
  await keyRow.click();
  const editor = page.locator(tid('wbka-editor'));
  await expect(editor).toHaveAttribute('data-state', 'ready');
  await expect(page.locator(tid('wbka-editor-name'))).toHaveValue(KEY_NAME);
  await expect(page.locator(tid('wbka-editor-description'))).toHaveValue(DESCRIPTION);
  const chosenUser = page.locator(`${tid('wbka-editor-user')} option[value="${planted.userId}"]`);
  await expect(chosenUser).toHaveCount(1);
  await expect(chosenUser).toContainText(USER_NAME);
  await expect(page.locator(tid('wbka-field-accessAsUserId'))).toContainText(USER_NAME);
  await page.locator(tid('wbka-editor-back')).click();

  // The seeded key whose description is HTML too.
  await page.locator(tid('wbka-list-search')).fill('<img');
  await imgRow.click();
  await expect(editor).toHaveAttribute('data-state', 'ready');
  await expect(page.locator(tid('wbka-editor-name'))).toHaveValue(IMG_KEY_NAME);
  const seededDescription = sim.state.apiKeys.get(planted.imgKeyId)!.description ?? '';
  expect(seededDescription).toMatch(/[<>]/);
  await expect(page.locator(tid('wbka-editor-description'))).toHaveValue(seededDescription);
  await page.locator(tid('wbka-editor-back')).click();
  expect(await injectedMarkup(page)).toEqual([]);

  // ------------------------------------------------------------------------------ audit table
  await page.locator(tid('wbka-tab-audit')).click();
  await expect(page.locator(tid('audit-run'))).toBeEnabled({ timeout: 20_000 });
  await page.locator(tid('audit-run')).click();
  await expect(page.locator(tid('audit-meta'))).toHaveAttribute('data-source', 'run', { timeout: 60_000 });
  await page.locator(tid('audit-filter-text')).fill('<');
  const auditRow = (id: number) => page.locator(`${tid('audit-row')}[data-key-id="${id}"]`);
  await expect(auditRow(planted.imgKeyId)).toContainText(IMG_KEY_NAME);
  await expect(auditRow(planted.keyId)).toContainText(KEY_NAME);
  await expect(auditRow(planted.keyId)).toContainText(USER_NAME);
  // Filtering by the user's name (a payload) matches it as text.
  await page.locator(tid('audit-filter-text')).fill(USER_NAME);
  await expect(page.locator(tid('audit-grid'))).toHaveAttribute('data-row-count', String([...sim.state.apiKeys.values()].filter((k) => !k.isDeleted && k.accessAsUser === planted.userId).length));
  expect(await injectedMarkup(page)).toEqual([]);

  // ------------------------------------------------------------------------------ bulk-edit preview
  await page.locator(tid('audit-filter-text')).fill('<');
  await expect(auditRow(planted.imgKeyId)).toBeVisible(); // the filter applied before "select shown"
  await page.locator(tid('audit-select-shown')).click();
  await page.locator(tid('audit-bulk-edit')).click();
  await expect(page.locator(tid('wbka-tab-bulk'))).toHaveAttribute('aria-selected', 'true');
  await page.locator(tid('bulk-op-kind')).selectOption('add');
  await page.locator(tid('bulk-op-entries')).fill('81.2.69.99');
  await expect(page.locator(tid(`bulk-preview-${planted.imgKeyId}`))).toContainText(IMG_KEY_NAME, { timeout: 30_000 });
  await expect(page.locator(tid(`bulk-preview-${planted.keyId}`))).toContainText(KEY_NAME);
  expect(await injectedMarkup(page)).toEqual([]);
  const shadowRootsWithPanel = await shadowRootCount(page);
  expect(shadowRootsWithPanel).toBeGreaterThanOrEqual(1);

  // ------------------------------------------------------------------------------ native form annotations
  await clickToolbarButton(extensionWorker, page); // close the panel: the page's own form is the subject now
  await expect(panelLocator(page)).toHaveCount(0);
  await page.locator(`[role="row"][data-recordid="${planted.keyId}"]`).first().click();
  const form = page.locator('[role="dialog"].wb-key-window');
  await expect(form).toBeVisible();
  const userNote = page.locator('[data-wbka-annotation="accessAsUser"] [data-testid="wbka-inline-user"]');
  await expect(userNote).toContainText(USER_NAME, { timeout: 20_000 });
  const ipField = form.locator('.x-form-item').filter({ has: page.locator('label', { hasText: /^Permitted IP addresses$/ }) }).locator('textarea');
  await ipField.fill('');
  await ipField.pressSequentially(TYPED_IPS, { delay: 5 });
  // The IP engine quotes the offending pieces of what was typed: markup characters among them, as text.
  const quotes = page.locator('[data-wbka-annotation="permittedIps"] [data-testid="wbka-inline-quote"]');
  await expect(quotes.filter({ hasText: '<svg' })).toHaveCount(1);
  await expect(quotes.filter({ hasText: ')>' })).toHaveCount(1);
  expect(await shadowRootCount(page)).toBeGreaterThanOrEqual(2); // the annotations' own shadow roots were scanned

  // A payload's image error or handler would have fired by now; give it one more turn of the event loop.
  await page.waitForTimeout(500);
  expect(await injectedMarkup(page)).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(pageProblems).toEqual([]);
});
