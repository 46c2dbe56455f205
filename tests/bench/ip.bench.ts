/**
 * IP validation engine: a 10,000-entry allow-list analysed in full, a 200-entry list analysed on every
 * keystroke, and the same 10,000 entries through the naive approach (ipaddr.js lenient parse + pairwise overlap).
 * Inputs are generated from a fixed seed, so every run measures the same lists.
 */
import ipaddr from 'ipaddr.js';
import { analyzeIpList } from '../../src/core/ip';
import { type BenchRow, median, sample } from './types';

export const title = 'IP validation engine';

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * What a large customer's allow-lists look like: mostly public IPv4 hosts, office blocks, some IPv6, and the
 * usual slips (duplicates, hosts inside blocks, /32 suffixes, upper-case IPv6, private and documentation
 * addresses, the odd leading zero or wildcard).
 */
export function realisticList(count: number, seed: number): string[] {
  const next = random(seed);
  const int = (limit: number): number => Math.floor(next() * limit);
  const publicOctet = (): number => {
    for (;;) {
      const first = 1 + int(223);
      if (![10, 100, 127, 169, 172, 192, 198, 203].includes(first)) return first;
    }
  };
  const hex = (): string => int(0x10000).toString(16);
  const entries: string[] = [];
  /** Office blocks so far: first three numbers, first fourth number, size. */
  const blocks: Array<{ base: string; first: number; size: number }> = [];
  while (entries.length < count) {
    const roll = next();
    if (roll < 0.5) {
      entries.push(`${publicOctet()}.${int(256)}.${int(256)}.${int(256)}`);
    } else if (roll < 0.64) {
      const prefix = 24 + int(6);
      const size = 2 ** (32 - prefix);
      const block = { base: `${publicOctet()}.${int(256)}.${int(256)}`, first: int(256 / size) * size, size };
      blocks.push(block);
      entries.push(`${block.base}.${block.first}/${prefix}`);
    } else if (roll < 0.76) {
      entries.push(`2a0${int(10)}:${hex()}:${hex()}::${hex()}`);
    } else if (roll < 0.81) {
      entries.push(`2a0${int(10)}:${hex()}:${hex()}::/48`);
    } else if (roll < 0.84 && entries.length > 0) {
      entries.push(entries[int(entries.length)]!); // duplicate
    } else if (roll < 0.87 && blocks.length > 0) {
      const block = blocks[int(blocks.length)]!;
      entries.push(`${block.base}.${block.first + int(block.size)}`); // a host inside an earlier block
    } else if (roll < 0.9) {
      entries.push(`${publicOctet()}.${int(256)}.${int(256)}.${int(256)}/32`);
    } else if (roll < 0.92) {
      entries.push(`2A0${int(10)}:${hex()}:0:0::${hex()}`.toUpperCase());
    } else if (roll < 0.95) {
      entries.push(`192.168.${int(256)}.${int(256)}`);
    } else if (roll < 0.96) {
      entries.push(`203.0.113.${int(256)}`);
    } else if (roll < 0.97) {
      entries.push(`${publicOctet()}.0${int(10)}.${int(256)}.${int(256)}`);
    } else if (roll < 0.98) {
      entries.push(`${publicOctet()}.${int(256)}.${int(256)}.*`);
    } else {
      entries.push(`::ffff:${publicOctet()}.${int(256)}.${int(256)}.${int(256)}`);
    }
  }
  return entries;
}

/** The naive approach: split on commas, lenient library parse, then compare every pair. O(n²). */
export function naiveAnalysis(text: string): { valid: number; invalid: number; overlaps: number } {
  const parsed: Array<{ address: ipaddr.IPv4 | ipaddr.IPv6; bits: number }> = [];
  let invalid = 0;
  for (const piece of text.split(',')) {
    const entry = piece.trim();
    if (entry === '') continue;
    try {
      if (entry.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(entry);
        parsed.push({ address, bits });
      } else {
        const address = ipaddr.parse(entry);
        parsed.push({ address, bits: address.kind() === 'ipv4' ? 32 : 128 });
      }
    } catch {
      invalid++;
    }
  }
  let overlaps = 0;
  for (let i = 0; i < parsed.length; i++) {
    const a = parsed[i]!;
    for (let j = i + 1; j < parsed.length; j++) {
      const b = parsed[j]!;
      if (a.address.kind() !== b.address.kind()) continue;
      // Two blocks overlap when either contains the other: the check as it is usually written.
      if (a.address.match(b.address, b.bits) || b.address.match(a.address, a.bits)) overlaps++;
    }
  }
  return { valid: parsed.length, invalid, overlaps };
}

export async function run(): Promise<BenchRow[]> {
  const large = realisticList(10_000, 0x1a2b3c).join(', ');

  // Sanity: the list really is mixed, and both engines see all of it.
  const check = analyzeIpList(large);
  if (check.entries.length !== 10_000) throw new Error(`expected 10,000 entries, got ${check.entries.length}`);
  const codes = new Set(check.findings.map((f) => f.code));
  for (const code of ['duplicate', 'contained', 'private', 'non-canonical', 'leading-zero', 'wildcard'] as const) {
    if (!codes.has(code)) throw new Error(`bench list lacks ${code}`);
  }

  const full = median(await sample(() => analyzeIpList(large), 60, 20));

  // Typing the last entry of a 200-entry list, one character at a time: every keystroke re-analyses the list.
  const keystrokes: string[] = [];
  for (let round = 0; round < 10; round++) {
    const entries = realisticList(200, 0x5eed + round);
    const head = entries.slice(0, -1).join(', ');
    const typed = entries[entries.length - 1]!;
    for (let length = 1; length <= typed.length; length++) keystrokes.push(`${head}, ${typed.slice(0, length)}`);
  }
  let keystroke = 0;
  const perKeystroke = median(await sample(() => analyzeIpList(keystrokes[keystroke++ % keystrokes.length]!), keystrokes.length * 3, 50));

  const naive = median(await sample(() => naiveAnalysis(large), 5, 1));

  return [
    { name: 'analyzeIpList, 10,000-entry mixed list', value: full, unit: 'ms', target: '≤ 30 ms' },
    { name: 'analyzeIpList, 200-entry list, per keystroke', value: perKeystroke, unit: 'ms', target: '≤ 1 ms' },
    {
      name: '10,000 entries vs naive (ipaddr.js lenient parse + pairwise overlap)',
      value: full,
      unit: 'ms',
      baseline: naive,
      ratio: naive / full,
      target: '≥ 50×',
    },
  ];
}
