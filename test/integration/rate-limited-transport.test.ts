import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom, lastValueFrom, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  hold,
  json,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
  wireTask,
} from '../helpers/scripted-server.js';
import { advance } from '../helpers/virtual-clock.js';
import { countInFlight, runVirtualClock } from '../helpers/virtual-io-clock.js';

const dirs: string[] = [];

afterEach(async () => {
  await closeScriptedServers();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-limit-'));
  dirs.push(dir);
  return dir;
}

/** Starts an MP4 of 1 MiB: the headers and its first bytes, then nothing more, as a slow CDN does. */
function slowVideo(): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 1024 * 1024 });
    res.write(Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42')]));
  };
}

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
    // One token every 250 ms and no burst: the second request waits 250 ms for its turn, longer
    // than the 200 ms limit of one request, though the server answers each one at once. The clock
    // is virtual and moves only between answers: a time limit started before the wait would come
    // first, and fail the second request.
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(json(wireTask()));
    const { transport, inFlight } = countInFlight(undiciTransport());
    const sent: number[] = [];
    const sora = clientOf(server, {
      transport: (request) => {
        sent.push(scheduler.frame);
        return transport(request);
      },
      scheduler,
      requestTimeoutMs: 200,
      rateLimit: { requestsPerSecond: 4, burst: 1 },
    });
    const results = Promise.allSettled([
      lastValueFrom(sora.getVideo$('sora_1')),
      lastValueFrom(sora.getVideo$('sora_1')),
    ]);
    let settled = false;
    void results.then(() => (settled = true));
    await runVirtualClock(scheduler, {
      busy: () => inFlight() > 0,
      done: () => settled,
      limitMs: 10_000,
    });

    expect(
      (await results).map((r) => (r.status === 'fulfilled' ? r.value.status : r.reason.code)),
    ).toEqual(['processing', 'processing']);
    expect(sent).toEqual([0, 250]);
    expect(server.requests).toHaveLength(2);
  });

  it('sends a request while two slow downloads run, with maxInFlight 2', async () => {
    const server = await startScriptedServer(slowVideo(), slowVideo(), json(wireTask()));
    const sora = clientOf(server, { rateLimit: { requestsPerSecond: 100, maxInFlight: 2 } });
    const dir = await makeTempDir();
    const downloads = ['a', 'b'].map((name) =>
      // Should the test fail, the server closes under them: that error is not the point here.
      sora.download$(`${server.origin}/files/${name}.mp4`, { dir }).subscribe({ error: () => {} }),
    );
    const stopDownloads = () => {
      for (const download of downloads) download.unsubscribe();
    };
    onTestFinished(stopDownloads);
    await server.waitForRequest(0);
    await server.waitForRequest(1);

    const task = await firstValueFrom(sora.getVideo$('sora_1'));
    expect(task.status).toBe('processing');
    expect(server.requests.map((r) => r.url).slice(2)).toEqual(['/v1/videos/sora_1']);
    stopDownloads();
  });

  it('runs at most maxDownloads downloads at once', async () => {
    const server = await startScriptedServer(slowVideo());
    const sora = clientOf(server, { rateLimit: { maxDownloads: 1 } });
    const dir = await makeTempDir();
    const first = sora.download$(`${server.origin}/files/a.mp4`, { dir }).subscribe();
    const second = sora.download$(`${server.origin}/files/b.mp4`, { dir }).subscribe();
    const sent = await server.waitForRequest(0);
    expect(sent.url).toBe('/files/a.mp4');

    first.unsubscribe();
    expect((await server.waitForRequest(1)).url).toBe('/files/b.mp4');
    second.unsubscribe();
    // Unsubscribing removed each partial file.
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('a 429 pauses every request of a client without rateLimit, over the wire', () => {
  it('holds the next request for the Retry-After, and never sends one unsubscribed meanwhile', async () => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(
      json({ error: 'slow down' }, 429, { 'retry-after-ms': '1300' }),
      json(wireTask({ id: 'sora_3' })),
    );
    // The requests that reached the transport, and when: a request it never got opened no
    // connection.
    const sent: string[] = [];
    const transport = undiciTransport();
    const sora = clientOf(server, {
      transport: (request) => {
        sent.push(`${request.url.slice(server.baseUrl.length)} at ${scheduler.frame}`);
        return transport(request);
      },
      scheduler,
    });
    const error = await errorOf(sora.getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_RATE_LIMITED', retryAfterMs: 1300 });

    const second = sora.getVideo$('sora_2').subscribe();
    advance(scheduler, 100);
    second.unsubscribe();
    let third: string | undefined;
    sora.getVideo$('sora_3').subscribe((task) => (third = task.id));
    advance(scheduler, 1_199);
    expect(sent).toEqual(['/videos/sora_1 at 0']);

    advance(scheduler, 1);
    await vi.waitFor(() => expect(third).toBe('sora_3'));
    expect(sent).toEqual(['/videos/sora_1 at 0', '/videos/sora_3 at 1300']);
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_1', '/v1/videos/sora_3']);
  });
});
