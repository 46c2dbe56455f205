// @vitest-environment happy-dom
/**
 * The key editor and the Assistant tab as components: live findings with Fix buttons (debounced), the summary
 * live region, drafts in IndexedDB (fake-indexeddb, the real stores) and their restore, the conflict view and
 * re-apply with the fresh lock_version, a 401 that keeps the draft, the secret only in component state, the
 * user warnings (never "OK" for an unknown user), Save disabled with a reason, and the connection bar's key field.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';

vi.mock('../../../src/platform/i18n', async () => (await import('../../support/i18n-mocks')).englishI18n());

import { KeyEditor } from '../../../src/ui/assistant/KeyEditor';
import { AssistantTab } from '../../../src/ui/assistant/AssistantTab';
import { ConnectionBar } from '../../../src/ui/connection/ConnectionBar';
import type { UsersState } from '../../../src/ui/assistant/UserPicker';
import type { AssistantServices, ConnectionState } from '../../../src/content/services';
import { activity, auditCache, drafts, journals, resetAssistantDbConnection, sessionLog } from '../../../src/platform/db';
import type { ApiKeyRecord, UserRecord, UserStatus } from '../../../src/core/keys/model';
import type { KeyRepository, KeySaveResult } from '../../../src/core/keys/repository';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { AuthError, ConflictError } from '../../../src/core/workbooks/errors';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../src/core/workbooks/schema';
import type { WorkbooksClient } from '../../../src/core/workbooks/client';
import { connectedState } from './support/bulk-fakes';

const schema: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fields: { ...DEFAULT_SCHEMA.apiKey.fields }, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fields: { ...DEFAULT_SCHEMA.user.fields }, fieldInfo: {} },
  problems: [],
  source: 'defaults',
};
const SCOPE = { host: 'acme.workbooks.com', database: 'Acme Ltd' };
const SECRET = 'wb-secret-5f2e9d7c-1a2b';
const NOW = new Date('2027-01-15T12:00:00Z');

const USERS: UserRecord[] = [
  { id: 1, name: 'Alex Morgan', email: 'alex@acme.test', loginEnabled: true, edition: 'Workbooks CRM' },
  { id: 5, name: 'Jo Bloggs', email: 'jo@acme.test', loginEnabled: true, edition: 'Workbooks CRM' },
  { id: 6, name: 'Dee Sabled', email: 'dee@acme.test', loginEnabled: false, edition: 'Workbooks CRM' },
  { id: 7, name: 'Nola Icence', email: 'nola@acme.test', loginEnabled: true, edition: 'No Edition (login denied)' },
];

function keyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 12,
    lockVersion: 3,
    name: 'Zapier sync',
    description: 'Nightly sync',
    accessAsUserId: 5,
    accessAsUserName: 'Jo Bloggs',
    validFrom: null,
    until: '2027-03-01',
    permittedIps: '81.2.69.10',
    capabilities: 'crm_people',
    secret: null,
    updatedAt: 'Wed Jan 13 10:00:00 UTC 2027',
    updatedBy: 'Alex Morgan',
    ...overrides,
  };
}

interface FakeOptions {
  keys?: ApiKeyRecord[];
  connection?: Partial<ConnectionState>;
  /** Users whose reads are refused (status unknown). */
  unreadableUsers?: number[];
}

