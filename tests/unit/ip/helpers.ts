import { analyzeIpList, applyFix, type IpAnalysisOptions, type IpFinding, type IpFindingCode } from '../../../src/core/ip';

/** Findings of one code, as [start, end] spans, for compact assertions. */
export function spans(text: string, code: IpFindingCode, options?: IpAnalysisOptions): Array<[number, number]> {
  return analyzeIpList(text, options)
    .findings.filter((f) => f.code === code)
    .map((f) => [f.start, f.end]);
}

export function codes(text: string, options?: IpAnalysisOptions): IpFindingCode[] {
  return analyzeIpList(text, options).findings.map((f) => f.code);
}

export function only(text: string, code: IpFindingCode, options?: IpAnalysisOptions): IpFinding {
  const found = analyzeIpList(text, options).findings.filter((f) => f.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code} in ${JSON.stringify(text)}, got ${found.length}`);
  return found[0]!;
}

/** The span of the n-th occurrence of `part` in `text`. */
export function at(text: string, part: string, occurrence = 0): [number, number] {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(part, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(part)} not found in ${JSON.stringify(text)}`);
  }
  return [index, index + part.length];
}

/** Applies fix `index` of the first finding with `code`. */
export function fixed(text: string, code: IpFindingCode, index = 0): string {
  return applyFix(text, only(text, code), index);
}
