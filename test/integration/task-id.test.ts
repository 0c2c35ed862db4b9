// Issue 21, defect 1: a task id that no URL can carry (a lone UTF-16 surrogate, valid in JSON) is
// a typed error on its own task's stream, never a crash, whoever brings it: the caller, a create's
// answer, a list page, a journal (see the CLI's end-to-end tests).
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { isSoraError } from '../../src/errors/is-sora-error.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
  wireTask,
} from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

let dir: string;
useDownloadFolder('sora-rx-task-id-', (folder) => (dir = folder));

/** An id with a lone high surrogate: `"sora_\ud800x"` is valid JSON, and no URL can carry it. */
const LONE_SURROGATE = 'sora_\ud800x';
const BAD_IDS = [
  ['a lone high surrogate', LONE_SURROGATE],
  ['a lone low surrogate', 'sora_\udc00'],
  ['a pair in the wrong order', 'sora_\udc00\ud800'],
  ['a high surrogate at the end', 'sora_\ud83d'],
] as const;

/** Answers a task of the id in the path, completed, as JSON escaped the way a gateway sends it. */
function taskById(overrides: Record<string, unknown> = {}): ScriptedHandler {
  return (req, res) => {
    const segment = (req.url ?? '').split('?')[0]?.split('/').pop() ?? '';
    const body = JSON.stringify(
      wireTask({ id: decodeURIComponent(segment), status: 'completed', ...overrides }),
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };
}

/** Answers with raw JSON text, so that a `\ud800` escape reaches the client as the gateway wrote it. */
function rawJson(body: string, status = 200): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
}

function clientOf(server: ScriptedServer, options: SoraClientOptions = {}) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-task-id',
    retry: { maxRetries: 0 },
    ...options,
  });
}

function expectInvalidId(error: unknown, id: string): void {
  expect(isSoraError(error, 'SORA_INVALID_TASK_ID')).toBe(true);
  expect(error).toMatchObject({ code: 'SORA_INVALID_TASK_ID', retryable: false, taskId: id });
  // The message is well-formed text, safe to print and to write as JSON.
  expect(/[\uD800-\uDFFF]/u.test((error as Error).message)).toBe(false);
  expect((error as Error).message).toContain('`id`');
}

describe('a task id that no URL can carry', () => {
  it.each(BAD_IDS)(
    'getVideo$ and videoStatus$ of %s error with SORA_INVALID_TASK_ID, before any request',
    async (_name, id) => {
      const server = await startScriptedServer(taskById());
      const sora = clientOf(server);
      expectInvalidId(await errorOf(() => sora.getVideo$(id)), id);
      expectInvalidId(await errorOf(() => sora.videoStatus$(id)), id);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('watchAll$ reports it as that id’s error, and the other watches complete', async () => {
    const server = await startScriptedServer(taskById());
    const sora = clientOf(server);
    const events = await lastValueFrom(
      sora.watchAll$(['sora_1', LONE_SURROGATE, 'sora_2']).pipe(toArray()),
    );
    const bad = events.filter((event) => event.id === LONE_SURROGATE);
    expect(bad).toHaveLength(1);
    expectInvalidId(bad[0]?.error, LONE_SURROGATE);
    expect(
      events
        .filter((event) => event.task !== undefined)
        .map((event) => `${event.id}:${event.task?.status}`)
        .sort(),
    ).toEqual(['sora_1:completed', 'sora_2:completed']);
    // Whether a list page was asked for or not, no task GET went out for the bad id.
    expect(
      server.requests
        .map((r) => r.url)
        .filter((url) => url.startsWith('/v1/videos/'))
        .sort(),
    ).toEqual(['/v1/videos/sora_1', '/v1/videos/sora_2']);
  });

  it('watchAll$ reports it when it arrives from an Observable of ids too', async () => {
    const server = await startScriptedServer(taskById());
    const sora = clientOf(server, { listPolling: false });
    const events = await lastValueFrom(
      sora.watchAll$(from([LONE_SURROGATE, 'sora_1'])).pipe(toArray()),
    );
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.id === 'sora_1')?.task?.status).toBe('completed');
    expectInvalidId(events.find((event) => event.id === LONE_SURROGATE)?.error, LONE_SURROGATE);
  });

  it('generate$ errors with SORA_INVALID_TASK_ID when the create answers such an id, and polls nothing', async () => {
    const created = JSON.stringify(wireTask({ status: 'queued' })).replace(
      '"sora_1"',
      '"sora_\\ud800x"',
    );
    const server = await startScriptedServer(rawJson(created), taskById());
    const sora = clientOf(server);
    const error = await errorOf(sora.generate$({ prompt: 'a cat', seconds: 10 }));
    expectInvalidId(error, LONE_SURROGATE);
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('download$ of a completed task with such an id and no video_url errors on the stream', async () => {
    const server = await startScriptedServer(taskById());
    const task = { ...wireTask({ id: LONE_SURROGATE, status: 'completed' }), video_url: null };
    const sora = clientOf(server);
    const error = await errorOf(() => sora.download$(task as unknown as VideoTask, { dir }));
    expectInvalidId(error, LONE_SURROGATE);
    expect(server.requests).toHaveLength(0);
  });

  it('a list page that ends with such an id is never used as a cursor: the watches fall back to their own GETs', async () => {
    // OpenAI's list: a first page of two items, the last one with a lone surrogate, and more.
    const page = JSON.stringify({
      object: 'list',
      data: [
        wireTask({ id: 'sora_other', status: 'processing', object: 'video' }),
        wireTask({ id: 'sora_PLACEHOLDER', status: 'processing', object: 'video' }),
      ],
      has_more: true,
    }).replace('"sora_PLACEHOLDER"', '"sora_\\ud800x"');
    const server = await startScriptedServer((req, res, recorded) => {
      if ((req.url ?? '').startsWith('/v1/videos?')) return rawJson(page)(req, res, recorded);
      return taskById()(req, res, recorded);
    });
    const sora = clientOf(server, {
      dialect: 'openai',
      listPolling: { mode: true, maxAgeMs: 100 },
    });
    const events = await lastValueFrom(sora.watchAll$(['sora_1', 'sora_2']).pipe(toArray()));
    expect(events.map((event) => `${event.id}:${event.task?.status}`).sort()).toEqual([
      'sora_1:completed',
      'sora_2:completed',
    ]);
    // No request ever carried the broken cursor.
    for (const request of server.requests) expect(request.url).not.toContain('%EF%BF%BD');
  });
});
