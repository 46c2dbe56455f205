/**
 * An in-memory stand-in for the few WebExtension APIs settings and reminders use, for `vi.mock` of
 * 'webextension-polyfill' in Node. Storage areas deep-copy values as the real ones do (structured clone), and
 * count writes so tests can prove that nothing was written.
 */
import { fakeArea, fakeEvent, type FakeArea, type FakeEvent, type Listener } from '../../support/fake-webextension';

export type { FakeArea, FakeEvent };

export interface FakeBrowser {
  storage: { local: FakeArea; session: FakeArea; onChanged: FakeEvent<Listener> };
  runtime: {
    id: string;
    manifest: { host_permissions: string[]; optional_permissions: string[] };
    getManifest(): { host_permissions: string[]; optional_permissions: string[] };
    getURL(path: string): string;
    sendMessage: (message: unknown) => Promise<unknown>;
    onMessage: FakeEvent<Listener>;
  };
  permissions: {
    granted: Set<string>;
    /** What the next request answers (the admin's click on the prompt). */
    answer: boolean;
    requested: string[][];
    removed: string[][];
    contains(p: { permissions?: string[] }): Promise<boolean>;
    request(p: { permissions?: string[] }): Promise<boolean>;
    remove(p: { permissions?: string[] }): Promise<boolean>;
    onAdded: FakeEvent<Listener>;
    onRemoved: FakeEvent<Listener>;
  };
  tabs: { created: string[]; create(options: { url: string }): Promise<{ id: number }> };
  i18n: { getMessage(key: string): string };
  reset(): void;
}

export function createFakeBrowser(): FakeBrowser {
  const fake: FakeBrowser = {
    storage: { local: fakeArea(true), session: fakeArea(false), onChanged: fakeEvent() },
    runtime: {
      id: 'fake-extension-id',
      manifest: { host_permissions: ['https://*.workbooks.com/*'], optional_permissions: ['alarms', 'notifications'] },
      getManifest: () => fake.runtime.manifest,
      getURL: (path) => `chrome-extension://fake-extension-id/${path}`,
      sendMessage: async () => undefined,
      onMessage: fakeEvent(),
    },
    permissions: {
      granted: new Set(),
      answer: false,
      requested: [],
      removed: [],
      async contains(p) {
        return (p.permissions ?? []).every((name) => fake.permissions.granted.has(name));
      },
      async request(p) {
        fake.permissions.requested.push([...(p.permissions ?? [])]);
        if (fake.permissions.answer) for (const name of p.permissions ?? []) fake.permissions.granted.add(name);
        return fake.permissions.answer;
      },
      async remove(p) {
        fake.permissions.removed.push([...(p.permissions ?? [])]);
        for (const name of p.permissions ?? []) fake.permissions.granted.delete(name);
        return true;
      },
      onAdded: fakeEvent(),
      onRemoved: fakeEvent(),
    },
    tabs: {
      created: [],
      async create(options) {
        fake.tabs.created.push(options.url);
        return { id: fake.tabs.created.length };
      },
    },
    i18n: { getMessage: (key) => key },
    reset() {
      const next = createFakeBrowser();
      fake.storage = next.storage;
      fake.runtime.manifest = next.runtime.manifest;
      fake.runtime.sendMessage = next.runtime.sendMessage;
      fake.permissions.granted = new Set();
      fake.permissions.answer = false;
      fake.permissions.requested = [];
      fake.permissions.removed = [];
      fake.tabs.created = [];
    },
  };
  return fake;
}
