import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { Dialect, DialectName } from '../../src/dialects/dialect.js';
import { OPENAI_DIALECT } from '../../src/dialects/openai.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { startSoraSimulator } from '../../src/testing/simulator/index.js';
import type { SoraSimulator } from '../../src/testing/simulator/types.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  json,
  startScriptedServer,
  text,
  wireTask,
} from '../helpers/scripted-server.js';

/** OpenAI's shape with a gateway's cancel, as docs/gateways.md describes it. */
const cancellingGateway: Dialect = {
  ...OPENAI_DIALECT,
  name: 'cancelling-gateway',
  cancelRequest: (id) => ({ method: 'POST', path: ['videos', id, 'cancel'] }),
};

let sim: SoraSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await closeScriptedServers();
});

async function simulate(cancel = false) {
  sim = await startSoraSimulator({ dialect: 'openai', cancel, seed: 7 });
  return sim;
}

function clientOf(
  server: { baseUrl: string; apiKey?: string },
  dialect: DialectName | Dialect = cancellingGateway,
) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: server.apiKey ?? 'sk-test-k',
    dialect,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
  });
}

describe('deleteVideo$', () => {
  it("sends OpenAI's DELETE /videos/{id}; the video is gone after it", async () => {
    const server = await simulate();
    const { id } = server.createTask({ status: 'completed' });
    const sora = clientOf(server, 'openai');

    await expect(lastValueFrom(sora.deleteVideo$(id))).resolves.toBeUndefined();

    expect(server.metrics.deletesByTask).toEqual({ [id]: 1 });
    expect(server.getTask(id)).toBeUndefined();
    expect(await errorOf(sora.getVideo$(id))).toMatchObject({ code: 'SORA_NOT_FOUND' });
    await sora.close();
  });

  it('fails with SORA_NOT_FOUND for a task the gateway does not know, sent once', async () => {
    const server = await simulate();
    const sora = clientOf(server, 'openai');
    const error = await errorOf(sora.deleteVideo$('video_unknown'));
    expect(error).toMatchObject({ code: 'SORA_NOT_FOUND', status: 404 });
    expect(server.metrics.deletesByTask).toEqual({ video_unknown: 1 });
    await sora.close();
  });

  it('fails with SORA_HTTP for a task still generating, which OpenAI does not delete', async () => {
    const server = await simulate();
    const { id } = server.createTask({ status: 'processing' });
    const sora = clientOf(server, 'openai');
    expect(await errorOf(sora.deleteVideo$(id))).toMatchObject({ code: 'SORA_HTTP', status: 400 });
    expect(server.getTask(id)?.status).toBe('processing');
    await sora.close();
  });

  it.each(['openrouter', 'seed'] as const)(
    'throws a TypeError naming the %s dialect at the call, before any request',
    async (dialect) => {
      const server = await simulate();
      const sora = clientOf(server, dialect);
      expect(() => sora.deleteVideo$('video_1')).toThrow(
        new RegExp(`The ${dialect} dialect has no delete request: deleteVideo\\$\\(\\)`),
      );
      expect(server.metrics.totalRequests).toBe(0);
      await sora.close();
    },
  );

  it('counts a 404 after a retried delete as deleted: the first one went through', async () => {
    const server = await startScriptedServer(
      text('upstream error', 503),
      json({ error: { message: 'not found' } }, 404),
    );
    const sora = clientOf(server, 'openai');
    await expect(lastValueFrom(sora.deleteVideo$('video_1'))).resolves.toBeUndefined();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /v1/videos/video_1',
      'DELETE /v1/videos/video_1',
    ]);
    await sora.close();
  });
});

