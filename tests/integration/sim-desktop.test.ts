// The simulated Desktop: server-side behaviour over HTTP, then the real page in Chromium (skipped when no
// Chromium is installed): token strategies, events-only model, combobox, server errors, pushState navigation.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../workbooks-sim';
import { call } from '../workbooks-sim/testing';

const CHROME = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 6, keys: 30, users: 12, today: '2027-03-10' });
});
afterAll(async () => sim.stop());

describe('Desktop over HTTP', () => {
  it('a first visit to / gets a demo session for the admin and a redirect to the API Keys view', async () => {
    const res = await call(sim.url, '?token=hidden&layout=classic', { redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/desktop/config/api-keys?token=hidden&layout=classic');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^Workbooks-Session=[0-9a-f]{32}$/);
    const info = await call<{ user_id: number }>(sim.url, 'login.api', { cookie });
    expect(info.body.user_id).toBe(1);
    const page = await call(sim.url, 'desktop/config/users', { cookie, headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
  });

  const MARKERS = { meta: /name="csrf-token"/, hidden: /name="authenticity_token"/, global: /WB_SESSION/ } as const;
  it.each([
    ['meta', /<meta name="csrf-token" content="[0-9a-f]{40}">/],
    ['hidden', /<input type="hidden" name="authenticity_token" value="[0-9a-f]{40}">/],
    ['global', /window\.WB_SESSION = \{"authenticityToken":"[0-9a-f]{40}"/],
  ] as const)('exposes the token by the %s strategy only', async (strategy, pattern) => {
    const res = await call(sim.url, `desktop/config/api-keys?token=${strategy}`, { headers: { Accept: 'text/html' } });
    expect(res.text).toMatch(pattern);
    for (const [other, marker] of Object.entries(MARKERS)) if (other !== strategy) expect(res.text, other).not.toMatch(marker);
  });

  it('defaults to the meta strategy', async () => {
    const res = await call(sim.url, 'desktop/config/api-keys', { headers: { Accept: 'text/html' } });
    expect(res.text).toMatch(MARKERS.meta);
    expect(res.text).not.toMatch(MARKERS.hidden);
  });

  it('shows no token at all with token=none', async () => {
    const res = await call(sim.url, 'desktop/config/api-keys?token=none', { headers: { Accept: 'text/html' } });
    expect(res.text).not.toMatch(/csrf-token|authenticity_token|WB_SESSION/);
    expect(res.text).toContain('/static/desktop/app.js');
  });

  it('has an explicit login form; a dead session cookie leads to it', async () => {
    const form = await call(sim.url, 'login', { headers: { Accept: 'text/html' } });
    expect(form.text).toContain('name="username"');
    const bad = await call(sim.url, 'login', { method: 'POST', params: [['username', 'admin@sim.test'], ['password', 'wrong']], redirect: 'manual' });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('not correct');
    const good = await call(sim.url, 'login', { method: 'POST', params: [['username', 'admin@sim.test'], ['password', 'workbooks-sim'], ['return_to', '/desktop/config/users']], redirect: 'manual' });
    expect(good.status).toBe(302);
    expect(good.headers.get('location')).toBe('/desktop/config/users');
    const cookie = (good.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    sim.expireSessions();
    const dead = await call(sim.url, 'desktop/config/api-keys', { cookie, redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(dead.status).toBe(302);
    expect(dead.headers.get('location')).toBe('/login?return_to=%2Fdesktop%2Fconfig%2Fapi-keys');
  });

  it('serves the ES modules and refuses JSON requests for pages', async () => {
    for (const file of ['app', 'dom', 'api', 'combobox', 'key-form', 'views', 'dates']) {
      const res = await call(sim.url, `static/desktop/${file}.js`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
    expect((await call(sim.url, 'static/desktop/../index.ts')).status).toBe(404);
    expect((await call(sim.url, 'desktop/config/api-keys', { headers: { Accept: 'application/json' } })).status).toBe(406);
  });
});

describe.skipIf(!CHROME)('Desktop page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROME, headless: true });
  });
  afterAll(async () => browser?.close());

  async function openKeys(query: string): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sim.url}/${query}`);
    await page.getByText(/^Displaying \d+ - \d+ of \d+$/).waitFor();
    expect(errors).toEqual([]);
    return page;
  }
  /** The control next to a label (labels are separate elements, not tied to inputs). */
  const control = (page: Page, label: string, layout: 'modern' | 'classic' = 'modern') =>
    layout === 'modern'
      ? page.locator('.x-form-item', { has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) }).locator('input[type=text], textarea').first()
      : page.locator('table.wb-classic-formtable tr', { has: page.locator('td.wb-classic-label', { hasText: new RegExp(`^${label}$`) }) }).locator('input[type=text], textarea').first();
  const cleanKeyId = (): number => {
    const truth = sim.groundTruth();
    const key = truth.keys.find((k) => k.problems.length === 0 && k.id > 1);
    if (!key) throw new Error('no clean key');
    return key.id;
  };

  it.each(['meta', 'hidden', 'global', 'none'])('saves an edit with token strategy %s through the API', async (strategy) => {
    const id = cleanKeyId();
    const page = await openKeys(`?token=${strategy}`);
    await page.locator(`[data-recordid="${id}"]`).click();
    await control(page, 'Description').waitFor();
    if (strategy === 'hidden') expect(await page.locator('form input[name="authenticity_token"]').count()).toBe(1);
    await control(page, 'Description').fill(`Edited with ${strategy}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'API Key saved' }).waitFor();
    expect(sim.state.apiKeys.get(id)?.description).toBe(`Edited with ${strategy}`);
    const write = sim.requests.filter((r) => r.effectiveMethod === 'PUT').at(-1);
    expect(write?.auth).toBe('session');
    expect(write?.params.map(([n]) => n)).toEqual(expect.arrayContaining(['_authenticity_token', '__method[]', 'id[]', 'lock_version[]', '_ff[]', '_ft[]', '_fc[]']));
    await page.close();
  });

  it('keeps its own model: a value set without events is not saved, one with events is', async () => {
    const id = cleanKeyId();
    const before = sim.state.apiKeys.get(id)?.permittedIps;
    const page = await openKeys('');
    await page.locator(`[data-recordid="${id}"]`).click();
    const ips = control(page, 'Permitted IP addresses');
    await ips.waitFor();
    await ips.evaluate((el) => { (el as HTMLTextAreaElement).value = '81.2.69.99'; });
    await control(page, 'Name').fill('Events only');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'API Key saved' }).waitFor();
    expect(sim.state.apiKeys.get(id)).toMatchObject({ name: 'Events only', permittedIps: before });
    await page.locator(`[data-recordid="${id}"]`).click();
    await ips.waitFor();
    await ips.evaluate((el) => {
      (el as HTMLTextAreaElement).value = '81.2.69.99';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'API Key saved' }).last().waitFor();
    await expect.poll(() => sim.state.apiKeys.get(id)?.permittedIps).toBe('81.2.69.99');
    await page.close();
  });

  it('creates a key: combobox by typing and by picking, server errors next to fields', async () => {
    const page = await openKeys('');
    await page.getByRole('button', { name: 'New API Key' }).click();
    const combo = page.getByRole('combobox');
    await combo.waitFor();
    const other = [...sim.state.users.values()].find((u) => !u.isDeleted && u.id > 2 && !u.loginEnabled);
    if (!other) throw new Error('no disabled user');
    await combo.fill(other.userName.slice(0, 4));
    const option = page.getByRole('option', { name: new RegExp(`^${other.userName} \\(login disabled\\)$`) });
    await option.click();
    expect(await page.locator('.x-combo input[type=hidden]').inputValue()).toBe(String(other.id));
    await control(page, 'Name').fill('Created in the page');
    await control(page, 'Until').fill('05/04/2027');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const ipError = page.locator('.x-form-item', { has: page.locator('label', { hasText: /^Permitted IP addresses$/ }) }).locator('.x-form-error-msg');
    await expect.poll(() => ipError.textContent()).toBe("can't be blank");
    await control(page, 'Permitted IP addresses').fill('81.2.69.10');
    await combo.fill('Sam Taylor');
    await combo.dispatchEvent('change');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'API Key created' }).waitFor();
    const created = [...sim.state.apiKeys.values()].find((k) => k.name === 'Created in the page');
    expect(created).toMatchObject({ accessAsUser: 2, until: '2027-04-05', permittedIps: '81.2.69.10', createdBy: 1 });
    await page.close();
  });

  it('navigates with pushState without reloading, and ids change on every render', async () => {
    const page = await openKeys('');
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    const firstId = await page.getByRole('heading', { name: 'API Keys' }).getAttribute('id');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/desktop/config/users');
    await page.goBack();
    await page.getByRole('heading', { name: 'API Keys' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    const secondId = await page.getByRole('heading', { name: 'API Keys' }).getAttribute('id');
    expect(firstId).toMatch(/^ext-gen\d+$/);
    expect(secondId).not.toBe(firstId);
    expect(await page.locator('label[for]').count()).toBe(0);
    expect(await page.locator('select').count()).toBe(0);
    await page.close();
  });

  it('classic layout: table form with <td> labels and its own button wording', async () => {
    const page = await openKeys('?layout=classic');
    expect(await page.getByText('Configuration › Email & Integration › API Keys').count()).toBe(1);
    await page.getByText('Add API Key').click();
    await control(page, 'Name', 'classic').waitFor();
    await page.locator('input[role=combobox]').fill('Alex Morgan');
    await page.locator('input[role=combobox]').dispatchEvent('change');
    await control(page, 'Name', 'classic').fill('Classic key');
    await control(page, 'Until', 'classic').fill('2 Apr 2027');
    await control(page, 'Permitted IP addresses', 'classic').fill('81.2.69.20');
    await page.locator('input[type=button][value="Save Changes"]').click();
    await page.getByRole('status').filter({ hasText: 'API Key created' }).waitFor();
    expect([...sim.state.apiKeys.values()].find((k) => k.name === 'Classic key')).toMatchObject({ accessAsUser: 1, until: '2027-04-02' });
    await page.close();
  });

  it('says so when the session has ended during a save', async () => {
    const id = cleanKeyId();
    const page = await openKeys('');
    await page.locator(`[data-recordid="${id}"]`).click();
    await control(page, 'Description').fill('after expiry');
    sim.expireSessions();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Your session has ended \(session_expired\)/).waitFor();
    expect(sim.state.apiKeys.get(id)?.description).not.toBe('after expiry');
    await page.close();
  });
});
