import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { Dialect, DialectName } from '../../src/dialects/dialect.js';
import { type MemoryJournal, memoryJournal } from '../../src/journal/memory-journal.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

let gateway: ScriptedServer;
/** What each create carried: its path and its parsed body. */
let creates: { path: string; body: unknown }[];

/** Answers a create with a queued task, after reading its body; has no models list. */
const acceptCreate: ScriptedHandler = (req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    creates.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'task_1', status: 'queued' }));
  });
};

beforeEach(async () => {
  creates = [];
  gateway = await startScriptedServer(acceptCreate);
});
afterEach(closeScriptedServers);

async function createWith(dialect: DialectName | undefined) {
  const sora = createSoraClient({ baseUrl: gateway.baseUrl, apiKey: 'sk-test-k', dialect });
  const task = await lastValueFrom(sora.createVideo$({ prompt: 'a fox', seconds: 10 }));
  await sora.close();
  return task;
}

describe('creates in each dialect, over the wire', () => {
  it("sends OpenAI's shape by default: POST /videos with seconds", async () => {
    await createWith(undefined);
    expect(creates).toEqual([
      { path: '/v1/videos', body: { model: 'sora-2', prompt: 'a fox', seconds: 10 } },
    ]);
  });

  it("sends OpenRouter's: duration, not seconds, and its model slug", async () => {
    const task = await createWith('openrouter');
    expect(task).toMatchObject({ id: 'task_1', status: 'queued' });
    expect(creates).toEqual([
      { path: '/v1/videos', body: { model: 'openai/sora-2', prompt: 'a fox', duration: 10 } },
    ]);
  });

  it("sends the seed gateway's to its documented path, POST /sora/videos", async () => {
    await createWith('seed');
    expect(creates).toEqual([
      { path: '/v1/sora/videos', body: { model: 'sora-2', prompt: 'a fox', seconds: 10 } },
    ]);
  });
});

/**
 * A gateway sora-rx does not know, described in a few lines: it creates at `POST /video/create`
 * with `duration`, reads at `GET /video/query?id=…`, nests the task under `detail`, and uses ids
 * with a colon.
 */
const queryGateway: Dialect = {
  name: 'query-gateway',
  createPath: ['video', 'create'],
  createBody: ({ prompt, model, seconds }) => ({
    model: model ?? 'sora-2',
    prompt,
    duration: Number(seconds ?? 10),
  }),
  taskLocation: (id) => ({ path: ['video', 'query'], query: { id } }),
};

describe('a gateway of the user’s own dialect', () => {
  it('creates, then watches through its query path and its detail envelope', async () => {
    const id = 'sora-2:task_01k';
    let polls = 0;
    gateway.script((req, res) => {
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/v1/video/create') {
        send({ code: 0, detail: { id, status: 'pending' } });
      } else if (
        req.method === 'GET' &&
        req.url === `/v1/video/query?id=${encodeURIComponent(id)}`
      ) {
        polls += 1;
        send({
          code: 0,
          detail:
            polls < 2
              ? { id, status: 'running', status_update_time: 1761635478123 }
              : { id, status: 'succeeded', video_url: `${gateway.origin}/files/v.mp4` },
        });
      } else {
        res.writeHead(404).end();
      }
    });
    const sora = createSoraClient({
      baseUrl: gateway.baseUrl,
      apiKey: 'sk-test-k',
      dialect: queryGateway,
      poll: { intervalMs: 5 },
    });
    const tasks = await lastValueFrom(sora.generate$({ prompt: 'a fox' }).pipe(toArray()));
    expect(tasks.map((task) => task.status)).toEqual(['queued', 'processing', 'completed']);
    expect(tasks.at(-1)).toMatchObject({ id, video_url: `${gateway.origin}/files/v.mp4` });
    expect(gateway.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /v1/video/create',
      'GET /v1/video/query?id=sora-2%3Atask_01k',
      'GET /v1/video/query?id=sora-2%3Atask_01k',
    ]);
    await sora.close();
  });
});

