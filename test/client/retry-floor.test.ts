// Issue 21, defect 2: a server's hint of no wait at all (`Retry-After: 0`, an HTTP date in the
// past, `retry-after-ms: 0`) must not take the backoff away. Every retry waits at least
// `baseDelayMs` (1 s by default), whatever the 429 or 503 says.
import { map, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { jsonResponse } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { scriptedClient, task } from '../helpers/scripted-client.js';

/** The forms of "retry now" a server may send. */
const HINTS: ReadonlyArray<[string, Record<string, string>]> = [
  ['Retry-After: 0', { 'retry-after': '0' }],
  ['an HTTP date in the past', { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
  ['retry-after-ms: 0', { 'retry-after-ms': '0' }],
  ['retry-after-ms: 0 beside Retry-After: 0', { 'retry-after-ms': '0', 'retry-after': '0' }],
];
const CASES = [429, 503].flatMap((status) =>
  HINTS.map(([name, headers]) => [status, name, headers] as const),
);

/** The gaps between the requests the script saw, in virtual ms. */
function gaps(subscriptions: ReadonlyArray<{ subscribedFrame: number }>): number[] {
  const frames = subscriptions.map((s) => s.subscribedFrame);
  return frames.slice(1).map((frame, i) => frame - (frames[i] ?? 0));
}

/** Runs `call` on a client whose first three answers are `status` with `headers`, then a task. */
function requestGaps(
  status: number,
  headers: Record<string, string>,
  call: (sora: ReturnType<typeof scriptedClient>['sora']) => Observable<VideoTask>,
  options: SoraClientOptions = {},
): { gaps: number[]; statuses: string[] } {
  const scheduler = createTestScheduler();
  let result = { gaps: [] as number[], statuses: [] as string[] };
  scheduler.run(({ cold }) => {
    const http = cold('-(r|)');
    const refusal = jsonResponse({ error: 'overloaded' }, { status, headers });
    const { sora } = scriptedClient(
      http,
      [refusal, refusal, refusal, jsonResponse(task('completed'))],
      options,
    );
    const statuses: string[] = [];
    call(sora)
      .pipe(map((t) => t.status))
      .subscribe({ next: (s) => statuses.push(s), error: (e: Error) => statuses.push(e.name) });
    scheduler.flush();
    result = { gaps: gaps(http.subscriptions), statuses };
  });
  return result;
}

describe('a retry after a server that says "retry now"', () => {
  it.each(CASES)(
    'getVideo$: a %i with %s is retried no sooner than 1 s',
    (status, _name, headers) => {
      const { gaps, statuses } = requestGaps(status, headers, (sora) => sora.getVideo$('sora_1'));
      expect(statuses).toEqual(['completed']);
      expect(gaps).toHaveLength(3);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    },
  );

  it.each(CASES)(
    'videoStatus$: a %i with %s is retried no sooner than 1 s',
    (status, _name, headers) => {
      const { gaps, statuses } = requestGaps(status, headers, (sora) =>
        sora.videoStatus$('sora_1'),
      );
      expect(statuses).toEqual(['completed']);
      expect(gaps).toHaveLength(3);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    },
  );

  it('backs off exponentially, as if the server had said nothing', () => {
    // The highest jitter draw: 2 s, 4 s, 8 s before retries 1, 2 and 3.
    const { gaps } = requestGaps(503, { 'retry-after': '0' }, (sora) => sora.getVideo$('sora_1'), {
      retry: { random: () => 0.999_999 },
    });
    expect(gaps.map((gap) => Math.round(gap / 1_000))).toEqual([2, 4, 8]);
  });

  it("keeps the user's baseDelayMs as the floor", () => {
    const { gaps } = requestGaps(
      429,
      { 'retry-after-ms': '0' },
      (sora) => sora.getVideo$('sora_1'),
      { retry: { baseDelayMs: 200, random: () => 0 } },
    );
    // Each 429 arrives 1 ms after its request and pauses the whole client for 1 s from then, a
    // floor of its own: the longer of the two waits counts.
    expect(gaps).toEqual([1_001, 1_001, 1_001]);
  });
});
