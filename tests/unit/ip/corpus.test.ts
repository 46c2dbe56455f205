/**
 * Tricky real-world inputs: what admins paste, and what lenient parsers get wrong. Each row names the codes
 * that must be reported, codes that must not, and the normalised list (null while errors remain).
 */
import { describe, expect, it } from 'vitest';
import { analyzeIpList, type IpFindingCode } from '../../../src/core/ip';

interface Row {
  input: string;
  includes: IpFindingCode[];
  excludes?: IpFindingCode[];
  normalized: string | null;
  /** The canonical form of each entry, in order (null for an unreadable one). */
  canonical?: Array<string | null>;
}

const rows: Row[] = [
  // CVE-2021-28918 / CVE-2021-29921: leading zeros read as octal by some parsers, decimal by others.
  { input: '010.1.1.1', includes: ['leading-zero'], normalized: null, canonical: [null] },
  { input: '010.8.8.8, 8.8.8.8', includes: ['leading-zero'], excludes: ['duplicate'], normalized: null },
  { input: '0127.0.0.1', includes: ['leading-zero'], excludes: ['loopback'], normalized: null },
  { input: '192.168.1.01', includes: ['leading-zero'], normalized: null },
  // inet_aton forms (CVE-2024-29415 family): hexadecimal, short and integer addresses.
  { input: '0x7f.1', includes: ['non-decimal-form'], excludes: ['loopback'], normalized: null, canonical: [null] },
  { input: '0x7f.0x0.0x0.0x1', includes: ['non-decimal-form'], normalized: null },
  { input: '127.1', includes: ['short-form'], excludes: ['loopback'], normalized: null },
  { input: '10.1', includes: ['short-form'], normalized: null },
  { input: '2130706433', includes: ['non-decimal-form'], normalized: null },
  { input: '0', includes: ['non-decimal-form'], normalized: null },
  // ports, brackets, URLs
  { input: '1.2.3.4:443', includes: ['port-suffix'], normalized: null, canonical: ['1.2.3.4'] },
  { input: '[::1]', includes: ['brackets', 'loopback'], normalized: null, canonical: ['::1'] },
  { input: '[2606:4700:4700::1111]:443', includes: ['brackets', 'port-suffix'], normalized: null, canonical: ['2606:4700:4700::1111'] },
  { input: 'http://8.8.8.8/', includes: ['invalid-syntax'], normalized: null },
  { input: 'vpn.example.com', includes: ['invalid-syntax'], normalized: null },
  // whitespace and separators
  { input: '1.2.3.0 / 24', includes: ['stray-whitespace'], normalized: '1.2.3.0/24', canonical: ['1.2.3.0/24'] },
  { input: '8.8.8.8 1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1', canonical: ['8.8.8.8', '1.1.1.1'] },
  { input: '8.8.8.8; 1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8\n1.1.1.1\n', includes: ['separator'], excludes: ['empty-entry'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8\r\n1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8\t1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8，1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8、1.1.1.1', includes: ['separator'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8;', includes: ['separator'], excludes: ['empty-entry'], normalized: '8.8.8.8' },
  { input: ' 8.8.8.8 , 1.1.1.1 ', includes: [], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8,\n1.1.1.1', includes: [], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8,', includes: ['empty-entry'], normalized: '8.8.8.8' },
  { input: '8.8.8.8,,1.1.1.1', includes: ['empty-entry'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: ',8.8.8.8', includes: ['empty-entry'], normalized: '8.8.8.8' },
  { input: ',', includes: ['empty-list'], normalized: null },
  { input: '', includes: ['empty-list'], normalized: null },
  { input: ' \n\t ', includes: ['empty-list'], normalized: null },
  // invisible and lookalike characters
  { input: '１９２.０.２.１', includes: ['non-ascii', 'documentation'], normalized: null, canonical: ['192.0.2.1'] },
  { input: '8.8.8.8\u200b', includes: ['non-ascii'], normalized: '8.8.8.8', canonical: ['8.8.8.8'] },
  { input: '\u200b8.8.8.8', includes: ['non-ascii'], normalized: '8.8.8.8' },
  { input: '8.8.8.8,\u00a01.1.1.1', includes: ['non-ascii'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.8\u00a0', includes: ['non-ascii'], normalized: '8.8.8.8' },
  { input: '\ufeff8.8.8.8', includes: ['non-ascii'], normalized: '8.8.8.8' },
  { input: '8.8.8.8\u3000,1.1.1.1', includes: ['non-ascii'], normalized: '8.8.8.8, 1.1.1.1' },
  { input: '8.8.8.1–8.8.8.9', includes: ['non-ascii', 'range'], normalized: null },
  { input: '8。8。8。8', includes: ['non-ascii'], normalized: null, canonical: ['8.8.8.8'] },
  { input: '８.8.8.8;\u00a01.1.1.1', includes: ['non-ascii', 'separator'], normalized: null },
  { input: '8.8.\u200b8.8\n1.1.1.0 /24', includes: ['non-ascii', 'separator', 'stray-whitespace'], normalized: '8.8.8.8, 1.1.1.0/24' },
  { input: 'l92.168.1.1', includes: ['invalid-character'], normalized: null },
  { input: '8.8.8.O', includes: ['invalid-character'], normalized: null },
  { input: '8.8.8.8\u202e', includes: ['non-ascii'], normalized: '8.8.8.8' },
  // CIDR mistakes
  { input: '10.0.0.5/24', includes: ['host-bits-set'], excludes: ['private'], normalized: null, canonical: [null] },
  { input: '192.168.1.1/24', includes: ['host-bits-set'], normalized: null },
  { input: '8.8.8.8/32', includes: ['non-canonical'], normalized: '8.8.8.8' },
  { input: '8.8.8.0/33', includes: ['prefix-out-of-range'], normalized: null },
  { input: '1.2.3.0/024', includes: ['prefix-leading-zero'], normalized: null, canonical: ['1.2.3.0/24'] },
  { input: '8.8.8.0/255.255.255.0', includes: ['netmask-notation'], normalized: null, canonical: ['8.8.8.0/24'] },
  { input: '8.8.8.0/0.0.0.255', includes: ['wildcard-mask'], normalized: null, canonical: [null] },
  { input: '8.8.8.0/', includes: ['invalid-syntax'], normalized: null },
  { input: '2001:db8::1/64', includes: ['host-bits-set'], normalized: null },
  { input: '2001:4860::/32', includes: ['huge-range'], normalized: '2001:4860::/32' },
  // allow everything
  { input: '0.0.0.0/0', includes: ['allow-all'], normalized: null },
  { input: '::/0', includes: ['allow-all'], normalized: null },
  { input: '0.0.0.0/1, 128.0.0.0/1', includes: ['allow-all', 'mergeable'], normalized: null },
  { input: '::/1, 8000::/1', includes: ['allow-all'], normalized: null },
  { input: '0.0.0.0-255.255.255.255', includes: ['allow-all', 'range'], normalized: null },
  { input: '*', includes: ['allow-all', 'wildcard'], normalized: null },
  { input: '*.*.*.*', includes: ['allow-all', 'wildcard'], normalized: null },
  { input: '::ffff:0.0.0.0/96', includes: ['allow-all'], normalized: null },
  { input: '0.0.0.0', includes: ['unspecified'], excludes: ['allow-all'], normalized: null },
  // wildcards and ranges
  { input: '192.168.1.*', includes: ['wildcard', 'private'], normalized: null, canonical: ['192.168.1.0/24'] },
  { input: '8.8.*.*', includes: ['wildcard', 'huge-range'], normalized: null, canonical: ['8.8.0.0/16'] },
  { input: '10.*.1.*', includes: ['non-contiguous-wildcard'], normalized: null, canonical: [null] },
  { input: '1.2.3.10-20', includes: ['range'], normalized: null, canonical: ['1.2.3.10/31, 1.2.3.12/30, 1.2.3.16/30, 1.2.3.20'] },
  { input: '1.2.3.20-10', includes: ['reversed-range'], normalized: null, canonical: [null] },
  { input: '8.8.8.0 - 8.8.8.255', includes: ['range', 'stray-whitespace'], normalized: null, canonical: ['8.8.8.0/24'] },
  { input: '8.8.8.1-8.8.9', includes: ['short-form'], normalized: null },
  // IPv4 inside IPv6
  { input: '::ffff:1.2.3.4', includes: ['ipv4-mapped'], normalized: '1.2.3.4', canonical: ['1.2.3.4'] },
  { input: '::ffff:127.0.0.1', includes: ['ipv4-mapped', 'loopback'], normalized: null },
  { input: '0:0:0:0:0:ffff:808:808', includes: ['ipv4-mapped'], normalized: '8.8.8.8' },
  { input: '::1.2.3.4', includes: ['ipv4-compatible'], normalized: null },
  { input: '64:ff9b::8.8.8.8', includes: ['nat64', 'non-canonical'], normalized: '64:ff9b::808:808' },
  { input: '::ffff:1.2.3.04', includes: ['leading-zero'], normalized: null },
  // IPv6 forms
  { input: '2001:DB8::1', includes: ['non-canonical', 'documentation'], normalized: '2001:db8::1' },
  { input: '2606:4700:4700:0000:0000:0000:0000:1111', includes: ['non-canonical'], normalized: '2606:4700:4700::1111' },
  { input: 'fe80::1%eth0', includes: ['zone-id', 'link-local'], normalized: null },
  { input: 'fe80::1%25eth0', includes: ['zone-id'], normalized: null },
  { input: '2001:db8:::1', includes: ['invalid-syntax'], normalized: null },
  { input: '2001:db8::1::2', includes: ['invalid-syntax'], normalized: null },
  { input: '2001:db8:1', includes: ['invalid-syntax'], normalized: null },
  { input: '12345::1', includes: ['invalid-syntax'], normalized: null },
  { input: '::', includes: ['unspecified'], normalized: null },
  { input: '::1', includes: ['loopback'], normalized: null },
  { input: 'fd00::1', includes: ['private'], normalized: 'fd00::1' },
  // special-purpose IPv4
  { input: '127.0.0.1', includes: ['loopback'], normalized: null },
  { input: '169.254.169.254', includes: ['link-local'], normalized: null },
  { input: '10.0.0.1', includes: ['private'], normalized: '10.0.0.1' },
  { input: '172.16.5.4', includes: ['private'], normalized: '172.16.5.4' },
  { input: '100.64.1.1', includes: ['shared-address-space'], normalized: '100.64.1.1' },
  { input: '203.0.113.7', includes: ['documentation'], normalized: '203.0.113.7' },
  { input: '239.255.255.250', includes: ['multicast'], normalized: null },
  { input: '255.255.255.255', includes: ['reserved'], normalized: null },
  { input: '250.1.2.3', includes: ['reserved'], normalized: null },
  { input: '10.0.0.0/8', includes: ['private', 'huge-range'], normalized: '10.0.0.0/8' },
  // list-level
  { input: '8.8.8.8, 8.8.8.8', includes: ['duplicate'], normalized: '8.8.8.8' },
  { input: '8.8.8.8, ::ffff:8.8.8.8', includes: ['duplicate'], normalized: '8.8.8.8' },
  { input: '8.8.8.0/24, 8.8.8.8', includes: ['contained'], normalized: '8.8.8.0/24, 8.8.8.8' },
  { input: '8.8.8.0/25, 8.8.8.128/25', includes: ['mergeable'], normalized: '8.8.8.0/25, 8.8.8.128/25' },
  { input: '8.8.8.8, 1.1.1.1, 2606:4700::1111', includes: [], normalized: '8.8.8.8, 1.1.1.1, 2606:4700::1111' },
];

describe('tricky real-world inputs', () => {
  it.each(rows)('$input', ({ input, includes, excludes = [], normalized, canonical }) => {
    const analysis = analyzeIpList(input);
    const found = analysis.findings.map((f) => f.code);
    for (const code of includes) expect(found, `${code} expected`).toContain(code);
    for (const code of excludes) expect(found, `${code} not expected`).not.toContain(code);
    if (includes.length === 0) expect(analysis.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(analysis.normalized).toBe(normalized);
    if (canonical) expect(analysis.entries.map((e) => e.canonical)).toEqual(canonical);
    for (const finding of analysis.findings) {
      expect(finding.start).toBeGreaterThanOrEqual(0);
      expect(finding.end).toBeLessThanOrEqual(input.length);
      expect(finding.start).toBeLessThanOrEqual(finding.end);
    }
  });

  it('never reinterprets an ambiguous entry: no interval, so nothing downstream can use it', () => {
    for (const input of ['010.1.1.1', '0x7f.1', '127.1', '2130706433', '10.0.0.5/24', '8.8.8.0/0.0.0.255', '10.*.1.*', '1.2.3.20-10']) {
      expect(analyzeIpList(input).entries[0]!.interval, input).toBeNull();
    }
  });
});
