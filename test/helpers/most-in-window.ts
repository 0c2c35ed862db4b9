/** The most of `times` (sorted) in any span of `windowMs`, [t, t + windowMs). */
export function mostInWindow(times: readonly number[], windowMs = 1000): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[start] as number) <= (times[end] as number) - windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
