import { TestScheduler } from 'rxjs/testing';
import { createSoraClient } from 'sora-rx';
import { jsonResponse, stubTransport } from 'sora-rx/testing';
import { expect, it } from 'vitest';
import { statusLines$ } from './watch-one-task.js';

const task = (status: string) => ({
  id: 'sora_1',
  object: 'video.generation',
  created: 0, // created at virtual time 0
  model: 'sora-2',
  status,
  error: status === 'failed' ? 'content policy' : null,
});

it('reports a task that the gateway rejects 10 s in at the 30 s check', () => {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ cold, expectObservable }) => {
    // The first request finds the task queued, the next ones failed; each answer comes at once
    // ('(r|)' is one frame: the answer, then complete).
    const answer = (n: number) => jsonResponse(task(n === 0 ? 'queued' : 'failed'));
    const transport = stubTransport((_request, n) => cold('(r|)', { r: answer(n) }));
    const sora = createSoraClient({
      baseUrl: 'https://gateway.test/v1',
      apiKey: 'sk-test',
      transport,
      poll: { jitter: 0 },
    });

    // Inside run(), every RxJS timer runs in virtual time: 30 s take no time at all.
    expectObservable(statusLines$(sora, 'sora_1')).toBe('q 29999ms (f|)', {
      q: 'sora_1 queued',
      f: 'sora_1 failed',
    });
  });
});