describe('cancelVideo$', () => {
  it("sends the dialect's POST /videos/{id}/cancel with the key, and emits the cancelled task", async () => {
    const server = await simulate(true);
    const { id } = server.createTask({ status: 'processing', progress: 30 });
    const sora = clientOf(server);

    const task = await firstValueFrom(sora.cancelVideo$(id));

    expect(task).toMatchObject({ id, status: 'failed', error: 'Video generation was cancelled.' });
    expect(server.metrics.cancelsByTask).toEqual({ [id]: 1 });
    expect(server.getTask(id)).toMatchObject({ status: 'failed', statusOverride: 'cancelled' });
    // A watch ends at once on it.
    const watched = await lastValueFrom(sora.videoStatus$(id));
    expect(watched.status).toBe('failed');
    await sora.close();
  });

  it('fails with a 409 for a completed task, not retried', async () => {
    const server = await simulate(true);
    const { id } = server.createTask({ status: 'completed' });
    const sora = clientOf(server);
    expect(await errorOf(sora.cancelVideo$(id))).toMatchObject({ code: 'SORA_HTTP', status: 409 });
    expect(server.metrics.cancelsByTask).toEqual({ [id]: 1 });
    await sora.close();
  });

  it('sends exactly the method, path and key, and emits undefined for an answer that is no task', async () => {
    const server = await startScriptedServer(text('', 204));
    const sora = clientOf(server);
    await expect(firstValueFrom(sora.cancelVideo$('sora-2:task_01'))).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1/videos/sora-2%3Atask_01/cancel',
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test-k');
    await sora.close();
  });

  it('retries a transient error: a cancel is idempotent', async () => {
    const server = await startScriptedServer(
      text('upstream error', 502),
      json(wireTask({ id: 'sora_1', status: 'cancelled' })),
    );
    const sora = clientOf(server);
    const task = await firstValueFrom(sora.cancelVideo$('sora_1'));
    expect(task).toMatchObject({ status: 'failed', error: 'Task ended with status "cancelled"' });
    expect(server.requests).toHaveLength(2);
    await sora.close();
  });

  it('fails with SORA_TASK_MISMATCH when the answer is about another task', async () => {
    const server = await startScriptedServer(json(wireTask({ id: 'sora_2', status: 'cancelled' })));
    const sora = clientOf(server);
    expect(await errorOf(sora.cancelVideo$('sora_1'))).toMatchObject({
      code: 'SORA_TASK_MISMATCH',
    });
    await sora.close();
  });

  it.each(['openai', 'openrouter', 'seed'] as const)(
    'throws a TypeError naming the %s dialect at the call, before any request',
    async (dialect) => {
      const server = await startScriptedServer(json(wireTask()));
      const sora = clientOf(server, dialect);
      expect(() => sora.cancelVideo$('sora_1')).toThrow(
        new RegExp(`The ${dialect} dialect has no cancel request: cancelVideo\\$\\(\\)`),
      );
      expect(server.requests).toHaveLength(0);
      await sora.close();
    },
  );

  it.each([[''], ['..'], [42]])(
    'throws a TypeError for the id %j, before any request',
    async (id) => {
      const server = await startScriptedServer(json(wireTask()));
      const sora = clientOf(server);
      expect(() => sora.cancelVideo$(id as string)).toThrow(/Expected `id` to be a task id/);
      expect(() => sora.deleteVideo$(id as string)).toThrow(/Expected `id` to be a task id/);
      expect(server.requests).toHaveLength(0);
      await sora.close();
    },
  );

  it('throws a TypeError naming the member for a dialect whose cancel answers no method', async () => {
    const server = await startScriptedServer(json(wireTask()));
    const broken = {
      ...cancellingGateway,
      cancelRequest: () => ({ method: 'PUT', path: ['x'] }),
    } as unknown as Dialect;
    const sora = clientOf(server, broken);
    expect(() => sora.cancelVideo$('sora_1')).toThrow(/`dialect.cancelRequest`/);
    expect(server.requests).toHaveLength(0);
    await sora.close();
  });

  it('aborts the request when unsubscribed', async () => {
    const server = await startScriptedServer(() => {});
    const sora = clientOf(server);
    const subscription = sora.cancelVideo$('sora_1').subscribe();
    const request = await server.waitForRequest(0);
    subscription.unsubscribe();
    expect(await request.closed).toEqual({ headersSent: false, finished: false });
    await sora.close();
  });
});

describe("the simulator's cancel", () => {
  it('is served only with `cancel: true`: without it the path is a 404', async () => {
    const server = await simulate(false);
    const { id } = server.createTask({ status: 'queued' });
    const sora = clientOf(server);
    expect(await errorOf(sora.cancelVideo$(id))).toMatchObject({ code: 'SORA_NOT_FOUND' });
    expect(server.getTask(id)?.status).toBe('queued');
    expect(server.metrics.cancelsByTask).toEqual({});
    await sora.close();
  });

  it('answers a task already cancelled again, unchanged', async () => {
    const server = await simulate(true);
    const { id } = server.createTask({ status: 'queued' });
    const sora = clientOf(server);
    await firstValueFrom(sora.cancelVideo$(id));
    const again = await firstValueFrom(sora.cancelVideo$(id));
    expect(again).toMatchObject({ id, status: 'failed' });
    expect(server.metrics.cancelsByTask).toEqual({ [id]: 2 });
    await sora.close();
  });

  it.each(['seed', 'openrouter'] as const)(
    'refuses `cancel: true` in the %s dialect with a TypeError naming the option',
    async (dialect) => {
      await expect(startSoraSimulator({ dialect, cancel: true })).rejects.toThrow(
        /Expected `cancel` to be false unless `dialect` is 'openai'/,
      );
    },
  );
});

describe('the journal', () => {
  it('marks a watched task deleted before its video was saved: resume$ leaves it alone', async () => {
    const server = await simulate();
    const { id } = server.createTask({ status: 'completed' });
    const journal = memoryJournal();
    const sora = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      dialect: 'openai',
      journal,
    });
    await lastValueFrom(sora.videoStatus$(id));
    await lastValueFrom(sora.deleteVideo$(id));
    expect(journal.records.at(-1)).toMatchObject({ type: 'unsaved', id, expired: true });
    expect(await lastValueFrom(sora.resume$().pipe(toArray()))).toEqual([]);
    await sora.close();
  });

  it('records nothing for a task it does not hold', async () => {
    const server = await simulate(true);
    const { id } = server.createTask({ status: 'queued' });
    const journal = memoryJournal();
    const sora = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      dialect: cancellingGateway,
      journal,
    });
    await firstValueFrom(sora.cancelVideo$(id));
    expect(journal.records).toEqual([]);
    await sora.close();
  });
});
