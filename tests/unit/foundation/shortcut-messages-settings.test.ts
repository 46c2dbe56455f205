import { describe, expect, it } from 'vitest';
import { isToggleShortcut } from '../../../src/content/shortcut';
import { isFromOwnWorker, isTogglePanelMessage, togglePanelMessage } from '../../../src/platform/messages';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/core/settings';

const key = (over: Partial<KeyboardEvent>) => ({ altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, code: 'KeyK', key: 'K', repeat: false, ...over });

describe('Alt+Shift+K', () => {
  it('matches only the exact chord', () => {
    expect(isToggleShortcut(key({}))).toBe(true);
    expect(isToggleShortcut(key({ code: 'KeyJ', key: 'J' }))).toBe(false);
    expect(isToggleShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isToggleShortcut(key({ shiftKey: false }))).toBe(false);
    expect(isToggleShortcut(key({ repeat: true }))).toBe(false);
  });
});

describe('messages', () => {
  it('accepts only well-formed toggle messages', () => {
    expect(isTogglePanelMessage(togglePanelMessage('action'))).toBe(true);
    expect(isTogglePanelMessage({ ns: 'wbka', type: 'toggle-panel', source: 'page' })).toBe(false);
    expect(isTogglePanelMessage({ ns: 'wbka', type: 'toggle-panel', source: 'action', extra: 1 })).toBe(false);
    expect(isTogglePanelMessage('toggle-panel')).toBe(false);
    expect(isTogglePanelMessage(null)).toBe(false);
  });
  it('accepts senders only from our own worker', () => {
    expect(isFromOwnWorker({ id: 'ours' }, 'ours')).toBe(true);
    expect(isFromOwnWorker({ id: 'other' }, 'ours')).toBe(false);
    expect(isFromOwnWorker({ id: 'ours', tab: { index: 0, highlighted: false, active: true, pinned: false, incognito: false } }, 'ours')).toBe(false);
  });
});

describe('settings validation', () => {
  it('accepts the defaults and numeric strings', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    const parsed = validateSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: ' 21 ' });
    expect(parsed.ok && parsed.settings.expiryWarningDays).toBe(21);
  });
  it('rejects the whole set when one field is invalid, naming each field', () => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: 0, hugeRangeIpv4Prefix: 'x', logRetentionDays: 1.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field).sort()).toEqual(['expiryWarningDays', 'hugeRangeIpv4Prefix', 'logRetentionDays']);
  });
});
