import { createServer } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';

let sim: SoraSimulator;

beforeEach(async () => {
  sim = await startSoraSimulator({ seed: 3, timeScale: 5000 });
});

afterEach(() => sim.close());

const retry = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 };

/** A port on 127.0.0.1 that refuses connections: bound once, then closed. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createVideo$', () => {
  it('posts the params and emits the queued task', async () => {
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    const task = await lastValueFrom(
      sora.createVideo$({ prompt: 'A red fox in snow', seconds: 15, size: '1280x720' }),
    );
    expect(task).toMatchObject({ status: 'queued', model: 'sora-2', object: 'video.generation' });
    expect(sim.getTask(task.id)).toMatchObject({
      prompt: 'A red fox in snow',
      seconds: 15,
      size: '1280x720',
    });
    expect(sim.metrics.creates).toBe(1);
  });

  it('is never resent after the connection dropped: the server may have created the job', async () => {
    sim.setFaults({ dropRate: 1 });
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, retry });
    await expect(lastValueFrom(sora.createVideo$({ prompt: 'once only' }))).rejects.toMatchObject({
      code: 'SORA_NETWORK',
    });
    expect(sim.metrics.creates).toBe(1);
  });

  it('is never resent after a 5xx', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, retry });
    await expect(lastValueFrom(sora.createVideo$({ prompt: 'once only' }))).rejects.toMatchObject({
      code: 'SORA_SERVER',
    });
    expect(sim.metrics.creates).toBe(1);
  });

  it.each([
    ['truncated JSON', { malformedJsonRate: 1 }],
    ['an HTML page', { htmlBodyRate: 1 }],
  ])(
    'is never resent after a 200 of %s: the server may have created the job',
    async (_name, faults) => {
      sim.setFaults(faults);
      const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, retry });
      const error = await lastValueFrom(sora.createVideo$({ prompt: 'once only' })).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'SORA_DECODE', retryable: false });
      expect((error as Error).message).toMatch(/may have started a task/);
      expect(sim.metrics.creates).toBe(1);
    },
  );

  it('is resent when the connection was refused, since the request never left', async () => {
    let attempts = 0;
    const transport = undiciTransport();
    const sora = createSoraClient({
      baseUrl: `http://127.0.0.1:${await refusedPort()}/v1`,
      apiKey: 'sk-test',
      retry,
      transport: (req: HttpRequest) => {
        attempts += 1;
        return transport(req);
      },
    });
    await expect(lastValueFrom(sora.createVideo$({ prompt: 'never sent' }))).rejects.toMatchObject({
      code: 'SORA_NETWORK',
      causeCode: 'ECONNREFUSED',
    });
    expect(attempts).toBe(4);
  });

  it('is resent after a 429, which the server refused without creating anything', async () => {
    const limited = await startSoraSimulator({
      clock: 'manual',
      faults: { rateLimit: { maxRequestsPerSecond: 1, retryAfterSeconds: 0 } },
    });
    const inner = undiciTransport();
    let attempts = 0;
    const sora = createSoraClient({
      baseUrl: limited.baseUrl,
      apiKey: limited.apiKey,
      retry,
      transport: (req: HttpRequest) => {
        attempts += 1;
        // The third attempt is the retry of the second create: let the rate window pass first.
        if (attempts === 3) limited.advance(1000);
        return inner(req);
      },
    });
    try {
      const first = await lastValueFrom(sora.createVideo$({ prompt: 'first' }));
      const second = await lastValueFrom(sora.createVideo$({ prompt: 'second' }));
      expect(second.id).not.toBe(first.id);
      expect(attempts).toBe(3);
      expect(limited.metrics.faults.rateLimited).toBe(1);
      expect(limited.tasks.size).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('rejects bad params with a TypeError before sending anything', () => {
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    expect(() => sora.createVideo$({ prompt: '' })).toThrow(/`prompt`/);
    expect(() => sora.createVideo$({ prompt: 'x', seconds: 'ten' })).toThrow(/`seconds`/);
    expect(() => sora.createVideo$({ prompt: 'x', size: 'big' })).toThrow(/`size`/);
    expect(() => sora.createVideo$({ prompt: 'x', colour: 'red' } as never)).toThrow(
      /Unknown option `colour`/,
    );
    expect(sim.metrics.totalRequests).toBe(0);
  });
});

describe('generate$', () => {
  it('creates, then watches the task to completion', async () => {
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    const tasks = await lastValueFrom(
      sora
        .generate$(
          { prompt: 'A lighthouse at dusk' },
          // The simulator's hints, scaled to its speed, are below the client's 1 s floor.
          { intervalMs: 20, jitter: 0, ageAware: false, minHintMs: 20 },
        )
        .pipe(toArray()),
    );
    expect(tasks.map((t) => t.status)).toEqual(expect.arrayContaining(['queued', 'completed']));
    expect(tasks.at(-1)?.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(1);
    expect(sim.metrics.creates).toBe(1);
  });
});
