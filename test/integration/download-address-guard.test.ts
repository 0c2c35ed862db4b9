import { readdir, readFile } from 'node:fs/promises';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';
import { videoAnswer } from '../helpers/video-host.js';

const KEY = 'sk-guard-test-123456';
const video = await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));
let dir: string;
useDownloadFolder('sora-rx-guard-', (folder) => (dir = folder));

const serveVideo = videoAnswer(video);

function completed(videoUrl: string | null): VideoTask {
  return {
    id: 'sora_guard1',
    object: 'video.generation',
    created: 1,
    model: 'sora-2',
    status: 'completed',
    video_url: videoUrl,
    error: null,
  };
}

const portOf = (server: ScriptedServer) => new URL(server.origin).port;

async function downloadError(sora: ReturnType<typeof createSoraClient>, task: VideoTask) {
  return lastValueFrom(sora.download$(task, { dir, allowPrivateAddresses: false })).catch(
    (error: unknown) => error,
  );
}

describe('download$ with allowPrivateAddresses: false', () => {
  it.each([
    [
      'a loopback address',
      (port: string) => `http://127.0.0.1:${port}/v.mp4?sig=secret`,
      '127.0.0.1',
    ],
    [
      'a host name that resolves to loopback',
      (port: string) => `http://localhost:${port}/v.mp4`,
      'localhost',
    ],
    [
      'an IPv4-mapped IPv6 loopback',
      (port: string) => `http://[::ffff:127.0.0.1]:${port}/v.mp4`,
      '::ffff:7f00:1',
    ],
    ['0.0.0.0', (port: string) => `http://0.0.0.0:${port}/v.mp4`, '0.0.0.0'],
    [
      'the cloud metadata address',
      () => 'http://169.254.169.254/latest/meta-data/',
      '169.254.169.254',
    ],
  ])('refuses %s with SORA_ADDRESS_REFUSED, without a request', async (_name, urlFor, host) => {
    const api = await startScriptedServer(serveVideo);
    const cdn = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    const error = await downloadError(sora, completed(urlFor(portOf(cdn))));

    expect(error).toMatchObject({ code: 'SORA_ADDRESS_REFUSED', retryable: false, host });
    expect((error as Error).message).not.toContain('secret');
    expect(cdn.requests).toEqual([]);
    expect(api.requests).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a redirect to a private address, checked at every hop', async () => {
    const internal = await startScriptedServer(serveVideo);
    const api = await startScriptedServer((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${portOf(internal)}/v.mp4` }).end();
    });
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    const error = await downloadError(sora, completed(null));

    expect(error).toMatchObject({ code: 'SORA_ADDRESS_REFUSED', host: 'localhost' });
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_guard1/content']);
    expect(internal.requests).toEqual([]);
  });

  it("still downloads from the API's own origin, local as it may be", async () => {
    const api = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });

    for (const task of [completed(null), completed('/files/v.mp4'), completed(`${api.origin}/x`)]) {
      const last = await lastValueFrom(sora.download$(task, { dir, allowPrivateAddresses: false }));
      expect(last).toMatchObject({ done: true, bytes: video.length });
    }
    expect(api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/videos/sora_guard1/content', `Bearer ${KEY}`],
      ['/files/v.mp4', `Bearer ${KEY}`],
      ['/x', `Bearer ${KEY}`],
    ]);
  });

  it('is off by default in the library, and allowPrivateAddresses: true reaches any address', async () => {
    const api = await startScriptedServer(serveVideo);
    const cdn = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });
    const task = completed(`http://localhost:${portOf(cdn)}/v.mp4`);

    await lastValueFrom(sora.download$(task, { dir }));
    await lastValueFrom(sora.download$(task, { dir, allowPrivateAddresses: true }));
    await lastValueFrom(sora.download$(task, { dir, allowPrivateAddresses: undefined }));

    expect(cdn.requests).toHaveLength(3);
  });

  it('keeps refusing after an allowed download to the same host, as the two never share a connection', async () => {
    const api = await startScriptedServer(serveVideo);
    const cdn = await startScriptedServer(serveVideo);
    const sora = createSoraClient({ baseUrl: api.baseUrl, apiKey: KEY });
    const task = completed(`${cdn.origin}/v.mp4`);

    await lastValueFrom(sora.download$(task, { dir, allowPrivateAddresses: true }));
    const error = await downloadError(sora, task);

    expect(error).toMatchObject({ code: 'SORA_ADDRESS_REFUSED' });
    expect(cdn.requests).toHaveLength(1);
  });

  it('refuses a value that is not a boolean with a TypeError naming the option', () => {
    const sora = createSoraClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY });
    expect(() =>
      sora.download$(completed(null), {
        dir,
        allowPrivateAddresses: 'no' as unknown as boolean,
      }),
    ).toThrow(/`allowPrivateAddresses`/);
  });
});
