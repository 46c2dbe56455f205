/**
 * Follows the single-page app: DOM mutations and history navigation trigger a re-check, at once for the
 * first change (so the panel appears quickly) and then at most once per `throttleMs` while the page keeps
 * changing. Everything registered here is released by the one cleanup signal.
 */
export interface WatchOptions {
  window: Window;
  signal: AbortSignal;
  onChange: () => void;
  throttleMs?: number;
}

export function watchPage({ window: win, signal, onChange, throttleMs = 100 }: WatchOptions): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = 0;
  const run = () => {
    timer = undefined;
    if (signal.aborted) return;
    lastRun = performance.now();
    onChange();
  };
  const schedule = () => {
    if (signal.aborted || timer !== undefined) return;
    const wait = Math.max(0, lastRun + throttleMs - performance.now());
    timer = setTimeout(run, wait);
  };
  const observer = new MutationObserver((records) => {
    // Ignore changes inside our own UI: they never change what the page is.
    if (records.every((r) => (r.target as Element).closest?.('wbka-assistant, [data-wbka-annotation]'))) return;
    schedule();
  });
  observer.observe(win.document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['hidden', 'style', 'class', 'aria-hidden'],
  });
  win.addEventListener('popstate', schedule, { signal });
  win.addEventListener('hashchange', schedule, { signal });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
    },
    { once: true },
  );
  run();
}
