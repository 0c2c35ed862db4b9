import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouter } from '@openrouter/sdk';
import {
  BadRequestResponseError,
  ConflictResponseError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
} from '@openrouter/sdk/models/errors';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../../src/client/create-sora-client.js';
import type { SoraSimulator } from '../../../src/testing/simulator/index.js';
import { readFixture, startSim } from '../simulator-helpers.js';

/** The official SDK pointed at the simulator, with no retries that could hide an answer. */
function openRouterFor(sim: SoraSimulator): OpenRouter {
  return new OpenRouter({
    apiKey: sim.apiKey,
    serverURL: sim.baseUrl,
    retryConfig: { strategy: 'none' },
  });
}

/** Reads a stream to its end. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

describe('the official @openrouter/sdk against the simulator in the openrouter dialect', () => {
  it('submits, polls from pending through in_progress to completed, and downloads the video', async () => {
    const sim = await startSim({ dialect: 'openrouter' });
    const openRouter = openRouterFor(sim);

    const submitted = await openRouter.videoGeneration.generate({
      videoGenerationRequest: { model: 'openai/sora-2', prompt: 'A red fox in snow', duration: 8 },
    });
    const jobId = submitted.id;
    const pending = await openRouter.videoGeneration.getGeneration({ jobId });
    const job = sim.getTask(jobId);
    sim.advance((job?.startedAt ?? 0) - sim.now());
    const running = await openRouter.videoGeneration.getGeneration({ jobId });
    sim.advance((job?.finishedAt ?? 0) - sim.now());
    const done = await openRouter.videoGeneration.getGeneration({ jobId });
    const video = await openRouter.videoGeneration.getVideoContent({ jobId, index: 0 });

    expect(submitted).toEqual({
      id: expect.stringMatching(/^job-/),
      pollingUrl: `/v1/videos/${jobId}`,
      status: 'pending',
    });
    expect(pending.status).toBe('pending');
    expect(running.status).toBe('in_progress');
    expect(running.unsignedUrls).toBeUndefined();
    expect(done).toMatchObject({
      id: jobId,
      status: 'completed',
      generationId: expect.any(String),
      unsignedUrls: [`${sim.baseUrl}/videos/${jobId}/content?index=0`],
      // 8 seconds of openai/sora-2 at $0.10 a second.
      usage: { cost: 0.8, isByok: false },
    });
    expect(await readAll(video)).toEqual(await readFixture());
    expect(sim.metrics.creates).toBe(1);
    expect(sim.metrics.pollsByTask[jobId]).toBe(3);
  });

  it('answers a create with a 202 and the job in its three fields', async () => {
    const sim = await startSim({ dialect: 'openrouter' });

    const res = await fetch(`${sim.baseUrl}/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/sora-2-pro', prompt: 'A lighthouse', duration: 12 }),
    });

    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string };
    expect(body).toEqual({ id: body.id, polling_url: `/v1/videos/${body.id}`, status: 'pending' });
    expect(sim.getTask(body.id)).toMatchObject({ model: 'openai/sora-2-pro', seconds: 12 });
  });

  it('lists the Sora video models with their durations, sizes and resolutions', async () => {
    const sim = await startSim({ dialect: 'openrouter' });

    const models = await openRouterFor(sim).videoGeneration.listVideosModels();

    expect(models.data.map((model) => model.id)).toEqual(['openai/sora-2', 'openai/sora-2-pro']);
    expect(models.data[0]).toMatchObject({
      canonicalSlug: expect.stringMatching(/^openai\/sora-2-/),
      supportedDurations: [4, 8, 12],
      supportedSizes: ['720x1280', '1280x720'],
      supportedFrameImages: ['first_frame'],
    });
    expect(models.data[1]?.supportedResolutions).toContain('1080p');
    // The list is not a job: nothing was created or polled.
    expect(sim.metrics.creates).toBe(0);
    expect(sim.metrics.pollsByTask).toEqual({});
  });

  it('takes a first frame and a reference image from the SDK', async () => {
    const sim = await startSim({ dialect: 'openrouter' });

    const job = await openRouterFor(sim).videoGeneration.generate({
      videoGenerationRequest: {
        model: 'openai/sora-2',
        prompt: 'The fox runs off',
        frameImages: [
          {
            type: 'image_url',
            imageUrl: { url: 'https://cdn.test/fox.png' },
            frameType: 'first_frame',
          },
        ],
        inputReferences: [{ type: 'image_url', imageUrl: { url: 'https://cdn.test/woods.png' } }],
      },
    });

    expect(job.status).toBe('pending');
    expect(sim.metrics.creates).toBe(1);
  });

  const frame = (url: string, frameType: string) => ({
    type: 'image_url',
    image_url: { url },
    frame_type: frameType,
  });

  it.each([
    ['no model', { prompt: 'A fox' }, /'model' is required/],
    [
      'a last frame the model does not take',
      {
        model: 'openai/sora-2',
        prompt: 'A fox',
        frame_images: [frame('https://cdn.test/a.png', 'last_frame')],
      },
      /does not support last_frame images. Supported: first_frame/,
    ],
    [
      'two first frames',
      {
        model: 'openai/sora-2',
        prompt: 'A fox',
        frame_images: [
          frame('https://cdn.test/a.png', 'first_frame'),
          frame('https://cdn.test/b.png', 'first_frame'),
        ],
      },
      /Only one first_frame/,
    ],
    [
      'a frame image that is a bare URL',
      { model: 'openai/sora-2', prompt: 'A fox', frame_images: ['https://cdn.test/a.png'] },
      /'frame_images\[0\]' must be/,
    ],
    [
      'a frame image without a frame type',
      {
        model: 'openai/sora-2',
        prompt: 'A fox',
        frame_images: [{ type: 'image_url', image_url: { url: 'https://cdn.test/a.png' } }],
      },
      /frame_type' must be/,
    ],
    [
      'a reference whose URL is no URL',
      {
        model: 'openai/sora-2',
        prompt: 'A fox',
        input_references: [{ type: 'image_url', image_url: { url: 'fox.png' } }],
      },
      /'input_references\[0\]' must be/,
    ],
    ['a model that makes no video', { model: 'openai/gpt-5', prompt: 'A fox' }, /not a video/],
    [
      'a duration that is not an integer',
      { model: 'openai/sora-2', prompt: 'A fox', duration: 4.5 },
      /positive integer/,
    ],
    [
      'a duration of zero',
      { model: 'openai/sora-2', prompt: 'A fox', duration: 0 },
      /positive integer/,
    ],
    [
      'a duration the model does not make',
      { model: 'openai/sora-2', prompt: 'A fox', duration: 10 },
      /Supported: 4, 8, 12/,
    ],
    [
      'a size of the pro model only',
      { model: 'openai/sora-2', prompt: 'A fox', size: '1792x1024' },
      /size/,
    ],
  ])('refuses a create with %s with a 400 in OpenRouter error shape', async (_, body, message) => {
    const sim = await startSim({ dialect: 'openrouter' });

    const res = await fetch(`${sim.baseUrl}/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: number; message: string } };
    expect(error.code).toBe(400);
    expect(error.message).toMatch(message);
    expect(sim.tasks.size).toBe(0);
  });

  it('gives the SDK its own errors: a refused create, and content asked for too early', async () => {
    const sim = await startSim({ dialect: 'openrouter' });
    const openRouter = openRouterFor(sim);
    const job = await openRouter.videoGeneration.generate({
      videoGenerationRequest: { model: 'openai/sora-2', prompt: 'A fox' },
    });

    const refused = openRouter.videoGeneration.generate({
      videoGenerationRequest: { model: 'openai/sora-2', prompt: 'A fox', duration: 7 },
    });
    await expect(refused).rejects.toBeInstanceOf(BadRequestResponseError);
    await expect(refused).rejects.toMatchObject({ error: { code: 400 } });
    await expect(
      openRouter.videoGeneration.getVideoContent({ jobId: job.id }),
    ).rejects.toBeInstanceOf(ConflictResponseError);
  });

  it('refuses a wrong key and a request over the rate limit in errors the SDK knows', async () => {
    const sim = await startSim({ dialect: 'openrouter' });
    const wrongKey = new OpenRouter({
      apiKey: 'sk-or-wrong',
      serverURL: sim.baseUrl,
      retryConfig: { strategy: 'none' },
    });
    const unauthorized = wrongKey.videoGeneration.getGeneration({ jobId: 'job-1' });
    await expect(unauthorized).rejects.toBeInstanceOf(UnauthorizedResponseError);
    await expect(unauthorized).rejects.toMatchObject({ error: { code: 401 } });

    sim.setFaults({ rateLimit: { maxRequestsPerSecond: 0 } });
    const limited = openRouterFor(sim).videoGeneration.generate({
      videoGenerationRequest: { model: 'openai/sora-2', prompt: 'A fox' },
    });
    await expect(limited).rejects.toBeInstanceOf(TooManyRequestsResponseError);
    await expect(limited).rejects.toMatchObject({ error: { code: 429 } });
  });
});

describe('the same work through sora-rx against the simulator in the openrouter dialect', () => {
  it('generates to completed, downloads the sample, and keeps the cost on the task', async () => {
    const sim = await startSim({ dialect: 'openrouter', clock: 'system', timeScale: 5000 });
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      dialect: 'openrouter',
      // The 4 s job takes 2–5 simulated minutes: tens of real milliseconds at 5000×.
      poll: { intervalMs: 20, jitter: 0, ageAware: false, minHintMs: 20 },
    });
    const dir = await mkdtemp(join(tmpdir(), 'sora-rx-openrouter-'));
    try {
      const tasks = await lastValueFrom(
        sora.generate$({ prompt: 'A red fox in snow', seconds: 4 }).pipe(toArray()),
      );
      const done = tasks.at(-1);
      if (done === undefined) throw new Error('generate$ emitted no task');
      const saved = await lastValueFrom(sora.download$(done, { dir }));

      expect(tasks[0]?.status).toBe('queued');
      expect(done.status).toBe('completed');
      expect(sim.getTask(done.id)).toMatchObject({ model: 'openai/sora-2', seconds: 4 });
      // 4 seconds of openai/sora-2 at $0.10 a second, kept on the task as sent.
      expect((done as { usage?: unknown }).usage).toEqual({ cost: 0.4, is_byok: false });
      expect(saved).toMatchObject({ done: true, bytes: sim.videoSize });
      const file = await readFile(join(dir, `${done.id}.mp4`));
      expect(new Uint8Array(file)).toEqual(await readFixture());
      expect(sim.metrics.downloads).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
