/**
 * A small in-memory stand-in for the WebExtension APIs the worker's message handlers use, so the REAL handlers
 * (src/background/*.ts, registered exactly as the worker registers them) can be driven with hostile senders and
 * payloads in Node. Storage areas copy values (structured clone) and count writes, so a test can prove that a
 * refused message changed nothing. `dispatch` calls every registered onMessage listener, as the browser does,
 * and reports which of them answered.
 */
import type { Runtime } from 'webextension-polyfill';
import { fakeArea, fakeEvent, type FakeArea, type FakeEvent } from '../../support/fake-webextension';

export type { FakeArea, FakeEvent };

export const OWN_EXTENSION_ID = 'own-extension-id';
export const HOST_PATTERNS = ['https://*.workbooks.com/*'];

export interface FakeExtension {
  storage: { local: FakeArea; session: FakeArea; onChanged: FakeEvent };
  runtime: {
    id: string;
    getManifest(): { host_permissions: string[]; optional_permissions: string[] };
    getURL(path: string): string;
    onMessage: FakeEvent;
    sendMessage(message: unknown): Promise<unknown>;
  };
  permissions: { contains(): Promise<boolean>; onAdded: FakeEvent; onRemoved: FakeEvent };
  tabs: { create(options: { url: string }): Promise<{ id: number }>; sendMessage(): Promise<unknown> };
  action: { onClicked: FakeEvent };
  commands: { onCommand: FakeEvent };
  i18n: { getMessage(key: string): string };
  /** Forget stored values and write counts (listeners stay registered, as in a running worker). */
  resetStorage(): void;
}

export function createFakeExtension(): FakeExtension {
  const fake: FakeExtension = {
    storage: { local: fakeArea(), session: fakeArea(), onChanged: fakeEvent() },
    runtime: {
      id: OWN_EXTENSION_ID,
      getManifest: () => ({ host_permissions: [...HOST_PATTERNS], optional_permissions: ['alarms', 'notifications'] }),
      getURL: (path) => `chrome-extension://${OWN_EXTENSION_ID}/${path}`,
      onMessage: fakeEvent(),
      sendMessage: async () => undefined,
    },
    permissions: { contains: async () => false, onAdded: fakeEvent(), onRemoved: fakeEvent() },
    tabs: { create: async () => ({ id: 1 }), sendMessage: async () => undefined },
    action: { onClicked: fakeEvent() },
    commands: { onCommand: fakeEvent() },
    i18n: { getMessage: (key) => key },
    resetStorage() {
      fake.storage.local.data.clear();
      fake.storage.session.data.clear();
      fake.storage.local.writes = 0;
      fake.storage.session.writes = 0;
    },
  };
  return fake;
}

export interface Dispatched {
  /** How many listeners answered (returned something other than undefined). The browser takes the first. */
  answers: number;
  /** The first answer, awaited. */
  reply: unknown;
}

/** Delivers one message to every onMessage listener, like `runtime.onMessage` does. */
export async function dispatch(fake: FakeExtension, message: unknown, sender: Runtime.MessageSender): Promise<Dispatched> {
  const results = fake.runtime.onMessage.listeners.map((listener) => (listener as (m: unknown, s: Runtime.MessageSender) => unknown)(message, sender));
  const answered = results.filter((result) => result !== undefined);
  return { answers: answered.length, reply: answered.length > 0 ? await answered[0] : undefined };
}

const TAB = { index: 0, highlighted: false, active: true, pinned: false, incognito: false, id: 7 } as const;

/** Our own content script on a Workbooks page (what every legitimate message looks like). */
export function contentScriptSender(url = 'https://acme.workbooks.com/desktop/config/api-keys', tabId = 7): Runtime.MessageSender {
  return { id: OWN_EXTENSION_ID, tab: { ...TAB, id: tabId }, url, frameId: 0 };
}

/** Senders the worker must ignore, with why. */
export function hostileSenders(): Array<{ why: string; sender: Runtime.MessageSender }> {
  const page = 'https://acme.workbooks.com/desktop/config/api-keys';
  return [
    { why: 'another extension, on a Workbooks page', sender: { id: 'some-other-extension', tab: { ...TAB }, url: page } },
    { why: 'no extension id at all', sender: { tab: { ...TAB }, url: page } },
    { why: 'our own id but no tab (not a content script)', sender: { id: OWN_EXTENSION_ID, url: page } },
    { why: 'our options page in a tab (extension origin, not a Workbooks page)', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: `chrome-extension://${OWN_EXTENSION_ID}/src/options/options.html` } },
    { why: 'a content script on another site', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'https://example.com/' } },
    { why: 'a look-alike host', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'https://acme.workbooks.com.evil.example/' } },
    { why: 'a host that merely ends in workbooks.com', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'https://evilworkbooks.com/' } },
    { why: 'plain http on a Workbooks host (downgrade)', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'http://acme.workbooks.com/' } },
    { why: 'the loopback simulator in a store build', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'http://127.0.0.1:8080/desktop/config/api-keys' } },
    { why: 'an opaque about:blank frame', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB }, url: 'about:blank' } },
    { why: 'no url', sender: { id: OWN_EXTENSION_ID, tab: { ...TAB } } },
  ];
}
