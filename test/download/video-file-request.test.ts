import type { ServerResponse } from 'node:http';
import { asyncScheduler } from 'rxjs';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type DownloadContext,
  requestVideoFile,
  type VideoFileRequestOptions,
} from '../../src/download/video-file-request.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
  text,
} from '../helpers/scripted-server.js';

const KEY = 'sk-secret-key-123456';
const agent = new Agent();

function contextOf(server: ScriptedServer): DownloadContext {
  return {
    baseUrl: server.baseUrl,
    authorization: `Bearer ${KEY}`,
    dispatcher: () => agent,
    retry: {},
    scheduler: asyncScheduler,
  };
}

function optionsOf(extra: Partial<VideoFileRequestOptions> = {}): VideoFileRequestOptions {
  return {
    idleTimeoutMs: 5_000,
    highWaterMark: 64 * 1024,
    signal: new AbortController().signal,
    ...extra,
  };
}

function redirect(location: string, status = 302): ScriptedHandler {
  return (_req, res: ServerResponse) => {
    res.writeHead(status, { location, 'content-length': 0 });
    res.end();
  };
}

async function get(
  server: ScriptedServer,
  from = 0,
  extra: Partial<VideoFileRequestOptions> = {},
  path = '/files/v.mp4',
) {
  const response = await requestVideoFile(
    contextOf(server),
    `${server.origin}${path}?sig=secret`,
    from,
    optionsOf(extra),
  );
  const body = await response.body.text();
  return { status: response.statusCode, body };
}

afterEach(closeScriptedServers);
afterAll(() => agent.close());

describe('requestVideoFile', () => {
  it('sends a GET that accepts an MP4 or anything else, without Range from byte 0', async () => {
    const server = await startScriptedServer(text('video'));
    await expect(get(server, 0, { ifRange: '"v1"' })).resolves.toEqual({
      status: 200,
      body: 'video',
    });
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.headers.accept).toBe('video/mp4, */*');
    expect(request?.headers.range).toBeUndefined();
    expect(request?.headers['if-range']).toBeUndefined();
  });

  it('sends If-Range with the Range of a resume only when given', async () => {
    const server = await startScriptedServer(text('deo', 206));
    await get(server, 2);
    await get(server, 2, { ifRange: '"v1"' });
    expect(server.requests[0]?.headers.range).toBe('bytes=2-');
    expect(server.requests[0]?.headers).not.toHaveProperty('if-range');
    expect(server.requests[1]?.headers['if-range']).toBe('"v1"');
  });

  it('follows five redirects, not six, and names the first URL without its query', async () => {
    const server = await startScriptedServer();
    server.script(...[0, 1, 2, 3, 4].map(() => redirect('next')), text('video'));
    await expect(get(server)).resolves.toEqual({ status: 200, body: 'video' });

    server.script(redirect('again'));
    const error = await get(server).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'SORA_NETWORK',
      method: 'GET',
      url: `${server.origin}/files/v.mp4`,
    });
    expect((error as Error).message).toContain('more than 5 redirects');
  });

  it('follows a 300 with a location, and returns a 200 that has one', async () => {
    const server = await startScriptedServer(redirect('/files/w.mp4', 300), text('video'));
    await expect(get(server)).resolves.toEqual({ status: 200, body: 'video' });
    expect(server.requests[1]?.url).toBe('/files/w.mp4');

    server.script(text('here', 200, { location: '/elsewhere' }));
    await expect(get(server)).resolves.toEqual({ status: 200, body: 'here' });
  });

  it('does not follow a 400 with a location', async () => {
    const server = await startScriptedServer(text('bad', 400, { location: '/elsewhere' }));
    await expect(get(server)).rejects.toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('returns the 416 of a resume, and refuses a 416 from byte 0', async () => {
    const server = await startScriptedServer(text('', 416));
    await expect(get(server, 5)).resolves.toMatchObject({ status: 416 });
    await expect(get(server, 0)).rejects.toMatchObject({ status: 416 });
  });

  it('takes a 206', async () => {
    const server = await startScriptedServer(text('deo', 206));
    await expect(get(server, 2)).resolves.toEqual({ status: 206, body: 'deo' });
  });

  it("reads a 403 of the API as a refusal, another host's as an expired video", async () => {
    const server = await startScriptedServer(text('no', 403));
    await expect(get(server, 0, {}, '/v1/videos/video_1/content')).rejects.toMatchObject({
      code: 'SORA_AUTH',
    });
    await expect(get(server, 0, {}, '/files/v.mp4')).rejects.toMatchObject({
      code: 'SORA_VIDEO_EXPIRED',
    });
  });

  it('shows the error message of a body sent in pieces, without the key it echoes', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"bad ');
      setTimeout(() => res.end(`key ${KEY}"}}`), 20);
    });
    const error = await get(server, 0, {}, '/v1/videos/video_1/content').catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 400, bodyExcerpt: expect.stringMatching(/^bad key /) });
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect((error as Error).message).not.toContain(KEY);
  });
});
