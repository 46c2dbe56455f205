/**
 * The heavy half of the content script, loaded on first need (the API Keys view appears, or the admin opens
 * the panel): services, the panel, and native-form assistance. One services object per page, so the panel
 * and the form assistant share the connection, the schema and the caches.
 */
import { createAssistantServices, type AssistantServices } from './services';
import { mountPanel as mountPanelInPage } from './panel-host';
import { startFormAssistant } from './form/index';
import type { FetchLike } from '../core/workbooks/transport';
import type { PanelHandle, PanelState } from './controller';
import { installBrowserTranslator } from '../platform/i18n';

// Before any engine message is made: findings and errors speak the browser's language.
installBrowserTranslator();

let services: AssistantServices | null = null;

/**
 * Firefox runs content-script fetches with the extension's principal; `content.fetch` makes them as the page
 * (same-origin, with the session cookie), which is what session mode needs. Chrome's fetch already does.
 */
function pageFetch(): FetchLike {
  const firefoxContent = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  const chosen = firefoxContent?.fetch ?? globalThis.fetch;
  return chosen.bind(globalThis) as unknown as FetchLike;
}

export function getServices(): AssistantServices {
  if (!services) {
    services = createAssistantServices({ document, fetch: pageFetch() });
    void services.connect();
  }
  return services;
}

export function mountPanel(options: { document: Document; state: PanelState; onRequestClose: () => void; takeFocus: boolean }): PanelHandle {
  return mountPanelInPage({ ...options, services: getServices() });
}

export function startFormAssistance(signal: AbortSignal): void {
  startFormAssistant({ document, services: getServices(), signal });
}
