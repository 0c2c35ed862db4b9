import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { DownloadOptions } from '../../src/download/download-types.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { type ScriptedHandler, startScriptedServer } from '../helpers/scripted-server.js';
import { videoAnswer } from '../helpers/video-host.js';

const KEY = 'sk-variant-test-123456';
const video = await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));
/** The start of a WebP file: not an MP4, so the video check would refuse it. */
const webp = Buffer.concat([
  Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'),
  Buffer.alloc(32, 7),
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40, 9)]);
let dir: string;
useDownloadFolder('sora-rx-variant-', (folder) => (dir = folder));

function completed(videoUrl: string | null = null): VideoTask {
  return {
    id: 'sora_v1',
    object: 'video.generation',
    created: 1,
    model: 'sora-2',
    status: 'completed',
    video_url: videoUrl,
    error: null,
  };
}

function image(bytes: Buffer, contentType: string): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
    res.end(bytes);
  };
}

describe('download$ with variant and index', () => {
  it('asks the content endpoint for the thumbnail with the key, and saves the image as it comes', async () => {
    const api = await startScriptedServer(image(webp, 'image/webp'));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    const events = await lastValueFrom(
      sora.download$(completed(), { dir, variant: 'thumbnail' }).pipe(toArray()),
    );

    expect(api.requests.map((r) => r.url)).toEqual([
      '/v1/videos/sora_v1/content?variant=thumbnail',
    ]);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.requests[0]?.headers.accept).toMatch(/^image\/webp/);
    const file = path.join(dir, 'sora_v1.thumbnail.webp');
    expect(events.at(-1)).toEqual({
      file,
      bytes: webp.length,
      totalBytes: webp.length,
      done: true,
    });
    expect(await readFile(file)).toEqual(webp);
    expect(await readdir(dir)).toEqual(['sora_v1.thumbnail.webp']);
  });

  it('still checks the video itself: the same bytes without a variant are refused', async () => {
    const api = await startScriptedServer(image(webp, 'video/mp4'));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    const error = await lastValueFrom(sora.download$(completed(), { dir })).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'SORA_INVALID_VIDEO' });
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_v1/content']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('continues a kept part of an image with Range, though it does not start like an MP4', async () => {
    const api = await startScriptedServer(videoAnswer(webp, { status: 206, start: 'requested' }));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });
    const file = path.join(dir, 'sora_v1.thumbnail.webp');
    await writeFile(`${file}.part`, webp.subarray(0, 10));

    await lastValueFrom(
      sora.download$(completed(), { dir, variant: 'thumbnail', keepPartial: true }),
    );

    expect(api.requests.map((r) => [r.url, r.headers.range])).toEqual([
      ['/v1/videos/sora_v1/content?variant=thumbnail', 'bytes=10-'],
    ]);
    expect(await readFile(file)).toEqual(webp);
  });

  it('records only the video in the journal, not a thumbnail or another output', async () => {
    const api = await startScriptedServer(image(webp, 'image/webp'));
    const journal = memoryJournal();
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY, journal });

    await lastValueFrom(sora.download$(completed(), { dir, variant: 'thumbnail' }));
    api.script(videoAnswer(video));
    await lastValueFrom(sora.download$(completed(), { dir, index: 1 }));
    expect(journal.records.filter((r) => r.type === 'saved')).toEqual([]);

    await lastValueFrom(sora.download$(completed(), { dir }));
    expect(journal.records.filter((r) => r.type === 'saved')).toMatchObject([
      { id: 'sora_v1', file: path.join(dir, 'sora_v1.mp4') },
    ]);
  });

  it('fetches the spritesheet from the content endpoint even when the task has a video_url', async () => {
    const cdn = await startScriptedServer(videoAnswer(video));
    const api = await startScriptedServer(image(jpeg, 'image/jpeg'));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    await lastValueFrom(
      sora.download$(completed(`${cdn.origin}/v.mp4`), { dir, variant: 'spritesheet' }),
    );

    expect(cdn.requests).toEqual([]);
    expect(api.requests.map((r) => r.url)).toEqual([
      '/v1/videos/sora_v1/content?variant=spritesheet',
    ]);
    expect(await readFile(path.join(dir, 'sora_v1.spritesheet.jpg'))).toEqual(jpeg);
  });

  it('sends the key to the API only, not to the host the content endpoint redirects to', async () => {
    const cdn = await startScriptedServer(image(webp, 'image/webp'));
    const api = await startScriptedServer((_req, res) => {
      res.writeHead(302, { location: `${cdn.origin}/thumbs/sora_v1.webp?sig=abc` }).end();
    });
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    await lastValueFrom(sora.download$(completed(), { dir, variant: 'thumbnail' }));

    expect(api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/videos/sora_v1/content?variant=thumbnail', `Bearer ${KEY}`],
    ]);
    expect(cdn.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/thumbs/sora_v1.webp?sig=abc', undefined],
    ]);
    expect(await readFile(path.join(dir, 'sora_v1.thumbnail.webp'))).toEqual(webp);
  });

  it('fetches output 1 with ?index=1, beside the video, still checked as an MP4', async () => {
    const cdn = await startScriptedServer(videoAnswer(video));
    const api = await startScriptedServer(videoAnswer(video));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    await lastValueFrom(sora.download$(completed(`${cdn.origin}/v.mp4`), { dir, index: 1 }));
    await lastValueFrom(sora.download$(completed(`${cdn.origin}/v.mp4`), { dir }));

    expect(api.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_v1/content?index=1']);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(cdn.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v.mp4', undefined],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['sora_v1.mp4', 'sora_v1~index-1.mp4']);
    expect(await readFile(path.join(dir, 'sora_v1~index-1.mp4'))).toEqual(video);

    api.script(image(jpeg, 'video/mp4'));
    const error = await lastValueFrom(sora.download$(completed(), { dir, index: 2 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SORA_INVALID_VIDEO' });
  });

  it.each([
    [{ variant: 'video' as const }, '/v1/videos/sora_v1/content?variant=video', 'sora_v1.mp4'],
    [{ index: 0 }, '/v1/videos/sora_v1/content?index=0', 'sora_v1~index-0.mp4'],
    [
      { variant: 'thumbnail' as const, index: 1 },
      '/v1/videos/sora_v1/content?variant=thumbnail&index=1',
      'sora_v1~index-1.thumbnail.webp',
    ],
    [{}, '/v1/videos/sora_v1/content', 'sora_v1.mp4'],
    [{ variant: undefined, index: undefined }, '/v1/videos/sora_v1/content', 'sora_v1.mp4'],
  ] satisfies [Pick<DownloadOptions, 'variant' | 'index'>, string, string][])(
    'sends exactly what was set: %j asks for %s',
    async (choice: Pick<DownloadOptions, 'variant' | 'index'>, url, name) => {
      const api = await startScriptedServer(
        choice.variant === 'thumbnail' ? image(webp, 'image/webp') : videoAnswer(video),
      );
      const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

      await lastValueFrom(sora.download$(completed(), { dir, ...choice }));

      expect(api.requests.map((r) => r.url)).toEqual([url]);
      expect(await readdir(dir)).toEqual([name]);
    },
  );

  it('keeps to the video_url for variant "video" without an index', async () => {
    const cdn = await startScriptedServer(videoAnswer(video));
    const api = await startScriptedServer(videoAnswer(video));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    await lastValueFrom(
      sora.download$(completed(`${cdn.origin}/v.mp4`), { dir, variant: 'video' }),
    );

    expect(api.requests).toEqual([]);
    expect(cdn.requests.map((r) => r.url)).toEqual(['/v.mp4']);
  });

  it.each([
    [{ variant: 'poster' }, /`variant`.*"poster"/],
    [{ variant: 'THUMBNAIL' }, /`variant`/],
    [{ variant: null }, /`variant`/],
    [{ index: -1 }, /`index`.*-1/],
    [{ index: 1.5 }, /`index`.*1\.5/],
    [{ index: '1' }, /`index`.*"1"/],
    [{ index: Number.NaN }, /`index`/],
    [{ index: Number.POSITIVE_INFINITY }, /`index`/],
    [{ index: 2 ** 60 }, /`index`/],
  ])('refuses %j with a TypeError naming the option, before any request', async (bad, message) => {
    const api = await startScriptedServer(videoAnswer(video));
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    expect(() => sora.download$(completed(), { dir, ...(bad as object) })).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(message) }),
    );
    expect(api.requests).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses variant or index with a URL, which the content endpoint does not serve', async () => {
    const cdn = await startScriptedServer(videoAnswer(video));
    const sora = createSoraClient({ baseUrl: `${cdn.origin}/v1`, apiKey: KEY });

    expect(() => sora.download$(`${cdn.origin}/v.mp4`, { dir, variant: 'thumbnail' })).toThrow(
      /`variant` or `index`/,
    );
    expect(() => sora.download$(`${cdn.origin}/v.mp4`, { dir, index: 0 })).toThrow(TypeError);
    expect(cdn.requests).toEqual([]);
  });
});
