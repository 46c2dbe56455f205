/**
 * The engines hold no words of their own: under a pseudo-locale that wraps every catalogue message in ⟦…⟧,
 * every entry of every engine message table — and the findings the engines produce from messy input — must
 * consist of wrapped messages only (user text sits inside them as substitutions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enGB from '../../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../../src/core/i18n/catalog';
import { currentTranslator, installTranslator } from '../../../src/core/i18n/index';
import { analyzeIpList, IP_MESSAGES } from '../../../src/core/ip';
import { IP_CLASS_ADVICE, IP_CLASS_NAMES } from '../../../src/core/ip/messages';
import { analyzeValidity, DATE_MESSAGES, parseWorkbooksDate } from '../../../src/core/dates';
import { AUDIT_MESSAGES } from '../../../src/core/keys/audit-messages';
import { BULK_MESSAGES } from '../../../src/core/keys/bulk-messages';
import { onlyMessages } from '../../support/pseudo-locale';

const pseudo: Catalog = Object.fromEntries(Object.entries(enGB as Catalog).map(([key, entry]) => [key, { ...entry, message: `⟦${entry.message}⟧` }]));

const english = currentTranslator();
beforeAll(() => installTranslator(createCatalogTranslator(pseudo, 'fr')));
afterAll(() => {
  if (english) installTranslator(english);
});

/** Argument values tried in every position; calls whose types do not fit are skipped. */
const SAMPLES: unknown[] = ['x.y', 0, 1, 2, 5, null, ['a', 'b'], ['a', 'b', 'c', 'd', 'e'], [3, 4], 'from', 'to', 'add', 'set', 'remove', 'tab', 'fullwidth'];

function callsOf(fn: (...args: never[]) => unknown): string[] {
  const results: string[] = [];
  const arity = fn.length;
  const variants: unknown[][] = arity === 0 ? [[]] : SAMPLES.map((sample) => Array.from({ length: arity }, () => sample));
  for (let position = 0; position < arity; position++) for (const sample of SAMPLES) variants.push(Array.from({ length: arity }, (_, i) => (i === position ? sample : 'x.y')));
  for (const args of variants) {
    try {
      const out = (fn as (...a: unknown[]) => unknown)(...args);
      // A raw key back means an enum argument out of its domain, not a message.
      if (typeof out === 'string' && !/^engine[A-Za-z_]+$/.test(out)) results.push(out);
    } catch {
      // Types that do not fit this entry.
    }
  }
  return results;
}

describe.each([
  ['IP_MESSAGES', IP_MESSAGES],
  ['DATE_MESSAGES', DATE_MESSAGES],
  ['AUDIT_MESSAGES', AUDIT_MESSAGES],
  ['BULK_MESSAGES', BULK_MESSAGES],
] as const)('%s', (_name, table) => {
  it('every entry speaks only through the catalogue', () => {
    const unwrapped: string[] = [];
    const silent: string[] = [];
    for (const [entry, fn] of Object.entries(table as Record<string, (...args: never[]) => unknown>)) {
      const outputs = callsOf(fn);
      if (outputs.length === 0) silent.push(entry);
      for (const out of outputs) if (!onlyMessages(out)) unwrapped.push(`${entry}: ${out}`);
    }
    expect(unwrapped).toEqual([]);
    expect(silent).toEqual([]);
  });
});

describe('records of class names and advice', () => {
  it('are messages', () => {
    for (const value of [...Object.values(IP_CLASS_NAMES), ...Object.values(IP_CLASS_ADVICE)]) expect(onlyMessages(value), value).toBe(true);
  });
});

describe('findings produced from messy input', () => {
  const IP_INPUTS = [
    '', ' , ;', '010.1.1.1; 192.168.1.0/24, 1.2.3.4:443, 10.0.0.5/24', 'example.com, https://8.8.8.8/', 'l92.168.1.1, 8.8.8.O',
    '8.8.8.256, 1..2.3, 1.2.3.4.5', '10.1, 0x08080808, 134744072', '2001:db8:::1, 2001::db8::1, 2001:db8::12345', 'fe80::1%eth0, [2001:db8::1]',
    '8.8.8.0/33, 8.8.8.0/abc, 8.8.8.1-8.8.8.0', '0.0.0.0/0, ::/0, 8.0.0.0/6', '8.8.8.8, 8.8.8.8, 8.8.8.0/24', '8.8.8.0/25, 8.8.8.128/25',
    '127.0.0.1, 169.254.1.1, 100.64.0.1, 224.0.0.1, 240.0.0.1, 192.0.2.1, ::1, fc00::1, 2001:db8::1, ::ffff:8.8.8.8',
    '8.8.8.*, 8.8.8.1-8.8.8.9', '8.8.8.8\u00a0, 8.8.8.8\u200b', '８.８.８.８', '8.8.8.8 8.8.4.4', '8.8.8.8\t8.8.4.4',
  ];

  it('the IP engine: every finding message and fix label', () => {
    const texts = IP_INPUTS.flatMap((input) => analyzeIpList(input).findings.flatMap((finding) => [finding.message, ...(finding.fixes ?? []).map((fix) => fix.label)]));
    expect(texts.length).toBeGreaterThan(60);
    expect(texts.filter((text) => !onlyMessages(text))).toEqual([]);
  });

  it('the dates engine: parse problems and validity findings', () => {
    const bad = ['', 'soon', '31/02/2027', '29/02/2027', '13/13/2027', '0/5/2027', '2 Smarch 2027', 'Funday 2 May 2027', '05/13/27', '1/5/27', '2 May 12027', 'Mon 3 May 2027', '1788000000000', '2027-05-02T25:00'];
    const texts = bad.map((text) => parseWorkbooksDate(text)).flatMap((result) => (result.ok ? [] : [result.message]));
    expect(texts.length).toBeGreaterThan(10);
    const today = '2027-01-15';
    for (const { isNew, ...input } of [
      { validFrom: null, until: null, isNew: true },
      { validFrom: '2027-03-01', until: '2027-02-01', isNew: true },
      { validFrom: null, until: '2027-01-10', isNew: false },
      { validFrom: null, until: '2027-01-10', isNew: true },
      { validFrom: null, until: '2027-01-20', isNew: false },
      { validFrom: '2027-01-15', until: '2029-01-15', isNew: true },
      { validFrom: '2027-02-20', until: '2027-05-01', isNew: true },
    ]) {
      const analysis = analyzeValidity(input, { today, isNew });
      texts.push(...analysis.findings.flatMap((finding) => [finding.message, ...(finding.fixes ?? []).map((fix) => fix.label)]));
    }
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.filter((text) => !onlyMessages(text))).toEqual([]);
  });
});
