/**
 * `npm run bench`: runs every tests/bench/*.bench.ts module in one process, prints one table per module
 * and writes all rows as JSON to dist/bench-results.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types';
// The engines' messages resolve against the en-GB catalogue, as in the browser (some benches build them).
import '../support/install-en-gb';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function format(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Number.isInteger(n)) return n.toLocaleString('en-GB');
  return n.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(n) < 10 ? 3 : 1 });
}

function printTable(title: string, rows: BenchRow[]): void {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'target'];
  const cells = rows.map((r) => [r.name, format(r.value), r.unit, format(r.baseline), r.ratio === undefined ? '' : `${format(r.ratio)}×`, r.target ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const all: Array<BenchRow & { group: string }> = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  try {
    const rows = await mod.run();
    printTable(mod.title, rows);
    all.push(...rows.map((r) => ({ group: mod.title, ...r })));
  } catch (error) {
    failed = true;
    console.error(`\n### ${mod.title}: failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'bench-results.json'), `${JSON.stringify(all, null, 2)}\n`);
console.log(`\n${all.length} rows written to dist/bench-results.json`);
if (failed) process.exitCode = 1;
