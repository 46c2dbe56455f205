/**
 * Decides when the panel is shown. Inert until the API Keys view is detected or the admin asks for the
 * panel (toolbar button, Alt+Shift+K). One panel at most; one cleanup path.
 *
 * Rules:
 *  - The view appears and the admin has not closed the panel on this visit → open it ("auto").
 *  - The view disappears (in-page navigation) → an auto-opened panel closes; one the admin opened stays.
 *  - Toggle → close if open (and remember the dismissal until the view is left), else open ("user").
 */
export interface PanelHandle {
  update(state: PanelState): void;
  destroy(): void;
}

export interface PanelState {
  detected: boolean;
}

/** `openedBy` says whether the admin asked (then the panel takes focus) or the page was detected (it must not). */
export type PanelLoader = (state: PanelState, onRequestClose: () => void, openedBy: 'auto' | 'user') => Promise<PanelHandle>;

export interface AssistantController {
  setDetected(detected: boolean): void;
  toggle(): Promise<void>;
  isOpen(): boolean;
  destroy(): void;
}

export function createAssistantController(loadPanel: PanelLoader): AssistantController {
  let detected = false;
  let dismissedOnThisVisit = false;
  let openedBy: 'auto' | 'user' | null = null;
  let panel: PanelHandle | null = null;
  // Serialises open/close: the panel module loads asynchronously, and a second toggle must not race it.
  let pending: Promise<void> = Promise.resolve();
  let destroyed = false;

  const close = () => {
    panel?.destroy();
    panel = null;
    openedBy = null;
  };

  const open = async (by: 'auto' | 'user') => {
    if (panel || destroyed) return;
    const handle = await loadPanel(
      { detected },
      () => {
        if (detected) dismissedOnThisVisit = true;
        close();
      },
      by,
    );
    if (destroyed || panel) {
      handle.destroy();
      return;
    }
    panel = handle;
    openedBy = by;
  };

  const enqueue = (step: () => Promise<void> | void): Promise<void> => {
    pending = pending.then(step, step);
    return pending;
  };

  return {
    setDetected(next) {
      if (next === detected) return;
      detected = next;
      // Each step acts on the value it was queued with: a quick leave-and-return must count as both.
      void enqueue(async () => {
        panel?.update({ detected: next });
        if (next && !panel && !dismissedOnThisVisit) await open('auto');
        if (!next) {
          dismissedOnThisVisit = false;
          if (openedBy === 'auto') close();
        }
      });
    },
    toggle() {
      return enqueue(async () => {
        if (panel) {
          if (detected) dismissedOnThisVisit = true;
          close();
        } else {
          await open('user');
        }
      });
    },
    isOpen: () => panel !== null,
    destroy() {
      destroyed = true;
      close();
    },
  };
}
