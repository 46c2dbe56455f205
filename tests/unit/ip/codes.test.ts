/**
 * Every stable finding code: at least one input that produces it (with its exact span and fixes) and inputs
 * that must not.
 */
import { describe, expect, it } from 'vitest';
import { IP_FINDING_CODES, IP_FINDING_SEVERITY, analyzeIpList } from '../../../src/core/ip';
import { at, codes, fixed, only, spans } from './helpers';

describe('severity table', () => {
  it('gives every code one severity, matching the issue', () => {
    expect(IP_FINDING_CODES).toHaveLength(42);
    expect(IP_FINDING_SEVERITY['leading-zero']).toBe('error');
    expect(IP_FINDING_SEVERITY.range).toBe('error');
    expect(IP_FINDING_SEVERITY.private).toBe('warning');
    expect(IP_FINDING_SEVERITY.mergeable).toBe('info');
    for (const code of IP_FINDING_CODES) expect(['error', 'warning', 'info']).toContain(IP_FINDING_SEVERITY[code]);
  });
});

describe('errors', () => {
  it('empty-list: nothing but whitespace and separators', () => {
    expect(spans('', 'empty-list')).toEqual([[0, 0]]);
    expect(spans('   ', 'empty-list')).toEqual([[0, 3]]);
    expect(spans(' , ;\n', 'empty-list')).toEqual([[0, 5]]);
    expect(codes(' , ;\n')).toEqual(['empty-list']);
    expect(analyzeIpList('').normalized).toBeNull();
    expect(spans('8.8.8.8', 'empty-list')).toEqual([]);
  });

  it('invalid-syntax: not an address at all', () => {
    expect(spans('example.com', 'invalid-syntax')).toEqual([[0, 11]]);
    expect(spans('8.8.8.8, localhost', 'invalid-syntax')).toEqual([at('8.8.8.8, localhost', 'localhost')]);
    expect(spans('https://8.8.8.8/', 'invalid-syntax')).toEqual([[0, 16]]);
    expect(spans('1..2.3', 'invalid-syntax')).toEqual([[0, 6]]);
    expect(spans('1.2.3.4.5', 'invalid-syntax')).toEqual([[0, 9]]);
    expect(spans('1.2.3.4.', 'invalid-syntax')).toEqual([[0, 8]]);
    expect(spans('2001:db8:::1', 'invalid-syntax')).toEqual([[0, 12]]);
    expect(spans('2001::db8::1', 'invalid-syntax')).toEqual([[0, 12]]);
    expect(spans('2001:db8::12345', 'invalid-syntax')).toEqual([at('2001:db8::12345', '12345')]);
    expect(spans('1:2:3:4:5:6:7', 'invalid-syntax')).toEqual([[0, 13]]);
    expect(spans('1:2:3:4:5:6:7:8:9', 'invalid-syntax')).toEqual([[0, 17]]);
    expect(spans(':1:2:3:4:5:6:7', 'invalid-syntax')).toEqual([[0, 14]]);
    expect(spans('8.8.8.0/', 'invalid-syntax')).toEqual([[7, 8]]);
    expect(spans('8.8.8.0/24/25', 'invalid-syntax')).toEqual([[0, 13]]);
    expect(spans('8.8.8.0/abc', 'invalid-syntax')).toEqual([[7, 11]]);
    expect(spans('8.8.8.0/255.0.255.0', 'invalid-syntax')).toEqual([[7, 19]]);
    expect(spans('8.8.8.1-', 'invalid-syntax')).toEqual([[0, 8]]);
    expect(spans('8.8.8.1-2-3', 'invalid-syntax')).toEqual([[0, 11]]);
    expect(spans('8.8.8.1-2001:db8::1', 'invalid-syntax')).toEqual([[0, 19]]);
    expect(spans('[::1', 'invalid-syntax')).toEqual([[0, 4]]);
    expect(spans('4294967296', 'invalid-syntax')).toEqual([[0, 10]]);
    for (const valid of ['8.8.8.8', '2001:4860::8888', '8.8.8.0/24', '1:2:3:4:5:6:7::']) expect(spans(valid, 'invalid-syntax')).toEqual([]);
  });

  it('invalid-character: lookalikes get a fix, other characters are pointed at', () => {
    const lookalike = only('l92.168.1.1', 'invalid-character');
    expect([lookalike.start, lookalike.end]).toEqual([0, 1]);
    expect(lookalike.message).toContain('did you mean ‘1’');
    expect(fixed('l92.168.1.1', 'invalid-character')).toBe('192.168.1.1');
    expect(fixed('8.8.8.O', 'invalid-character')).toBe('8.8.8.0');
    expect(spans('8.8.8.8#', 'invalid-character')).toEqual([[7, 8]]);
    expect(only('8.8.8.8#', 'invalid-character').fixes).toBeUndefined();
    expect(spans('8.8.8.8a', 'invalid-character')).toEqual([[7, 8]]);
    expect(spans('2001:db8::g', 'invalid-character')).toEqual([[10, 11]]);
    expect(spans('8.8.8.é', 'invalid-character')).toEqual([[6, 7]]);
    expect(spans('8.8.8.8\u0007', 'invalid-character')).toEqual([[7, 8]]);
    expect(spans('2001:db8::a, 8.8.8.8', 'invalid-character')).toEqual([]);
  });

  it('octet-out-of-range: points at the number', () => {
    expect(spans('8.8.8.256', 'octet-out-of-range')).toEqual([[6, 9]]);
    expect(spans('300.8.8.8', 'octet-out-of-range')).toEqual([[0, 3]]);
    expect(spans('::ffff:8.8.8.999', 'octet-out-of-range')).toEqual([[13, 16]]);
    expect(spans('8.8.8.10-300', 'octet-out-of-range')).toEqual([[9, 12]]);
    expect(spans('8.8.8.255', 'octet-out-of-range')).toEqual([]);
  });

  it('leading-zero: never read as octal; suggests the decimal reading', () => {
    const text = '8.8.8.8, 010.1.1.1';
    const leading = only(text, 'leading-zero');
    expect([leading.start, leading.end]).toEqual(at(text, '010.1.1.1'));
    expect(leading.message).toBe('Leading zeros are ambiguous (octal?) — write 10.1.1.1 if that is what you mean.');
    expect(fixed(text, 'leading-zero')).toBe('8.8.8.8, 10.1.1.1');
    expect(analyzeIpList(text).entries[1]!.interval).toBeNull();
    expect(spans('192.168.001.001', 'leading-zero')).toEqual([[0, 15]]);
    expect(spans('08.8.8.8', 'leading-zero')).toEqual([[0, 8]]);
    expect(spans('8.8.8.00', 'leading-zero')).toEqual([[0, 8]]);
    expect(spans('8.8.8.10-020', 'leading-zero')).toEqual([[9, 12]]);
    expect(spans('010.*.*.*', 'leading-zero')).toEqual([[0, 9]]);
    expect(spans('10.1.1.1, 0.0.0.0, 100.0.0.0', 'leading-zero')).toEqual([]);
  });

  it('short-form: fewer than four numbers, with the reading some systems make', () => {
    const short = only('127.1', 'short-form');
    expect([short.start, short.end]).toEqual([0, 5]);
    expect(short.message).toContain('127.0.0.1');
    expect(spans('10.0.1', 'short-form')).toEqual([[0, 6]]);
    expect(spans('8.8.8.8', 'short-form')).toEqual([]);
  });

  it('non-decimal-form: hexadecimal parts and 32-bit integers', () => {
    expect(spans('0x7f.0.0.1', 'non-decimal-form')).toEqual([[0, 10]]);
    expect(spans('0x7f.1', 'non-decimal-form')).toEqual([[0, 6]]);
    expect(spans('2130706433', 'non-decimal-form')).toEqual([[0, 10]]);
    expect(only('2130706433', 'non-decimal-form').message).toContain('127.0.0.1');
    expect(spans('0x7f000001', 'non-decimal-form')).toEqual([[0, 10]]);
    expect(spans('127.0.0.1, 2001:db8::7f', 'non-decimal-form')).toEqual([]);
  });

  it('prefix-out-of-range', () => {
    expect(spans('8.8.8.0/33', 'prefix-out-of-range')).toEqual([[7, 10]]);
    expect(spans('2001:db8::/129', 'prefix-out-of-range')).toEqual([[10, 14]]);
    expect(spans('8.8.8.0/99999999999', 'prefix-out-of-range')).toEqual([[7, 19]]);
    expect(spans('8.8.8.0/24, 2001:db8::/128', 'prefix-out-of-range')).toEqual([]);
  });

  it('host-bits-set: offers the network and the single host', () => {
    const text = '10.0.0.5/24';
    const finding = only(text, 'host-bits-set');
    expect([finding.start, finding.end]).toEqual([0, 11]);
    expect(finding.fixes?.map((f) => f.replacement)).toEqual(['10.0.0.0/24', '10.0.0.5']);
    expect(fixed(text, 'host-bits-set', 1)).toBe('10.0.0.5');
    expect(only('2001:db8::1/64', 'host-bits-set').fixes?.map((f) => f.replacement)).toEqual(['2001:db8::/64', '2001:db8::1']);
    expect(only('::ffff:10.0.0.5/120', 'host-bits-set').fixes?.map((f) => f.replacement)).toEqual(['10.0.0.0/24', '10.0.0.5']);
    expect(spans('10.0.0.0/24, 2001:db8::/64', 'host-bits-set')).toEqual([]);
  });

  it('wildcard-mask: a Cisco hostmask is not read as a netmask', () => {
    const text = '8.8.8.0/0.0.0.255';
    expect(spans(text, 'wildcard-mask')).toEqual([[7, 17]]);
    expect(only(text, 'wildcard-mask').message).toContain('/24');
    expect(analyzeIpList(text).entries[0]!.interval).toBeNull();
    expect(spans('8.8.8.0/255.255.255.0', 'wildcard-mask')).toEqual([]);
  });

  it('zone-id', () => {
    expect(spans('fe80::1%eth0', 'zone-id')).toEqual([[7, 12]]);
    expect(spans('[fe80::1%25en0]', 'zone-id')).toEqual([[8, 14]]);
    expect(spans('fe80::1', 'zone-id')).toEqual([]);
  });

  it('ipv4-compatible: deprecated ::a.b.c.d, with the IPv4 address as fix', () => {
    const finding = only('::8.8.8.8', 'ipv4-compatible');
    expect([finding.start, finding.end]).toEqual([0, 9]);
    expect(fixed('::8.8.8.8', 'ipv4-compatible')).toBe('8.8.8.8');
    expect(codes('::8.8.8.8')).not.toContain('non-canonical');
    expect(spans('::808:808', 'ipv4-compatible')).toEqual([[0, 9]]);
    expect(spans('::1, ::, ::ffff:8.8.8.8, 64:ff9b::8.8.8.8', 'ipv4-compatible')).toEqual([]);
  });

  it('reversed-range', () => {
    expect(spans('8.8.8.20-10', 'reversed-range')).toEqual([[0, 11]]);
    expect(spans('8.8.8.9-8.8.8.1', 'reversed-range')).toEqual([[0, 15]]);
    expect(spans('2001:db8::9-2001:db8::1', 'reversed-range')).toEqual([[0, 23]]);
    expect(spans('8.8.8.10-20', 'reversed-range')).toEqual([]);
  });

  it('non-contiguous-wildcard', () => {
    expect(spans('10.*.1.*', 'non-contiguous-wildcard')).toEqual([[0, 8]]);
    expect(spans('8.*.8.8', 'non-contiguous-wildcard')).toEqual([[0, 7]]);
    expect(spans('8.8.*.*', 'non-contiguous-wildcard')).toEqual([]);
  });

  it('allow-all: a single entry, or a list whose union is everything', () => {
    expect(spans('0.0.0.0/0', 'allow-all')).toEqual([[0, 9]]);
    expect(spans('8.8.8.8, ::/0', 'allow-all')).toEqual([[9, 13]]);
    expect(spans('*', 'allow-all')).toEqual([[0, 1]]);
    expect(spans('*.*.*.*', 'allow-all')).toEqual([[0, 7]]);
    expect(spans('0.0.0.0-255.255.255.255', 'allow-all')).toEqual([[0, 23]]);
    expect(spans('::ffff:0:0/96', 'allow-all')).toEqual([[0, 13]]);
    expect(spans('0.0.0.0/0.0.0.0', 'allow-all')).toEqual([[0, 15]]);
    // However the address is read, /0 is everything: flagged even when the address itself is refused.
    expect(spans('8.8.8.8, 1.2.3.4/0', 'allow-all')).toEqual([[9, 18]]);
    expect(codes('0/0')).toEqual(expect.arrayContaining(['non-decimal-form', 'allow-all']));
    expect(codes('010.1.1.1/00')).toEqual(expect.arrayContaining(['leading-zero', 'allow-all']));
    const union = '0.0.0.0/1, 128.0.0.0/1';
    expect(spans(union, 'allow-all')).toEqual([[0, union.length]]);
    expect(spans('::/1, 8000::/1', 'allow-all')).toEqual([[0, 14]]);
    expect(spans('0.0.0.0/0, 0.0.0.0/1', 'allow-all')).toEqual([[0, 9]]);
    expect(spans('0.0.0.0/1, 128.0.0.0/2', 'allow-all')).toEqual([]);
    expect(spans('255.255.255.255, ::', 'allow-all')).toEqual([]);
  });

  it.each([
    ['unspecified', '0.0.0.0'],
    ['unspecified', '::'],
    ['loopback', '127.0.0.1'],
    ['loopback', '::1'],
    ['loopback', '::ffff:127.0.0.1'],
    ['link-local', '169.254.10.1'],
    ['link-local', 'fe80::1'],
    ['multicast', '224.0.0.251'],
    ['multicast', 'ff02::1'],
    ['reserved', '240.0.0.1'],
    ['reserved', '255.255.255.255'],
    ['reserved', '0.1.2.3'],
    ['reserved', '198.18.0.1'],
    ['reserved', '192.0.0.1'],
    ['reserved', '4000::1'],
    ['reserved', 'fec0::1'],
    ['reserved', '100::1'],
  ] as const)('%s: %s is an error on the whole entry', (code, address) => {
    const text = `8.8.8.8, ${address}`;
    const finding = only(text, code);
    expect(finding.severity).toBe('error');
    expect([finding.start, finding.end]).toEqual(at(text, address));
    expect(analyzeIpList(text).normalized).toBeNull();
  });

  it('special-purpose errors stay silent for ordinary public addresses and carve-outs', () => {
    const text = '8.8.8.8, 1.1.1.1, 2606:4700::1111, 128.0.0.1, 126.255.255.255, 192.0.0.9, 2001::1, 2001:20::1, 223.255.255.255';
    const found = codes(text);
    for (const code of ['unspecified', 'loopback', 'link-local', 'multicast', 'reserved'] as const) expect(found).not.toContain(code);
  });

  it('a block counts as in a class when it overlaps it, and says so', () => {
    const finding = only('126.0.0.0/7', 'loopback');
    expect(finding.message).toContain('includes loopback addresses');
    expect(only('127.0.0.0/8', 'loopback').message).toContain('holds only loopback addresses');
  });
});

