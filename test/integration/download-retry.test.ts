import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { lastValueFrom, VirtualTimeScheduler } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { errorOf } from '../helpers/observe.js';
import { type ScriptedServer, startScriptedServer, text } from '../helpers/scripted-server.js';
import { makeVideo, openFilesUnder, videoAnswer } from '../helpers/video-host.js';
import { advance, pendingWaits } from '../helpers/virtual-clock.js';

let host: ScriptedServer;
let dir: string;
useDownloadFolder('sora-rx-retry-', (folder) => (dir = folder));
const video = makeVideo(100_000);

beforeEach(async () => {
  host = await startScriptedServer();
});

/** A client of `host` whose backoff waits are a millisecond, unless `options` say otherwise. */
function clientWith(options: Partial<SoraClientOptions> = {}) {
  return createSoraClient({
    baseUrl: host.baseUrl,
    apiKey: 'sk-test-k',
    ...options,
    retry: { baseDelayMs: 1, maxDelayMs: 1, ...options.retry },
  });
}

function url(): string {
  return `${host.origin}/files/v.mp4`;
}

async function saved(): Promise<Buffer> {
  return readFile(path.join(dir, 'v.mp4'));
}

describe('download$ retrying a video host that fails', () => {
  it('retries a 503 with backoff, then saves the file', async () => {
    host.script(text('busy', 503), videoAnswer(video));

    const last = await lastValueFrom(clientWith().download$(url(), { dir }));

    expect(last).toMatchObject({ bytes: video.length, done: true });
    expect((await saved()).equals(video)).toBe(true);
    expect(host.requests).toHaveLength(2);
  });

  it('resumes with Range and If-Range where bytes were kept, after a 5xx that follows a dropped connection', async () => {
    host.script(
      videoAnswer(video, { headers: { etag: '"v1"' }, dropAfter: 50_000 }),
      text('bad gateway', 502),
      videoAnswer(video, { status: 206, start: 'requested', headers: { etag: '"v1"' } }),
    );

    await lastValueFrom(clientWith().download$(url(), { dir }));

    const range = host.requests[1]?.headers.range;
    expect(range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(host.requests.map((r) => [r.headers.range, r.headers['if-range']])).toEqual([
      [undefined, undefined],
      [range, '"v1"'],
      [range, '"v1"'],
    ]);
    expect((await saved()).equals(video)).toBe(true);
  });

  it('waits the Retry-After of a 429, clamped to retry.maxRetryAfterMs, on the client scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    host.script(text('slow down', 429, { 'retry-after': '3600' }), videoAnswer(video));
    const sora = clientWith({
      scheduler,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000, maxRetryAfterMs: 5_000 },
    });

    const done = lastValueFrom(sora.download$(url(), { dir }));
    await vi.waitFor(() => expect(pendingWaits(scheduler)).toContain(5_000));
    expect(host.requests).toHaveLength(1);
    advance(scheduler, 5_000);

    expect(await done).toMatchObject({ done: true });
    expect(host.requests).toHaveLength(2);
  });

  it("waits the client's backoff when a 5xx gives no Retry-After", async () => {
    const scheduler = new VirtualTimeScheduler();
    host.script(text('unavailable', 503), videoAnswer(video));
    // The first retry waits between 2 s and min(8 s, 2 s · 2¹) = 4 s: halfway is 3 s.
    const sora = clientWith({
      scheduler,
      retry: { baseDelayMs: 2_000, maxDelayMs: 8_000, random: () => 0.5 },
    });

    const done = lastValueFrom(sora.download$(url(), { dir }));
    await vi.waitFor(() => expect(pendingWaits(scheduler)).toContain(3_000));
    advance(scheduler, 3_000);

    expect(await done).toMatchObject({ done: true });
  });

  it.each([
    [429, { 'retry-after': '0' }],
    [429, { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    [429, { 'retry-after-ms': '0' }],
    [503, { 'retry-after': '0' }],
    [503, { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    [503, { 'retry-after-ms': '0' }],
  ])(
    'waits at least 1 s after a %i whose hint says %j, on the client scheduler',
    async (status, hint) => {
      const scheduler = new VirtualTimeScheduler();
      host.script(text('busy', status, hint), videoAnswer(video));
      // The default backoff, at its lowest jitter draw: 1 s.
      const sora = clientWith({
        scheduler,
        retry: { baseDelayMs: 1_000, maxDelayMs: 60_000, random: () => 0 },
      });

      const done = lastValueFrom(sora.download$(url(), { dir }));
      await vi.waitFor(() => expect(pendingWaits(scheduler)).toContain(1_000));
      expect(Math.min(...pendingWaits(scheduler))).toBe(1_000);
      expect(host.requests).toHaveLength(1);
      advance(scheduler, 1_000);

      expect(await done).toMatchObject({ done: true });
      expect(host.requests).toHaveLength(2);
    },
  );

  it.each([403, 410])(
    'does not retry a %i: SORA_VIDEO_EXPIRED after one request',
    async (status) => {
      host.script(text('gone', status));

      const error = await errorOf(clientWith().download$(url(), { dir }));

      expect(error).toMatchObject({ code: 'SORA_VIDEO_EXPIRED', status });
      expect(host.requests).toHaveLength(1);
    },
  );

  it('gives up after retry.maxRetries with SORA_SERVER, leaving nothing behind', async () => {
    host.script(text('down', 500));

    const error = await errorOf(clientWith({ retry: { maxRetries: 2 } }).download$(url(), { dir }));

    expect(error).toMatchObject({ code: 'SORA_SERVER', status: 500 });
    expect(host.requests).toHaveLength(3);
    expect(await readdir(dir)).toEqual([]);
  });

  it("lets the call's retry option win over the client's", async () => {
    host.script(text('down', 503), videoAnswer(video));

    const error = await errorOf(
      clientWith({ retry: { maxRetries: 5 } }).download$(url(), { dir, retry: { maxRetries: 0 } }),
    );

    expect(error).toMatchObject({ code: 'SORA_SERVER' });
    expect(host.requests).toHaveLength(1);
  });

  it('cancels the wait when unsubscribed during a backoff: no timer, no request, no file left', async () => {
    const scheduler = new VirtualTimeScheduler();
    host.script(text('busy', 503), videoAnswer(video));
    const sora = clientWith({ scheduler, retry: { baseDelayMs: 1_000, maxDelayMs: 1_000 } });
    const next = vi.fn();
    const error = vi.fn();

    const subscription = sora.download$(url(), { dir }).subscribe({ next, error });
    await vi.waitFor(() => expect(pendingWaits(scheduler)).toContain(1_000));
    subscription.unsubscribe();

    expect(scheduler.actions).toEqual([]);
    advance(scheduler, 60_000);
    expect(host.requests).toHaveLength(1);
    expect(next).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(openFilesUnder(dir)).toEqual([]));
    expect(await readdir(dir)).toEqual([]);
  });
});