function fakeServices(options: FakeOptions = {}) {
  const store = new Map((options.keys ?? [keyRecord()]).map((k) => [k.id, { ...k }]));
  const listeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = { ...connectedState(SCOPE), ...options.connection };
  const publish = (next: Partial<ConnectionState>) => {
    connection = { ...connection, ...next };
    for (const listener of listeners) listener(connection);
  };
  const updates: Array<{ id: number; lockVersion: number; changes: unknown }> = [];
  let nextUpdate: KeySaveResult | Error | null = null;
  const statusOf = (id: number): UserStatus => {
    if (options.unreadableUsers?.includes(id)) return 'unknown';
    const user = USERS.find((u) => u.id === id);
    if (!user) return 'deleted';
    if (!user.loginEnabled) return 'login-disabled';
    return user.edition === 'No Edition (login denied)' ? 'no-edition' : 'ok';
  };
  const repository: Partial<KeyRepository> = {
    schema: async () => schema,
    getKey: async (id) => {
      const found = store.get(id);
      return found ? { ...found } : null;
    },
    loadUsersByIds: async (ids) => {
      const list = [...ids];
      return {
        users: new Map(USERS.filter((u) => list.includes(u.id) && !options.unreadableUsers?.includes(u.id)).map((u) => [u.id, u])),
        statuses: new Map(list.map((id) => [id, statusOf(id)])),
        problems: list.some((id) => options.unreadableUsers?.includes(id)) ? ['no permission to read users'] : [],
      };
    },
    loadAuditData: async () => ({
      schema,
      keys: [...store.values()],
      users: { users: new Map(USERS.map((u) => [u.id, u])), statuses: new Map(USERS.map((u) => [u.id, statusOf(u.id)])), problems: [] },
    }),
    createKey: async (newKey) => {
      const id = Math.max(...store.keys()) + 1;
      store.set(id, { ...keyRecord({ id, lockVersion: 1, description: '', accessAsUserId: null, accessAsUserName: null, until: null, permittedIps: null, capabilities: null }), ...newKey });
      return { ok: true, id, lockVersion: 1, values: { ...newKey }, secret: SECRET };
    },
    updateKey: async (id, lockVersion, changes) => {
      updates.push({ id, lockVersion, changes });
      const scripted = nextUpdate;
      nextUpdate = null;
      if (scripted instanceof Error) throw scripted;
      if (scripted) return scripted;
      const current = store.get(id)!;
      if (current.lockVersion !== lockVersion) return { ok: false, id, attempted: true, error: new ConflictError('This record cannot be saved since it has already been updated elsewhere.', [id]) };
      const updated = { ...current, ...changes, lockVersion: lockVersion + 1 };
      store.set(id, updated);
      return { ok: true, id, lockVersion: updated.lockVersion, values: { ...changes }, secret: null };
    },
  };
  const client = {
    readAll: async () => ({ records: USERS.map((u) => ({ id: u.id, person_name: u.name, email: u.email, login_allowed: u.loginEnabled, allocated_edition: u.edition })), total: USERS.length }),
    readPage: async () => ({ records: [{ id: 12, api_key: SECRET }], total: 1 }),
  };
  const connect = vi.fn(async (mode?: ConnectionState['mode']) => {
    publish({ mode: mode ?? connection.mode });
    return connection;
  });
  const setApiKey = vi.fn(async (value: string, remember: boolean) => {
    publish({ mode: 'api-key', apiKey: { present: true, masked: `••••••••${value.slice(-4)}`, remembered: remember } });
    return connection;
  });
  const services: AssistantServices = {
    baseUrl: `https://${SCOPE.host}/`,
    host: SCOPE.host,
    connection: () => connection,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect,
    setApiKey,
    forgetApiKey: vi.fn(async () => connection),
    client: () => client as unknown as WorkbooksClient,
    keys: () => repository as KeyRepository,
    schema: async () => schema,
    scope: () => SCOPE,
    settings: async () => DEFAULT_SETTINGS,
    stores: { drafts, activity, sessionLog, journals, auditCache },
    now: () => NOW,
    pendingAuditFilter: async () => null,
  };
  return {
    services,
    store,
    updates,
    publish,
    connect,
    setApiKey,
    failNextUpdate(result: KeySaveResult | Error) {
      nextUpdate = result;
    },
  };
}

let container: HTMLElement;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetAssistantDbConnection();
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

async function waitFor<T>(probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
  throw new Error(`timed out waiting for ${what}`);
}

const $ = <E extends Element = HTMLElement>(testId: string) => container.querySelector<E>(`[data-testid="${testId}"]`);

async function type(testId: string, value: string): Promise<void> {
  const element = $<HTMLInputElement | HTMLTextAreaElement>(testId);
  if (!element) throw new Error(`no ${testId}`);
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: Element | null): Promise<void> {
  if (!element) throw new Error('nothing to click');
  await act(() => {
    (element as HTMLElement).click();
  });
}

const READY_USERS: UsersState = { state: 'ready', users: USERS };

