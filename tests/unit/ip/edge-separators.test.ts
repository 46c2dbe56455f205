/**
 * Regression: a trailing or leading ";" was reported only as an info-level empty entry, so a list such as
 * "10.0.0.1;" looked nearly clean although the separator is wrong. It is a `separator` error with a removal fix.
 */
import { describe, expect, it } from 'vitest';
import { analyzeIpList, applyFix } from '../../../src/core/ip/index';

describe('wrong separators at the edges of the list', () => {
  it.each([
    ['81.2.69.10;', 10],
    [';81.2.69.10', 0],
    ['81.2.69.10 ；', 11],
  ])('%j: separator error at %i, fixed by removal', (text, at) => {
    const analysis = analyzeIpList(text);
    const separator = analysis.findings.find((f) => f.code === 'separator');
    expect(separator).toMatchObject({ severity: 'error', start: at, end: at + 1 });
    expect(analysis.findings.some((f) => f.code === 'empty-entry' && f.start === at)).toBe(false);
    expect(analysis.normalized).toBe('81.2.69.10');
    const fixed = applyFix(text, separator!);
    expect(analyzeIpList(fixed).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('a trailing comma stays an info-level empty entry', () => {
    const analysis = analyzeIpList('81.2.69.10,');
    expect(analysis.findings.map((f) => [f.code, f.severity])).toEqual([['empty-entry', 'info']]);
  });
});
