/** Property tests (fast-check) for the invariants the issue asks for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IpFinding, type IpInterval, IPV6_OFFSET, aggregateList, analyzeIpList, applyFix, formatAddress, listContains, rangeToCidrs } from '../../../src/core/ip';
import { anyRangeText, blockListText, grammarSoup, ipv4Value, ipv6Value, publicListText } from './arbitraries';

const RUNS = { numRuns: 300 };

/** Union of the intervals of the readable entries, computed here independently of the engine. */
function addressSet(text: string): Array<[bigint, bigint]> {
  const intervals = analyzeIpList(text)
    .entries.flatMap((entry) => (entry.interval ? [entry.interval] : []))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const union: Array<[bigint, bigint]> = [];
  for (const { start, end } of intervals) {
    const last = union[union.length - 1];
    const sameFamily = last !== undefined && (last[1] < IPV6_OFFSET) === (start < IPV6_OFFSET);
    if (last && sameFamily && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
    else union.push([start, end]);
  }
  return union;
}

/** Separators, spaces inside entries and invisible or unusual spaces: resolved by the safe normalisations. */
function isWhitespaceOrSeparator(finding: IpFinding): boolean {
  if (finding.code === 'separator' || finding.code === 'stray-whitespace') return true;
  return finding.code === 'non-ascii' && ['', ' '].includes(finding.fixes?.[0]?.replacement ?? 'x');
}

function textOf(unified: bigint): string {
  return unified < IPV6_OFFSET ? formatAddress(4, unified) : formatAddress(6, unified - IPV6_OFFSET);
}

describe('analyzeIpList on any input', () => {
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), grammarSoup, publicListText, blockListText);

  it('never throws; every finding, fix and entry lies inside the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const analysis = analyzeIpList(text);
        for (const finding of analysis.findings) {
          expect(finding.start).toBeGreaterThanOrEqual(0);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          expect(finding.start).toBeLessThanOrEqual(finding.end);
          expect(finding.message.length).toBeGreaterThan(0);
          for (const fix of finding.fixes ?? []) expect(typeof applyFix(text, finding, finding.fixes!.indexOf(fix))).toBe('string');
        }
        let previousEnd = 0;
        for (const entry of analysis.entries) {
          expect(entry.start).toBeGreaterThanOrEqual(previousEnd);
          expect(entry.end).toBeGreaterThan(entry.start);
          expect(entry.end).toBeLessThanOrEqual(text.length);
          expect(entry.text).toBe(text.slice(entry.start, entry.end));
          previousEnd = entry.end;
        }
        // Only errors that the safe normalisations resolve may coexist with a normalised list.
        if (analysis.normalized !== null) {
          for (const finding of analysis.findings.filter((f) => f.severity === 'error')) expect(isWhitespaceOrSeparator(finding)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('normalized, analysed again, has no errors, no new warnings, is its own normalized and keeps the address set', () => {
    const lists = fc.oneof(publicListText, blockListText, grammarSoup);
    let normalisedCount = 0;
    fc.assert(
      fc.property(lists, (text) => {
        const first = analyzeIpList(text);
        if (first.normalized === null) return;
        normalisedCount++;
        const second = analyzeIpList(first.normalized);
        expect(second.findings.filter((f) => f.severity === 'error')).toEqual([]);
        const warningsBefore = new Set(first.findings.filter((f) => f.severity === 'warning').map((f) => f.code));
        for (const finding of second.findings) {
          if (finding.severity === 'warning') expect(warningsBefore).toContain(finding.code);
          expect(['non-canonical', 'duplicate', 'empty-entry', 'ipv4-mapped']).not.toContain(finding.code);
        }
        expect(second.normalized).toBe(first.normalized);
        expect(addressSet(first.normalized)).toEqual(addressSet(text));
      }),
      RUNS,
    );
    expect(normalisedCount).toBeGreaterThan(50);
  });

  it('a list whose only problems are its spelling normalises to a list with no finding above info', () => {
    fc.assert(
      fc.property(publicListText, (text) => {
        const first = analyzeIpList(text);
        const spellingOnly = first.findings.every(
          (f) => ['non-canonical', 'duplicate', 'empty-entry', 'ipv4-mapped', 'mergeable'].includes(f.code) || isWhitespaceOrSeparator(f),
        );
        if (!spellingOnly) return;
        expect(first.normalized).not.toBeNull();
        expect(analyzeIpList(first.normalized!).findings.filter((f) => f.severity !== 'info')).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('aggregation', () => {
  it('preserves exactly the set of addresses (interval arithmetic)', () => {
    fc.assert(
      fc.property(blockListText, (text) => {
        const aggregated = aggregateList(text).list;
        expect(addressSet(aggregated)).toEqual(addressSet(text));
        // Minimal: aggregating again changes nothing, and no two blocks could merge.
        expect(aggregateList(aggregated).list).toBe(aggregated);
        expect(analyzeIpList(aggregated).findings.map((f) => f.code)).not.toContain('mergeable');
      }),
      RUNS,
    );
  });

  it('preserves membership of sampled addresses, including every edge', () => {
    fc.assert(
      fc.property(blockListText, fc.array(fc.oneof(ipv4Value, ipv6Value.map((v) => v + IPV6_OFFSET)), { maxLength: 10 }), (text, randomAddresses) => {
        const aggregated = aggregateList(text).list;
        const edges = addressSet(text).flatMap(([start, end]) => [start - 1n, start, end, end + 1n]);
        const samples = [...edges, ...randomAddresses].filter((u) => u >= 0n && u < IPV6_OFFSET + (1n << 128n) && !(u >= 1n << 32n && u < IPV6_OFFSET));
        for (const unified of samples) {
          const address = textOf(unified);
          expect(listContains(aggregated, address, 'covers'), address).toBe(listContains(text, address, 'covers'));
        }
      }),
      RUNS,
    );
  });
});

describe('rangeToCidrs', () => {
  function intervalOf(block: string): IpInterval {
    const entry = analyzeIpList(block).entries[0]!;
    return entry.interval!;
  }

  it('covers exactly the range: contiguous, aligned blocks from start to end, and no two mergeable', () => {
    fc.assert(
      fc.property(fc.oneof(anyRangeText), (range) => {
        const [start = '', end = ''] = range.split('-');
        const result = rangeToCidrs(start, end);
        expect(result.ok).toBe(true);
        const intervals = result.blocks.map(intervalOf);
        expect(intervals[0]!.start).toBe(intervalOf(start).start);
        expect(intervals[intervals.length - 1]!.end).toBe(intervalOf(end).end);
        for (let i = 1; i < intervals.length; i++) expect(intervals[i]!.start).toBe(intervals[i - 1]!.end + 1n);
        for (const [i, block] of result.blocks.entries()) {
          const size = intervals[i]!.end - intervals[i]!.start + 1n;
          expect(size & (size - 1n)).toBe(0n); // a power of two
          const offset = intervals[i]!.start >= IPV6_OFFSET ? IPV6_OFFSET : 0n;
          expect((intervals[i]!.start - offset) % size, block).toBe(0n); // aligned
        }
        const bits = start.includes(':') ? 128 : 32;
        expect(result.blocks.length).toBeLessThanOrEqual(2 * bits);
        expect(aggregateList(result.list).list).toBe(result.list);
      }),
      RUNS,
    );
  });
});