async function mountEditor(fake: ReturnType<typeof fakeServices>, keyId: number | 'new' = 12, users: UsersState = READY_USERS) {
  const onSaved = vi.fn();
  const draw = () => (
    <KeyEditor services={fake.services} keyId={keyId} connection={fake.services.connection()} settings={DEFAULT_SETTINGS} users={users} onBack={() => undefined} onSaved={onSaved} />
  );
  await act(() => render(draw(), container));
  await waitFor(() => $('wbka-editor')?.getAttribute('data-state') === 'ready', 'the editor');
  return { onSaved, redraw: () => act(() => render(draw(), container)) };
}

const findingCodes = (field: string) => Array.from(container.querySelectorAll(`[data-testid="wbka-findings-${field}"] [data-code]`)).map((el) => el.getAttribute('data-code'));

describe('live validation', () => {
  it('shows the IP engine’s findings after the debounce, counts them, and Fix rewrites the field', async () => {
    const fake = fakeServices();
    await mountEditor(fake);
    await type('wbka-editor-permittedIps', '81.2.69.16-23; 10.0.0.1');
    await waitFor(() => findingCodes('permittedIps').includes('range'), 'IP findings');
    expect(findingCodes('permittedIps').sort()).toEqual(['private', 'range', 'separator']);
    const summary = $('wbka-editor-summary')!;
    expect(summary.getAttribute('role')).toBe('status');
    expect(summary.textContent).toBe('Errors: 2 · Warnings: 1 · Notes: 0');
    // The textarea points at its findings for screen readers, and says it is invalid.
    const field = $<HTMLTextAreaElement>('wbka-editor-permittedIps')!;
    expect(field.getAttribute('aria-describedby')).toContain('wbka-ed-ips-findings');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await click(container.querySelector('[data-testid="wbka-findings-permittedIps"] [data-code="range"] [data-testid="wbka-fix"]'));
    expect(field.value).toBe('81.2.69.16/29; 10.0.0.1');
    await waitFor(() => !findingCodes('permittedIps').includes('range'), 'the range finding to go');
    await click(container.querySelector('[data-code="separator"] [data-testid="wbka-fix"]'));
    expect(field.value).toBe('81.2.69.16/29, 10.0.0.1');
    await waitFor(() => summary.getAttribute('data-errors') === '0', 'no errors');
  });

  it('checks dates against London’s today and says Until is valid through 23:59 UK time', async () => {
    const fake = fakeServices();
    await mountEditor(fake);
    expect($('wbka-field-until')!.textContent).toContain('23:59 UK time');
    await type('wbka-editor-validFrom', '1 Mar 2027');
    await type('wbka-editor-until', '1 Feb 2027');
    await waitFor(() => findingCodes('until').includes('until-before-from'), 'until-before-from');
    await click(container.querySelector('[data-code="until-before-from"] [data-testid="wbka-fix"]'));
    expect($<HTMLInputElement>('wbka-editor-validFrom')!.value).toBe('1 Feb 2027');
    expect($<HTMLInputElement>('wbka-editor-until')!.value).toBe('1 Mar 2027');
    await type('wbka-editor-until', '10 Jan 2027');
    await type('wbka-editor-validFrom', '');
    // An existing key whose dates were edited: an Until in the past is an error.
    await waitFor(() => container.querySelector('[data-code="expired"]')?.getAttribute('data-severity') === 'error', 'expired');
  });

  it('warns about users who cannot log in, and never calls an unknown user OK', async () => {
    const fake = fakeServices({ unreadableUsers: [5] });
    await mountEditor(fake);
    await waitFor(() => findingCodes('accessAsUserId').includes('user-unknown'), 'unknown user warning');
    expect($('wbka-user-hint')?.textContent ?? '').not.toContain('can log in');
    expect(container.querySelector('[data-code="user-unknown"]')!.textContent).toContain('could not be checked');

    const select = $<HTMLSelectElement>('wbka-editor-user')!;
    await act(() => {
      select.value = '6';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => findingCodes('accessAsUserId').includes('user-login-disabled'), 'login disabled');
    await act(() => {
      select.value = '7';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => findingCodes('accessAsUserId').includes('user-no-edition'), 'no edition');
    await act(() => {
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => $('wbka-user-hint')?.textContent === 'Alex Morgan can log in.', 'can log in');
    expect(findingCodes('accessAsUserId')).toEqual([]);
  });

  it('a key whose user is gone: the picker keeps the id and the warning says deleted or missing', async () => {
    const fake = fakeServices({ keys: [keyRecord({ accessAsUserId: 99, accessAsUserName: null })] });
    await mountEditor(fake);
    await waitFor(() => findingCodes('accessAsUserId').includes('user-deleted'), 'deleted warning');
    const select = $<HTMLSelectElement>('wbka-editor-user')!;
    expect(select.value).toBe('99');
    expect(select.selectedOptions[0]!.textContent).toContain('not in the user list');
  });
});

describe('drafts', () => {
  it('are written as the admin types, offered back on reopening, and restored', async () => {
    const fake = fakeServices();
    await mountEditor(fake);
    await type('wbka-editor-description', 'Half-way through');
    const stored = await waitFor(() => drafts.get(SCOPE, 12), 'the draft');
    expect(stored).toMatchObject({ keyId: '12', baseLockVersion: 3, source: 'panel', fields: { description: 'Half-way through', permittedIps: '81.2.69.10' } });

    render(null, container);
    await mountEditor(fake);
    const offer = await waitFor(() => $('wbka-draft-offer'), 'the offer');
    expect(offer.textContent).toContain('Restore your unsaved changes from');
    expect($<HTMLTextAreaElement>('wbka-editor-description')!.value).toBe('Nightly sync');
    await click($('wbka-draft-restore'));
    expect($<HTMLTextAreaElement>('wbka-editor-description')!.value).toBe('Half-way through');

    // A successful save clears it.
    await click($('wbka-editor-save'));
    await waitFor(() => $('wbka-saved'), 'saved');
    await waitFor(async () => (await drafts.get(SCOPE, 12)) === undefined, 'the draft to go');
    expect(fake.store.get(12)?.description).toBe('Half-way through');
  });

  it('a draft made on an older version opens the comparison instead of overwriting the newer key', async () => {
    const fake = fakeServices({ keys: [keyRecord({ lockVersion: 5, description: 'Changed since' })] });
    await drafts.put(SCOPE, 12, { baseLockVersion: 3, fields: { description: 'My old draft', permittedIps: '81.2.69.10' }, source: 'panel' }, NOW);
    await mountEditor(fake);
    await click(await waitFor(() => $('wbka-draft-restore'), 'restore'));
    const description = await waitFor(() => $('wbka-conflict-field-description'), 'comparison');
    expect(description.getAttribute('data-state')).toBe('both-differ');
    await click($('wbka-conflict-reapply'));
    expect($<HTMLTextAreaElement>('wbka-editor-description')!.value).toBe('My old draft');
    // Re-applying a stale draft puts it in the form on the fresh version; it is not saved behind the admin's back.
    expect(fake.updates).toEqual([]);
    await click($('wbka-editor-save'));
    await waitFor(() => $('wbka-saved'), 'saved');
    expect(fake.updates).toEqual([{ id: 12, lockVersion: 5, changes: { description: 'My old draft' } }]);
  });

  it('a 401 while saving keeps the draft and says how to recover', async () => {
    const fake = fakeServices();
    await mountEditor(fake);
    await type('wbka-editor-permittedIps', '81.2.69.20');
    fake.failNextUpdate(new AuthError('session_expired', 'Your session has expired.'));
    await click($('wbka-editor-save'));
    const error = await waitFor(() => $('wbka-editor-error'), 'the error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('session_expired');
    expect(error.textContent).toContain('Sign in to Workbooks again');
    expect(error.textContent).toContain('Reconnect');
    expect(fake.connect).toHaveBeenCalledWith('session');
    expect((await drafts.get(SCOPE, 12))?.fields.permittedIps).toBe('81.2.69.20');
    expect($<HTMLTextAreaElement>('wbka-editor-permittedIps')!.value).toBe('81.2.69.20');
    const entries = await activity.list(SCOPE);
    expect(entries.map((e) => [e.outcome, e.fields])).toEqual([['failed', ['permittedIps']]]);
  });
});

describe('conflicts', () => {
  it('shows theirs beside mine and re-applies the chosen edits with the fresh lock_version', async () => {
    const fake = fakeServices();
    await mountEditor(fake);
    await type('wbka-editor-description', 'Mine');
    await type('wbka-editor-permittedIps', '81.2.69.30');
    fake.store.set(12, { ...fake.store.get(12)!, description: 'Theirs', lockVersion: 4, updatedBy: 'Sam Taylor' });
    await click($('wbka-editor-save'));
    const view = await waitFor(() => $('wbka-conflict'), 'the conflict view');
    expect(view.textContent).toContain('Sam Taylor');
    expect($('wbka-conflict-field-description')!.querySelector('[data-testid="wbka-conflict-theirs"]')!.textContent).toBe('Theirs');
    expect($('wbka-conflict-field-description')!.querySelector('[data-testid="wbka-conflict-mine"]')!.textContent).toBe('Mine');
    const keepMine = $('wbka-conflict-field-description')!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(keepMine.checked).toBe(true);
    await act(() => {
      keepMine.click();
    });
    await click($('wbka-conflict-reapply'));
    await waitFor(() => $('wbka-saved'), 'saved');
    expect(fake.updates).toEqual([
      { id: 12, lockVersion: 3, changes: { description: 'Mine', permittedIps: '81.2.69.30' } },
      { id: 12, lockVersion: 4, changes: { permittedIps: '81.2.69.30' } },
    ]);
    expect(fake.store.get(12)).toMatchObject({ description: 'Theirs', permittedIps: '81.2.69.30', lockVersion: 5 });
    const outcomes = (await activity.list(SCOPE)).map((e) => e.outcome).sort();
    expect(outcomes).toEqual(['conflict', 'saved']);
  });
});

describe('saving', () => {
  it('a new key: the secret is masked, revealed and copied on request, and stored nowhere', async () => {
    const fake = fakeServices();
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    const { onSaved } = await mountEditor(fake, 'new');
    await type('wbka-editor-name', 'New integration');
    await type('wbka-editor-until', '1 Apr 2027');
    await type('wbka-editor-permittedIps', '81.2.69.40');
    await click($('wbka-editor-save'));
    await waitFor(() => $('wbka-saved'), 'saved');
    // onSaved follows the saved view asynchronously; under load it can land a tick later.
    await waitFor(() => onSaved.mock.calls.length > 0, 'onSaved');
    expect(onSaved).toHaveBeenCalledWith(13);
    const value = $('wbka-secret-value')!;
    expect(value.textContent).toBe('••••••••1a2b');
    expect(container.textContent).not.toContain(SECRET);
    await click($('wbka-secret-reveal'));
    expect(value.textContent).toBe(SECRET);
    await click($('wbka-secret-reveal'));
    expect(value.textContent).toBe('••••••••1a2b');
    await click($('wbka-secret-copy'));
    await waitFor(() => copied.length > 0, 'the copy');
    expect(copied).toEqual([SECRET]);

    const everything = JSON.stringify([await drafts.list(SCOPE), await activity.list(SCOPE), await sessionLog.list(SCOPE)]);
    expect(everything).toContain('New integration');
    expect(everything).not.toContain(SECRET);
  });

  it('shows server errors on their fields', async () => {
    const { ValidationError } = await import('../../../src/core/workbooks/errors');
    const fake = fakeServices();
    await mountEditor(fake);
    await type('wbka-editor-until', '');
    fake.failNextUpdate({ ok: false, id: 12, attempted: true, error: new ValidationError('refused', [{ index: 0, id: 12, fields: { valid_until: ["can't be blank"] }, messages: [] }]) });
    await click($('wbka-editor-save'));
    await waitFor(() => findingCodes('until').includes('server'), 'the server finding');
    expect(container.querySelector('[data-testid="wbka-findings-until"] [data-code="server"]')!.textContent).toContain("can't be blank");
    // Editing the field retires the server's message.
    await type('wbka-editor-until', '1 Apr 2027');
    expect(findingCodes('until')).not.toContain('server');
  });

  it('disables Save and says why when the connection cannot write, offering API-key mode', async () => {
    const fake = fakeServices({ connection: { canWrite: false, tokenStrategy: null } });
    await mountEditor(fake);
    const save = $<HTMLButtonElement>('wbka-editor-save')!;
    expect(save.disabled).toBe(true);
    expect($('wbka-editor-cannot-save')!.textContent).toContain('authenticity token');
    await click($('wbka-editor-use-api-key'));
    expect(fake.connect).toHaveBeenCalledWith('api-key');
  });
});

describe('the Assistant tab', () => {
  it('lists keys with a severity dot, searches them, and opens one', async () => {
    const fake = fakeServices({
      keys: [keyRecord(), keyRecord({ id: 13, name: 'Legacy export', until: null, permittedIps: null, accessAsUserId: 6, accessAsUserName: 'Dee Sabled' })],
    });
    const navigate = { openKey: vi.fn(), openAudit: vi.fn(), openBulkEdit: vi.fn() };
    await act(() => render(<AssistantTab services={fake.services} navigate={navigate} active request={null} detected />, container));
    await waitFor(() => $('wbka-key-list')?.getAttribute('data-state') === 'ready', 'the list');
    const rows = () => Array.from(container.querySelectorAll('[data-testid="wbka-key-row"]'));
    expect(rows().map((row) => [row.getAttribute('data-key-id'), row.getAttribute('data-severity')])).toEqual([
      ['13', 'error'],
      ['12', 'none'],
    ]);
    // Sorted by name, like the Workbooks grid; the dot's meaning is in words for screen readers.
    expect(rows()[0]!.textContent).toContain('Error');
    expect(rows()[1]!.textContent).toContain('No problems found');
    await type('wbka-list-search', 'legacy');
    expect(rows().map((row) => row.getAttribute('data-key-id'))).toEqual(['13']);
    expect($('wbka-list-count')!.textContent).toBe('Showing 1 of 2 keys.');
    await click(rows()[0]!);
    await waitFor(() => $('wbka-editor')?.getAttribute('data-key-id') === '13', 'the editor for 13');
  });
});

describe('the connection bar', () => {
  it('sends a pasted key to the worker, clears the field, and shows only the masked form afterwards', async () => {
    const fake = fakeServices({ connection: { mode: 'api-key', status: 'failed', failureReason: 'no_api_key', problem: 'x', canWrite: false, apiKey: { present: false, masked: null, remembered: false } } });
    await act(() => render(<ConnectionBar services={fake.services} />, container));
    expect($('wbka-conn-problem')!.textContent).toContain('paste one below');
    const pasted = 'pasted-key-value-77aa-9f9f';
    await type('wbka-conn-key', pasted);
    expect($<HTMLInputElement>('wbka-conn-key')!.type).toBe('password');
    await act(() => {
      ($<HTMLInputElement>('wbka-conn-remember')!).click();
    });
    await act(() => {
      container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(fake.setApiKey).toHaveBeenCalledWith(pasted, true);
    await waitFor(() => $('wbka-conn-stored-key'), 'the stored key');
    expect($<HTMLInputElement>('wbka-conn-key')!.value).toBe('');
    expect($('wbka-conn-stored-key')!.textContent).toContain('••••••••9f9f');
    expect($('wbka-conn-stored-key')!.textContent).toContain('remembered on this device');
    expect(container.innerHTML).not.toContain(pasted);
  });

  it('names the problem in plain words with what to do, and Reconnect reconnects in the same mode', async () => {
    const fake = fakeServices({ connection: { status: 'failed', failureReason: 'session_expired', problem: 'raw', canWrite: false } });
    await act(() => render(<ConnectionBar services={fake.services} />, container));
    expect($('wbka-conn-problem')!.textContent).toBe('Your Workbooks session has expired. Sign in again in this tab (or another), then press Reconnect.');
    expect($('wbka-conn-writes')!.textContent).toBe('Not possible');
    await click($('wbka-reconnect'));
    expect(fake.connect).toHaveBeenCalledWith('session');
    await act(() => fake.publish({ status: 'connected', canWrite: true, failureReason: null, problem: null, tokenStrategy: 'login-api' }));
    expect($('wbka-conn-problem')).toBeNull();
    expect($('wbka-conn-writes')!.textContent).toBe('Possible (authenticity token from the session (login.api))');
  });
});
