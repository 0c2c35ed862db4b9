import { createHook } from 'node:async_hooks';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startSoraSimulator } from '../../../src/testing/simulator/index.js';
import { api, createVideo, startSim, until } from '../simulator-helpers.js';

/** Reads what is left of a body; rejects if it breaks before its end. */
async function readToEnd(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
): Promise<void> {
  while (reader !== undefined && !(await reader.read()).done) {}
}

describe('startSoraSimulator: metrics and shutdown', () => {
  it('counts requests, creates and polls by task id', async () => {
    const sim = await startSim();
    const a = await createVideo(sim);
    const b = await createVideo(sim);

    for (const id of [a.id, a.id, b.id, 'unknown']) await api(sim, `/videos/${String(id)}`);
    await fetch(`${sim.baseUrl}/videos/x`); // 401, still a poll and a request

    const { metrics } = sim;
    expect(metrics.totalRequests).toBe(7);
    expect(metrics.creates).toBe(2);
    expect({ ...metrics.pollsByTask }).toEqual({
      [String(a.id)]: 2,
      [String(b.id)]: 1,
      unknown: 1,
      x: 1,
    });
    expect(metrics.inFlight).toBe(0);
  });

  it('records the most requests per second on the clock, and resets', async () => {
    const sim = await startSim();

    for (let i = 0; i < 5; i++) await api(sim, '/videos/x');
    sim.advance(1000);
    for (let i = 0; i < 3; i++) await api(sim, '/videos/x');
    const peak = sim.metrics.maxRequestsPerSecond;
    sim.metrics.reset();

    expect(peak).toBe(5);
    expect(sim.metrics.maxRequestsPerSecond).toBe(0);
    expect(sim.metrics.totalRequests).toBe(0);
    expect(sim.metrics.pollsByTask).toEqual({});
  });

  it('records the highest concurrency, and close() ends requests in flight', async () => {
    const sim = await startSim({ faults: { slowRate: 1, slowDelayMs: 60_000 } });

    const pending = [1, 2, 3].map(() => api(sim, '/videos/x').catch((error: unknown) => error));
    await until(() => sim.metrics.inFlight === 3);
    await sim.close();
    const outcomes = await Promise.all(pending);

    expect(sim.metrics.maxConcurrency).toBe(3);
    expect(outcomes.every((outcome) => outcome instanceof TypeError)).toBe(true);
  });

  it('closes idle keep-alive sockets and a download in progress, then refuses connections', async () => {
    const sim = await startSoraSimulator({ clock: 'manual', videoBytes: 256 * 1024 * 1024 });
    sim.createTask({ id: 'v', status: 'completed' });
    await (await api(sim, '/videos/v')).arrayBuffer(); // leaves an idle keep-alive socket
    const download = await fetch(sim.videoUrlOf('v'));
    const reader = download.body?.getReader();
    await reader?.read();

    await sim.close();
    await sim.close();

    await expect(readToEnd(reader)).rejects.toThrow();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      request(sim.videoUrlOf('v'), { agent: false }).on('error', resolve).end();
    });
    expect(error.code).toBe('ECONNREFUSED');
    expect(sim.metrics.bytesSent).toBeLessThan(256 * 1024 * 1024);
  });

  it('leaves no server handle or timer behind', async () => {
    const created = new Map<number, string>();
    const destroyed = new Set<number>();
    const hook = createHook({
      init(asyncId, type) {
        if (type === 'Timeout' || type === 'TCPSERVERWRAP') created.set(asyncId, type);
      },
      destroy(asyncId) {
        destroyed.add(asyncId);
      },
    }).enable();
    try {
      const sim = await startSoraSimulator({ faults: { slowRate: 1, slowDelayMs: 60_000 } });
      const failed = new Promise<boolean>((resolve) => {
        request(sim.baseUrl, { agent: false })
          .on('error', () => resolve(true))
          .end();
      });
      await until(() => sim.metrics.inFlight === 1);
      await sim.close();

      expect(await failed).toBe(true);
    } finally {
      hook.disable();
    }
    const types = [...created.values()];
    const leaked = [...created].filter(([id]) => !destroyed.has(id)).map(([, type]) => type);

    expect(types).toContain('TCPSERVERWRAP');
    expect(types).toContain('Timeout');
    expect(leaked).toEqual([]);
  });
});