describe('errors with fixes', () => {
  it.each([
    ['8.8.8.8;1.1.1.1', ';', 'semicolon'],
    ['8.8.8.8\n1.1.1.1', '\n', 'line break'],
    ['8.8.8.8\r\n1.1.1.1', '\r\n', 'line break'],
    ['8.8.8.8\t1.1.1.1', '\t', 'tab'],
    ['8.8.8.8，1.1.1.1', '，', 'fullwidth comma'],
    ['8.8.8.8、1.1.1.1', '、', 'ideographic comma'],
    ['8.8.8.8 1.1.1.1', ' ', 'space'],
    ['8.8.8.8 ; 1.1.1.1', ' ; ', 'semicolon'],
  ])('separator: %j', (text, gap, name) => {
    const finding = only(text, 'separator');
    expect([finding.start, finding.end]).toEqual(at(text, gap));
    expect(finding.message).toContain(name);
    expect(fixed(text, 'separator')).toBe('8.8.8.8, 1.1.1.1');
    expect(analyzeIpList(text).entries.map((e) => e.canonical)).toEqual(['8.8.8.8', '1.1.1.1']);
  });

  it('separator: commas with any whitespace around them are fine', () => {
    for (const text of ['8.8.8.8,1.1.1.1', '8.8.8.8 , 1.1.1.1', '8.8.8.8,\n1.1.1.1', '8.8.8.8\n,\t1.1.1.1\n']) {
      expect(codes(text)).toEqual([]);
      expect(analyzeIpList(text).normalized).toBe('8.8.8.8, 1.1.1.1');
    }
  });

  it('non-ascii: fullwidth digits, invisible characters and odd spaces are shown and replaced', () => {
    const fullwidth = '８.8.8.8';
    expect(spans(fullwidth, 'non-ascii')).toEqual([[0, 1]]);
    expect(fixed(fullwidth, 'non-ascii')).toBe('8.8.8.8');
    expect(analyzeIpList(fullwidth).entries[0]!.canonical).toBe('8.8.8.8');

    const zeroWidth = '8.8.\u200b8.8';
    expect(spans(zeroWidth, 'non-ascii')).toEqual([[4, 5]]);
    expect(only(zeroWidth, 'non-ascii').message).toContain('zero-width space');
    expect(fixed(zeroWidth, 'non-ascii')).toBe('8.8.8.8');

    const noBreak = '8.8.8.8,\u00a01.1.1.1';
    expect(spans(noBreak, 'non-ascii')).toEqual([[8, 9]]);
    expect(fixed(noBreak, 'non-ascii')).toBe('8.8.8.8, 1.1.1.1');

    const dash = '8.8.8.1\u20138.8.8.3';
    expect(spans(dash, 'non-ascii')).toEqual([[7, 8]]);
    expect(codes(dash)).toContain('range');

    const mathDigit = '𝟴.8.8.8';
    expect(spans(mathDigit, 'non-ascii')).toEqual([[0, 2]]);
    expect(fixed(mathDigit, 'non-ascii')).toBe('8.8.8.8');

    const arabicIndic = '٨.8.8.8';
    expect(fixed(arabicIndic, 'non-ascii')).toBe('8.8.8.8');

    expect(spans('\ufeff8.8.8.8', 'non-ascii')).toEqual([[0, 1]]);
    expect(spans('8.8.8.8, 1.1.1.1', 'non-ascii')).toEqual([]);
  });

  it('stray-whitespace: spaces inside one entry', () => {
    const text = '1.2.3.0 / 24';
    expect(spans(text, 'stray-whitespace')).toEqual([
      [7, 8],
      [9, 10],
    ]);
    expect(only('8.8.8.0 /24', 'stray-whitespace').message).toContain('8.8.8.0/24');
    expect(analyzeIpList(text).entries).toHaveLength(1);
    expect(analyzeIpList(text).entries[0]!.canonical).toBe('1.2.3.0/24');
    expect(spans('8.8.8.1 - 8.8.8.2', 'stray-whitespace')).toEqual([
      [7, 8],
      [9, 10],
    ]);
    expect(spans('8.8. 8.8', 'stray-whitespace')).toEqual([[4, 5]]);
    expect(spans(' 8.8.8.0/24 , 1.1.1.1 ', 'stray-whitespace')).toEqual([]);
    // Two complete addresses are never glued into a third one: a space after :: separates.
    expect(spans('2606:4700:: 8.8.8.8', 'stray-whitespace')).toEqual([]);
    expect(analyzeIpList('2606:4700:: 8.8.8.8').entries.map((e) => e.canonical)).toEqual(['2606:4700::', '8.8.8.8']);
    expect(analyzeIpList('2606:4700:: /32').entries.map((e) => e.canonical)).toEqual(['2606:4700::/32']);
  });

  it('brackets: URL-style IPv6 (and IPv4) in square brackets', () => {
    expect(spans('[2001:db8::1]', 'brackets')).toEqual([[0, 13]]);
    expect(fixed('[2001:db8::1]', 'brackets')).toBe('2001:db8::1');
    expect(spans('[2001:db8::]/32', 'brackets')).toEqual([[0, 12]]);
    expect(spans('[8.8.8.8]', 'brackets')).toEqual([[0, 9]]);
    expect(codes('[2606:4700::1111]:443')).toEqual(expect.arrayContaining(['brackets', 'port-suffix']));
    expect(spans('2001:db8::1', 'brackets')).toEqual([]);
  });

  it('port-suffix', () => {
    expect(spans('1.2.3.4:443', 'port-suffix')).toEqual([[7, 11]]);
    expect(fixed('1.2.3.4:443', 'port-suffix')).toBe('1.2.3.4');
    expect(spans('[2606:4700::1111]:8443', 'port-suffix')).toEqual([[17, 22]]);
    expect(spans('2606:4700::443, 8.8.8.8', 'port-suffix')).toEqual([]);
    expect(codes('8.8.8.8:http')).toEqual(['invalid-character']);
    expect(codes('8.8.8.8:')).toEqual(['invalid-syntax']);
  });

  it('prefix-leading-zero', () => {
    expect(spans('1.2.3.0/024', 'prefix-leading-zero')).toEqual([[7, 11]]);
    expect(fixed('1.2.3.0/024', 'prefix-leading-zero')).toBe('1.2.3.0/24');
    expect(spans('2001:db8::/032', 'prefix-leading-zero')).toEqual([[10, 14]]);
    expect(spans('1.2.3.0/24, 1.2.3.4/0', 'prefix-leading-zero')).toEqual([]);
  });

  it('netmask-notation', () => {
    expect(spans('8.8.8.0/255.255.255.0', 'netmask-notation')).toEqual([[7, 21]]);
    expect(fixed('8.8.8.0/255.255.255.0', 'netmask-notation')).toBe('8.8.8.0/24');
    expect(fixed('8.8.8.8/255.255.255.255', 'netmask-notation')).toBe('8.8.8.8/32');
    expect(spans('8.8.8.0/24', 'netmask-notation')).toEqual([]);
  });

  it('range: replaced by the minimal CIDR blocks', () => {
    const text = '1.2.3.10-20';
    expect(spans(text, 'range')).toEqual([[0, 11]]);
    expect(fixed(text, 'range')).toBe('1.2.3.10/31, 1.2.3.12/30, 1.2.3.16/30, 1.2.3.20');
    expect(fixed('8.8.8.0-8.8.8.255', 'range')).toBe('8.8.8.0/24');
    expect(fixed('8.8.8.8-8.8.8.8', 'range')).toBe('8.8.8.8');
    expect(fixed('2001:db8::-2001:db8::ff', 'range')).toBe('2001:db8::/120');
    expect(fixed('2001:db8::10-1f', 'range')).toBe('2001:db8::10/124');
    expect(spans('1.2.3.10, 1.2.3.0/24', 'range')).toEqual([]);
  });

  it('wildcard: trailing * numbers become a CIDR block', () => {
    expect(spans('192.168.1.*', 'wildcard')).toEqual([[0, 11]]);
    expect(fixed('192.168.1.*', 'wildcard')).toBe('192.168.1.0/24');
    expect(fixed('8.8.*.*', 'wildcard')).toBe('8.8.0.0/16');
    expect(fixed('8.8.*', 'wildcard')).toBe('8.8.0.0/16');
    expect(spans('8.8.8.0/24', 'wildcard')).toEqual([]);
    expect(codes('8.8.8.1*')).toEqual(['invalid-syntax']);
    expect(codes('2001:db8:*')).toEqual(['invalid-syntax']);
    expect(codes('8.8.8.*/24')).toEqual(['invalid-syntax']);
  });
});

