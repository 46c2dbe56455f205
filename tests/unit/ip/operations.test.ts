import { describe, expect, it } from 'vitest';
import {
  addEntries,
  aggregateList,
  analyzeIpList,
  applyFix,
  listContains,
  parseIpEntry,
  rangeToCidrs,
  removeEntries,
  replaceEntry,
  summarizeIpList,
} from '../../../src/core/ip';

describe('addEntries', () => {
  it('appends canonical entries and returns the findings of the new list', () => {
    const result = addEntries('8.8.8.8', ['1.1.1.1', '2606:4700:4700:0:0:0:0:1111']);
    expect(result.list).toBe('8.8.8.8, 1.1.1.1, 2606:4700:4700::1111');
    expect(result.changed).toBe(true);
    expect(result.skipped).toEqual([]);
    expect(result.findings).toEqual(analyzeIpList(result.list).findings);
  });

  it('accepts a list as text, and converts ranges and wildcards to blocks', () => {
    expect(addEntries('8.8.8.8', '1.1.1.0-1.1.1.3; 9.9.9.*').list).toBe('8.8.8.8, 1.1.1.0/30, 9.9.9.0/24');
  });

  it('skips duplicates (after normalisation), covered additions and unreadable ones, saying why', () => {
    const result = addEntries('8.8.8.0/24, 1.1.1.1', ['8.8.8.0/24', '::ffff:1.1.1.1', '8.8.8.8', '010.1.1.1', '9.9.9.9']);
    expect(result.list).toBe('8.8.8.0/24, 1.1.1.1, 9.9.9.9');
    expect(result.skipped.map((s) => [s.input, s.reason])).toEqual([
      ['8.8.8.0/24', 'duplicate'],
      ['1.1.1.1', 'duplicate'],
      ['8.8.8.8', 'covered'],
      ['010.1.1.1', 'invalid'],
    ]);
    expect(result.skipped[2]!.message).toContain('8.8.8.0/24');
    expect(addEntries('8.8.8.0/24', '8.8.8.8', { skipCovered: false }).list).toBe('8.8.8.0/24, 8.8.8.8');
  });

  it('keeps entries it cannot read exactly as written, never reinterpreting them', () => {
    const result = addEntries('010.1.1.1, 8.8.8.8/32', '1.1.1.1');
    expect(result.list).toBe('010.1.1.1, 8.8.8.8, 1.1.1.1');
    expect(result.findings.map((f) => f.code)).toContain('leading-zero');
  });

  it('reports unchanged when every addition was skipped', () => {
    const result = addEntries('8.8.8.8, 1.1.1.1', '1.1.1.1');
    expect(result.changed).toBe(false);
    expect(result.list).toBe('8.8.8.8, 1.1.1.1');
  });

  it('adding to an empty list gives a valid list', () => {
    const result = addEntries('', '8.8.8.8');
    expect(result.list).toBe('8.8.8.8');
    expect(result.findings).toEqual([]);
  });
});

describe('removeEntries', () => {
  const list = '8.8.8.8, 8.8.4.0/24, 8.8.4.4, 1.1.1.1, 2606:4700::1111';

  it('exact: removes entries equal after normalisation', () => {
    const result = removeEntries(list, ['8.8.8.8/32', '::ffff:1.1.1.1'], { mode: 'exact' });
    expect(result.list).toBe('8.8.4.0/24, 8.8.4.4, 2606:4700::1111');
    expect(result.changed).toBe(true);
    expect(result.skipped).toEqual([]);
  });

  it('exact: an address inside a block is not removed, and that is reported', () => {
    const result = removeEntries('8.8.4.0/24', '8.8.4.8', { mode: 'exact' });
    expect(result.list).toBe('8.8.4.0/24');
    expect(result.changed).toBe(false);
    expect(result.skipped.map((s) => s.reason)).toEqual(['partly-covered']);
  });

  it('covered: removes every entry inside the removal', () => {
    const result = removeEntries(list, '8.8.0.0/16', { mode: 'covered' });
    expect(result.list).toBe('1.1.1.1, 2606:4700::1111');
    expect(removeEntries(list, '8.8.4.0-8.8.4.127', { mode: 'covered' }).list).toBe('8.8.8.8, 8.8.4.0/24, 1.1.1.1, 2606:4700::1111');
  });

  it('reports removals that match nothing, or cannot be read', () => {
    const result = removeEntries(list, ['9.9.9.9', 'nonsense'], { mode: 'exact' });
    expect(result.list).toBe(list);
    expect(result.skipped.map((s) => [s.input, s.reason])).toEqual([
      ['9.9.9.9', 'not-found'],
      ['nonsense', 'invalid'],
    ]);
  });

  it('removes an unreadable entry when given exactly as written', () => {
    expect(removeEntries('010.1.1.1, 8.8.8.8', '010.1.1.1', { mode: 'exact' }).list).toBe('8.8.8.8');
  });

  it('removing the last entry leaves an empty list, which the findings flag', () => {
    const result = removeEntries('8.8.8.8', '8.8.8.8', { mode: 'exact' });
    expect(result.list).toBe('');
    expect(result.findings.map((f) => f.code)).toEqual(['empty-list']);
  });
});

