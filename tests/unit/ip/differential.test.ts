/**
 * Differential test against Python's `ipaddress` module: one python3 process per batch, JSON over stdin/stdout.
 * Canonical forms (`compressed`), containment (`subnet_of`) and aggregation (`collapse_addresses`) must agree;
 * where Python is lenient (zone IDs, `/024`, hostmasks, host bits with strict=False) we are strict on purpose.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateList, analyzeIpList, formatAddress, listContains } from '../../../src/core/ip';
import { type GeneratedBlock, blockText, ipv4Block, ipv4Value, ipv6Block, ipv6Expanded, ipv6Value, network, zeroRunIpv6Value } from './arbitraries';

const PYTHON = `
import sys, json, ipaddress as ip
batch = json.load(sys.stdin)
def lenient(kind, text):
    try:
        if kind == 'address': return str(ip.ip_address(text))
        if kind == 'network': return ip.ip_network(text).compressed
        if kind == 'loose': return ip.ip_network(text, strict=False).compressed
    except ValueError:
        return None
json.dump({
    'addresses': [ip.ip_address(a).compressed for a in batch['addresses']],
    'networks': [ip.ip_network(n).compressed for n in batch['networks']],
    'subnetOf': [ip.ip_network(a).subnet_of(ip.ip_network(b)) for a, b in batch['pairs']],
    'collapse': [[n.compressed for n in ip.collapse_addresses([ip.ip_network(x) for x in group])] for group in batch['collapse']],
    'lenient': [lenient(kind, text) for kind, text in batch['lenient']],
}, sys.stdout)
`;

interface Batch {
  addresses: string[];
  networks: string[];
  pairs: Array<[string, string]>;
  collapse: string[][];
  lenient: Array<['address' | 'network' | 'loose', string]>;
}

interface PythonAnswer {
  addresses: string[];
  networks: string[];
  subnetOf: boolean[];
  collapse: string[][];
  lenient: Array<string | null>;
}

const hasPython = spawnSync('python3', ['-c', 'import ipaddress'], { encoding: 'utf8' }).status === 0;

function askPython(batch: Batch): PythonAnswer {
  const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(batch), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PythonAnswer;
}

/** Python writes single hosts as a /32 or /128 network; we write them as addresses. */
function withoutHostPrefix(text: string): string {
  return text.includes(':') ? text.replace(/\/128$/, '') : text.replace(/\/32$/, '');
}

function canonical(text: string): string | null {
  const entries = analyzeIpList(text).entries;
  return entries.length === 1 ? entries[0]!.canonical : null;
}

/** ::ffff:0:0/96 is folded to IPv4 on purpose, so Python's IPv6 spelling of it is not comparable. */
function isMapped(block: GeneratedBlock): boolean {
  return block.family === 6 && block.value >> 32n === 0xffffn;
}

const SEED = 20240415;

/** A supernet of `block` (or the block itself), to make subnet_of true often enough. */
function supernet(block: GeneratedBlock, shorterBy: number): GeneratedBlock {
  const bits = block.family === 4 ? 32 : 128;
  const prefix = Math.max(0, block.prefix - shorterBy);
  return { family: block.family, value: network(block.value, prefix, bits), prefix };
}

/** Blocks of one family near each other, so collapse has real work: siblings, neighbours and nested blocks. */
function clusteredGroup(family: 4 | 6): fc.Arbitrary<string[]> {
  const bits = family === 4 ? 32 : 128;
  const base = family === 4 ? ipv4Value : ipv6Value;
  return fc
    .tuple(base, fc.array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: bits - 8, max: bits })), { minLength: 1, maxLength: 12 }))
    .map(([anchor, offsets]) => {
      const root = network(anchor, bits - 8, bits);
      return offsets.map(([offset, prefix]) => blockText({ family, value: network(root + BigInt(offset) * 4n, prefix, bits), prefix }));
    });
}

