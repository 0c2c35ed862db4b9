import fc from 'fast-check';
import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { buildSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import { createRandom } from '../../src/testing/simulator/random.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { HAND_WRITTEN_WATCH, type WatchParts } from '../../src/watch/watch-parts.js';
import { apiKey, baseUrl, task } from '../helpers/scripted-client.js';
import { REFERENCE_WATCH } from '../reference/watch-parts.js';

// The whole of videoStatus$ (schedule, retries, sharing, learning) on the hand-written watch parts
// and on their standard-operator twins, over random answers and subscribers, in virtual time.

const SECOND = 1_000;

/** One answer of the gateway to a poll. */
const answer = fc.record({
  /** Virtual time until it comes. */
  delayMs: fc.constantFrom(0, 50, 2_000),
  kind: fc.constantFrom<VideoStatus | 500 | 404 | 429>(
    'queued',
    'processing',
    'processing',
    'processing',
    'completed',
    'failed',
    500,
    404,
    429,
  ),
  progress: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
  /** An `openai-poll-after-ms` hint, in ms. */
  hintMs: fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: undefined, freq: 3 }),
});

const subscriber = fc.record({
  atMs: fc.integer({ min: 0, max: 200_000 }),
  /** How long it stays, if it leaves. */
  staysMs: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: undefined }),
});

const script = fc.record({
  answers: fc.array(answer, { minLength: 1, maxLength: 14 }),
  /** The task's `created`: fresh, old, in the future. */
  created: fc.constantFrom(0, -1_000_000, 3_600),
  options: fc.constantFrom(
    {},
    { intervalMs: 10 * SECOND },
    { ageAware: false },
    { maxWaitMs: 150 * SECOND },
    { jitter: 0 },
  ),
  subscribers: fc.array(subscriber, { minLength: 1, maxLength: 3 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

type Script = typeof script extends fc.Arbitrary<infer S> ? S : never;

/** Plays a script on one client and logs, frame by frame, every request and every notification. */
function play(parts: WatchParts, s: Script): string[] {
  const log: string[] = [];
  const scheduler = new TestScheduler(() => {});
  const random = createRandom(s.seed);
  const original = Math.random;
  // Both clients draw their jitter from Math.random: the same seeded draws for each.
  Math.random = random;
  try {
    scheduler.run(() => {
      const transport = stubTransport((_req, index) => {
        const a = s.answers[Math.min(index, s.answers.length - 1)] as Script['answers'][number];
        log.push(`${scheduler.now()} request ${index}`);
        return timer(a.delayMs).pipe(map(() => responseOf(a, s.created)));
      });
      const sora = buildSoraClient(
        { baseUrl, apiKey, transport, retry: { maxRetries: 2, random: () => 0.5 } },
        parts,
      );
      s.subscribers.forEach(({ atMs, staysMs }, n) => {
        timer(atMs).subscribe(() => {
          const subscription = sora.videoStatus$('sora_1', s.options).subscribe({
            next: (t) => log.push(`${scheduler.now()} ${n} next ${t.status} ${t.progress}`),
            error: (e: { code?: string }) => log.push(`${scheduler.now()} ${n} error ${e.code}`),
            complete: () => log.push(`${scheduler.now()} ${n} complete`),
          });
          if (staysMs !== undefined) timer(staysMs).subscribe(() => subscription.unsubscribe());
        });
      });
    });
  } finally {
    Math.random = original;
  }
  return log;
}

function responseOf(a: Script['answers'][number], created: number): HttpResponse {
  const headers: Record<string, string> =
    a.hintMs === undefined ? {} : { 'openai-poll-after-ms': String(a.hintMs) };
  if (typeof a.kind === 'number') {
    if (a.kind === 429) headers['retry-after'] = '3';
    return jsonResponse({ error: { message: 'no' } }, { status: a.kind, headers });
  }
  const progress = a.progress === undefined ? {} : { progress: a.progress };
  return jsonResponse(task(a.kind, { created, ...progress }), { headers });
}

describe('videoStatus$ on the hand-written watch parts and on their twins', () => {
  it('polls, emits, errs and completes the same over random answers and subscribers', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(script, (s) => {
        const fast = play(HAND_WRITTEN_WATCH, s);
        expect(fast).toEqual(play(REFERENCE_WATCH, s));
        for (const line of fast) seen.add(line.split(' ').slice(2, 4).join(' '));
      }),
      { numRuns: 150 },
    );
    // The scripts reached every kind of outcome: the comparison was not of empty logs.
    for (const outcome of ['next completed', 'next failed', 'error SORA_NOT_FOUND', 'complete']) {
      expect([...seen].some((line) => line.includes(outcome))).toBe(true);
    }
  });
});