describe('replaceEntry', () => {
  it('replaces in place, matching after normalisation', () => {
    const result = replaceEntry('8.8.8.8, 1.1.1.1, 9.9.9.9', '1.1.1.1/32', '1.0.0.1');
    expect(result.list).toBe('8.8.8.8, 1.0.0.1, 9.9.9.9');
    expect(result.changed).toBe(true);
  });

  it('can replace one entry with several, dropping ones already present', () => {
    const result = replaceEntry('8.8.8.8, 1.1.1.1', '1.1.1.1', ['1.0.0.1', '8.8.8.8', '9.9.9.9']);
    expect(result.list).toBe('8.8.8.8, 1.0.0.1, 9.9.9.9');
    expect(result.skipped.map((s) => [s.input, s.reason])).toEqual([['8.8.8.8', 'duplicate']]);
  });

  it('changes nothing when `from` is missing or `to` is invalid', () => {
    const missing = replaceEntry('8.8.8.8', '1.1.1.1', '1.0.0.1');
    expect(missing.list).toBe('8.8.8.8');
    expect(missing.changed).toBe(false);
    expect(missing.skipped.map((s) => s.reason)).toEqual(['not-found']);
    const invalid = replaceEntry('8.8.8.8', '8.8.8.8', '10.0.0.5/24');
    expect(invalid.list).toBe('8.8.8.8');
    expect(invalid.skipped.map((s) => s.reason)).toEqual(['invalid']);
    expect(replaceEntry('8.8.8.8', '8.8.8.8, 1.1.1.1', '9.9.9.9').skipped.map((s) => s.reason)).toEqual(['invalid']);
  });

  it('replaces an unreadable entry given exactly as written', () => {
    expect(replaceEntry('010.1.1.1, 8.8.8.8', '010.1.1.1', '10.1.1.1').list).toBe('10.1.1.1, 8.8.8.8');
  });
});

describe('aggregateList', () => {
  it('gives the minimal blocks, IPv4 first', () => {
    const result = aggregateList('2001:db8::1, 8.8.8.9, 8.8.8.8, 2001:db8::, 8.8.8.10-8.8.8.11, 1.1.1.1');
    expect(result.list).toBe('1.1.1.1, 8.8.8.8/30, 2001:db8::/127');
    expect(result.skipped).toEqual([]);
  });

  it('keeps unreadable entries as written at the end and reports them', () => {
    const result = aggregateList('8.8.8.9, 010.1.1.1, 8.8.8.8');
    expect(result.list).toBe('8.8.8.8/31, 010.1.1.1');
    expect(result.skipped.map((s) => [s.input, s.reason])).toEqual([['010.1.1.1', 'invalid']]);
  });

  it('matches the mergeable fix', () => {
    const text = '8.8.8.0/25, 1.1.1.1, 8.8.8.128/25';
    const mergeable = analyzeIpList(text).findings.find((f) => f.code === 'mergeable')!;
    expect(applyFix(text, mergeable)).toBe(aggregateList(text).list);
  });
});

