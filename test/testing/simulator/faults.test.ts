import { describe, expect, it } from 'vitest';
import { api, createVideo, postVideo, startSim, until } from '../simulator-helpers.js';

describe('startSoraSimulator: faults', () => {
  it('answers 429 with Retry-After above the rate limit, until the window moves on', async () => {
    const sim = await startSim({
      faults: { rateLimit: { maxRequestsPerSecond: 2, retryAfterMs: true } },
    });
    sim.createTask({ id: 't' });

    const first = await Promise.all([1, 2, 3].map(() => api(sim, '/videos/t')));
    sim.advance(400);
    const stillLimited = await api(sim, '/videos/t');
    sim.advance(600);
    const afterWindow = await api(sim, '/videos/t');

    expect(first.map((res) => res.status).sort()).toEqual([200, 200, 429]);
    const refused = first.find((res) => res.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.headers.get('retry-after-ms')).toBe('1000');
    expect(await refused?.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers.get('retry-after-ms')).toBe('600');
    expect(afterWindow.status).toBe(200);
    expect(sim.metrics.faults.rateLimited).toBe(2);
  });

  it('sends a fixed Retry-After as an HTTP date when asked', async () => {
    const sim = await startSim({
      faults: {
        rateLimit: { maxRequestsPerSecond: 0, retryAfter: 'http-date', retryAfterSeconds: 259_200 },
      },
    });

    const res = await api(sim, '/videos/t');
    const retryAt = Date.parse(res.headers.get('retry-after') ?? '');

    expect(res.status).toBe(429);
    expect(retryAt - Date.now()).toBeGreaterThan(259_000_000);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(259_200_000);
  });

  it('answers 5xx JSON errors with serverErrorRate 1, from the configured statuses', async () => {
    const sim = await startSim({ faults: { serverErrorRate: 1, serverErrorStatuses: [503] } });

    const res = await postVideo(sim, { model: 'sora-2', prompt: 'x' });

    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { type: 'server_error' } });
    expect(sim.metrics.faults.serverError).toBe(1);
    expect(sim.metrics.creates).toBe(1);
    expect(sim.tasks.size).toBe(0);
  });

  it('answers 5xx HTML pages when asked', async () => {
    const sim = await startSim({
      faults: { serverErrorRate: 1, serverErrorStatuses: [502], serverErrorBody: 'html' },
    });

    const res = await api(sim, '/videos/t');

    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<html>');
  });

  it('draws 5xx answers for about the share asked', async () => {
    const sim = await startSim({ faults: { serverErrorRate: 0.3 } });

    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push((await fetch(`${sim.origin}/x`)).status);
    const errors = statuses.filter((status) => status >= 500).length;

    expect(errors).toBeGreaterThan(15);
    expect(errors).toBeLessThan(45);
    expect(sim.metrics.faults.serverError).toBe(errors);
  });

  it('drops connections without an answer with dropRate 1', async () => {
    const sim = await startSim({ faults: { dropRate: 1 } });

    await expect(api(sim, '/videos/t')).rejects.toThrow(TypeError);
    expect(sim.metrics.faults.dropped).toBe(1);
  });

  it('answers slowly with slowRate 1, and close() cancels the wait', async () => {
    const sim = await startSim({ faults: { slowRate: 1, slowDelayMs: 60_000 } });

    const pending = api(sim, '/videos/t').catch((error: unknown) => error);
    await until(() => sim.metrics.inFlight === 1);
    await sim.close();

    expect(await pending).toBeInstanceOf(TypeError);
    expect(sim.metrics.faults.slow).toBe(1);
  });

  it('answers after the delay with slowRate 1 and a short delay', async () => {
    const sim = await startSim({ faults: { slowRate: 1, slowDelayMs: 5 } });
    sim.createTask({ id: 't' });

    const res = await api(sim, '/videos/t');

    expect(res.status).toBe(200);
    expect(sim.metrics.faults.slow).toBe(1);
  });

  it('cuts JSON bodies short with malformedJsonRate 1', async () => {
    const sim = await startSim({ faults: { malformedJsonRate: 1 } });
    sim.createTask({ id: 't' });

    const res = await api(sim, '/videos/t');
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(text.startsWith('{"id":"t"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('answers HTML pages with status 200 with htmlBodyRate 1', async () => {
    const sim = await startSim({ faults: { htmlBodyRate: 1 } });

    const res = await postVideo(sim, { model: 'sora-2', prompt: 'x' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    expect(sim.metrics.faults.htmlBody).toBe(1);
  });

  it('shows an unknown status on polls with unknownStatusRate 1, but not on create', async () => {
    const sim = await startSim({ faults: { unknownStatusRate: 1, unknownStatus: 'NOT_START' } });

    const created = await createVideo(sim);
    const polled = (await (await api(sim, `/videos/${String(created.id)}`)).json()) as {
      status: string;
    };

    expect(created.status).toBe('queued');
    expect(polled.status).toBe('NOT_START');
  });

  it('fails created tasks partway through with failRate 1, in the seed dialect', async () => {
    const sim = await startSim({ faults: { failRate: 1 } });
    const { id } = (await createVideo(sim)) as { id: string };
    const task = sim.getTask(id);
    if (task === undefined) throw new Error('no task');

    sim.advance(task.finishedAt - sim.now());
    const body = await (await api(sim, `/videos/${id}`)).json();

    expect(body).toMatchObject({
      status: 'failed',
      video_url: null,
      error: 'Your request was blocked by our moderation system.',
    });
    expect(sim.getTask(id)?.progress).toBeGreaterThanOrEqual(19);
    expect(sim.getTask(id)?.progress).toBeLessThan(80);
    expect(sim.metrics.faults.failedTask).toBe(1);
  });

  it('fails created tasks with an error object in the openai dialect', async () => {
    const sim = await startSim({
      dialect: 'openai',
      faults: { failRate: 1, failError: { code: 'moderation_blocked', message: 'Blocked.' } },
    });
    const { id } = (await createVideo(sim)) as { id: string };

    sim.advance(20 * 60_000);
    const body = await (await api(sim, `/videos/${id}`)).json();

    expect(body).toMatchObject({
      status: 'failed',
      error: { code: 'moderation_blocked', message: 'Blocked.' },
    });
  });

  it('changes faults at run time with setFaults and clears them with clearFaults', async () => {
    const sim = await startSim();
    sim.createTask({ id: 't' });

    const before = await api(sim, '/videos/t');
    sim.setFaults({ serverErrorRate: 1, serverErrorStatuses: [500] });
    const during = await api(sim, '/videos/t');
    sim.setFaults({ slowDelayMs: 1 });
    const merged = sim.faults;
    sim.clearFaults();
    const after = await api(sim, '/videos/t');

    expect([before.status, during.status, after.status]).toEqual([200, 500, 200]);
    expect(merged.serverErrorRate).toBe(1);
    expect(merged.slowDelayMs).toBe(1);
    expect(sim.faults.serverErrorRate).toBe(0);
  });

  it('rejects invalid faults with a message naming the field', async () => {
    const sim = await startSim();

    expect(() => sim.setFaults({ rateLimit: { maxRequestsPerSecond: -1 } })).toThrow(
      /`faults.rateLimit.maxRequestsPerSecond`/,
    );
    expect(() => sim.setFaults({ serverErrorStatuses: [404] })).toThrow(
      /`faults.serverErrorStatuses`/,
    );
  });
});
