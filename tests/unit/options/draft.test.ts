import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../../src/core/settings';
import { candidateFromDraft, draftFromSettings, hostProblems, rangeProblems, sameDraft } from '../../../src/ui/options/draft';
import { formatBytes, formatHour } from '../../../src/ui/options/format';

describe('options form draft', () => {
  const custom: Settings = {
    ...DEFAULT_SETTINGS,
    connectionMode: 'api-key',
    expiryWarningDays: 9,
    allowedRanges: ['203.0.113.0/24', '2001:db8::/32'],
    hosts: ['secure.workbooks.com', 'acme.workbooks.com'],
    reminders: { enabled: true, hour: 6 },
    autoRetryUnchangedIpConflicts: true,
  };

  it('settings → draft → candidate validates back to the same settings', () => {
    for (const settings of [DEFAULT_SETTINGS, custom]) {
      const draft = draftFromSettings(settings);
      expect(validateSettings(candidateFromDraft(draft, settings.reminders.enabled))).toEqual({ ok: true, settings });
    }
    expect(draftFromSettings(custom).allowedRangesText).toBe('203.0.113.0/24\n2001:db8::/32');
    expect(draftFromSettings(custom).reminderHour).toBe('6');
    expect(draftFromSettings(DEFAULT_SETTINGS).reminderHour).toBe('');
  });

  it('takes whether reminders are on from the saved settings, never from the form', () => {
    const draft = draftFromSettings(custom);
    expect(candidateFromDraft(draft, false).reminders).toEqual({ enabled: false, hour: '6' });
    expect(candidateFromDraft({ ...draft, reminderHour: '' }, true).reminders).toEqual({ enabled: true });
  });

  it('tells an edited draft from the saved one', () => {
    const draft = draftFromSettings(custom);
    expect(sameDraft(draft, draftFromSettings(custom))).toBe(true);
    expect(sameDraft({ ...draft, expiryWarningDays: '10' }, draft)).toBe(false);
  });

  it('checks approved ranges and hosts entry by entry, counting non-blank lines', () => {
    expect(rangeProblems('10.0.0.0/8\n\n10.0.0.*\n192.0.2.1\n1.2.3')).toEqual([
      expect.objectContaining({ position: 2, messageKey: 'optionsErrorRangeEntry', substitutions: ['10.0.0.*', expect.any(String)] }),
      expect.objectContaining({ position: 4, messageKey: 'optionsErrorRangeEntry', substitutions: ['1.2.3', expect.any(String)] }),
    ]);
    expect(rangeProblems('')).toEqual([]);
    expect(hostProblems('secure.workbooks.com\nexample.org', {})).toEqual([{ position: 2, messageKey: 'optionsErrorHost', substitutions: ['example.org'] }]);
    expect(hostProblems('127.0.0.1:9000', { allowLoopbackHosts: true })).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats byte counts for en-GB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024 * 1024)).toBe('10 GB');
    expect(formatBytes(150 * 1024)).toBe('150 KB');
  });
  it('formats hours of the day', () => {
    expect(formatHour(0)).toBe('00:00');
    expect(formatHour(17)).toBe('17:00');
  });
});
