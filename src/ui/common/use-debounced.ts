/**
 * Debouncing for typing: inputs stay controlled and instant, while expensive work (analysis, IndexedDB writes)
 * follows the value after a pause.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** `value`, but only after it has stayed the same for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(() => value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface DebouncedCall<A extends unknown[]> {
  (...args: A): void;
  /** Runs the pending call now (e.g. before a save), if there is one. */
  flush(): void;
  /** Drops the pending call. */
  cancel(): void;
}

/**
 * A stable debounced wrapper around the latest `fn`. Pending calls are dropped when the component unmounts
 * unless `flushOnUnmount` (drafts must not be lost when the editor closes).
 */
export function useDebouncedCallback<A extends unknown[]>(fn: (...args: A) => void, delayMs: number, flushOnUnmount = false): DebouncedCall<A> {
  const latest = useRef(fn);
  latest.current = fn;
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; args: A } | null>(null);
  const call = useRef<DebouncedCall<A> | null>(null);
  if (!call.current) {
    const run = () => {
      const current = pending.current;
      if (!current) return;
      clearTimeout(current.timer);
      pending.current = null;
      latest.current(...current.args);
    };
    const debounced = ((...args: A) => {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = { timer: setTimeout(run, delayMs), args };
    }) as DebouncedCall<A>;
    debounced.flush = run;
    debounced.cancel = () => {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = null;
    };
    call.current = debounced;
  }
  const flushOnUnmountRef = useRef(flushOnUnmount);
  flushOnUnmountRef.current = flushOnUnmount;
  useEffect(
    () => () => {
      if (flushOnUnmountRef.current) call.current?.flush();
      else call.current?.cancel();
    },
    [],
  );
  return call.current;
}
