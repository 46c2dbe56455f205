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
  /**
   * Whether a change of `hidden`, `style`, `class` or `aria-hidden` on this element can change the answer.
   * Pages toggle classes constantly (hover and selection on every grid row); most of those cannot.
   */
  attributeChangeMatters?: (element: Element) => boolean;
}

export function watchPage({ window: win, signal, onChange, throttleMs = 100, attributeChangeMatters = () => true }: WatchOptions): void {
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
    if (records.every((r) => r.type === 'attributes' && r.target instanceof Element && !attributeChangeMatters(r.target))) return;
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
