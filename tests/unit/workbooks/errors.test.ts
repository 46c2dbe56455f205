import { describe, expect, it } from 'vitest';
import { AuthError, describeRequest, isWorkbooksError, REDACTED, redactParams, redactUrl, ValidationError } from '../../../src/core/workbooks/errors';

describe('redaction', () => {
  it('replaces api_key, password, _authenticity_token and session_id values, bracketed or not', () => {
    expect(
      redactParams([
        ['api_key', 'k'],
        ['password', 'p'],
        ['_authenticity_token', 't'],
        ['session_id', 's'],
        ['API_KEY', 'K'],
        ['api_key[]', 'x'],
        ['name', 'visible'],
      ]),
    ).toEqual([
      ['api_key', REDACTED],
      ['password', REDACTED],
      ['_authenticity_token', REDACTED],
      ['session_id', REDACTED],
      ['API_KEY', REDACTED],
      ['api_key[]', REDACTED],
      ['name', 'visible'],
    ]);
  });

  it('redacts secrets in URL query strings and keeps the rest', () => {
    expect(redactUrl('https://h/a.api?_start=0&api_key=abc-123&client=api#frag')).toBe('https://h/a.api?_start=0&api_key=%5Bredacted%5D&client=api#frag');
    expect(redactUrl('https://h/a.api?api%5Fkey=abc')).toBe('https://h/a.api?api%5Fkey=%5Bredacted%5D');
    expect(redactUrl('https://h/a.api')).toBe('https://h/a.api');
  });

  it('builds request descriptions that never hold a secret', () => {
    const description = describeRequest('POST', 'login.api', [
      ['username', 'a@b.c'],
      ['password', 'hunter2'],
    ]);
    expect(JSON.stringify(description)).not.toContain('hunter2');
  });
});

describe('error classes', () => {
  it('carry a discriminating kind and are recognised', () => {
    const auth = new AuthError('session_expired', 'The session has expired.');
    expect(auth.kind).toBe('auth');
    expect(auth.name).toBe('AuthError');
    expect(isWorkbooksError(auth)).toBe(true);
    expect(isWorkbooksError(new Error('x'))).toBe(false);
    const validation = new ValidationError('bad', [{ index: 0, id: 0, fields: { name: ['required'] }, messages: [] }]);
    expect(validation.kind).toBe('validation');
    expect(validation).toBeInstanceOf(Error);
  });
});