describe.skipIf(!hasPython)('differential: Python ipaddress', () => {
  const addresses = [
    ...fc.sample(ipv4Value.map((v) => formatAddress(4, v)), { numRuns: 150, seed: SEED }),
    ...fc.sample(fc.oneof(ipv6Value, zeroRunIpv6Value).chain((v) => fc.oneof(fc.constant(formatAddress(6, v)), ipv6Expanded(v))), { numRuns: 250, seed: SEED + 1 }),
  ].filter((text) => !/^(0+:){5}ffff:/i.test(text) && !text.toLowerCase().startsWith('::ffff:'));
  const blocks = fc.sample(fc.oneof(ipv4Block, ipv6Block), { numRuns: 300, seed: SEED + 2 }).filter((block) => !isMapped(block));
  const pairs = fc
    .sample(fc.tuple(fc.oneof(ipv4Block, ipv6Block), fc.integer({ min: -4, max: 12 }), ipv4Block, ipv6Block), { numRuns: 300, seed: SEED + 3 })
    .map(([inner, shorterBy, other4, other6]): [GeneratedBlock, GeneratedBlock] =>
      shorterBy >= 0 ? [inner, supernet(inner, shorterBy)] : [inner, inner.family === 4 ? other4 : other6],
    )
    .filter(([a, b]) => !isMapped(a) && !isMapped(b));
  const groups = [...fc.sample(clusteredGroup(4), { numRuns: 80, seed: SEED + 4 }), ...fc.sample(clusteredGroup(6), { numRuns: 80, seed: SEED + 5 })].filter(
    (group) => !group.some((text) => text.startsWith('::ffff:')),
  );
  const lenient: Batch['lenient'] = [
    ['address', 'fe80::1%eth0'],
    ['address', 'fe80::1%1'],
    ['network', '192.0.2.0/024'],
    ['network', '2001:db8::/032'],
    ['network', '192.0.2.0/0.0.0.255'],
    ['loose', '192.0.2.5/24'],
    ['network', '192.0.2.0/255.255.255.0'],
  ];

  const batch: Batch = {
    addresses,
    networks: blocks.map(blockText),
    pairs: pairs.map(([a, b]) => [blockText(a), blockText(b)]),
    collapse: groups,
    lenient,
  };
  const python = hasPython ? askPython(batch) : null;

  it('agrees on canonical forms of addresses (compressed)', () => {
    expect(addresses.length).toBeGreaterThan(350);
    const ours = addresses.map(canonical);
    expect(ours).toEqual(python!.addresses);
  });

  it('agrees on canonical forms of networks', () => {
    const ours = batch.networks.map(canonical);
    expect(ours).toEqual(python!.networks.map(withoutHostPrefix));
  });

  it('agrees on containment (subnet_of)', () => {
    const ours = batch.pairs.map(([a, b]) => listContains(b, a, 'covers'));
    expect(ours).toEqual(python!.subnetOf);
    // The sample must exercise both answers.
    expect(ours.filter(Boolean).length).toBeGreaterThan(50);
    expect(ours.filter((x) => !x).length).toBeGreaterThan(50);
  });

  it('agrees on aggregation (collapse_addresses)', () => {
    const ours = groups.map((group) => aggregateList(group.join(', ')).list.split(', '));
    expect(ours).toEqual(python!.collapse.map((group) => group.map(withoutHostPrefix)));
    expect(ours.filter((group, i) => group.length < groups[i]!.length).length).toBeGreaterThan(40);
  });

  it('is strict where Python is lenient', () => {
    // Python accepts every one of these…
    expect(python!.lenient.every((answer) => answer !== null)).toBe(true);
    // …and we refuse to save any of them as written, each with the specific code.
    const expected = ['zone-id', 'zone-id', 'prefix-leading-zero', 'prefix-leading-zero', 'wildcard-mask', 'host-bits-set', 'netmask-notation'];
    lenient.forEach(([, text], i) => {
      const analysis = analyzeIpList(text);
      expect(analysis.findings.map((f) => f.code), text).toContain(expected[i]);
      expect(analysis.normalized, text).toBeNull();
    });
    // Python silently rounds a network with host bits; we offer both readings instead.
    expect(python!.lenient[5]).toBe('192.0.2.0/24');
    expect(analyzeIpList('192.0.2.5/24').findings.find((f) => f.code === 'host-bits-set')?.fixes?.map((f) => f.replacement)).toEqual(['192.0.2.0/24', '192.0.2.5']);
  });
});
