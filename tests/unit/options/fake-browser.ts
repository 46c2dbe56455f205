/**
 * An in-memory stand-in for the few WebExtension APIs settings and reminders use, for `vi.mock` of
 * 'webextension-polyfill' in Node. Storage areas deep-copy values as the real ones do (structured clone), and
 * count writes so tests can prove that nothing was written.
 */
type Listener = (...args: never[]) => unknown;

export interface FakeEvent<L extends Listener> {
  listeners: L[];
  addListener(listener: L): void;
}

function fakeEvent<L extends Listener>(): FakeEvent<L> {
  const listeners: L[] = [];
  return { listeners, addListener: (listener) => void listeners.push(listener) };
}

export interface FakeArea {
  data: Map<string, unknown>;
  writes: number;
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  getBytesInUse?(keys?: null): Promise<number>;
}

function fakeArea(withBytes: boolean): FakeArea {
  const area: FakeArea = {
    data: new Map(),
    writes: 0,
    async get(keys) {
      const names = keys === null || keys === undefined ? [...area.data.keys()] : typeof keys === 'string' ? [keys] : keys;
      const out: Record<string, unknown> = {};
      for (const name of names) if (area.data.has(name)) out[name] = structuredClone(area.data.get(name));
      return out;
    },
    async set(items) {
      area.writes++;
      for (const [name, value] of Object.entries(items)) area.data.set(name, structuredClone(value));
    },
    async remove(keys) {
      area.writes++;
      for (const name of typeof keys === 'string' ? [keys] : keys) area.data.delete(name);
    },
  };
  if (withBytes) area.getBytesInUse = async () => JSON.stringify(Object.fromEntries(area.data)).length;
  return area;
}

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
