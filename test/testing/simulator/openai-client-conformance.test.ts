import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { asyncScheduler, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../../src/client/create-sora-client.js';
import { summarizeWatch } from '../../../src/watch/watch-all.js';
import { startSim } from '../simulator-helpers.js';

/** A simulator in OpenAI's dialect and the official client pointed at it. */
async function setUp() {
  const sim = await startSim({ dialect: 'openai', startTime: 1_700_000_000_000 });
  const openai = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseUrl, maxRetries: 0 });
  return { sim, openai };
}

const DONE_MS = 20 * 60_000;

describe('the official openai client against the simulator in the openai dialect', () => {
  it('creates a video from its multipart form, with OpenAI defaults of 4 s and 720x1280', async () => {
    const { sim, openai } = await setUp();

    const video = await openai.videos.create({ prompt: 'A red fox in snow' });

    expect(video).toMatchObject({
      id: expect.stringMatching(/^video_/),
      object: 'video',
      status: 'queued',
      model: 'sora-2',
      seconds: '4',
      size: '720x1280',
      progress: 0,
      remixed_from_video_id: null,
      error: null,
    });
    expect(sim.metrics.creates).toBe(1);
  });

  it.each([
    ['4', '720x1280', 'sora-2'],
    ['8', '1280x720', 'sora-2'],
    ['12', '1792x1024', 'sora-2-pro'],
  ] as const)('accepts %s seconds at %s with %s', async (seconds, size, model) => {
    const { openai } = await setUp();

    const video = await openai.videos.create({ prompt: 'A lighthouse', seconds, size, model });

    expect(video).toMatchObject({ seconds, size, model });
  });

  it('accepts an input_reference file and a reference by URL', async () => {
    const { openai } = await setUp();
    const image = await toFile(Buffer.from('not really a png'), 'ref.png', { type: 'image/png' });

    const fromFile = await openai.videos.create({ prompt: 'Like this', input_reference: image });
    const fromUrl = await openai.videos.create({
      prompt: 'Like that',
      input_reference: { image_url: 'https://example.com/ref.png' },
    });

    expect(fromFile.status).toBe('queued');
    expect(fromUrl.status).toBe('queued');
  });

  it.each([
    ['a relative URL', { image_url: 'ref.png' }],
    ['both a URL and a file id', { image_url: 'https://example.com/ref.png', file_id: 'file_1' }],
  ])('refuses an input_reference with %s with a 400 naming it', async (_, reference) => {
    const { openai, sim } = await setUp();

    const refused = openai.videos.create({
      prompt: 'Like this',
      input_reference: reference as { image_url: string },
    });

    await expect(refused).rejects.toMatchObject({ status: 400, param: 'input_reference' });
    expect(sim.tasks.size).toBe(0);
  });

  it('refuses a length or size OpenAI does not make with a 400 in its error shape', async () => {
    const { openai } = await setUp();

    const badSeconds = openai.videos.create({
      prompt: 'x',
      seconds: '5' as '4',
    });
    const badSize = openai.videos.create({ prompt: 'x', size: '1792x1024', model: 'sora-2' });

    await expect(badSeconds).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(badSeconds).rejects.toMatchObject({
      status: 400,
      param: 'seconds',
      code: 'invalid_value',
      type: 'invalid_request_error',
    });
    await expect(badSize).rejects.toMatchObject({ status: 400, param: 'size' });
  });

  it('retrieves a video as it moves to completed, then downloads its video, thumbnail and spritesheet', async () => {
    const { sim, openai } = await setUp();
    const created = await openai.videos.create({ prompt: 'A cat surfing', seconds: '8' });

    sim.advance(DONE_MS);
    const done = await openai.videos.retrieve(created.id);
    const video = await openai.videos.downloadContent(created.id);
    const thumbnail = await openai.videos.downloadContent(created.id, { variant: 'thumbnail' });
    const sprites = await openai.videos.downloadContent(created.id, { variant: 'spritesheet' });

    expect(done).toMatchObject({ id: created.id, status: 'completed', progress: 100 });
    expect(done.completed_at).toBeGreaterThanOrEqual(done.created_at);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    const mp4 = new Uint8Array(await video.arrayBuffer());
    expect(mp4.length).toBe(sim.videoSize);
    expect(Buffer.from(mp4.subarray(4, 8)).toString('latin1')).toBe('ftyp');
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const webp = Buffer.from(await thumbnail.arrayBuffer());
    expect(webp.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(sprites.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await sprites.arrayBuffer());
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('lists videos newest first, page by page with after and limit, and in order asc', async () => {
    const { sim, openai } = await setUp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await openai.videos.create({ prompt: `Video ${i}` })).id);
      sim.advance(1000);
    }

    const first = await openai.videos.list({ limit: 2 });
    const all: string[] = [];
    for await (const video of openai.videos.list({ limit: 2 })) all.push(video.id);
    const ascending = await openai.videos.list({ order: 'asc', limit: 10 });

    expect(first.data.map((v) => v.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    expect(first.last_id).toBe(ids[3]);
    expect(all).toEqual([...ids].reverse());
    expect(ascending.data.map((v) => v.id)).toEqual(ids);
    expect(ascending.has_more).toBe(false);
  });

  it('remixes a completed video into a new one that names its source', async () => {
    const { sim, openai } = await setUp();
    const source = await openai.videos.create({ prompt: 'A fox', seconds: '12' });
    sim.advance(DONE_MS);

    const remix = await openai.videos.remix(source.id, { prompt: 'A fox, at night' });

    expect(remix).toMatchObject({
      object: 'video',
      status: 'queued',
      remixed_from_video_id: source.id,
      seconds: '12',
    });
    expect(remix.id).not.toBe(source.id);
  });

  it('refuses to remix a video that is not completed', async () => {
    const { openai } = await setUp();
    const source = await openai.videos.create({ prompt: 'A fox' });

    await expect(openai.videos.remix(source.id, { prompt: 'More' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_state',
    });
  });

  it('deletes a completed video, which is then gone', async () => {
    const { sim, openai } = await setUp();
    const video = await openai.videos.create({ prompt: 'A fox' });
    sim.advance(DONE_MS);

    const deleted = await openai.videos.delete(video.id);

    expect(deleted).toEqual({ id: video.id, object: 'video.deleted', deleted: true });
    await expect(openai.videos.retrieve(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await openai.videos.list()).data).toEqual([]);
  });

  it('answers an unknown video and an unknown variant in OpenAI error shape', async () => {
    const { openai } = await setUp();
    const video = await openai.videos.create({ prompt: 'A fox' });

    await expect(openai.videos.retrieve('video_nope')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      type: 'invalid_request_error',
    });
    await expect(
      openai.videos.downloadContent(video.id, { variant: 'poster' as 'video' }),
    ).rejects.toMatchObject({ status: 400, param: 'variant' });
    await expect(
      openai.videos.downloadContent(video.id, { variant: 'thumbnail' }),
    ).rejects.toMatchObject({ status: 404, code: 'video_not_ready' });
  });

  it('keeps the seed dialect as it was: no list, no delete, no OpenAI lengths', async () => {
    const sim = await startSim();
    const openai = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseUrl, maxRetries: 0 });
    const created = sim.createTask({ status: 'completed' });

    await expect(openai.videos.list()).rejects.toMatchObject({ status: 405 });
    await expect(openai.videos.delete(created.id)).rejects.toMatchObject({ status: 405 });
    await expect(openai.videos.create({ prompt: 'x', seconds: '4' })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('the same calls through sora-rx against the simulator in the openai dialect', () => {
  it('creates with OpenAI lengths, reads, watches, and saves the video', async () => {
    const sim = await startSim({ dialect: 'openai', startTime: 1_700_000_000_000 });
    // The client's clock is the simulator's, which reports times of 2023: on the wall clock the
    // video's `expires_at` would be long past, and its download refused.
    const scheduler = {
      now: () => sim.now(),
      schedule: asyncScheduler.schedule.bind(asyncScheduler),
    };
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, scheduler });
    const dir = await mkdtemp(join(tmpdir(), 'sora-rx-openai-'));
    try {
      const created = await lastValueFrom(
        sora.createVideo$({ prompt: 'A red fox in snow', seconds: 8, size: '1280x720' }),
      );
      sim.advance(DONE_MS);
      const read = await lastValueFrom(sora.getVideo$(created.id));
      const watched = await lastValueFrom(sora.videoStatus$(created.id));
      const saved = await lastValueFrom(sora.download$(watched, { dir }));

      expect(created).toMatchObject({ status: 'queued', seconds: '8', size: '1280x720' });
      expect(read).toMatchObject({ id: created.id, status: 'completed', progress: 100 });
      expect(watched.status).toBe('completed');
      expect(saved).toMatchObject({ done: true, bytes: sim.videoSize });
      expect((await stat(join(dir, `${created.id}.mp4`))).size).toBe(sim.videoSize);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('watches many tasks with list pages instead of one GET per task', async () => {
    const sim = await startSim({ dialect: 'openai' });
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    const ids = Array.from({ length: 30 }, () => sim.createTask({ status: 'completed' }).id);
    sim.metrics.reset();

    const summary = await lastValueFrom(sora.watchAll$(ids).pipe(summarizeWatch()));

    expect(summary.completed).toHaveLength(30);
    // One page of up to 100 videos, and no GET of any task.
    expect(sim.metrics.totalRequests).toBe(1);
    expect(sim.metrics.pollsByTask).toEqual({});
  });

  it('costs a gateway without a list (the seed dialect) one request, once', async () => {
    const sim = await startSim();
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    const first = Array.from({ length: 5 }, () => sim.createTask({ status: 'completed' }).id);
    const second = Array.from({ length: 5 }, () => sim.createTask({ status: 'completed' }).id);
    sim.metrics.reset();

    await lastValueFrom(sora.watchAll$(first).pipe(summarizeWatch()));
    const afterFirst = sim.metrics.totalRequests;
    await lastValueFrom(sora.watchAll$(second).pipe(summarizeWatch()));

    expect(afterFirst).toBe(5 + 1);
    expect(sim.metrics.totalRequests - afterFirst).toBe(5);
  });
});
