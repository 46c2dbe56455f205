/**
 * Resolving the Access-as-User choice: by the page's id, by exact name, by email; two users with one name are
 * ambiguous; an id no read returns is deleted or missing; a failed read is "cannot be checked", never OK.
 */
import { describe, expect, it, vi } from 'vitest';

// Outside an extension: no WebExtension APIs, so `t()` answers message keys (the platform's single seam).
vi.mock('../../../src/platform/browser', () => ({ browser: {}, isExtensionContextAlive: () => false }));

import { idShownAsText, parseHiddenId, resolvePickerValue, type UserDirectory } from '../../../src/content/form/users';
import { userCheckView } from '../../../src/content/form/user-view';
import type { UserRecord } from '../../../src/core/keys/model';

const user = (id: number, name: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  id,
  name,
  email: `${name.toLowerCase().replace(/\s+/g, '.')}@sim.test`,
  loginEnabled: true,
  edition: 'Workbooks CRM',
  ...extra,
});

const directory: UserDirectory = {
  ok: true,
  users: [
    user(1, 'Alex Morgan'),
    user(7, 'Ruby Robinson', { loginEnabled: false }),
    user(8, 'Ffion Wright', { edition: 'No Edition (login denied)' }),
    user(9, 'Sam Lee'),
    user(10, 'Sam Lee', { email: 'sam.lee2@sim.test' }),
  ],
};
const connected = { status: 'connected' as const, problem: null };

describe('resolvePickerValue', () => {
  it('prefers the id the page keeps', () => {
    const result = resolvePickerValue({ text: 'Ruby Robinson', hiddenId: 7 }, directory);
    expect(result).toMatchObject({ kind: 'user', status: 'login-disabled', user: { id: 7 } });
  });

  it('an id no read returns is deleted or missing, also when the page shows the raw id', () => {
    expect(resolvePickerValue({ text: '42', hiddenId: 42 }, directory)).toEqual({ kind: 'missing', id: 42, text: '42' });
    expect(resolvePickerValue({ text: '#42', hiddenId: null }, directory)).toEqual({ kind: 'missing', id: 42, text: '#42' });
  });

  it('matches the exact name ignoring case and spacing, then the email', () => {
    expect(resolvePickerValue({ text: '  ffion   WRIGHT ', hiddenId: null }, directory)).toMatchObject({ kind: 'user', status: 'no-edition' });
    expect(resolvePickerValue({ text: 'alex.morgan@sim.test', hiddenId: null }, directory)).toMatchObject({ kind: 'user', status: 'ok', user: { id: 1 } });
    expect(resolvePickerValue({ text: 'Alex', hiddenId: null }, directory)).toEqual({ kind: 'missing', id: null, text: 'Alex' });
  });

  it('cannot tell two users with the same name apart', () => {
    expect(resolvePickerValue({ text: 'Sam Lee', hiddenId: null }, directory)).toEqual({ kind: 'ambiguous', text: 'Sam Lee', count: 2 });
  });

  it('falls back to the key record’s user when the text resolves to nobody', () => {
    expect(resolvePickerValue({ text: 'Someone', hiddenId: null }, directory, 8)).toMatchObject({ kind: 'user', user: { id: 8 } });
  });

  it('nothing chosen, and a failed read, are reported as such', () => {
    expect(resolvePickerValue({ text: ' ', hiddenId: null }, directory)).toEqual({ kind: 'none' });
    const failed: UserDirectory = { ok: false, reason: 'no_permission_for_api', kind: 'permission' };
    expect(resolvePickerValue({ text: 'Alex Morgan', hiddenId: 1 }, failed)).toEqual({ kind: 'unknown', text: 'Alex Morgan', reason: 'no_permission_for_api', why: 'permission' });
  });

  it('parses ids strictly', () => {
    expect(parseHiddenId('10')).toBe(10);
    expect(parseHiddenId('')).toBeNull();
    expect(parseHiddenId('0')).toBeNull();
    expect(parseHiddenId('1e3')).toBeNull();
    expect(idShownAsText(' #57 ')).toBe(57);
    expect(idShownAsText('Sam 57')).toBeNull();
  });
});

describe('userCheckView', () => {
  it('shows OK only for a user that was read and can log in', () => {
    const views = [
      userCheckView({ kind: 'user', user: directory.users[0]!, status: 'ok' }, connected),
      userCheckView({ kind: 'user', user: directory.users[1]!, status: 'login-disabled' }, connected),
      userCheckView({ kind: 'user', user: directory.users[2]!, status: 'no-edition' }, connected),
      userCheckView({ kind: 'missing', id: 42, text: '42' }, connected),
      userCheckView({ kind: 'missing', id: null, text: 'Alex' }, connected),
      userCheckView({ kind: 'ambiguous', text: 'Sam Lee', count: 2 }, connected),
      userCheckView({ kind: 'unknown', text: 'Alex Morgan', reason: 'refused', why: 'permission' }, connected),
      userCheckView({ kind: 'unknown', text: 'Alex Morgan', reason: 'x', why: 'other' }, { status: 'failed', problem: 'You are not signed in' }),
      userCheckView({ kind: 'none' }, connected),
    ];
    expect(views.map((view) => (view.state === 'problem' ? `${view.code}/${view.severity}` : view.state))).toEqual([
      'ok',
      'user-login-disabled/error',
      'user-no-edition/error',
      'user-deleted/error',
      'user-not-found/error',
      'user-ambiguous/warning',
      'user-unknown/warning',
      'user-unknown/warning',
      'user-none/error',
    ]);
    // Every problem says what to do.
    for (const view of views) if (view.state === 'problem') expect(view.advice).not.toBe('');
  });
});
