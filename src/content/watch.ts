/**
 * Follows the single-page app: DOM mutations and history navigation trigger a throttled re-check.
 * Everything registered here is released by the one cleanup signal.
 */
export interface WatchOptions {
  window: Window;
  signal: AbortSignal;
  /** Called at most once per `throttleMs` while the page changes, and once at start. */
  onChange: () => void;
  throttleMs?: number;
}

export function watchPage({ window: win, signal, onChange, throttleMs = 150 }: WatchOptions): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (signal.aborted || timer !== undefined) return;
    timer = win.setTimeout(() => {
      timer = undefined;
      if (!signal.aborted) onChange();
    }, throttleMs);
  };
  const observer = new win.MutationObserver((records) => {
    // Ignore changes inside our own UI: they never change what the page is.
    if (records.every((r) => (r.target as Element).closest?.('wbka-assistant'))) return;
    schedule();
  });
  observer.observe(win.document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'aria-hidden'] });
  win.addEventListener('popstate', schedule, { signal });
  win.addEventListener('hashchange', schedule, { signal });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) win.clearTimeout(timer);
    },
    { once: true },
  );
  onChange();
}
