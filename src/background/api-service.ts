/**
 * API-key mode in the worker: checks who is asking, adds the stored key, sends the request to the asking
 * page's own Workbooks origin, and answers with the raw response for the content-side client to decode.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser } from '../platform/browser';
import { apiKeyStatus, forgetApiKey, getApiKey, setApiKey } from '../platform/api-key-store';
import { parseContentToWorkerMessage, type ApiSendReply, type SerializedTransportError } from '../platform/api-messages';
import { createApiKeyTransport, type FetchLike } from '../core/workbooks/transport';
import { WorkbooksError } from '../core/workbooks/errors';
import { senderOrigin } from './sender';
import { errorMessage } from '../core/error-message';

function serialiseError(error: unknown): SerializedTransportError {
  if (error instanceof WorkbooksError) {
    const kind = error.kind === 'auth' || error.kind === 'cancelled' || error.kind === 'protocol' ? error.kind : 'network';
    const extra = error as WorkbooksError & { failureReason?: string; status?: number | null };
    return { kind, message: error.message, ...(extra.failureReason ? { failureReason: extra.failureReason } : {}), ...(extra.status !== undefined ? { status: extra.status } : {}) };
  }
  return { kind: 'network', message: errorMessage(error) };
}

const inFlight = new Map<string, AbortController>();

export function registerApiService(): void {
  const hostPatterns = (browser.runtime.getManifest().host_permissions ?? []) as string[];
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const message = parseContentToWorkerMessage(raw);
    if (!message) return undefined;
    const origin = senderOrigin(sender, browser.runtime.id, hostPatterns);
    if (!origin) return undefined;
    switch (message.type) {
      case 'api-key-set':
        return setApiKey(origin, message.apiKey, message.remember).then(() => apiKeyStatus(origin));
      case 'api-key-status':
        return apiKeyStatus(origin);
      case 'api-key-forget':
        return forgetApiKey(origin).then(() => apiKeyStatus(origin));
      case 'api-cancel':
        inFlight.get(`${sender.tab?.id}:${message.requestId}`)?.abort();
        return Promise.resolve({ ok: true });
      case 'api-send': {
        const id = `${sender.tab?.id}:${message.requestId}`;
        const controller = new AbortController();
        inFlight.set(id, controller);
        const transport = createApiKeyTransport({
          baseUrl: `${origin}/`,
          fetch: fetch.bind(globalThis) as unknown as FetchLike,
          apiKey: async () => (await getApiKey(origin)) ?? '',
          // Every read as POST with _method=GET: the key then never sits in a URL (server logs, proxies).
          longQueryThreshold: 0,
        });
        return transport
          .send({ ...message.request, signal: controller.signal })
          .then((response): ApiSendReply => ({ ok: true, response }))
          .catch((error: unknown): ApiSendReply => ({ ok: false, error: serialiseError(error) }))
          .finally(() => inFlight.delete(id));
      }
    }
  });
}