describe('rangeToCidrs', () => {
  it('covers exactly the range with the fewest blocks', () => {
    expect(rangeToCidrs('1.2.3.10', '1.2.3.20')).toMatchObject({ ok: true, blocks: ['1.2.3.10/31', '1.2.3.12/30', '1.2.3.16/30', '1.2.3.20'] });
    expect(rangeToCidrs('0.0.0.0', '255.255.255.255').blocks).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs('8.8.8.8', '8.8.8.8').list).toBe('8.8.8.8');
    expect(rangeToCidrs('2001:db8::', '2001:db8::ffff').list).toBe('2001:db8::/112');
    expect(rangeToCidrs('8.8.8.0', '20').list).toBe('8.8.8.0/28, 8.8.8.16/30, 8.8.8.20');
  });

  it('returns the findings of the resulting list', () => {
    expect(rangeToCidrs('0.0.0.0', '255.255.255.255').findings.map((f) => f.code)).toContain('allow-all');
    expect(rangeToCidrs('10.0.0.0', '10.0.0.255').findings.map((f) => f.code)).toEqual(['private']);
  });

  it('refuses reversed, mixed or unreadable ends, with offsets into `${start}-${end}`', () => {
    const reversed = rangeToCidrs('8.8.8.9', '8.8.8.1');
    expect(reversed).toMatchObject({ ok: false, list: '', blocks: [] });
    expect(reversed.findings.map((f) => f.code)).toEqual(['reversed-range']);
    expect(rangeToCidrs('8.8.8.8', '2001:db8::1').findings.map((f) => f.code)).toEqual(['invalid-syntax']);
    const badEnd = rangeToCidrs('8.8.8.1', '8.8.8.010');
    expect(badEnd.findings.map((f) => [f.code, f.start, f.end])).toEqual([['leading-zero', 8, 17]]);
    expect(rangeToCidrs('8.8.8.0/24', '8.8.9.0').ok).toBe(false);
  });
});

describe('listContains', () => {
  const list = '8.8.8.0/25, 8.8.8.128/25, 1.1.1.1, 2606:4700::/32';

  it('contains: an entry equal after normalisation', () => {
    expect(listContains(list, '1.1.1.1/32', 'contains')).toBe(true);
    expect(listContains(list, '::ffff:1.1.1.1', 'contains')).toBe(true);
    expect(listContains(list, '8.8.8.8', 'contains')).toBe(false);
    expect(listContains(list, '8.8.8.0/24', 'contains')).toBe(false);
  });

  it('covers: every address allowed, by one entry or several together', () => {
    expect(listContains(list, '8.8.8.8', 'covers')).toBe(true);
    expect(listContains(list, '8.8.8.0/24', 'covers')).toBe(true);
    expect(listContains(list, '2606:4700:4700::1111', 'covers')).toBe(true);
    expect(listContains(list, '8.8.8.0/23', 'covers')).toBe(false);
    expect(listContains(list, '1.1.1.2', 'covers')).toBe(false);
  });

  it('overlaps: at least one address allowed', () => {
    expect(listContains(list, '8.8.8.0/23', 'overlaps')).toBe(true);
    expect(listContains(list, '1.1.1.0-1.1.1.3', 'overlaps')).toBe(true);
    expect(listContains(list, '9.9.9.9', 'overlaps')).toBe(false);
  });

  it('an unreadable query matches nothing', () => {
    expect(listContains('010.1.1.1', '010.1.1.1', 'contains')).toBe(false);
    expect(listContains(list, 'garbage', 'covers')).toBe(false);
  });
});

describe('parseIpEntry', () => {
  it('returns the canonical form and interval', () => {
    expect(parseIpEntry(' 2001:DB8::1 ')).toMatchObject({ ok: true, canonical: '2001:db8::1', family: 6, kind: 'address', prefix: 128 });
    const block = parseIpEntry('8.8.8.0/24');
    expect(block).toMatchObject({ ok: true, kind: 'block', interval: { start: 0x08080800n, end: 0x080808ffn }, findings: [] });
    expect(parseIpEntry('192.168.1.*')).toMatchObject({ ok: true, canonical: '192.168.1.0/24', kind: 'wildcard' });
  });

  it('returns the error when the entry cannot be read', () => {
    expect(parseIpEntry('010.1.1.1')).toMatchObject({ ok: false, code: 'leading-zero' });
    expect(parseIpEntry('')).toMatchObject({ ok: false, code: 'empty-list' });
    expect(parseIpEntry('8.8.8.8, 1.1.1.1')).toMatchObject({ ok: false, code: 'invalid-syntax' });
  });
});

describe('summarizeIpList', () => {
  it('describes a list in a few words', () => {
    expect(summarizeIpList('8.8.8.8, 1.1.1.1, 9.9.9.0/24')).toBe('3 entries: 2 addresses, 1 block (/24)');
    expect(summarizeIpList('8.8.8.8')).toBe('1 entry: 1 address');
    expect(summarizeIpList('8.8.0.0/16, 9.9.9.0/24, 1.1.1.0/24, 2001:db8::/48')).toBe('4 entries: 4 blocks (/16, /24 ×2, /48)');
    expect(summarizeIpList('8.8.8.1-5, 8.8.*.*, 010.1.1.1')).toBe('3 entries: 1 range, 1 wildcard, 1 unreadable');
    expect(summarizeIpList('')).toBe('No entries');
  });
});
