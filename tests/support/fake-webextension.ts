/**
 * Building blocks of the in-memory WebExtension stand-ins used in Node tests (tests/unit/options/fake-browser.ts,
 * tests/unit/security/fake-extension.ts): events that keep their listeners, and storage areas that copy values
 * (structured clone, as the real ones do) and count writes, so a test can prove that nothing was written.
 */
export type Listener = (...args: never[]) => unknown;

export interface FakeEvent<L extends Listener = Listener> {
  listeners: L[];
  addListener(listener: L): void;
}

export function fakeEvent<L extends Listener = Listener>(): FakeEvent<L> {
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

/** A storage area; `withBytes` adds `getBytesInUse` (storage.local has it, storage.session does not everywhere). */
export function fakeArea(withBytes = false): FakeArea {
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
