/**
 * Native-form drafts: what the admin typed into Workbooks' own key form, kept in IndexedDB (per host +
 * database + key id, or 'new') so a reload or a crash loses nothing. Values are stored exactly as the
 * form showed them (dates as typed), because restoring writes them back into the same fields.
 */
import type { DraftFields, DraftKeyId, DraftRecord, Scope } from '../../platform/db';
import type { AssistantServices } from '../services';

export const NATIVE_FORM_SOURCE = 'native-form' as const;

/** The form values a draft keeps, by draft field name. */
export type NativeFormValues = Required<Pick<DraftFields, 'name' | 'description' | 'validFrom' | 'until' | 'permittedIps'>> &
  Pick<DraftFields, 'capabilities' | 'accessAsUserId' | 'accessAsUserName'>;

const COMPARED: Array<keyof NativeFormValues> = ['name', 'description', 'validFrom', 'until', 'permittedIps', 'capabilities', 'accessAsUserName'];

/** True when the two sets of values show the same thing (the picker compared by its text). */
export function sameFormValues(a: DraftFields, b: DraftFields): boolean {
  return COMPARED.every((field) => (a[field] ?? '') === (b[field] ?? ''));
}

/** Waits until the connection has settled, so the scope names the right database (or times out). */
export function settledScope(services: AssistantServices, signal: AbortSignal, timeoutMs = 10_000): Promise<Scope | null> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(null);
    if (services.connection().status !== 'connecting') return resolve(services.scope());
    let done = false;
    const finish = (scope: Scope | null) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(scope);
    };
    const onAbort = () => finish(null);
    const unsubscribe = services.subscribe((state) => {
      if (state.status !== 'connecting') finish(services.scope());
    });
    const timer = setTimeout(() => finish(services.scope()), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface NativeDraftStore {
  /** The native-form draft for this key, if one exists (a panel draft for the key is not ours to offer). */
  read(): Promise<DraftRecord | null>;
  /** Queues a write; consecutive calls within `delayMs` collapse into one. */
  schedule(values: DraftFields): void;
  /** Writes a pending value now. */
  flush(): Promise<void>;
  /** Drops any pending write and deletes the stored draft. */
  clear(): Promise<void>;
  /** Drops any pending write (the form went away without a save). */
  cancelPending(): void;
}

/**
 * One store per open form. Operations run one after another so a late write can never resurrect a draft
 * that a successful save has just cleared.
 */
export function createNativeDraftStore(services: AssistantServices, keyId: DraftKeyId, scope: Promise<Scope | null>, delayMs = 300): NativeDraftStore {
  const { drafts } = services.stores;
  let chain: Promise<unknown> = Promise.resolve();
  let pending: DraftFields | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = <T>(step: (scope: Scope) => Promise<T>): Promise<T | null> => {
    const next = chain.then(async () => {
      const resolved = await scope;
      return resolved ? step(resolved) : null;
    });
    chain = next.catch(() => undefined);
    return next;
  };

  const writePending = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const values = pending;
    pending = null;
    if (!values) return chain.then(() => undefined);
    return run(async (resolved) => {
      const existing = await drafts.get(resolved, keyId);
      // A draft the panel keeps for this key holds the admin's panel edits: never overwrite it from here.
      if (existing && existing.source !== NATIVE_FORM_SOURCE) return;
      await drafts.put(resolved, keyId, { baseLockVersion: null, fields: values, source: NATIVE_FORM_SOURCE }, services.now());
    }).then(() => undefined);
  };

  return {
    async read() {
      const found = await run((resolved) => drafts.get(resolved, keyId));
      return found && found.source === NATIVE_FORM_SOURCE ? found : null;
    },
    schedule(values) {
      pending = values;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void writePending().catch(() => undefined), delayMs);
    },
    flush: writePending,
    async clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = null;
      await run(async (resolved) => {
        const existing = await drafts.get(resolved, keyId);
        if (existing && existing.source === NATIVE_FORM_SOURCE) await drafts.remove(resolved, keyId);
      });
    },
    cancelPending() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
