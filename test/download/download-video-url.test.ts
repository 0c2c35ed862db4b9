import { readdir, readFile } from 'node:fs/promises';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { startScriptedServer } from '../helpers/scripted-server.js';
import { videoAnswer } from '../helpers/video-host.js';

const KEY = 'sk-url-test-123456';
const video = await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));
let dir: string;
useDownloadFolder('sora-rx-download-url-', (folder) => (dir = folder));

const serveVideo = videoAnswer(video);

function completed(videoUrl: string | null, id = 'sora_url1'): VideoTask {
  return {
    id,
    object: 'video.generation',
    created: 1,
    model: 'sora-2',
    status: 'completed',
    video_url: videoUrl,
    error: null,
  };
}

describe('download$ and the video_url a server sends', () => {
  it.each([
    ['/files/v1.mp4', '/files/v1.mp4'],
    ['files/v1.mp4', '/v1/files/v1.mp4'],
    ['./files/v1.mp4?sig=abc', '/v1/files/v1.mp4?sig=abc'],
  ])(
    'resolves the relative video_url %j against baseUrl, on the API origin with the key',
    async (videoUrl, requested) => {
      const api = await startScriptedServer(serveVideo);
      const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

      const last = await lastValueFrom(sora.download$(completed(videoUrl), { dir }));

      expect(last).toMatchObject({ done: true, bytes: video.length });
      expect(api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
        [requested, `Bearer ${KEY}`],
      ]);
    },
  );

  it('sends no key to the host of a protocol-relative video_url', async () => {
    const api = await startScriptedServer(serveVideo);
    const cdn = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    await lastValueFrom(sora.download$(completed(`//${new URL(cdn.origin).host}/v.mp4`), { dir }));

    expect(api.requests).toEqual([]);
    expect(cdn.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v.mp4', undefined],
    ]);
  });

  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['a URL that cannot be parsed', 'http://exa mple.com:99999/v.mp4'],
  ])('fails with SORA_INVALID_VIDEO_URL, not a crash, for %s', async (_name, videoUrl) => {
    const api = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    const error = await lastValueFrom(sora.download$(completed(videoUrl), { dir })).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'SORA_INVALID_VIDEO_URL', retryable: false });
    expect(api.requests).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['ftp://files.example/v.mp4?X-Amz-Signature=secret', 'ftp://files.example/v.mp4'],
    ['file:///etc/passwd?secret', 'file:///etc/passwd'],
    ['data:video/mp4;base64,AAAAIGZ0eXBpc29t', 'data:'],
    ['javascript:alert(1)//?secret', 'javascript:'],
  ])(
    'refuses the non-http video_url %j with a non-retryable SORA_INVALID_VIDEO_URL that shows no query',
    async (videoUrl, shown) => {
      const api = await startScriptedServer(serveVideo);
      const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

      const error = await lastValueFrom(sora.download$(completed(videoUrl), { dir })).catch(
        (e: unknown) => e,
      );

      expect(error).toMatchObject({ code: 'SORA_INVALID_VIDEO_URL', retryable: false });
      const { message, url } = error as { message: string; url: string };
      expect(url.startsWith(shown)).toBe(true);
      expect(message).toContain(shown);
      expect(message).not.toContain('secret');
      expect(message).not.toContain('null');
      expect(api.requests).toEqual([]);
    },
  );

  it('refuses a redirect to a non-http URL with SORA_INVALID_VIDEO_URL, without retrying it', async () => {
    const cdn = await startScriptedServer((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd?sig=secret' }).end();
    });
    const sora = createSoraClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY });

    const error = await lastValueFrom(sora.download$(`${cdn.origin}/v.mp4`, { dir })).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'SORA_INVALID_VIDEO_URL', url: 'file:///etc/passwd' });
    expect((error as Error).message).not.toContain('secret');
    expect(cdn.requests).toHaveLength(1);
  });

  it('still throws a TypeError at once for a URL string the caller passes that is not absolute http(s)', () => {
    const sora = createSoraClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY });
    expect(() => sora.download$('/files/v1.mp4', { dir })).toThrow(TypeError);
    expect(() => sora.download$('ftp://files.example/v.mp4', { dir })).toThrow(TypeError);
  });
});
