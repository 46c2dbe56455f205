/** One row of `npm run bench`: printed in a table and written to dist/bench-results.json. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The naive baseline measured in the same run, where an issue asks for one. */
  baseline?: number;
  /** baseline / value (how many times better than the baseline). */
  ratio?: number;
  /** The target from the issue, in words, e.g. "≤ 30 ms". */
  target?: string;
}

/** A bench module: tests/bench/*.bench.ts exports `title` and `run`. */
export interface BenchModule {
  title: string;
  run(): Promise<BenchRow[]>;
}

/** Median of a list of samples (ms). */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `iterations` times after `warmup` runs and returns the samples in ms. */
export async function sample(fn: () => unknown | Promise<unknown>, iterations: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}
