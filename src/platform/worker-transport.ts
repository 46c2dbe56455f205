/**
 * The content-side half of API-key mode: a Transport whose requests the worker sends with the stored key.
 * Cancellation crosses the boundary as an explicit message.
 */
import { browser } from './browser';
import { MESSAGE_NAMESPACE } from './messages';
import type { ApiKeyStatus, ApiSendReply, ContentToWorkerMessage } from './api-messages';
import type { Transport, WireRequest, WireResponse } from '../core/workbooks/transport';
import { AuthError, CancelledError, NetworkError, ProtocolError, describeRequest } from '../core/workbooks/errors';

export type SendToWorker = (message: ContentToWorkerMessage) => Promise<unknown>;

const defaultSend: SendToWorker = (message) => browser.runtime.sendMessage(message);

let counter = 0;

export function createWorkerTransport(baseUrl: string, send: SendToWorker = defaultSend): Transport {
  return {
    kind: 'api-key',
    baseUrl,
    async send(req: WireRequest): Promise<WireResponse> {
      const description = describeRequest(req.method, req.path, req.params);
      if (req.signal?.aborted) throw new CancelledError(undefined, description);
      const requestId = `r${++counter}-${Date.now().toString(36)}`;
      const onAbort = () => void send({ ns: MESSAGE_NAMESPACE, type: 'api-cancel', requestId }).catch(() => undefined);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const { signal: _signal, ...request } = req;
        const reply = (await send({ ns: MESSAGE_NAMESPACE, type: 'api-send', requestId, request })) as ApiSendReply | undefined;
        if (req.signal?.aborted) throw new CancelledError(undefined, description);
        if (!reply) throw new NetworkError('The extension did not answer. Reload the page and try again.', null, description);
        if (reply.ok) return reply.response;
        const { error } = reply;
        switch (error.kind) {
          case 'auth':
            throw new AuthError(error.failureReason ?? 'unknown', error.message, error.status ?? null, description);
          case 'cancelled':
            throw new CancelledError(error.message, description);
          case 'protocol':
            throw new ProtocolError(error.message, error.status ?? null, description);
          default:
            throw new NetworkError(error.message, null, description);
        }
      } finally {
        req.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

export async function getApiKeyStatus(send: SendToWorker = defaultSend): Promise<ApiKeyStatus> {
  return (await send({ ns: MESSAGE_NAMESPACE, type: 'api-key-status' })) as ApiKeyStatus;
}

export async function storeApiKey(apiKey: string, remember: boolean, send: SendToWorker = defaultSend): Promise<ApiKeyStatus> {
  return (await send({ ns: MESSAGE_NAMESPACE, type: 'api-key-set', apiKey, remember })) as ApiKeyStatus;
}

export async function forgetStoredApiKey(send: SendToWorker = defaultSend): Promise<ApiKeyStatus> {
  return (await send({ ns: MESSAGE_NAMESPACE, type: 'api-key-forget' })) as ApiKeyStatus;
}
