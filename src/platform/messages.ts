/**
 * Typed messages between the service worker and content scripts. Every receiver validates the payload's
 * shape and checks the sender before acting: web pages and other extensions must not be able to drive us.
 */
import type { Runtime } from 'webextension-polyfill';

export const MESSAGE_NAMESPACE = 'wbka';

/** Worker → content script: open or close the panel (toolbar button or keyboard command). */
export interface TogglePanelMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'toggle-panel';
  source: 'action' | 'command';
}

export type WorkerToContentMessage = TogglePanelMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTogglePanelMessage(value: unknown): value is TogglePanelMessage {
  return (
    isRecord(value) &&
    value.ns === MESSAGE_NAMESPACE &&
    value.type === 'toggle-panel' &&
    (value.source === 'action' || value.source === 'command') &&
    Object.keys(value).length === 3
  );
}

/**
 * A content script accepts worker messages only from its own extension's worker: same extension id, and no
 * tab (messages from other content scripts of ours carry a tab; pages cannot reach runtime.onMessage at all
 * without externally_connectable, which we do not declare).
 */
export function isFromOwnWorker(sender: Runtime.MessageSender, ownId: string): boolean {
  return sender.id === ownId && sender.tab === undefined;
}

export function togglePanelMessage(source: TogglePanelMessage['source']): TogglePanelMessage {
  return { ns: MESSAGE_NAMESPACE, type: 'toggle-panel', source };
}
