/**
 * Firefox smoke test: Debian's Firefox ESR, headless, with the built Firefox extension (Firefox manifest,
 * event-page background, `content.fetch` for session calls) installed as a temporary add-on. Driven through
 * Marionette, since Playwright cannot drive a stock Firefox. It walks the paths where Firefox differs from
 * Chromium: the content script and shadow-root panel, session-mode reads and a save with the page's
 * authenticity token, the native-form findings and Fix, and a draft kept by the background's IndexedDB
 * across a reload.
 */
import { expect, test } from '@playwright/test';
import { GECKO_ID } from '../../src/manifest-targets';
import { FirefoxSession } from '../firefox/firefox';
import type { ElementRef } from '../firefox/marionette';
import { startSimulator } from '../workbooks-sim/index';
import type { SimHandle } from '../workbooks-sim/types';
import { FIREFOX_TEST_BUILD_DIR } from './paths';

test.setTimeout(180_000);

/** A key whose user can log in, other than the administrator's own key. */
function ordinaryKeyId(sim: SimHandle): number {
  for (const key of sim.state.apiKeys.values()) {
    const user = key.accessAsUser === null ? undefined : sim.state.users.get(key.accessAsUser);
    if (key.id !== 1 && !key.isDeleted && user && !user.isDeleted && user.loginEnabled && user.edition !== 'No Edition (login denied)') return key.id;
  }
  throw new Error('no ordinary key in the seed');
}

const PANEL = `const root = document.querySelector('wbka-assistant')?.shadowRoot;`;
const IP_TEXTAREA = `const ips = [...document.querySelectorAll('[role="dialog"].wb-key-window form textarea')].at(-1);`;

async function openNewKeyForm(firefox: FirefoxSession): Promise<ElementRef> {
  const button = await firefox.waitFor<ElementRef>(
    'the page’s New API Key button',
    `return [...document.querySelectorAll('[role="toolbar"] [role="button"], [role="toolbar"] button')].find((b) => b.textContent.trim() === 'New API Key');`,
  );
  await firefox.click(button);
  await firefox.waitFor('the assistant on the new form', `return document.querySelector('[data-wbka-annotation="permittedIps"]') !== null;`);
  return firefox.waitFor<ElementRef>('the IP field', `${IP_TEXTAREA} return ips;`);
}

test('Firefox ESR: installs, connects through the session, checks the native form, keeps a draft, saves a key', async () => {
  const sim = await startSimulator({ port: 0, quiet: true });
  const firefox = await FirefoxSession.launch();
  try {
    expect(await firefox.installTemporaryAddon(FIREFOX_TEST_BUILD_DIR)).toBe(GECKO_ID);
    await firefox.navigate(`${sim.url}/desktop/config/api-keys`);

    // The panel mounted in its shadow root and connected with the page's session, able to write.
    await firefox.waitFor(
      'the panel connected in session mode',
      `${PANEL} const bar = root?.querySelector('[data-testid="wbka-connection"]');
       return bar?.getAttribute('data-status') === 'connected' && bar.getAttribute('data-mode') === 'session' && bar.getAttribute('data-can-write') === 'true';`,
    );
    const rows = await firefox.waitFor<number>(
      'the key list',
      `${PANEL} return root.querySelector('[data-testid="wbka-key-list"]')?.getAttribute('data-state') === 'ready' && root.querySelectorAll('[data-testid="wbka-key-row"]').length;`,
    );
    expect(rows).toBeGreaterThan(5);

    // The page's own form: real key presses, findings inline, a Fix that writes through the page's events.
    const ips = await openNewKeyForm(firefox);
    await firefox.type(ips, '010.1.1.1; 192.168.1.0/24');
    const codes = await firefox.waitFor<string[]>(
      'the inline findings',
      `const host = document.querySelector('[data-wbka-annotation="permittedIps"]');
       const codes = [...(host?.shadowRoot?.querySelectorAll('[data-testid="wbka-inline-finding"]') ?? [])].map((el) => el.getAttribute('data-code'));
       return codes.length === 3 && codes;`,
    );
    expect(codes).toEqual(['leading-zero', 'separator', 'private']);
    await firefox.click(await firefox.findInShadow('[data-wbka-annotation="permittedIps"]', '[data-code="leading-zero"] [data-testid="wbka-inline-fix"]'));
    await firefox.waitFor('the fixed value', `${IP_TEXTAREA} return ips.value === '10.1.1.1; 192.168.1.0/24';`);

    // A reload mid-typing: the draft (kept by the background's IndexedDB) is offered back.
    // Past the draft debounce (a reload flushes a pending draft too, this just avoids relying on that).
    await new Promise((resolve) => setTimeout(resolve, 800));
    await firefox.navigate(`${sim.url}/desktop/config/api-keys`);
    await openNewKeyForm(firefox);
    await firefox.waitFor('the draft offer', `return document.querySelector('[data-wbka-annotation="summary"]')?.shadowRoot?.querySelector('[data-testid="wbka-form-draft"]') != null;`);
    await firefox.click(await firefox.findInShadow('[data-wbka-annotation="summary"]', '[data-testid="wbka-form-draft-restore"]'));
    await firefox.waitFor('the restored value', `${IP_TEXTAREA} return ips.value === '10.1.1.1; 192.168.1.0/24';`);
    const cancel = await firefox.evaluate<ElementRef>(`return [...document.querySelectorAll('[role="dialog"].wb-key-window [role="button"]')].find((b) => b.textContent.trim() === 'Cancel');`);
    await firefox.click(cancel);

    // Save from the panel in session mode: the page's authenticity token goes with it.
    const id = ordinaryKeyId(sim);
    await firefox.waitFor('the key list', `${PANEL} return root.querySelector('[data-testid="wbka-key-list"]')?.getAttribute('data-state') === 'ready';`);
    await firefox.click(await firefox.findInShadow('wbka-assistant', `[data-testid="wbka-key-row"][data-key-id="${id}"]`));
    await firefox.waitFor('the editor', `${PANEL} return root.querySelector('[data-testid="wbka-editor"]')?.getAttribute('data-state') === 'ready';`);
    const field = await firefox.findInShadow('wbka-assistant', '[data-testid="wbka-editor-permittedIps"]');
    await firefox.clear(field);
    await firefox.type(field, '81.2.69.16/29, 81.2.69.40');
    sim.clearRequests();
    await firefox.click(await firefox.findInShadow('wbka-assistant', '[data-testid="wbka-editor-save"]'));
    await firefox.waitFor('the save', `${PANEL} return root.querySelector('[data-testid="wbka-saved"]') !== null;`);
    expect(sim.state.apiKeys.get(id)?.permittedIps).toBe('81.2.69.16/29, 81.2.69.40');
    const writes = sim.requests.filter((request) => request.method === 'PUT');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.auth).toBe('session');
    expect(writes[0]!.params.some(([name]) => name === '_authenticity_token')).toBe(true);
  } catch (error) {
    console.error(firefox.output.join('').slice(-4000));
    throw error;
  } finally {
    await firefox.close();
    await sim.stop();
  }
});