describe('models$', () => {
  it("reads OpenRouter's models list with the key, and retries a garbled body", async () => {
    const list = {
      data: [
        { id: 'openai/sora-2', supported_durations: [4, 8, 12], supported_sizes: ['1280x720'] },
      ],
    };
    gateway.script(
      (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>busy</html>'),
      (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list)),
    );
    const sora = createSoraClient({
      baseUrl: gateway.baseUrl,
      apiKey: 'sk-test-k',
      dialect: 'openrouter',
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    const [model] = await firstValueFrom(sora.models$());
    expect(model).toMatchObject({
      id: 'openai/sora-2',
      durations: [4, 8, 12],
      sizes: ['1280x720'],
    });
    expect(gateway.requests.map((request) => request.url)).toEqual([
      '/v1/videos/models',
      '/v1/videos/models',
    ]);
    expect(gateway.requests[1]?.headers.authorization).toBe('Bearer sk-test-k');
    await sora.close();
  });

  it('throws a TypeError at the call in a dialect without a models list', () => {
    const sora = createSoraClient({ baseUrl: gateway.baseUrl, apiKey: 'sk-test-k' });
    expect(() => sora.models$()).toThrow(/The openai dialect has no list of models/);
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('a create checked against the models list', () => {
  const list = {
    data: [{ id: 'openai/sora-2', supported_durations: [4, 8, 12], supported_sizes: ['1280x720'] }],
  };
  /** A gateway with OpenRouter's models list; creates as `acceptCreate`. */
  const withModels: ScriptedHandler = (req, res, recorded) => {
    if (req.method === 'GET' && req.url === '/v1/videos/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    } else acceptCreate(req, res, recorded);
  };
  const client = (options: { journal?: MemoryJournal } = {}) =>
    createSoraClient({
      baseUrl: gateway.baseUrl,
      apiKey: 'sk-test-k',
      dialect: 'openrouter',
      ...options,
    });

  it('refuses a length the model does not make before anything is sent or journalled', async () => {
    gateway.script(withModels);
    const journal = memoryJournal();
    const sora = client({ journal });
    const error = await errorOf(sora.createVideo$({ prompt: 'a fox', seconds: 10 }));
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(
      /`seconds` to be a length openai\/sora-2 makes \(4, 8, 12\), got 10/,
    );
    expect(creates).toEqual([]);
    expect(journal.records).toEqual([]);
    await sora.close();
  });

  it('refuses a size the model does not make', async () => {
    gateway.script(withModels);
    const sora = client();
    const error = await errorOf(sora.createVideo$({ prompt: 'a fox', size: '1920x1080' }));
    expect(String(error)).toMatch(/`size` to be one openai\/sora-2 makes \(1280x720\)/);
    expect(creates).toEqual([]);
    await sora.close();
  });

  it('sends what the model makes, and asks for the list once per client', async () => {
    gateway.script(withModels);
    const sora = client();
    await lastValueFrom(sora.createVideo$({ prompt: 'a fox', seconds: 8 }));
    await lastValueFrom(sora.createVideo$({ prompt: 'a cat', seconds: 4, size: '1280x720' }));
    expect(creates.map((create) => (create.body as { duration: number }).duration)).toEqual([8, 4]);
    expect(gateway.requests.filter((request) => request.url === '/v1/videos/models')).toHaveLength(
      1,
    );
    await sora.close();
  });

  it('leaves a model the list does not name, or a list it cannot read, to the gateway', async () => {
    gateway.script(withModels);
    const sora = client();
    await lastValueFrom(
      sora.createVideo$({ prompt: 'a fox', model: 'google/veo-3.1', seconds: 10 }),
    );
    await sora.close();
    gateway.script(acceptCreate); // the models list now answers 404
    const other = client();
    await lastValueFrom(other.createVideo$({ prompt: 'a fox', seconds: 10 }));
    expect(creates.map((create) => (create.body as { duration: number }).duration)).toEqual([
      10, 10,
    ]);
    await other.close();
  });

  it('still throws bad params at the call', () => {
    const sora = client();
    expect(() => sora.createVideo$({ prompt: '' })).toThrow(/`prompt`/);
    expect(gateway.requests).toHaveLength(0);
  });
});
