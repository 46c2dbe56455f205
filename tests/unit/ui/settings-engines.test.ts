/**
 * Regression: the key editor, the native-form assistant, the key list and the bulk editor each mapped settings
 * onto the engines themselves, and none passed the organisation-approved ranges, the expiry info window or the
 * keys-per-user limit. Every place now takes one mapping from core/settings.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeIpList } from '../../../src/core/ip';
import { analyzeValidity } from '../../../src/core/dates';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { ipOptionsFromSettings, validityThresholdsFromSettings } from '../../../src/ui/common/key-checks';

describe('settings reach the engines the panel uses', () => {
  it('organisation-approved ranges flag entries outside them', () => {
    const options = ipOptionsFromSettings({ ...DEFAULT_SETTINGS, allowedRanges: ['81.2.69.0/24'] });
    const codes = (text: string) => analyzeIpList(text, options).findings.map((f) => f.code);
    expect(codes('81.2.69.10')).not.toContain('outside-policy');
    expect(codes('5.109.67.152')).toContain('outside-policy');
    expect(ipOptionsFromSettings(DEFAULT_SETTINGS).allowedRanges).toBeUndefined();
  });

  it('the expiry info window comes from the settings', () => {
    const thresholds = validityThresholdsFromSettings({ ...DEFAULT_SETTINGS, expiryInfoDays: 60 });
    const finding = analyzeValidity({ validFrom: null, until: '2027-02-20' }, { today: '2027-01-01', isNew: false, thresholds }).findings.find((f) => f.code === 'expires-soon');
    expect(finding?.severity).toBe('info');
    const byDefault = analyzeValidity({ validFrom: null, until: '2027-02-20' }, { today: '2027-01-01', isNew: false, thresholds: validityThresholdsFromSettings(DEFAULT_SETTINGS) });
    expect(byDefault.findings.some((f) => f.code === 'expires-soon')).toBe(false);
  });
});
