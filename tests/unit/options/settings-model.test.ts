import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SETTINGS,
  INTEGER_SETTING_BOUNDS,
  MAX_ALLOWED_RANGES,
  SETTINGS_FIELDS,
  auditThresholdsFromSettings,
  checkAllowedRange,
  normaliseHost,
  parseSettingsFile,
  settingsFileName,
  settingsToFile,
  splitListText,
  validateSettings,
  withDefaults,
  type IntegerSettingsField,
  type Settings,
  type SettingsFieldError,
} from '../../../src/core/settings';
import { analyzeIpList } from '../../../src/core/ip';
import { auditKeys } from '../../../src/core/keys/audit';

const valid = (overrides: Record<string, unknown>) => ({ ...DEFAULT_SETTINGS, ...overrides });

function errorsOf(candidate: unknown, options = {}): SettingsFieldError[] {
  const result = validateSettings(candidate, options);
  return result.ok ? [] : result.errors;
}

function settingsOf(candidate: unknown, options = {}): Settings {
  const result = validateSettings(candidate, options);
  if (!result.ok) throw new Error(`invalid: ${JSON.stringify(result.errors)}`);
  return result.settings;
}

describe('defaults', () => {
  it('are valid, complete and cover every field', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect([...SETTINGS_FIELDS].sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });
  it('cannot be mutated through a validation result', () => {
    const settings = settingsOf(DEFAULT_SETTINGS);
    settings.hosts.push('acme.workbooks.com');
    settings.reminders.enabled = true;
    expect(DEFAULT_SETTINGS.hosts).toEqual(['secure.workbooks.com']);
    expect(DEFAULT_SETTINGS.reminders).toEqual({ enabled: false });
  });
});

describe('connectionMode', () => {
  it('accepts the two modes only', () => {
    expect(settingsOf(valid({ connectionMode: 'api-key' })).connectionMode).toBe('api-key');
    expect(settingsOf(valid({ connectionMode: 'session' })).connectionMode).toBe('session');
    for (const bad of ['API-KEY', 'token', '', null, undefined, 1]) {
      expect(errorsOf(valid({ connectionMode: bad }))).toEqual([{ field: 'connectionMode', messageKey: 'optionsErrorChoice', substitutions: [] }]);
    }
  });
});

