import { describe, expect, it } from 'vitest';
import { isApiPath, parseContentToWorkerMessage } from '../../../src/platform/api-messages';
import { originAllowed, senderOrigin } from '../../../src/background/sender';

const send = (request: Record<string, unknown>) => ({ ns: 'wbka', type: 'api-send', requestId: 'r1', request });
const STORE_HOSTS = ['https://*.workbooks.com/*'];

describe('API-key mode messages', () => {
  it('accepts a well-formed request and strips unknown fields', () => {
    const parsed = parseContentToWorkerMessage(send({ method: 'GET', path: 'admin/api_keys.api', params: [['_start', '0']], extra: 'x' }));
    expect(parsed).toEqual({ ns: 'wbka', type: 'api-send', requestId: 'r1', request: { method: 'GET', path: 'admin/api_keys.api', params: [['_start', '0']] } });
  });

  it('rejects paths that are not Workbooks endpoints beneath the service root', () => {
    for (const path of ['https://evil.example/x.api', '/admin/api_keys.api', '../x.api', 'admin/../../x.api', 'admin/api_keys', 'a b.api', '']) {
      expect(isApiPath(path), path).toBe(false);
      expect(parseContentToWorkerMessage(send({ method: 'GET', path, params: [] }))).toBeNull();
    }
    expect(isApiPath('metadata/types.api')).toBe(true);
  });

  it('rejects credentials supplied by the caller, bad methods and malformed params', () => {
    expect(parseContentToWorkerMessage(send({ method: 'GET', path: 'a.api', params: [['api_key', 'x']] }))).toBeNull();
    expect(parseContentToWorkerMessage(send({ method: 'PATCH', path: 'a.api', params: [] }))).toBeNull();
    expect(parseContentToWorkerMessage(send({ method: 'GET', path: 'a.api', params: [['a', 1]] }))).toBeNull();
    expect(parseContentToWorkerMessage({ ns: 'other', type: 'api-key-status' })).toBeNull();
    expect(parseContentToWorkerMessage({ ns: 'wbka', type: 'api-key-set', apiKey: 'short', remember: false })).toBeNull();
    expect(parseContentToWorkerMessage({ ns: 'wbka', type: 'api-key-set', apiKey: '  abcde-12345-fffff  ', remember: true })).toEqual({
      ns: 'wbka',
      type: 'api-key-set',
      apiKey: 'abcde-12345-fffff',
      remember: true,
    });
  });

  it('serves only pages on the manifest hosts, from our own content scripts', () => {
    expect(originAllowed('https://secure.workbooks.com', STORE_HOSTS)).toBe(true);
    expect(originAllowed('https://acme.workbooks.com', STORE_HOSTS)).toBe(true);
    expect(originAllowed('https://workbooks.com.evil.example', STORE_HOSTS)).toBe(false);
    expect(originAllowed('https://evilworkbooks.com', STORE_HOSTS)).toBe(false);
    expect(originAllowed('http://secure.workbooks.com', STORE_HOSTS)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8080', STORE_HOSTS)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8080', [...STORE_HOSTS, 'http://127.0.0.1/*'])).toBe(true);
    const tab = { index: 0, highlighted: false, active: true, pinned: false, incognito: false, id: 3 };
    expect(senderOrigin({ id: 'me', tab, url: 'https://acme.workbooks.com/x' }, 'me', STORE_HOSTS)).toBe('https://acme.workbooks.com');
    expect(senderOrigin({ id: 'other', tab, url: 'https://acme.workbooks.com/x' }, 'me', STORE_HOSTS)).toBeNull();
    expect(senderOrigin({ id: 'me', url: 'https://acme.workbooks.com/x' }, 'me', STORE_HOSTS)).toBeNull();
    expect(senderOrigin({ id: 'me', tab, url: 'https://example.com/' }, 'me', STORE_HOSTS)).toBeNull();
  });
});
