// The verdict of one soak check.

/** One promise of sora-rx, judged on a soak run. */
export interface CheckResult {
  /** The promise, as a sentence. */
  readonly name: string;
  readonly passed: boolean;
  /** One line with the counts behind the verdict. */
  readonly summary: string;
  /** The failures, broken down (by error code, with a few example ids): empty when it passed. */
  readonly details: readonly string[];
}

/** How many example ids a detail line names. */
const EXAMPLES = 3;

/** `"count (e.g. a, b, c)"`: a count with the first few ids, to look into or replay. */
export function withExamples(ids: readonly string[]): string {
  const shown = ids.slice(0, EXAMPLES).join(', ');
  return ids.length === 0 ? '0' : `${ids.length} (e.g. ${shown})`;
}

/** Counts values by key, most frequent first: `"SORA_DECODE 78, SORA_SERVER 2"`. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}