describe('whole-number thresholds', () => {
  const fields = Object.entries(INTEGER_SETTING_BOUNDS) as Array<[IntegerSettingsField, readonly [number, number]]>;
  // expiryInfoDays must also be ≥ expiryWarningDays: give it room while testing the others, and vice versa.
  const base = (field: IntegerSettingsField) => (field === 'expiryWarningDays' ? valid({ expiryInfoDays: 365 }) : field === 'expiryInfoDays' ? valid({ expiryWarningDays: 1 }) : valid({}));

  for (const [field, [min, max]] of fields) {
    it(`${field}: ${min}…${max}, digit strings included`, () => {
      expect(settingsOf({ ...base(field), [field]: min })[field]).toBe(min);
      expect(settingsOf({ ...base(field), [field]: max })[field]).toBe(max);
      expect(settingsOf({ ...base(field), [field]: ` ${max} ` })[field]).toBe(max);
      for (const bad of [min - 1, max + 1, 1.5, '1e3', '0x10', '', ' ', '-3', null, undefined, true, [min], Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(errorsOf({ ...base(field), [field]: bad }), `${field}=${String(bad)}`).toEqual([
          { field, messageKey: 'settingsErrorInteger', substitutions: [String(min), String(max)] },
        ]);
      }
    });
  }

  it('keeps the information window at least as long as the warning window', () => {
    expect(settingsOf(valid({ expiryWarningDays: 30, expiryInfoDays: 30 })).expiryInfoDays).toBe(30);
    expect(errorsOf(valid({ expiryWarningDays: 31, expiryInfoDays: 30 }))).toEqual([
      { field: 'expiryInfoDays', messageKey: 'optionsErrorInfoBelowWarning', count: 31, substitutions: [] },
    ]);
    // One field already out of range: its own error says enough, no second one about the pair.
    expect(errorsOf(valid({ expiryWarningDays: 400, expiryInfoDays: 30 })).map((e) => e.field)).toEqual(['expiryWarningDays']);
  });
});

describe('organisation-approved ranges', () => {
  it('accepts addresses and blocks and stores them canonically, without duplicates', () => {
    const settings = settingsOf(valid({ allowedRanges: ['10.0.0.0/8', ' 2001:DB8:0:0::/32 ', '203.0.113.7', '10.0.0.0/8', '192.168.1.0/24', '::ffff:198.51.100.1'] }));
    expect(settings.allowedRanges).toEqual(['10.0.0.0/8', '2001:db8::/32', '203.0.113.7', '192.168.1.0/24', '198.51.100.1']);
  });

  it('refuses anything that is not one clean address or block, naming the entry and its position', () => {
    const entries = ['10.0.0.0/8', '10.0.0.*', '10.0.0.1-10.0.0.9', '010.0.0.1', '10.0.0.1/8', 'office', '0.0.0.0/0', '1.2.3.4;5.6.7.8'];
    const errors = errorsOf(valid({ allowedRanges: entries }));
    expect(errors.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const error of errors) {
      expect(error.field).toBe('allowedRanges');
      expect(error.messageKey).toBe('optionsErrorRangeEntry');
      expect(error.substitutions[0]).toBe(entries[error.index!]);
      // The IP engine's own en-GB explanation.
      expect(error.substitutions[1]!.length).toBeGreaterThan(10);
    }
  });

  it('refuses a list that is not a list of text, or too long', () => {
    expect(errorsOf(valid({ allowedRanges: '10.0.0.0/8' }))).toEqual([{ field: 'allowedRanges', messageKey: 'optionsErrorList', substitutions: [] }]);
    expect(errorsOf(valid({ allowedRanges: [1] }))).toEqual([{ field: 'allowedRanges', messageKey: 'optionsErrorList', substitutions: [] }]);
    const many = Array.from({ length: MAX_ALLOWED_RANGES + 1 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.1`);
    expect(errorsOf(valid({ allowedRanges: many }))).toEqual([{ field: 'allowedRanges', messageKey: 'optionsErrorTooMany', count: MAX_ALLOWED_RANGES, substitutions: [] }]);
    expect(settingsOf(valid({ allowedRanges: many.slice(0, MAX_ALLOWED_RANGES) })).allowedRanges).toHaveLength(MAX_ALLOWED_RANGES);
    expect(checkAllowedRange(`1.2.3.4${' '.repeat(10)}/${'0'.repeat(100)}`)).toMatchObject({ ok: false, messageKey: 'optionsErrorEntryTooLong', count: 100 });
  });

  it('every valid IPv4 block is accepted, canonical, and stable when validated again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 32 }), (address, prefix) => {
        const network = prefix === 32 ? address >>> 0 : (address & ~((2 ** (32 - prefix)) - 1)) >>> 0;
        const text = `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.')}/${prefix}`;
        const checked = checkAllowedRange(text);
        // Special-purpose blocks the engine refuses (loopback, multicast, …) are refused here too, consistently.
        const engineError = analyzeIpList(text).findings.some((f) => f.severity === 'error');
        expect(checked.ok).toBe(!engineError);
        if (checked.ok) expect(checkAllowedRange(checked.canonical)).toEqual(checked);
      }),
      { numRuns: 300 },
    );
  });

  it('splits textarea text on lines and commas and drops blank entries', () => {
    expect(splitListText(' 10.0.0.0/8 ,\r\n\n203.0.113.7\n  \n2001:db8::/32,')).toEqual(['10.0.0.0/8', '203.0.113.7', '2001:db8::/32']);
    expect(splitListText('')).toEqual([]);
  });
});

describe('Workbooks hosts', () => {
  it('accepts *.workbooks.com host names as pasted, normalised', () => {
    const settings = settingsOf(valid({ hosts: ['Secure.Workbooks.com', 'https://acme.workbooks.com/', 'eu.beta.workbooks.com/', 'secure.workbooks.com'] }));
    expect(settings.hosts).toEqual(['secure.workbooks.com', 'acme.workbooks.com', 'eu.beta.workbooks.com']);
    expect(settingsOf(valid({ hosts: [] })).hosts).toEqual([]);
  });

  it('refuses everything else', () => {
    for (const bad of ['workbooks.com', 'evil.com', 'secure.workbooks.com.evil.com', 'xworkbooks.com', 'http://secure.workbooks.com', 'https://secure.workbooks.com/desktop', 'https://user@secure.workbooks.com', 'secure.workbooks.com:8443', '-x.workbooks.com', 'a..workbooks.com', 'secure workbooks.com', '127.0.0.1:8080', `${'a'.repeat(64)}.workbooks.com`]) {
      expect(normaliseHost(bad), bad).toBeNull();
      expect(errorsOf(valid({ hosts: [bad] })), bad).toEqual([{ field: 'hosts', messageKey: 'optionsErrorHost', substitutions: [bad], index: 0 }]);
    }
  });

  it('accepts loopback only when the build allows it (the test build)', () => {
    expect(normaliseHost('127.0.0.1:8080')).toBeNull();
    expect(normaliseHost('127.0.0.1:8080', { allowLoopbackHosts: true })).toBe('127.0.0.1:8080');
    expect(normaliseHost('http://localhost:3000/', { allowLoopbackHosts: true })).toBe('localhost:3000');
    expect(normaliseHost('http://secure.workbooks.com', { allowLoopbackHosts: true })).toBeNull();
    expect(settingsOf(valid({ hosts: ['127.0.0.1:5555'] }), { allowLoopbackHosts: true }).hosts).toEqual(['127.0.0.1:5555']);
  });
});

