import { defer, of, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';

const SECOND = 1_000;

/**
 * Watches `count` tasks with one fresh client in virtual time, task i created at i·`gapMs` and
 * completed `generationMs` later, answered at once; returns the ages at which each was polled.
 */
function watchAll(count: number, gapMs: number, generationMs: number): number[][] {
  const polls: number[][] = Array.from({ length: count }, () => []);
  const scheduler = createTestScheduler();
  scheduler.run(() => {
    const transport = stubTransport((request: HttpRequest) =>
      defer(() => {
        const index = Number(request.url.slice(request.url.lastIndexOf('_') + 1));
        const age = scheduler.now() - index * gapMs;
        polls[index]?.push(age);
        const done = age >= generationMs;
        return of(
          jsonResponse({
            id: `sora_${index}`,
            object: 'video.generation',
            created: (index * gapMs) / SECOND,
            model: 'sora-2',
            status: done ? 'completed' : 'processing',
            video_url: done ? `https://cdn.example/sora_${index}.mp4` : null,
            error: null,
          }),
        );
      }),
    );
    const sora = createSoraClient({
      baseUrl: 'https://api.example/v1',
      apiKey: 'sk-test',
      transport,
      poll: { jitter: 0 },
    });
    for (let index = 0; index < count; index += 1) {
      timer(index * gapMs).subscribe(() => sora.videoStatus$(`sora_${index}`).subscribe());
    }
    scheduler.flush();
  });
  return polls;
}

describe('the skip a client learns of a gateway slower than published', () => {
  it('stops a scout once the kind is learned: it waits for the raised skip instead of polling every 10 s up to it', () => {
    // Every task takes 5 minutes (the published shortest time is 2); one is created every 20 s.
    const polls = watchAll(20, 20 * SECOND, 300 * SECOND);
    const seconds = (ages: number[] | undefined) => ages?.map((age) => age / SECOND);
    // The first ones skip to the published 2 minutes, then poll every 30 s: seen done at 300 s.
    expect(seconds(polls[0])).toEqual([0, 30, 120, 150, 180, 210, 240, 270, 300]);
    // The tenth scouts every 10 s up to the published 2 minutes (its last wait reaches them), and
    // finds nothing done. The fifth completion (task 4, seen at 380 s) teaches the kind about
    // 285 s; the scout, last seen 180 s old, waits for that instead of polling every 10 s up to it.
    expect(seconds(polls[9])).toEqual([0, 30, 40, 50, 60, 70, 80, 90, 120, 150, 180, 285, 315]);
  });
});