describe('warnings', () => {
  it.each([
    ['private', '10.1.2.3'],
    ['private', '172.16.0.1'],
    ['private', '172.31.255.255'],
    ['private', '192.168.0.1'],
    ['private', 'fd12:3456::1'],
    ['shared-address-space', '100.64.0.1'],
    ['shared-address-space', '100.127.255.254'],
    ['documentation', '192.0.2.1'],
    ['documentation', '198.51.100.7'],
    ['documentation', '203.0.113.9'],
    ['documentation', '2001:db8::1'],
    ['documentation', '3fff::1'],
    ['nat64', '64:ff9b::808:808'],
    ['nat64', '64:ff9b:1::1'],
  ] as const)('%s: %s', (code, address) => {
    const text = `8.8.8.8, ${address}`;
    const finding = only(text, code);
    expect(finding.severity).toBe('warning');
    expect([finding.start, finding.end]).toEqual(at(text, address));
    expect(analyzeIpList(text).normalized).toBe(text);
  });

  it('class warnings stay silent just outside their blocks', () => {
    const text = '172.32.0.1, 11.0.0.1, 100.128.0.1, 100.63.255.255, 192.0.3.1, 2001:db9::1, 64:ff9c::1, fe00::1';
    const found = codes(text);
    for (const code of ['private', 'shared-address-space', 'documentation', 'nat64'] as const) expect(found).not.toContain(code);
  });

  it('huge-range: IPv4 /16 or shorter, IPv6 shorter than /48, both configurable', () => {
    expect(spans('8.8.0.0/16', 'huge-range')).toEqual([[0, 10]]);
    expect(spans('8.8.0.0/17', 'huge-range')).toEqual([]);
    expect(spans('2001:4860::/47', 'huge-range')).toEqual([[0, 14]]);
    expect(spans('2001:4860::/48', 'huge-range')).toEqual([]);
    expect(spans('8.8.0.0-8.8.255.255', 'huge-range')).toEqual([[0, 19]]);
    expect(spans('8.8.0.0-8.8.255.254', 'huge-range')).toEqual([]);
    expect(spans('8.8.0.0/16', 'huge-range', { hugeRangeIpv4Prefix: 8 })).toEqual([]);
    expect(spans('8.8.8.0/24', 'huge-range', { hugeRangeIpv4Prefix: 24 })).toEqual([[0, 10]]);
    expect(spans('2001:4860::/56', 'huge-range', { hugeRangeIpv6Prefix: 64 })).toEqual([[0, 14]]);
    // Unusable option values fall back to the defaults instead of throwing.
    expect(spans('8.8.0.0/16, 8.8.8.0-8.8.9.255', 'huge-range', { hugeRangeIpv4Prefix: Number.NaN, hugeRangeIpv6Prefix: -3 })).toEqual([[0, 10]]);
    expect(only('8.0.0.0/8', 'huge-range').message).toContain('16,777,216');
  });

  it('duplicate: exact, and equal only after normalisation', () => {
    const text = '8.8.8.8, 1.1.1.1, 8.8.8.8/32, ::ffff:8.8.8.8, 8.8.8.8-8.8.8.8';
    expect(spans(text, 'duplicate')).toEqual([at(text, '8.8.8.8/32'), at(text, '::ffff:8.8.8.8'), at(text, '8.8.8.8-8.8.8.8')]);
    expect(spans('2001:db8::1, 2001:DB8:0::1', 'duplicate')).toEqual([[13, 26]]);
    expect(spans('8.8.8.8, 8.8.8.9, 8.8.8.0/31', 'duplicate')).toEqual([]);
  });

  it('contained: inside another entry, whichever comes first', () => {
    expect(spans('8.8.8.0/24, 8.8.8.8', 'contained')).toEqual([[12, 19]]);
    expect(spans('8.8.8.8, 8.8.8.0/24', 'contained')).toEqual([[0, 7]]);
    expect(only('8.8.8.8, 8.8.8.0/24', 'contained').message).toContain('8.8.8.0/24');
    expect(spans('8.8.0.0/16, 8.8.8.0/24, 8.8.8.8, 8.8.8.8', 'contained')).toEqual([
      [12, 22],
      [24, 31],
    ]);
    expect(spans('8.8.8.0/24, 8.8.9.0/24', 'contained')).toEqual([]);
  });

  it('overlap: partly shared addresses (only ranges can do that)', () => {
    const text = '8.8.8.0-8.8.8.20, 8.8.8.10-8.8.8.30';
    expect(spans(text, 'overlap')).toEqual([at(text, '8.8.8.10-8.8.8.30')]);
    expect(spans('8.8.8.0-8.8.8.20, 8.8.8.21-8.8.8.30', 'overlap')).toEqual([]);
  });

  it('outside-policy: only with allowedRanges', () => {
    const text = '8.8.1.1, 9.9.9.9, 8.8.0.0/15';
    expect(spans(text, 'outside-policy', { allowedRanges: ['8.8.0.0/16'] })).toEqual([at(text, '9.9.9.9'), at(text, '8.8.0.0/15')]);
    expect(spans(text, 'outside-policy', { allowedRanges: ['8.8.0.0/16', '9.9.9.0-9.9.9.255', '8.9.0.0/16'] })).toEqual([]);
    expect(spans(text, 'outside-policy')).toEqual([]);
    expect(spans('2001:db8::1', 'outside-policy', { allowedRanges: ['8.8.0.0/16'] })).toEqual([[0, 11]]);
  });
});

