/**
 * Messages for API-key mode: the content script never holds the stored API key. It asks the worker to send
 * a request; the worker adds the key, calls the Workbooks host of the sender's own page, and answers with
 * the raw response. Payloads are validated on both sides.
 */
import type { WireMethod, WireRequest, WireResponse } from '../core/workbooks/transport';
import { MESSAGE_NAMESPACE } from './messages';
import { isSecretParam } from '../core/workbooks/errors';

export interface ApiSendMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'api-send';
  requestId: string;
  request: Omit<WireRequest, 'signal'>;
}

export interface ApiCancelMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'api-cancel';
  requestId: string;
}

export interface ApiKeySetMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'api-key-set';
  apiKey: string;
  remember: boolean;
}

export interface ApiKeyStatusMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'api-key-status';
}

export interface ApiKeyForgetMessage {
  ns: typeof MESSAGE_NAMESPACE;
  type: 'api-key-forget';
}

export type ContentToWorkerMessage = ApiSendMessage | ApiCancelMessage | ApiKeySetMessage | ApiKeyStatusMessage | ApiKeyForgetMessage;

export interface SerializedTransportError {
  kind: 'auth' | 'network' | 'cancelled' | 'protocol';
  message: string;
  failureReason?: string;
  status?: number | null;
}

export type ApiSendReply = { ok: true; response: WireResponse } | { ok: false; error: SerializedTransportError };

export interface ApiKeyStatus {
  present: boolean;
  /** Last four characters only, e.g. "••••••••1a2b". */
  masked: string | null;
  remembered: boolean;
}

const METHODS: readonly WireMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];
/** Only Workbooks endpoints beneath the service root: `something/else.api`, no traversal, no absolute URLs. */
const API_PATH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9_\-/]+\.api$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isParamList(value: unknown): value is Array<[string, string]> {
  return Array.isArray(value) && value.length <= 20_000 && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
}

export function isApiPath(path: string): boolean {
  return API_PATH.test(path);
}

export function parseContentToWorkerMessage(value: unknown): ContentToWorkerMessage | null {
  if (!isRecord(value) || value.ns !== MESSAGE_NAMESPACE) return null;
  switch (value.type) {
    case 'api-send': {
      const request = value.request;
      if (typeof value.requestId !== 'string' || value.requestId.length > 100 || !isRecord(request)) return null;
      if (!METHODS.includes(request.method as WireMethod) || typeof request.path !== 'string' || !isApiPath(request.path)) return null;
      if (!isParamList(request.params)) return null;
      if (request.followRedirects !== undefined && typeof request.followRedirects !== 'boolean') return null;
      // Callers may not smuggle credentials of their own: the worker adds the stored key.
      if (request.params.some(([name]) => isSecretParam(name.trim()))) return null;
      const clean: Omit<WireRequest, 'signal'> = { method: request.method as WireMethod, path: request.path, params: request.params };
      if (typeof request.followRedirects === 'boolean') clean.followRedirects = request.followRedirects;
      return { ns: MESSAGE_NAMESPACE, type: 'api-send', requestId: value.requestId, request: clean };
    }
    case 'api-cancel':
      return typeof value.requestId === 'string' ? { ns: MESSAGE_NAMESPACE, type: 'api-cancel', requestId: value.requestId } : null;
    case 'api-key-set':
      if (typeof value.apiKey !== 'string' || typeof value.remember !== 'boolean') return null;
      if (value.apiKey.trim().length < 8 || value.apiKey.length > 200 || /\s/.test(value.apiKey.trim())) return null;
      return { ns: MESSAGE_NAMESPACE, type: 'api-key-set', apiKey: value.apiKey.trim(), remember: value.remember };
    case 'api-key-status':
      return { ns: MESSAGE_NAMESPACE, type: 'api-key-status' };
    case 'api-key-forget':
      return { ns: MESSAGE_NAMESPACE, type: 'api-key-forget' };
    default:
      return null;
  }
}
