/**
 * The core's message path: `msg` and `plural` resolve through the installed translator; the catalogue
 * translator used in Node follows the WebExtension substitution rules (an end-to-end test compares it with
 * Chromium's own `i18n.getMessage` for every message).
 */
import { afterEach, describe, expect, it } from 'vitest';
import enGB from '../../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../../src/core/i18n/catalog';
import { currentTranslator, formatCount, installTranslator, msg, plural, type Translator } from '../../../src/core/i18n/index';

const installed = currentTranslator();
afterEach(() => {
  if (installed) installTranslator(installed);
});

describe('the catalogue translator', () => {
  const catalog: Catalog = {
    plain: { message: 'Hello' },
    named: { message: 'From $Start$ to $END$, $start$ again', placeholders: { start: { content: '$1' }, end: { content: '$2' } } },
    adjacent: { message: 'Same as $IDS$$MORE$', placeholders: { ids: { content: '$1' }, more: { content: '$2' } } },
    dollars: { message: 'Costs $$5 and $1 directly' },
  };
  const translator = createCatalogTranslator(catalog, 'en-GB');

  it('substitutes named placeholders case-insensitively, positional ones, and $$', () => {
    expect(translator.message('plain', [])).toBe('Hello');
    expect(translator.message('named', ['A', 'B'])).toBe('From A to B, A again');
    expect(translator.message('adjacent', ['12, 14', ' and 3 more'])).toBe('Same as 12, 14 and 3 more');
    expect(translator.message('dollars', ['x'])).toBe('Costs $5 and x directly');
  });

  it('never re-expands a substitution, and a missing one becomes empty', () => {
    expect(translator.message('named', ['$2', 'B'])).toBe('From $2 to B, $2 again');
    expect(translator.message('named', ['A'])).toBe('From A to , A again');
  });

  it('answers empty for an unknown key, including Object.prototype names', () => {
    expect(translator.message('missing', [])).toBe('');
    expect(translator.message('toString', [])).toBe('');
  });
});

describe('msg and plural', () => {
  it('use the en-GB catalogue installed for tests', () => {
    expect(msg('engineQuote', 'x')).toBe('‘x’');
    expect(plural('engineAuditDuplicateName', 1)).toBe('1 other key has the same name. Rename them so people can tell the keys apart.');
    expect(plural('engineAuditDuplicateName', 1234)).toMatch(/^1,234 other keys have/);
  });

  it('pick the plural category of the translator’s locale and fall back to _other', () => {
    const seen: string[] = [];
    const polish: Translator = {
      locale: 'pl',
      message: (key, substitutions) => {
        seen.push(key);
        return key.endsWith('_few') ? '' : `${key}:${substitutions.join('|')}`;
      },
    };
    installTranslator(polish);
    expect(plural('engineAuditDuplicateName', 1)).toBe('engineAuditDuplicateName_one:1');
    // Polish 2 is "few": no such form here, so the _other form is used.
    expect(plural('engineAuditDuplicateName', 2)).toBe('engineAuditDuplicateName_other:2');
    expect(seen).toEqual(['engineAuditDuplicateName_one', 'engineAuditDuplicateName_few', 'engineAuditDuplicateName_other']);
    expect(plural('engineAuditManyKeysOneUser', 5, 'Jo', '10')).toBe('engineAuditManyKeysOneUser_many:5|Jo|10');
  });

  it('show the key rather than crash when nothing resolves', () => {
    installTranslator({ locale: 'en-GB', message: () => '' });
    expect(msg('engineAuditNoUntil')).toBe('engineAuditNoUntil');
    expect(plural('engineAuditDuplicateName', 3)).toBe('engineAuditDuplicateName_other');
  });

  it('format counts for en-GB', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('the en-GB catalogue', () => {
  const entries = Object.entries(enGB as Catalog);

  it('gives every plural message a _one and an _other form', () => {
    const bases = new Set(entries.map(([key]) => key.match(/^(.+)_(?:zero|one|two|few|many|other)$/)?.[1]).filter((base): base is string => base !== undefined));
    for (const base of bases) {
      expect(Object.hasOwn(enGB, `${base}_one`), `${base}_one`).toBe(true);
      expect(Object.hasOwn(enGB, `${base}_other`), `${base}_other`).toBe(true);
    }
  });

  it('declares every placeholder a message uses, with $n content', () => {
    for (const [key, entry] of entries) {
      const declared = new Set(Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase()));
      for (const [, name] of entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) expect(declared.has(name!.toLowerCase()), `${key}: $${name}$`).toBe(true);
      for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) expect(placeholder.content, `${key}.${name}`).toMatch(/^\$[1-9]$/);
    }
  });
});