describe('reminders and switches', () => {
  it('reminders: on/off plus an optional hour 0–23', () => {
    expect(settingsOf(valid({ reminders: { enabled: true } })).reminders).toEqual({ enabled: true });
    expect(settingsOf(valid({ reminders: { enabled: true, hour: 0 } })).reminders).toEqual({ enabled: true, hour: 0 });
    expect(settingsOf(valid({ reminders: { enabled: false, hour: '23' } })).reminders).toEqual({ enabled: false, hour: 23 });
    expect(settingsOf(valid({ reminders: { enabled: false, hour: '' } })).reminders).toEqual({ enabled: false });
    for (const hour of [24, -1, 7.5, 'seven']) {
      expect(errorsOf(valid({ reminders: { enabled: true, hour } }))).toEqual([{ field: 'reminders', messageKey: 'optionsErrorHour', substitutions: ['0', '23'] }]);
    }
    for (const bad of [true, null, {}, { enabled: 'yes' }]) {
      expect(errorsOf(valid({ reminders: bad }))).toEqual([{ field: 'reminders', messageKey: 'optionsErrorReminders', substitutions: [] }]);
    }
  });

  it('autoRetryUnchangedIpConflicts is a real boolean', () => {
    expect(settingsOf(valid({ autoRetryUnchangedIpConflicts: true })).autoRetryUnchangedIpConflicts).toBe(true);
    for (const bad of ['true', 1, null]) {
      expect(errorsOf(valid({ autoRetryUnchangedIpConflicts: bad }))).toEqual([{ field: 'autoRetryUnchangedIpConflicts', messageKey: 'optionsErrorBoolean', substitutions: [] }]);
    }
  });
});

describe('all or nothing', () => {
  it('one invalid field rejects the whole object and every error is reported', () => {
    const result = validateSettings(valid({ logRetentionDays: 7, expiryWarningDays: 0, hosts: ['evil.com'], allowedRanges: ['10.0.0.*'], connectionMode: 'x' }));
    expect(result.ok).toBe(false);
    expect('settings' in result).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field).sort()).toEqual(['allowedRanges', 'connectionMode', 'expiryWarningDays', 'hosts']);
  });

  it('an empty or non-object candidate is invalid, not defaults', () => {
    expect(validateSettings({}).ok).toBe(false);
    expect(validateSettings(null).ok).toBe(false);
    expect(validateSettings('settings').ok).toBe(false);
  });

  it('withDefaults fills only the fields an older version did not have', () => {
    const old = { connectionMode: 'api-key', expiryWarningDays: 20, maxLifetimeDays: 99999, hugeRangeIpv4Prefix: 16, hugeRangeIpv6Prefix: 48, logRetentionDays: 30, legacyThing: 1 };
    const merged = withDefaults(old);
    expect(merged.hosts).toEqual(['secure.workbooks.com']);
    expect(merged.expiryWarningDays).toBe(20);
    expect(merged.maxLifetimeDays).toBe(99999);
    expect('legacyThing' in merged).toBe(false);
    expect(errorsOf(merged).map((e) => e.field)).toEqual(['maxLifetimeDays']);
  });
});

