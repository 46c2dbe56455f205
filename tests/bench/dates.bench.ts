/** Dates: the per-keystroke cost of parsing and judging validity, and an audit-sized batch. */
import { analyzeValidity, formatDisplayDate, addDays, parseWorkbooksDate } from '../../src/core/dates';
import { type BenchRow, median, sample } from './types';

export const title = 'Dates (parse + validity)';

const TODAY = '2027-05-02';
const INPUTS = [
  ' 2 May 2027',
  '2027-05-02',
  '02/05/2027',
  '06/30/2027',
  'Wed Jun 02 23:30:00 UTC 2027',
  '1811971800',
  '2nd of September 2027',
  '31/02/2027',
  'not a date',
  '',
];

export async function run(): Promise<BenchRow[]> {
  const keys = Array.from({ length: 10_000 }, (_, index) => ({
    validFrom: index % 3 === 0 ? null : formatDisplayDate(addDays(TODAY, (index % 200) - 100)),
    until: INPUTS[index % INPUTS.length] ?? null,
  }));

  const perParse = median(await sample(() => {
    for (const text of INPUTS) parseWorkbooksDate(text);
  }, 200)) / INPUTS.length;
  const perKeystroke = median(await sample(() => analyzeValidity({ validFrom: '1 Jun 2027', until: '06/30/2028' }, { today: TODAY, isNew: true }), 500));
  const audit = median(await sample(() => {
    for (const key of keys) analyzeValidity(key, { today: TODAY, isNew: false });
  }, 15));

  return [
    { name: 'parseWorkbooksDate, one input (mixed formats)', value: perParse * 1000, unit: 'µs' },
    { name: 'analyzeValidity, one key as typed', value: perKeystroke * 1000, unit: 'µs', target: '≤ 1 ms per keystroke' },
    { name: 'analyzeValidity, 10,000 keys (audit)', value: audit, unit: 'ms' },
  ];
}
