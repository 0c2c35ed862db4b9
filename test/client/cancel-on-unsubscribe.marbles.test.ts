import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { OPENAI_DIALECT } from '../../src/dialects/openai.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { wireTask } from '../helpers/scripted-server.js';

const cancellingGateway: Dialect = {
  ...OPENAI_DIALECT,
  name: 'cancelling-gateway',
  cancelRequest: (id) => ({ method: 'POST', path: ['videos', id, 'cancel'] }),
};
const queued = jsonResponse(wireTask({ id: 'sora_1', status: 'queued' }));
const cancelled = jsonResponse(wireTask({ id: 'sora_1', status: 'cancelled' }));

describe('generate$ with cancelOnUnsubscribe, in virtual time', () => {
  it('lets a create left in flight finish, then sends the cancel at once', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions, flush }) => {
      const create = cold('100ms (r|)', { r: queued });
      const cancel = cold('20ms (r|)', { r: cancelled });
      const transport = stubTransport((request) =>
        request.url.endsWith('/cancel') ? cancel : create,
      );
      const sora = createSoraClient({
        baseUrl: 'https://gateway.test/v1',
        apiKey: 'sk-test',
        dialect: cancellingGateway,
        transport,
        scheduler,
      });
      const subscription = sora
        .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true })
        .subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 10);
      flush();
      expectSubscriptions(create.subscriptions).toBe('^ 99ms !');
      expectSubscriptions(cancel.subscriptions).toBe('100ms ^ 19ms !');
      expect(transport.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST https://gateway.test/v1/videos',
        'POST https://gateway.test/v1/videos/sora_1/cancel',
      ]);
    });
  });

  it('aborts the create at once without the option, as before', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions, flush }) => {
      const create = cold('100ms (r|)', { r: queued });
      const transport = stubTransport(() => create);
      const sora = createSoraClient({
        baseUrl: 'https://gateway.test/v1',
        apiKey: 'sk-test',
        dialect: cancellingGateway,
        transport,
        scheduler,
      });
      const subscription = sora.generate$({ prompt: 'a fox' }).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 10);
      flush();
      expectSubscriptions(create.subscriptions).toBe('^ 9ms !');
      expect(transport.requests).toHaveLength(1);
    });
  });

  it('gives the create and the cancel twice requestTimeoutMs in all, then lets go and reports it', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions, flush }) => {
      // A 429 the create waits out (a retry can never make a second task), past the time limit.
      const refused = cold('10ms (r|)', { r: jsonResponse({}, { status: 429 }) });
      const transport = stubTransport(() => refused);
      const reported: unknown[] = [];
      const sora = createSoraClient({
        baseUrl: 'https://gateway.test/v1',
        apiKey: 'sk-test',
        dialect: cancellingGateway,
        transport,
        scheduler,
        requestTimeoutMs: 100,
        retry: { maxRetries: 3, baseDelayMs: 1000, maxRetryAfterMs: 1000 },
      });
      const subscription = sora
        .generate$(
          { prompt: 'a fox' },
          {
            cancelOnUnsubscribe: true,
            onCancelError: (error, id) =>
              reported.push([scheduler.now(), (error as Error).message, id]),
          },
        )
        .subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 5);
      flush();
      expectSubscriptions(refused.subscriptions).toBe('^ 9ms !');
      expect(transport.requests).toHaveLength(1);
      expect(reported).toEqual([
        [205, "the create's answer and the cancel took more than 200 ms: given up", undefined],
      ]);
    });
  });
});