describe('settings file', () => {
  const custom: Settings = settingsOf(
    valid({ connectionMode: 'api-key', expiryWarningDays: 21, expiryInfoDays: 45, allowedRanges: ['203.0.113.0/24'], hosts: ['acme.workbooks.com'], reminders: { enabled: true, hour: 9 }, autoRetryUnchangedIpConflicts: true }),
  );
  const at = new Date('2027-03-04T10:11:12Z');

  it('round-trips: export → import gives the same settings', () => {
    const text = settingsToFile(custom, at);
    expect(JSON.parse(text)).toEqual({ format: 'workbooks-key-assistant-settings', version: 1, exportedAt: '2027-03-04T10:11:12.000Z', settings: custom });
    expect(parseSettingsFile(text)).toEqual({ ok: true, settings: custom });
    expect(parseSettingsFile(`\uFEFF${text}`)).toEqual({ ok: true, settings: custom });
    expect(settingsFileName(at)).toBe('workbooks-key-assistant-settings-2027-03-04.json');
  });

  it('a file from an older version (fewer fields) imports with defaults for the rest', () => {
    const text = JSON.stringify({ format: 'workbooks-key-assistant-settings', version: 1, settings: { expiryWarningDays: 7 } });
    expect(parseSettingsFile(text)).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, expiryWarningDays: 7 } });
  });

  it('rejects files that are not ours, newer, too large or not JSON, with a file-level reason', () => {
    const reason = (text: string) => {
      const result = parseSettingsFile(text);
      return result.ok ? null : result.fileErrors.map((e) => e.messageKey);
    };
    expect(reason('{"format": "workbooks-key-assistant-settings", "version": 1')).toEqual(['optionsImportNotJson']);
    expect(reason('[]')).toEqual(['optionsImportWrongFormat']);
    expect(reason(JSON.stringify({ settings: custom }))).toEqual(['optionsImportWrongFormat']);
    expect(reason(JSON.stringify({ format: 'workbooks-key-assistant-settings', version: 1, settings: [] }))).toEqual(['optionsImportWrongFormat']);
    expect(reason(JSON.stringify({ format: 'workbooks-key-assistant-settings', version: 2, settings: custom }))).toEqual(['optionsImportNewerVersion']);
    expect(reason(JSON.stringify({ format: 'workbooks-key-assistant-settings', version: '1', settings: custom }))).toEqual(['optionsImportWrongFormat']);
    expect(reason(' '.repeat(1_000_001))).toEqual(['optionsImportTooLarge']);
  });

  it('rejects the whole file when one value is invalid or a setting is unknown, listing every problem', () => {
    // An own "__proto__" key, as JSON.parse creates it (an object literal would set the prototype instead).
    const text = JSON.stringify({ format: 'workbooks-key-assistant-settings', version: 1, settings: { ...custom, manyKeysPerUser: 3, logRetentionDays: -1, colour: 'red' } }).replace(
      '"colour":"red"',
      '"colour":"red","__proto__":{"polluted":true}',
    );
    const result = parseSettingsFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fileErrors).toEqual([{ messageKey: 'optionsImportUnknownSettings', substitutions: ['colour, __proto__'] }]);
    expect(result.errors.map((e) => e.field)).toEqual(['logRetentionDays']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('thresholds for the engines', () => {
  it('maps the settings onto the audit thresholds', () => {
    const settings = settingsOf(valid({ expiryWarningDays: 10, expiryInfoDays: 20, maxLifetimeDays: 60, hugeRangeIpv4Prefix: 12, hugeRangeIpv6Prefix: 40, manyKeysPerUser: 3 }));
    expect(auditThresholdsFromSettings(settings)).toEqual({
      expiryWarningDays: 10,
      expiryInfoDays: 20,
      lifetimeWarningDays: 60,
      lifetimeInfoDays: 60,
      hugeRangeIpv4Prefix: 12,
      hugeRangeIpv6Prefix: 40,
      manyKeysPerUser: 3,
    });
    expect(auditThresholdsFromSettings(DEFAULT_SETTINGS).lifetimeInfoDays).toBe(90);
  });

  it('approved ranges reach the audit: entries outside them are flagged', () => {
    const settings = settingsOf(valid({ allowedRanges: ['203.0.113.0/24'] }));
    const key = (id: number, permittedIps: string) => ({
      id, lockVersion: 1, name: `k${id}`, description: '', accessAsUserId: 5, accessAsUserName: 'U', validFrom: null, until: '2027-03-01',
      permittedIps, capabilities: 'x', secret: null, updatedAt: null, updatedBy: null,
    });
    const result = auditKeys({
      keys: [key(1, '203.0.113.9'), key(2, '198.51.100.4')],
      users: new Map([[5, { id: 5, name: 'U', email: 'u@x', loginEnabled: true, edition: 'Workbooks CRM' }]]),
      userLookup: { missing: new Set(), unknown: new Set() },
      today: '2027-01-01',
      settings: auditThresholdsFromSettings(settings),
    });
    const codes = (id: number) => result.rows.find((row) => row.keyId === id)!.findings.map((f) => f.code);
    expect(codes(1)).not.toContain('outside-policy');
    expect(codes(2)).toContain('outside-policy');
  });
});
