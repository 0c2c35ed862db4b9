import { describe, expect, it } from 'vitest';
import { startSoraSimulator } from '../../../src/testing/simulator/index.js';
import { api, createVideo, postVideo, startSim } from '../simulator-helpers.js';

describe('startSoraSimulator: the API', () => {
  it('listens on 127.0.0.1 with a random sim_ key and a /v1 base URL', async () => {
    const sim = await startSim();

    expect(sim.baseUrl).toBe(`http://127.0.0.1:${sim.port}/v1`);
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.apiKey).toMatch(/^sim_[0-9a-f]{32}$/);
  });

  it('creates a queued task and reads it back in the seed shape', async () => {
    const sim = await startSim({ startTime: Date.UTC(2025, 9, 28, 7, 11, 18) });

    const created = await createVideo(sim, { model: 'sora-2', prompt: 'A cat surfing' });
    const res = await api(sim, `/videos/${String(created.id)}`);

    expect(created).toEqual({
      id: expect.stringMatching(/^sora_[0-9a-f]{12}$/),
      object: 'video.generation',
      created: 1761635478,
      model: 'sora-2',
      status: 'queued',
      video_url: null,
      error: null,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.has('openai-poll-after-ms')).toBe(false);
    expect(await res.json()).toEqual(created);
  });

  it("creates at the seed gateway's documented path, POST /sora/videos, as at /videos", async () => {
    const sim = await startSim();

    const res = await api(sim, '/sora/videos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sora-2', prompt: 'A cat surfing', seconds: 10 }),
    });
    const created = (await res.json()) as { id: string; status: string };
    expect(res.status).toBe(200);
    expect(created.status).toBe('queued');
    expect((await api(sim, `/videos/${created.id}`)).status).toBe(200);
    expect((await api(sim, '/sora/videos')).status).toBe(405);
  });

  it('creates and reads tasks in the openai shape, with a poll-after header on reads', async () => {
    const sim = await startSim({
      dialect: 'openai',
      pollAfterMs: 2500,
      startTime: 1_700_000_000_000,
    });

    const created = await createVideo(sim, {
      model: 'sora-2-pro',
      prompt: 'A dog',
      seconds: '25',
      size: '720x1280',
    });
    const res = await api(sim, `/videos/${String(created.id)}`);

    expect(created).toEqual({
      id: expect.stringMatching(/^video_[0-9a-f]{32}$/),
      object: 'video',
      created_at: 1_700_000_000,
      completed_at: null,
      expires_at: null,
      model: 'sora-2-pro',
      status: 'queued',
      progress: 0,
      seconds: '25',
      size: '720x1280',
      remixed_from_video_id: null,
      error: null,
    });
    expect(res.headers.get('openai-poll-after-ms')).toBe('2500');
    expect(await res.json()).toEqual(created);
    expect(created).not.toHaveProperty('video_url');
  });

  it('refuses /v1 requests without the key, or with a wrong one, with 401', async () => {
    const sim = await startSim({ apiKey: 'sk-test' });

    const missing = await fetch(`${sim.baseUrl}/videos/sora_x`);
    const wrong = await api(sim, '/videos/sora_x', { headers: { authorization: 'Bearer nope' } });
    const right = await api(sim, '/videos/sora_x');

    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { message: 'Incorrect API key provided.' } });
    expect(right.status).toBe(404);
  });

  it('answers 404 with a JSON error for unknown ids and unknown routes', async () => {
    const sim = await startSim();

    const task = await api(sim, '/videos/sora_nope');
    const route = await api(sim, '/images');
    const outside = await fetch(`${sim.origin}/elsewhere`);

    expect(task.status).toBe(404);
    expect(await task.json()).toMatchObject({
      error: { message: expect.stringContaining('sora_nope') },
    });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ error: { code: 'unknown_url' } });
    expect(outside.status).toBe(404);
  });

  it('answers 405 with Allow for a wrong method', async () => {
    const sim = await startSim();

    const list = await api(sim, '/videos');
    const remove = await api(sim, '/videos/sora_x', { method: 'DELETE' });

    expect(list.status).toBe(405);
    expect(list.headers.get('allow')).toBe('POST');
    expect(remove.status).toBe(405);
    expect(remove.headers.get('allow')).toBe('GET');
  });

  it('percent-decodes ids in the path', async () => {
    const sim = await startSim();
    sim.createTask({ id: 'job/1 ü' });

    const res = await api(sim, `/videos/${encodeURIComponent('job/1 ü')}`);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'job/1 ü' });
  });

  it.each([
    ['an empty prompt', { model: 'sora-2', prompt: ' ' }, 'prompt'],
    ['no prompt', { model: 'sora-2' }, 'prompt'],
    ['no model', { prompt: 'x' }, 'model'],
    ['a length of 20 s', { model: 'sora-2', prompt: 'x', seconds: 20 }, 'seconds'],
    ['a length of "abc"', { model: 'sora-2', prompt: 'x', seconds: 'abc' }, 'seconds'],
    ['25 s without sora-2-pro', { model: 'sora-2', prompt: 'x', seconds: 25 }, 'seconds'],
    ['a size of "big"', { model: 'sora-2', prompt: 'x', size: 'big' }, 'size'],
    [
      'four image_urls',
      {
        model: 'sora-2',
        prompt: 'x',
        image_urls: ['a', 'b', 'c', 'd'].map((n) => `https://i.test/${n}`),
      },
      'image_urls',
    ],
    [
      'an image_urls that is a string',
      { model: 'sora-2', prompt: 'x', image_urls: 'https://i.test/a' },
      'image_urls',
    ],
    [
      'an input_reference[] of no URL',
      { model: 'sora-2', prompt: 'x', input_reference: ['a.png'] },
      'input_reference',
    ],
    ['an array body', [], null],
  ])('answers 400 with an invalid_request_error for %s', async (_name, body, param) => {
    const sim = await startSim();

    const res = await postVideo(sim, body);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: expect.any(String),
        type: 'invalid_request_error',
        param,
        code: 'invalid_value',
      },
    });
    expect(sim.tasks.size).toBe(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const sim = await startSim();

    const res = await postVideo(sim, '{"model": ');

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('accepts up to 3 image URLs as image_urls or input_reference', async () => {
    const sim = await startSim();
    const urls = ['https://i.test/a.png', 'https://i.test/b.png', 'data:image/png;base64,iVBORw0K'];

    await createVideo(sim, { model: 'sora-2', prompt: 'a', image_urls: urls });
    await createVideo(sim, { model: 'sora-2', prompt: 'b', input_reference: urls.slice(0, 1) });

    expect(sim.tasks.size).toBe(2);
  });

  it('accepts seconds as numbers or strings, and defaults them to 10', async () => {
    const sim = await startSim();

    await createVideo(sim, { model: 'sora-2', prompt: 'a', seconds: '15' });
    await createVideo(sim, { model: 'sora-2-pro', prompt: 'b', seconds: 25 });
    await createVideo(sim, { model: 'sora-2', prompt: 'c' });

    expect([...sim.tasks.values()].map((task) => task.seconds)).toEqual([15, 25, 10]);
  });

  it.each([
    [{ dialect: 'xml' }, /`dialect`/],
    [{ timeScale: -5 }, /Expected `timeScale` to be a positive number, got -5/],
    [{ port: 70_000 }, /`port`/],
    [{ videoBytes: 10 }, /`videoBytes`/],
    [{ faults: { dropRate: 2 } }, /`faults.dropRate` to be between 0 and 1, got 2/],
  ])('rejects the invalid option %o with a message naming it', async (options, message) => {
    await expect(startSoraSimulator(options as never)).rejects.toThrow(message);
  });
});
