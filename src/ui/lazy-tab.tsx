/**
 * Panel tabs whose code loads the first time they are needed. A `LazyComponent` wraps one dynamic import and
 * remembers its outcome for the life of the page, so the chunk is fetched and evaluated once however often
 * the panel is closed and reopened. `<LazyTabPanel>` renders the tab as soon as its code is there (at once
 * if it already is), a busy placeholder meanwhile, and a message — never an exception into the page — when
 * the code cannot be loaded (typically: the extension was updated, its old files are gone).
 */
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import { errorMessage } from '../core/error-message';

/** `idle` also after a failure: the failure goes to whoever asked (see `lazyComponent`). */
export type LazyLoadState<P> = { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; component: ComponentType<P> };

export interface LazyComponent<P> {
  /** The outcome so far, without starting anything. */
  state(): LazyLoadState<P>;
  /** Starts the import if nobody has yet; resolves with the component, rejects if it cannot be loaded. */
  load(): Promise<ComponentType<P>>;
}

/**
 * One lazily imported component. A failed import is forgotten once reported, so a later mount (the panel
 * reopened) tries again rather than repeating a stale failure; the mounted tab keeps showing the failure.
 */
export function lazyComponent<P>(importer: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let current: LazyLoadState<P> = { status: 'idle' };
  let pending: Promise<ComponentType<P>> | null = null;
  return {
    state: () => current,
    load() {
      if (current.status === 'loaded') return Promise.resolve(current.component);
      if (pending) return pending;
      current = { status: 'loading' };
      // Through an async function so that an importer that throws rejects instead, like a failed import().
      const started = (async () => importer())();
      pending = started.then(
        (component) => {
          current = { status: 'loaded', component };
          pending = null;
          return component;
        },
        (error: unknown) => {
          current = { status: 'idle' };
          pending = null;
          throw error;
        },
      );
      return pending;
    },
  };
}

export interface LazyTabPanelProps<P extends object> {
  /** `wbka-tabpanel-<tabId>`, labelled by the tab button `wbka-tab-<tabId>` (as the panel's other tabpanels). */
  tabId: string;
  hidden: boolean;
  /** False until the tab is first shown: nothing is imported or rendered before. */
  mounted: boolean;
  lazy: LazyComponent<P>;
  /** The tab's props once loaded; requests in them are the panel's state, so none made meanwhile is lost. */
  props: P;
}

type ViewState<P> = { status: 'loading' } | { status: 'loaded'; component: ComponentType<P> } | { status: 'failed'; message: string };

function initialView<P>(lazy: LazyComponent<P>): ViewState<P> {
  const known = lazy.state();
  return known.status === 'loaded' ? known : { status: 'loading' };
}

/** The tabpanel of a lazily loaded tab: busy (aria-busy) while its code loads, then the tab itself. */
export function LazyTabPanel<P extends object>({ tabId, hidden, mounted, lazy, props }: LazyTabPanelProps<P>) {
  const [settled, setView] = useState<ViewState<P>>(() => initialView(lazy));
  // Loaded meanwhile by someone else (the click that showed the tab starts the import, or an earlier mount):
  // show it now rather than after a microtask.
  const view = settled.status === 'loading' ? initialView(lazy) : settled;

  useEffect(() => {
    if (!mounted || view.status !== 'loading') return undefined;
    let live = true;
    lazy.load().then(
      (component) => {
        if (live) setView({ status: 'loaded', component });
      },
      (error: unknown) => {
        if (live) setView({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [mounted, lazy, view.status]);

  const testId = `wbka-tabpanel-${tabId}`;
  const busy = mounted && view.status === 'loading';
  let content: ComponentChildren = null;
  if (mounted && view.status === 'loaded') {
    const Tab = view.component;
    content = <Tab {...props} />;
  } else if (mounted && view.status === 'failed') {
    content = (
      <p class="panel__status" role="alert" data-testid={`${testId}-failed`}>
        {t('panelTabLoadFailed', [view.message])}
      </p>
    );
  } else if (busy) {
    content = (
      <p class="panel__hint" data-testid={`${testId}-loading`}>
        {t('panelTabLoading')}
      </p>
    );
  }
  return (
    <section role="tabpanel" id={testId} aria-labelledby={`wbka-tab-${tabId}`} aria-busy={busy ? 'true' : undefined} hidden={hidden} class="panel__tabpanel">
      {content}
    </section>
  );
}