describe('info', () => {
  it('non-canonical: valid, but not written the standard way', () => {
    expect(fixed('2001:DB8::1', 'non-canonical')).toBe('2001:db8::1');
    expect(fixed('2001:db8:0:0:0:0:0:1', 'non-canonical')).toBe('2001:db8::1');
    expect(fixed('2001:0db8::0001', 'non-canonical')).toBe('2001:db8::1');
    expect(fixed('2001:db8:0:0:1:0:0:0', 'non-canonical')).toBe('2001:db8:0:0:1::');
    expect(fixed('2001:db8:0:0:1:0:0:1', 'non-canonical')).toBe('2001:db8::1:0:0:1');
    expect(fixed('2001:db8::1:0:0:0:0', 'non-canonical')).toBe('2001:db8:0:1::');
    expect(fixed('8.8.8.8/32', 'non-canonical')).toBe('8.8.8.8');
    expect(fixed('2001:4860::8888/128', 'non-canonical')).toBe('2001:4860::8888');
    expect(fixed('64:ff9b::8.8.8.8', 'non-canonical')).toBe('64:ff9b::808:808');
    expect(spans('8.8.8.8, 2001:db8::1, 2001:db8::/32, 2001:db8:0:1::', 'non-canonical')).toEqual([]);
  });

  it('ipv4-mapped: folded to IPv4', () => {
    const mapped = only('::ffff:8.8.8.8', 'ipv4-mapped');
    expect([mapped.start, mapped.end]).toEqual([0, 14]);
    expect(fixed('::ffff:8.8.8.8', 'ipv4-mapped')).toBe('8.8.8.8');
    expect(fixed('::FFFF:808:808', 'ipv4-mapped')).toBe('8.8.8.8');
    expect(analyzeIpList('::ffff:8.8.8.0/120').entries[0]).toMatchObject({ family: 4, canonical: '8.8.8.0/24', interval: { start: 0x08080800n, end: 0x080808ffn } });
    expect(analyzeIpList('::ffff:8.8.8.8').normalized).toBe('8.8.8.8');
    expect(spans('8.8.8.8, 2001:db8::8.8.8.8', 'ipv4-mapped')).toEqual([]);
  });

  it('empty-entry: stray and trailing separators', () => {
    expect(spans('8.8.8.8,', 'empty-entry')).toEqual([[7, 8]]);
    expect(spans(', 8.8.8.8', 'empty-entry')).toEqual([[0, 1]]);
    expect(spans('8.8.8.8,, 1.1.1.1', 'empty-entry')).toEqual([[8, 9]]);
    expect(spans('8.8.8.8, , ,1.1.1.1', 'empty-entry')).toEqual([
      [9, 10],
      [11, 12],
    ]);
    expect(fixed('8.8.8.8,', 'empty-entry')).toBe('8.8.8.8');
    expect(analyzeIpList('8.8.8.8,').normalized).toBe('8.8.8.8');
    expect(spans('8.8.8.8, 1.1.1.1', 'empty-entry')).toEqual([]);
  });

  it('mergeable: offers the aggregated list for the whole text', () => {
    const text = '8.8.8.0/25, 8.8.8.128/25';
    const finding = only(text, 'mergeable');
    expect([finding.start, finding.end]).toEqual([0, text.length]);
    expect(fixed(text, 'mergeable')).toBe('8.8.8.0/24');
    expect(fixed('8.8.8.9, 1.1.1.1, 8.8.8.8', 'mergeable')).toBe('1.1.1.1, 8.8.8.8/31');
    expect(fixed('2001:db8::, 2001:db8::1', 'mergeable')).toBe('2001:db8::/127');
    expect(spans('8.8.8.9, 8.8.8.10', 'mergeable')).toEqual([]);
    expect(spans('8.8.8.0/24, 8.8.8.8', 'mergeable')).toEqual([]);
    expect(spans('8.8.8.8, 8.8.8.9, 010.1.1.1', 'mergeable')).toEqual([]);
  });
});

