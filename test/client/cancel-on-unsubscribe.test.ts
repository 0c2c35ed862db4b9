import type { IncomingMessage, ServerResponse } from 'node:http';
import { filter, first, lastValueFrom, take, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { Dialect, DialectName } from '../../src/dialects/dialect.js';
import { OPENAI_DIALECT } from '../../src/dialects/openai.js';
import type { HttpTransport } from '../../src/http/http-transport.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { startSoraSimulator } from '../../src/testing/simulator/index.js';
import type { SoraSimulator } from '../../src/testing/simulator/types.js';
import {
  closeScriptedServers,
  json,
  startScriptedServer,
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

async function simulate() {
  // No poll hint: the watch polls as fast as `intervalMs` says.
  sim = await startSoraSimulator({ dialect: 'openai', cancel: true, seed: 11, pollAfterMs: null });
  return sim;
}

function clientOf(
  server: { baseUrl: string; apiKey?: string },
  options: { dialect?: DialectName | Dialect; requestTimeoutMs?: number } = {},
) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: server.apiKey ?? 'sk-test-k',
    dialect: options.dialect ?? cancellingGateway,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
    poll: { intervalMs: 5, minHintMs: 1, jitter: 0 },
    retry: { maxRetries: 0 },
  });
}

describe('generate$ with cancelOnUnsubscribe', () => {
  it('sends one cancel of the task when the subscriber leaves before it ends', async () => {
    const server = await simulate();
    const sora = clientOf(server);
    const onCancelError = vi.fn();

    const first = await new Promise<string>((resolve) => {
      const subscription = sora
        .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true, onCancelError })
        .subscribe((task) => {
          subscription?.unsubscribe();
          resolve(task.id);
        });
    });

    await vi.waitFor(() => expect(server.getTask(first)?.statusOverride).toBe('cancelled'));
    await sora.close();
    expect(server.metrics.cancelsByTask).toEqual({ [first]: 1 });
    expect(server.metrics.creates).toBe(1);
    expect(onCancelError).not.toHaveBeenCalled();
  });

  it('sends no cancel when the task ended first, even if the subscriber leaves at its last task', async () => {
    const server = await simulate();
    const sora = clientOf(server);
    const generated = sora.generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true });

    const tasks: string[] = [];
    await lastValueFrom(
      generated.pipe(
        filter((task) => {
          tasks.push(task.status);
          if (task.status === 'queued') server.setTask(task.id, { status: 'completed' });
          return task.status === 'completed';
        }),
        // Leaves at the terminal task, before the stream completes on its own.
        first(),
      ),
    );
    await sora.close();
    expect(tasks).toEqual(['queued', 'completed']);
    expect(server.metrics.cancelsByTask).toEqual({});
  });

  it('sends no cancel when the stream ended in an error', async () => {
    const server = await simulate();
    const sora = clientOf(server);
    const error = await lastValueFrom(
      sora.generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true, maxWaitMs: 1 }),
    ).catch((caught: unknown) => caught);
    await sora.close();
    expect(error).toMatchObject({ code: 'SORA_POLL_TIMEOUT' });
    expect(server.metrics.cancelsByTask).toEqual({});
  });

  it('sends the cancel once the create answers, when the subscriber left during the create', async () => {
    let answerCreate: (() => void) | undefined;
    const server = await startScriptedServer(
      (_req, res) => {
        answerCreate = () =>
          json(wireTask({ id: 'sora_1', status: 'queued' }))(
            _req as IncomingMessage,
            res as ServerResponse,
            undefined as never,
          );
      },
      json(wireTask({ id: 'sora_1', status: 'cancelled' })),
    );
    const sora = clientOf(server);
    const next = vi.fn();
    const subscription = sora
      .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true })
      .subscribe(next);
    const create = await server.waitForRequest(0);
    subscription.unsubscribe();
    answerCreate?.();

    const cancel = await server.waitForRequest(1);
    expect(cancel).toMatchObject({ method: 'POST', url: '/v1/videos/sora_1/cancel' });
    expect(cancel.headers.authorization).toBe('Bearer sk-test-k');
    // The create was let go on: it finished, and nobody heard of its task.
    expect(await create.closed).toEqual({ headersSent: true, finished: true });
    expect(await cancel.closed).toEqual({ headersSent: true, finished: true });
    await sora.close();
    expect(next).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(2);
  });

  it('sends no cancel when the create left during answers a task already ended', async () => {
    const server = await startScriptedServer(json(wireTask({ id: 'sora_1', status: 'failed' })));
    // Sees each request as the client hands it over, and each answer as the client reads it.
    const handed: string[] = [];
    let createRead: () => void = () => {};
    const read = new Promise<void>((resolve) => {
      createRead = resolve;
    });
    const inner = undiciTransport();
    const transport: HttpTransport = (req) => {
      handed.push(req.method);
      return inner(req).pipe(tap(() => req.method === 'POST' && createRead()));
    };
    const sora = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: 'sk-test-k',
      dialect: cancellingGateway,
      transport,
    });
    const subscription = sora
      .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true })
      .subscribe();
    await server.waitForRequest(0);
    subscription.unsubscribe();
    await read;
    // A cancel would have been handed over in the same turn as the answer.
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toEqual(['POST']);
    await sora.close();
    await inner.close?.();
  });

  it('reports a refused cancel to onCancelError, with the task id, and never as an error', async () => {
    const server = await startScriptedServer(
      json(wireTask({ id: 'sora_1', status: 'queued' })),
      json({ error: { message: 'already generating', code: 'video_not_cancellable' } }, 409),
    );
    const sora = clientOf(server);
    const reported = new Promise<[unknown, string | undefined]>((resolve) => {
      sora
        .generate$(
          { prompt: 'a fox' },
          { cancelOnUnsubscribe: true, onCancelError: (error, id) => resolve([error, id]) },
        )
        .pipe(take(1))
        .subscribe();
    });
    const [error, id] = await reported;
    expect(error).toMatchObject({ code: 'SORA_HTTP', status: 409 });
    expect(id).toBe('sora_1');
    await sora.close();
  });

  it('gives the cancel up at its time limit, aborting it, and reports it', async () => {
    const server = await startScriptedServer(
      json(wireTask({ id: 'sora_1', status: 'queued' })),
      () => {},
    );
    const sora = clientOf(server, { requestTimeoutMs: 50 });
    const reported = new Promise<unknown>((resolve) => {
      sora
        .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true, onCancelError: resolve })
        .pipe(take(1))
        .subscribe();
    });
    expect(await reported).toMatchObject({ code: 'SORA_REQUEST_TIMEOUT' });
    const cancel = await server.waitForRequest(1);
    expect(await cancel.closed).toEqual({ headersSent: false, finished: false });
    await sora.close();
  });

  it('warns on the console without onCancelError, and a hook that throws is swallowed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const server = await startScriptedServer(
        json(wireTask({ id: 'sora_1', status: 'queued' })),
        json({ error: { message: 'no' } }, 409),
      );
      const sora = clientOf(server);
      sora.generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true }).pipe(take(1)).subscribe();
      await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /sora-rx: the cancel of sora_1 failed: .*409/,
      );
      expect(String(warn.mock.calls[0]?.[0])).not.toContain('sk-test-k');

      await sora.close();

      const again = await startScriptedServer(
        json(wireTask({ id: 'sora_2', status: 'queued' })),
        json({ error: { message: 'no' } }, 409),
      );
      const other = clientOf(again);
      const hook = vi.fn(() => {
        throw new Error('hook failed');
      });
      other
        .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true, onCancelError: hook })
        .pipe(take(1))
        .subscribe();
      await vi.waitFor(() => expect(hook).toHaveBeenCalledTimes(1));
      expect(warn).toHaveBeenCalledTimes(1);
      await other.close();
    } finally {
      warn.mockRestore();
    }
  });

  it.each([
    [
      'openai',
      /The openai dialect has no cancel request: generate\$\(\) with `cancelOnUnsubscribe: true`/,
    ],
    ['openrouter', /The openrouter dialect has no cancel request/],
  ] as const)(
    'throws a TypeError at the call in the %s dialect, before any request',
    async (dialect, message) => {
      const server = await startScriptedServer(json(wireTask()));
      const sora = clientOf(server, { dialect });
      expect(() => sora.generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true })).toThrow(
        message,
      );
      // Without it, the dialect needs no cancel.
      expect(() =>
        sora.generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: false }),
      ).not.toThrow();
      expect(server.requests).toHaveLength(0);
      await sora.close();
    },
  );

  it.each([
    [{ cancelOnUnsubscribe: 'yes' }, /Expected `cancelOnUnsubscribe` to be true or false/],
    [{ cancelOnUnsubscribe: true, onCancelError: 1 }, /Expected `onCancelError` to be a function/],
    [
      { cancelOnUnsubscrib: true },
      /Unknown option `cancelOnUnsubscrib` in `options`.*cancelOnUnsubscribe/,
    ],
    [null, /Expected `options` to be an object, got null/],
  ])('throws a TypeError naming a bad option: %j', async (options, message) => {
    const server = await startScriptedServer(json(wireTask()));
    const sora = clientOf(server);
    expect(() => sora.generate$({ prompt: 'a fox' }, options as never)).toThrow(message);
    expect(server.requests).toHaveLength(0);
    await sora.close();
  });

  it('records the task as cancelled in the journal, and resume$ leaves it alone', async () => {
    const server = await simulate();
    const journal = memoryJournal();
    const sora = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      dialect: cancellingGateway,
      journal,
      poll: { intervalMs: 5, minHintMs: 1 },
    });
    const id = await new Promise<string>((resolve) => {
      sora
        .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true })
        .pipe(take(1))
        .subscribe((task) => resolve(task.id));
    });
    await vi.waitFor(() =>
      expect(journal.records.at(-1)).toMatchObject({ type: 'status', id, status: 'failed' }),
    );
    expect(await lastValueFrom(sora.resume$().pipe(toArray()))).toEqual([]);
    expect(server.metrics.pollsByTask).toEqual({});
    await sora.close();
  });
});
