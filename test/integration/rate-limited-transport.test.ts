import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import type { SoraClientOptions } from '../../src/client-options.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  hold,
  json,
  type ScriptedServer,
  startScriptedServer,
  wireTask,
} from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

function clientOf(server: ScriptedServer, options: SoraClientOptions) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-k',
    retry: { maxRetries: 0 },
    ...options,
  });
}

describe('requests through the client-wide rate limit, over the wire', () => {
  it('aborts the request in flight when unsubscribed', async () => {
    const server = await startScriptedServer(hold());
    const sora = clientOf(server, { rateLimit: { requestsPerSecond: 100 } });
    const subscription = sora.getVideo$('sora_1').subscribe();
    const request = await server.waitForRequest(0);
    subscription.unsubscribe();
    expect(await request.closed).toEqual({ headersSent: false, finished: false });
  });

  it('never sends a request unsubscribed while it waited for its turn', async () => {
    const server = await startScriptedServer(hold(), json(wireTask({ id: 'sora_3' })));
    const sora = clientOf(server, { rateLimit: { requestsPerSecond: 100, maxInFlight: 1 } });
    const first = sora.getVideo$('sora_1').subscribe();
    await server.waitForRequest(0);
    const second = sora.getVideo$('sora_2').subscribe();
    second.unsubscribe();
    first.unsubscribe();

    const third = await firstValueFrom(sora.getVideo$('sora_3'));
    expect(third.id).toBe('sora_3');
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_1', '/v1/videos/sora_3']);
  });

  it('maps a 429 through the limiter to SORA_RATE_LIMITED with its Retry-After', async () => {
    const server = await startScriptedServer(
      json({ error: 'slow down' }, 429, { 'retry-after': '2' }),
    );
    const sora = clientOf(server, { rateLimit: { requestsPerSecond: 100 } });
    const error = await errorOf(sora.getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_RATE_LIMITED', retryAfterMs: 2000 });
  });

  it('does not count the wait for a rate-limit token against requestTimeoutMs', async () => {
    // One token every 250 ms and no burst: the second request waits ~250 ms for its turn, longer
    // than the 200 ms limit of one request, though the server answers each one at once.
    const server = await startScriptedServer(json(wireTask()));
    const sora = clientOf(server, {
      requestTimeoutMs: 200,
      rateLimit: { requestsPerSecond: 4, burst: 1 },
    });
    const results = await Promise.allSettled([
      lastValueFrom(sora.getVideo$('sora_1')),
      lastValueFrom(sora.getVideo$('sora_2')),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.status : r.reason.code))).toEqual(
      ['processing', 'processing'],
    );
    expect(server.requests).toHaveLength(2);
  });
});