describe('messages', () => {
  it('are plain sentences without placeholders', () => {
    const samples = [
      '', 'example.com', 'l92.168.1.1', '8.8.8.256', '010.1.1.1', '127.1', '0x7f.1', '8.8.8.0/33', '10.0.0.5/24', '8.8.8.0/0.0.0.255',
      'fe80::1%eth0', '::8.8.8.8', '8.8.8.20-10', '10.*.1.*', '0.0.0.0/0', '0.0.0.0', '127.0.0.1', '169.254.1.1', '224.0.0.1', '240.0.0.1',
      '8.8.8.8;1.1.1.1', '８.8.8.8', '1.2.3.0 / 24', '[::1]', '1.2.3.4:443', '1.2.3.0/024', '1.2.3.0/255.255.255.0', '1.2.3.10-20', '192.168.1.*',
      '10.0.0.1', '100.64.0.1', '192.0.2.1', '64:ff9b::1', '8.0.0.0/8', '8.8.8.8, 8.8.8.8', '8.8.8.0/24, 8.8.8.8', '8.8.8.0-8.8.8.20, 8.8.8.10-8.8.8.30',
      '2001:DB8::1', '::ffff:8.8.8.8', '8.8.8.8,', '8.8.8.8, 8.8.8.9', '0.0.0.0/1, 128.0.0.0/1',
    ];
    for (const text of samples) {
      for (const finding of analyzeIpList(text, { allowedRanges: ['1.0.0.0/8'] }).findings) {
        expect(finding.message).toMatch(/^\S/u);
        expect(finding.message).toMatch(/[.?]$/);
        expect(finding.message).not.toMatch(/undefined|NaN|null|\[object/);
        for (const fix of finding.fixes ?? []) expect(fix.label.length).toBeGreaterThan(0);
      }
    }
  });
});
