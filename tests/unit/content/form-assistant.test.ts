// @vitest-environment happy-dom
/**
 * The form assistant on saved pages: one set of annotations per open form, re-attached once when the page
 * re-renders the form with new elements, removed when the form closes and when the signal aborts; findings
 * as the admin types; Fix buttons write back through the page's events; drafts are kept, offered after a
 * "reload", restored, and cleared when Save closes the form.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFormAssistant } from '../../../src/content/form/index';
import type { AssistantServices } from '../../../src/content/services';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../src/core/workbooks/schema';
import { activity, auditCache, drafts, journals, resetAssistantDbConnection, sessionLog } from '../../../src/platform/db';
import { FIXTURES, loadFixture, typeInto } from './fixture-dom';

vi.mock('../../../src/platform/browser', () => ({ browser: {}, isExtensionContextAlive: () => false }));

const schema: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fieldInfo: {} },
  problems: [],
  source: 'defaults',
};
const scope = { host: 'sim.test', database: 'Simulated Workbooks Ltd' };

function fakeServices(userReads: string[]): AssistantServices {
  const users = [
    { id: 1, person_name: 'Alex Morgan', email: 'admin@sim.test', login_allowed: true, allocated_edition: 'Workbooks CRM' },
    { id: 10, person_name: 'Ruby Robinson', email: 'ruby.robinson@sim.test', login_allowed: false, allocated_edition: 'Workbooks CRM' },
  ];
  const services = {
    connection: () => ({ status: 'connected', problem: null }),
    subscribe: () => () => undefined,
    scope: () => scope,
    settings: async () => DEFAULT_SETTINGS,
    schema: async () => schema,
    client: () => ({
      readAll: async (path: string) => {
        userReads.push(path);
        return { records: users, total: users.length };
      },
    }),
    keys: () => ({ getKey: async () => null }),
    stores: { drafts, activity, sessionLog, journals, auditCache },
    now: () => new Date('2027-01-15T12:00:00Z'),
  };
  return services as unknown as AssistantServices;
}

const hosts = () => Array.from(document.querySelectorAll('[data-wbka-annotation]')) as HTMLElement[];
const host = (role: string) => document.querySelector(`[data-wbka-annotation="${role}"]`) as HTMLElement | null;
const inShadow = (role: string, selector: string) => Array.from(host(role)?.shadowRoot?.querySelectorAll(selector) ?? []);
const codes = (role: string) => inShadow(role, '[data-testid="wbka-inline-finding"]').map((el) => el.getAttribute('data-code'));
const ipTextarea = () => Array.from(document.querySelectorAll('form textarea')).at(-1) as HTMLTextAreaElement;

let controller: AbortController;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetAssistantDbConnection();
  controller = new AbortController();
});
afterEach(() => controller.abort());

describe('startFormAssistant', () => {
  it('annotates the open form once, analyses as the admin types, and a Fix writes back through the page’s events', async () => {
    loadFixture(FIXTURES.modernEdit);
    const reads: string[] = [];
    startFormAssistant({ document, services: fakeServices(reads), signal: controller.signal });
    expect(hosts().map((el) => el.getAttribute('data-wbka-annotation')).sort()).toEqual(['accessAsUser', 'permittedIps', 'summary', 'until', 'validFrom']);
    // The edit fixture's picker keeps user 10, who may not log in.
    await vi.waitFor(() => expect(inShadow('accessAsUser', '[data-testid="wbka-inline-user"]')[0]?.getAttribute('data-status')).toBe('user-login-disabled'));
    expect(reads).toEqual(['admin/users']);

    const textarea = ipTextarea();
    const events: string[] = [];
    textarea.addEventListener('input', () => events.push('input'));
    textarea.addEventListener('change', () => events.push('change'));
    typeInto(textarea, '1.2.3.4:443; 81.2.69.10');
    events.length = 0;
    await vi.waitFor(() => expect(codes('permittedIps')).toEqual(['port-suffix', 'separator']));
    const summary = inShadow('summary', '[data-testid="wbka-form-summary"]')[0]!;
    expect(summary.getAttribute('aria-live')).toBe('polite');
    expect(summary.getAttribute('data-errors')).toBe(String(2 + 1 + 1)); // two IP errors, missing Until, the user

    const fix = inShadow('permittedIps', '[data-code="port-suffix"] [data-testid="wbka-inline-fix"]')[0] as HTMLButtonElement;
    expect(fix.type).toBe('button');
    fix.click();
    expect(textarea.value).toBe('1.2.3.4; 81.2.69.10');
    expect(events).toEqual(['input', 'change']);
    expect(codes('permittedIps')).toEqual(['separator']);
  });

  it('re-attaches once when the page re-renders the form, and removes everything when it closes or the signal aborts', async () => {
    loadFixture(FIXTURES.classicEdit);
    startFormAssistant({ document, services: fakeServices([]), signal: controller.signal });
    expect(hosts()).toHaveLength(5);
    const editor = document.querySelector('form')!.parentElement!;
    // A re-render: the same form as new elements (a framework would also give them new ids).
    const rerendered = editor.cloneNode(true) as HTMLElement;
    for (const el of Array.from(rerendered.querySelectorAll('[data-wbka-annotation]'))) el.remove();
    editor.replaceWith(rerendered);
    await vi.waitFor(() => expect(hosts().filter((el) => rerendered.contains(el))).toHaveLength(5));
    expect(hosts()).toHaveLength(5);
    typeInto(ipTextarea(), '10.0.0.1:80');
    await vi.waitFor(() => expect(codes('permittedIps')).toContain('port-suffix'));

    rerendered.remove();
    await vi.waitFor(() => expect(hosts()).toHaveLength(0));

    document.querySelector('.wb-classic-editorhost')!.append(editor);
    await vi.waitFor(() => expect(hosts()).toHaveLength(5));
    controller.abort();
    expect(hosts()).toHaveLength(0);
    // After the abort nothing comes back, whatever the page does.
    editor.remove();
    document.querySelector('.wb-classic-editorhost')!.append(editor);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(hosts()).toHaveLength(0);
  });

  it('keeps a draft of a new key, offers it after a reload, restores it, and clears it when Save closes the form', async () => {
    loadFixture(FIXTURES.modernNew);
    const first = new AbortController();
    startFormAssistant({ document, services: fakeServices([]), signal: first.signal });
    typeInto(ipTextarea(), '81.2.69.10; 81.2.69.11');
    await vi.waitFor(async () => expect((await drafts.get(scope, 'new'))?.fields.permittedIps).toBe('81.2.69.10; 81.2.69.11'), { timeout: 3000 });
    expect((await drafts.get(scope, 'new'))?.source).toBe('native-form');
    first.abort();

    // "Reload": the page comes back with an empty form.
    loadFixture(FIXTURES.modernNew);
    startFormAssistant({ document, services: fakeServices([]), signal: controller.signal });
    await vi.waitFor(() => expect(inShadow('summary', '[data-testid="wbka-form-draft-restore"]')).toHaveLength(1));
    const restored: string[] = [];
    ipTextarea().addEventListener('input', (event) => restored.push((event.target as HTMLTextAreaElement).value));
    (inShadow('summary', '[data-testid="wbka-form-draft-restore"]')[0] as HTMLButtonElement).click();
    expect(ipTextarea().value).toBe('81.2.69.10; 81.2.69.11');
    expect(restored).toEqual(['81.2.69.10; 81.2.69.11']);
    expect(inShadow('summary', '[data-testid="wbka-form-draft"]')).toHaveLength(0);

    // The page's Save, then the page closes the form: the draft has done its job.
    const save = Array.from(document.querySelectorAll('[role="button"]')).find((el) => el.textContent === 'Save') as HTMLElement;
    save.click();
    document.querySelector('[role="dialog"]')!.remove();
    await vi.waitFor(async () => expect(await drafts.get(scope, 'new')).toBeUndefined(), { timeout: 3000 });
  });

  it('keeps typing that began before the assistant attached (a busy page, a fast typist) as a draft', async () => {
    loadFixture(FIXTURES.modernNew);
    const dialog = document.querySelector('[role="dialog"]')!;
    const parent = dialog.parentElement!;
    dialog.remove();
    startFormAssistant({ document, services: fakeServices([]), signal: controller.signal });
    // The form opens and the admin types at once, before the assistant's next look at the page.
    parent.append(dialog);
    typeInto(ipTextarea(), '81.2.69.13');
    expect(hosts()).toHaveLength(0);
    await vi.waitFor(() => expect(hosts()).toHaveLength(5));
    await vi.waitFor(async () => expect((await drafts.get(scope, 'new'))?.fields.permittedIps).toBe('81.2.69.13'), { timeout: 3000 });
  });

  it('does not look for a form on hover and selection changes, only when something holding controls changes', async () => {
    loadFixture(FIXTURES.modernNew);
    const dialog = document.querySelector('[role="dialog"]') as HTMLElement;
    dialog.hidden = true;
    const walks = vi.spyOn(document, 'createTreeWalker');
    startFormAssistant({ document, services: fakeServices([]), signal: controller.signal });
    expect(hosts()).toHaveLength(0);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
    await settle();
    const before = walks.mock.calls.length;
    const rows = Array.from(document.querySelectorAll('[data-recordid]'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) row.classList.toggle('x-grid-row-over');
    await settle();
    expect(walks.mock.calls.length).toBe(before);
    // The page shows its form window by changing an attribute of an element holding controls.
    dialog.hidden = false;
    await vi.waitFor(() => expect(hosts()).toHaveLength(5));
    walks.mockRestore();
  });

  it('keeps the draft when the form closes without a save (Cancel or leaving the view)', async () => {
    loadFixture(FIXTURES.modernNew);
    startFormAssistant({ document, services: fakeServices([]), signal: controller.signal });
    typeInto(ipTextarea(), '81.2.69.12');
    const cancel = Array.from(document.querySelectorAll('[role="button"]')).find((el) => el.textContent === 'Cancel') as HTMLElement;
    cancel.click();
    document.querySelector('[role="dialog"]')!.remove();
    await vi.waitFor(async () => expect((await drafts.get(scope, 'new'))?.fields.permittedIps).toBe('81.2.69.12'), { timeout: 3000 });
  });
});
