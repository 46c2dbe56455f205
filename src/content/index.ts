/**
 * Content script entry. Kept tiny (detection, messages, shortcut): the Preact panel is loaded only when
 * it is first needed. Every listener and observer hangs off one AbortController; a newer copy of the
 * script (extension update, double injection) takes over and the older one cleans up.
 */
import { browser, isExtensionContextAlive } from '../platform/browser';
import { isFromOwnWorker, isTogglePanelMessage } from '../platform/messages';
import { createAssistantController, type PanelLoader } from './controller';
import { createApiKeysViewDetector, mayHoldViewHeading } from './detect';
import { watchPage } from './watch';
import { isToggleShortcut } from './shortcut';

const TAKEOVER_EVENT = 'wbka:takeover';
const instanceId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function start(): void {
  const lifetime = new AbortController();
  const { signal } = lifetime;

  const loadRuntime = () => import('./runtime');
  const loadPanel: PanelLoader = async (state, onRequestClose, openedBy) => {
    const { mountPanel } = await loadRuntime();
    return mountPanel({ document, state, onRequestClose, takeFocus: openedBy === 'user' });
  };

  // Native-form assistance runs while the API Keys view shows, whether or not the panel is open.
  let formAssistance: AbortController | null = null;
  const followView = (detected: boolean) => {
    controller.setDetected(detected);
    if (detected && !formAssistance) {
      const current = new AbortController();
      formAssistance = current;
      signal.addEventListener('abort', () => current.abort(), { once: true });
      void loadRuntime().then(({ startFormAssistance }) => {
        if (!current.signal.aborted) startFormAssistance(current.signal);
      });
    } else if (!detected && formAssistance) {
      formAssistance.abort();
      formAssistance = null;
    }
  };
  const controller = createAssistantController(loadPanel);

  const shutdown = () => {
    if (signal.aborted) return;
    lifetime.abort();
    controller.destroy();
  };
  signal.addEventListener('abort', () => controller.destroy(), { once: true });

  // A newer copy of this script started on the page (the extension was updated or reloaded): the older copy,
  // whose extension context is now dead, stops. The event is visible to page scripts, so it is only a hint:
  // a live copy never stops because of it (a page must not be able to switch the assistant off).
  document.dispatchEvent(new CustomEvent(TAKEOVER_EVENT, { detail: instanceId }));
  document.addEventListener(
    TAKEOVER_EVENT,
    (event) => {
      if ((event as CustomEvent<unknown>).detail !== instanceId && !isExtensionContextAlive()) shutdown();
    },
    { signal },
  );

  // After an extension update this copy's runtime is dead: stop quietly instead of throwing into the page.
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
    if (!isExtensionContextAlive()) {
      shutdown();
      return;
    }
    try {
      fn(...args);
    } catch (error) {
      if (!isExtensionContextAlive()) shutdown();
      else throw error;
    }
  };

  const detectView = createApiKeysViewDetector(document);
  watchPage({
    window,
    signal,
    onChange: guard(() => followView(detectView() !== null)),
    attributeChangeMatters: mayHoldViewHeading,
  });

  window.addEventListener(
    'keydown',
    guard((event: KeyboardEvent) => {
      if (!isToggleShortcut(event)) return;
      event.preventDefault();
      event.stopPropagation();
      void controller.toggle();
    }),
    { capture: true, signal },
  );

  const onMessage = (message: unknown, sender: Parameters<Parameters<typeof browser.runtime.onMessage.addListener>[0]>[1]) => {
    if (!isExtensionContextAlive() || !isFromOwnWorker(sender, browser.runtime.id)) return undefined;
    if (!isTogglePanelMessage(message)) return undefined;
    return controller.toggle().then(() => ({ open: controller.isOpen() }));
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener(
    'abort',
    () => {
      try {
        browser.runtime.onMessage.removeListener(onMessage);
      } catch {
        // The runtime may already be gone; nothing left to remove then.
      }
    },
    { once: true },
  );
}

if (isExtensionContextAlive()) start();
