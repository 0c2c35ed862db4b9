import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC';
const first = { url: 'https://cdn.test/first.png', role: 'first_frame' } as const;
const last = { url: 'https://cdn.test/last.png', role: 'last_frame' } as const;

let gateway: ScriptedServer;
/** What each create carried: its path and its parsed body. */
let creates: { path: string; body: unknown }[];

/** Answers a create with a queued task; models list per `models`, 404 without. */
function gatewayWith(models?: unknown): ScriptedHandler {
  return (req, res) => {
    if (req.method === 'GET' && req.url === '/v1/videos/models' && models !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(models));
      return;
    }
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
}

beforeEach(async () => {
  creates = [];
  gateway = await startScriptedServer(gatewayWith());
});
afterEach(closeScriptedServers);

const client = (dialect: DialectName, journal = memoryJournal()) =>
  createSoraClient({ baseUrl: gateway.baseUrl, apiKey: 'sk-test-k', dialect, journal });

describe('images over the wire, in each dialect', () => {
  it("OpenAI's sends one image as input_reference { image_url }", async () => {
    const sora = client('openai');
    await lastValueFrom(sora.createVideo$({ prompt: 'a fox', images: [PNG] }));
    expect(creates).toEqual([
      {
        path: '/v1/videos',
        body: { model: 'sora-2', prompt: 'a fox', input_reference: { image_url: PNG } },
      },
    ]);
    await sora.close();
  });

  it("OpenRouter's sends frame_images and input_references", async () => {
    const sora = client('openrouter');
    await lastValueFrom(
      sora.createVideo$({ prompt: 'a fox', images: [first, 'https://cdn.test/ref.png'] }),
    );
    expect(creates).toEqual([
      {
        path: '/v1/videos',
        body: {
          model: 'openai/sora-2',
          prompt: 'a fox',
          frame_images: [
            { type: 'image_url', image_url: { url: first.url }, frame_type: 'first_frame' },
          ],
          input_references: [{ type: 'image_url', image_url: { url: 'https://cdn.test/ref.png' } }],
        },
      },
    ]);
    await sora.close();
  });

  it("the seed gateway's sends image_urls to POST /sora/videos", async () => {
    const sora = client('seed');
    await lastValueFrom(
      sora.createVideo$({ prompt: 'a fox', images: ['https://cdn.test/a.png', PNG] }),
    );
    expect(creates).toEqual([
      {
        path: '/v1/sora/videos',
        body: { model: 'sora-2', prompt: 'a fox', image_urls: ['https://cdn.test/a.png', PNG] },
      },
    ]);
    await sora.close();
  });

  it.each([
    ['openai', { images: [first, last] }, /openai dialect takes one image/],
    ['openai', { images: [last] }, /openai dialect takes no last frame/],
    ['seed', { images: [first] }, /seed dialect takes reference images only/],
    ['seed', { images: ['https://a.test/1.png', 'https://a.test/2.png', PNG, PNG] }, /at most 3/],
    ['openrouter', { images: ['/relative.png'] }, /`images\[0\]` to be an absolute http\(s\) URL/],
    ['openrouter', { remixOf: 'video_1' }, /openrouter dialect cannot remix/],
    ['seed', { remixOf: 'video_1' }, /seed dialect cannot remix/],
    ['openai', { remixOf: 'video_1', seconds: 8 }, /no `seconds` beside `remixOf`/],
    ['openai', { remixOf: '..' }, /`remixOf` to be the id of a completed video/],
  ] as const)(
    '%s throws a TypeError at the call for %j: nothing sent, nothing journalled',
    (dialect, extra, message) => {
      const journal = memoryJournal();
      const sora = client(dialect, journal);
      expect(() => sora.createVideo$({ prompt: 'a fox', ...extra })).toThrow(message);
      expect(() => sora.generate$({ prompt: 'a fox', ...extra })).toThrow(message);
      expect(gateway.requests).toHaveLength(0);
      expect(journal.records).toEqual([]);
    },
  );
});

describe('frames checked against the models list', () => {
  const listing = (frames: unknown) => ({
    data: [{ id: 'openai/sora-2', supported_durations: [4, 8], supported_frame_images: frames }],
  });

  it.each([
    [
      [],
      [first],
      /`images\[0\]` to be a frame openai\/sora-2 takes: it takes no frame images, got a first_frame/,
    ],
    [
      ['first_frame'],
      ['https://cdn.test/r.png', last],
      /`images\[1\]`.*takes only first_frame images, got a last_frame/,
    ],
  ])(
    'with supported_frame_images %j, refuses %j before the create is sent or journalled',
    async (frames, images, message) => {
      gateway.script(gatewayWith(listing(frames)));
      const journal = memoryJournal();
      const sora = client('openrouter', journal);
      const error = await errorOf(sora.createVideo$({ prompt: 'a fox', images }));
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toMatch(message);
      expect(creates).toEqual([]);
      expect(journal.records).toEqual([]);
      expect(gateway.requests.map((request) => request.url)).toEqual(['/v1/videos/models']);
      await sora.close();
    },
  );

  it.each([
    ['takes them', ['first_frame', 'last_frame']],
    ['says nothing of frames', null],
  ])('sends the frames of a model whose list %s', async (_, frames) => {
    gateway.script(gatewayWith(listing(frames)));
    const sora = client('openrouter');
    await lastValueFrom(sora.createVideo$({ prompt: 'a fox', images: [first, last] }));
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({
      frame_images: [{ frame_type: 'first_frame' }, { frame_type: 'last_frame' }],
    });
    await sora.close();
  });

  it('sends reference images to a model that takes no frames', async () => {
    gateway.script(gatewayWith(listing([])));
    const sora = client('openrouter');
    await lastValueFrom(sora.createVideo$({ prompt: 'a fox', images: ['https://cdn.test/r.png'] }));
    expect(creates).toHaveLength(1);
    await sora.close();
  });
});

describe('image inputs on the simulator', () => {
  let sim: SoraSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it.each([
    ['openai', [PNG]],
    ['openrouter', [{ url: PNG, role: 'first_frame' }, 'https://cdn.test/ref.png']],
    ['seed', ['https://cdn.test/a.png', 'https://cdn.test/b.png', PNG]],
  ] as const)('%s accepts what its dialect sends', async (dialect, images) => {
    sim = await startSoraSimulator({ dialect, timeScale: 5000, seed: 3 });
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, dialect });
    const task = await lastValueFrom(sora.createVideo$({ prompt: 'a fox', images: [...images] }));
    expect(task.id).toEqual(expect.any(String));
    expect(sim.metrics.creates).toBe(1);
    await sora.close();
  });
});
