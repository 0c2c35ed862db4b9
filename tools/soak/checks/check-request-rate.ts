// The simulator never sees more than rate + burst requests in any one-second window.
import type { SoakRecord } from '../run-soak.js';
import type { CheckResult } from './check-result.js';

/** What a sliding one-second window over request arrivals shows. */
export interface WindowCount {
  /** The most requests in any one-second window. */
  readonly max: number;
  /** Requests that arrived while the window already held `limit` or more. */
  readonly over: number;
  /** The arrival (ms) that ended the fullest window. */
  readonly maxAtMs: number | undefined;
  /** The first and the last arrival (ms) over the limit, if any. */
  readonly overBetweenMs: readonly [first: number, last: number] | undefined;
}

/**
 * Slides a one-second window over arrival times (ms), as the simulator's own counter does: an
 * arrival at `t` shares its window with those after `t - 1000`.
 */
export function countWindows(times: readonly number[], limit: number): WindowCount {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let maxAtMs: number | undefined;
  let over = 0;
  let overBetweenMs: [number, number] | undefined;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    const now = sorted[last] as number;
    while ((sorted[first] as number) <= now - 1000) first += 1;
    const size = last - first + 1;
    if (size > limit) {
      over += 1;
      overBetweenMs = [overBetweenMs?.[0] ?? now, now];
    }
    if (size > max) {
      max = size;
      maxAtMs = now;
    }
  }
  return { max, over, maxAtMs, overBetweenMs };
}

/** Judges the request arrivals the simulator recorded against the client's `rateLimit`. */
export function checkRequestRate(record: Pick<SoakRecord, 'options' | 'simulator'>): CheckResult {
  const { requestsPerSecond, burst } = record.options.rateLimit;
  const limit = requestsPerSecond + burst;
  const { requestTimes, metrics } = record.simulator;
  const windows = countWindows(requestTimes, limit);
  const first = Math.min(...requestTimes);
  const details: string[] = [];
  const secondsIn = (ms: number | undefined) => `${((ms ?? first) - first) / 1000} s`;
  if (windows.overBetweenMs !== undefined) {
    const [from, to] = windows.overBetweenMs;
    details.push(
      `${windows.over} of ${requestTimes.length} requests arrived over the limit, from ` +
        `${secondsIn(from)} to ${secondsIn(to)} in; the fullest window held ${windows.max}, ` +
        `ending ${secondsIn(windows.maxAtMs)} in`,
    );
  }
  return {
    name: 'the simulator never sees more than rate + burst requests in one second',
    passed: windows.max <= limit,
    summary:
      `${requestTimes.length} requests; at most ${windows.max} in one second ` +
      `(limit ${requestsPerSecond} + ${burst} = ${limit}; the simulator's own count, downloads included: ${metrics.maxRequestsPerSecond})`,
    details,
  };
}
