// The handles a process holds beyond a baseline: what a finished run left behind.

/** The resources in `now` beyond those in `baseline`, counted by kind, such as `Timeout`. */
export function resourcesAbove(baseline: readonly string[], now: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const kind of baseline) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const above: string[] = [];
  for (const kind of now) {
    const left = counts.get(kind) ?? 0;
    if (left > 0) counts.set(kind, left - 1);
    else above.push(kind);
  }
  return above;
}

/**
 * Waits until `process.getActiveResourcesInfo()` holds nothing beyond `baseline`, for at most
 * `timeoutMs`, and resolves with what is still beyond it (empty when everything closed).
 */
export async function waitForResources(
  baseline: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    // Checked between two turns of the event loop, with no timer of ours pending.
    await new Promise((resolve) => setImmediate(resolve));
    const above = resourcesAbove(baseline, process.getActiveResourcesInfo());
    if (above.length === 0 || performance.now() >= until) return above;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
