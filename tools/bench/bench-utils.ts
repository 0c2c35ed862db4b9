// Small helpers shared by the benchmark scenarios: a seeded PRNG, statistics and tables.
import Table from 'cli-table3';

/** mulberry32: a tiny seeded PRNG returning numbers in [0, 1), so a run can be replayed. */
export {
  createRandom as mulberry32,
  /** A child seed for an independent stream of the same seed. */
  deriveSeed,
} from '../../src/testing/simulator/random.js';

/** A draw from the exponential distribution of mean `mean`: the gaps of a Poisson process. */
export function drawExponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** The value below which a fraction `p` of the values fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of the values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The arithmetic mean of the values. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A number with a fixed count of decimals and thousands separators. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A ratio such as `0.93×`. */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** Prints a titled table; `notes` follow it, one per line. */
export function printTable(
  title: string,
  head: string[],
  rows: (string | number)[][],
  notes: string[] = [],
): void {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  console.log(`\n${title}`);
  console.log(table.toString());
  for (const note of notes) console.log(note);
}

/**
 * Prints a titled table as Markdown, so that it can be pasted into docs/benchmarks.md as it is;
 * `notes` follow it, one per line.
 */
export function printMarkdownTable(
  title: string,
  head: string[],
  rows: (string | number)[][],
  notes: string[] = [],
): void {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log(line(head.map(() => '---')));
  for (const row of rows) console.log(line(row));
  if (notes.length > 0) console.log('');
  for (const note of notes) console.log(note);
}

/** Runs the garbage collector to a steady state (node must run with --expose-gc). */
export async function collectGarbage(): Promise<void> {
  if (global.gc === undefined) throw new Error('Run the benchmarks with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Waits `ms` of wall time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A target and whether a figure meets it, for the line under a table. */
export function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}
