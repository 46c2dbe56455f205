/**
 * The UI's counts speak in the right number: "1 key", "2 keys" (never "1 keys"), chosen by the plural rules of the
 * UI locale through `tPlural`. And the catalogue keeps it that way: no UI message puts a count before a plural noun
 * or verb unless it is the `_other` form of a plural message.
 */
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/core/settings';
import { describe, expect, it, vi } from 'vitest';

// No extension here: `t` answers keys, while plural messages come from the en-GB catalogue the test setup installs.
vi.mock('../../../src/platform/browser', () => ({ browser: {}, isExtensionContextAlive: () => false }));

import enGB from '../../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { tPlural } from '../../../src/platform/i18n';
import { daysLeftLabel } from '../../../src/ui/audit/KeyAuditTable';
import { ageText } from '../../../src/ui/audit/audit-text';
import { errorText } from '../../../src/ui/options/fields';
import { buildReminder, reminderNotificationText } from '../../../src/core/reminders';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const catalog = enGB as Record<string, Entry>;
const uiEntries = Object.entries(catalog).filter(([key]) => !key.startsWith('engine'));

describe('counts in UI messages', () => {
  it('take the singular for one and the plural for more, with the count formatted for en-GB', () => {
    expect(tPlural('bulkApply', 1)).toBe('Apply to 1 key');
    expect(tPlural('bulkApply', 2)).toBe('Apply to 2 keys');
    expect(tPlural('formCountErrors', 1)).toBe('1 error');
    expect(tPlural('formCountWarnings', 0)).toBe('0 warnings');
    expect(tPlural('bulkTotalAttention', 1)).toBe('1 needs attention');
    expect(tPlural('bulkTotalAttention', 1234)).toBe('1,234 need attention');
  });

  it('put the count first and the other substitutions after it, in their places', () => {
    expect(tPlural('keyListCount', 1, ['1'])).toBe('Showing 1 of 1 key.');
    expect(tPlural('keyListCount', 2, ['1'])).toBe('Showing 1 of 2 keys.');
    expect(tPlural('bulkQueryOptionCount', 1, ['Ada'])).toBe('Ada (1 key)');
    expect(tPlural('bulkSelectedCount', 2500, ['2,499'])).toBe('2,499 of 2,500 keys selected');
  });

  it('reach the UI helpers that build them', () => {
    expect(daysLeftLabel(1)).toBe('1 day left');
    expect(daysLeftLabel(2)).toBe('2 days left');
    expect(daysLeftLabel(-3)).toBe('expired 3 days ago');
    expect(ageText({ unit: 'minutes', count: 1 })).toBe('1 minute ago');
    expect(ageText({ unit: 'hours', count: 5 })).toBe('5 hours ago');
    // Settings errors with a number carry it as their count: it is $1 and chooses the form.
    expect(errorText({ messageKey: 'optionsErrorInfoBelowWarning', count: 1, substitutions: [] })).toBe('Must be at least the warning window (1 day).');
    expect(errorText({ messageKey: 'optionsErrorEntryTooLong', count: 100, substitutions: ['10.0.0.0/8 abc'] })).toBe('“10.0.0.0/8 abc…” is longer than 100 characters.');
    // As the settings model produces them.
    const invalid = validateSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: 2, expiryInfoDays: 1 });
    expect(invalid.ok ? [] : invalid.errors.map(errorText)).toContain('Must be at least the warning window (2 days).');
  });

  it('let each count of a sentence choose its own noun (keys, days)', () => {
    const today = '2027-03-30';
    const reminder = buildReminder([{ origin: 'https://secure.workbooks.com', host: 'secure.workbooks.com', database: null, via: 'api', keys: [
      { keyId: 1, name: 'A', until: '2027-03-31' },
      { keyId: 2, name: 'B', until: '2027-03-31' },
    ] }], today, 1)!;
    expect(reminderNotificationText(reminder).message).toBe('2 API keys expire within 1 day on secure.workbooks.com: A (1 day), B (1 day).');
  });
});

describe('the en-GB catalogue', () => {
  const COUNT_THEN_PLURAL = /\$[A-Z0-9_]+\$ (keys|errors|warnings|days|users|entries|hours|minutes|hosts|characters|kinds|are|were|have|need)\b/i;

  it('has no UI message that puts a count before a plural noun or verb, except plural forms other than one', () => {
    const offenders = uiEntries
      .filter(([key]) => !/_(zero|two|few|many|other)$/.test(key))
      .filter(([, entry]) => COUNT_THEN_PLURAL.test(entry.message))
      .map(([key, entry]) => `${key}: ${entry.message}`);
    expect(offenders).toEqual([]);
  });

  it('gives the forms of each UI plural message the same placeholders, so the count is $1 in every form', () => {
    const bases = new Set(uiEntries.map(([key]) => key.match(/^(.+)_other$/)?.[1]).filter((base): base is string => base !== undefined));
    expect(bases.size).toBeGreaterThan(40);
    for (const base of bases) {
      const forms = uiEntries.filter(([key]) => key.startsWith(`${base}_`) && /_(zero|one|two|few|many|other)$/.test(key.slice(base.length)));
      const shape = (entry: Entry) => JSON.stringify(Object.entries(entry.placeholders ?? {}).sort(([a], [b]) => a.localeCompare(b)));
      for (const [key, entry] of forms) expect(shape(entry), key).toBe(shape(catalog[`${base}_other`]!));
      // A plural message without a count placeholder would say the count nowhere.
      expect(Object.values(catalog[`${base}_other`]!.placeholders ?? {}).map((p) => p.content), base).toContain('$1');
    }
  });
});
