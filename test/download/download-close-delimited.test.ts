import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client/sora-client.js';
import type { VideoTask } from '../../src/model/video-task.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import {
  makeVideo,
  requestedStart,
  startDownloadHost,
  stopDownloadHost,
  videoAnswer,
} from '../helpers/video-host.js';

let host: ScriptedServer;
let sora: SoraClient;
let dir: string;

beforeEach(async () => {
  ({ host, sora, dir } = await startDownloadHost('close'));
});

afterEach(() => stopDownloadHost({ host, sora, dir }));

const video = makeVideo(200_000, 5);

/**
 * Answers with `body` and no Content-Length and no chunked encoding: the body ends where the host
 * closes the connection (HTTP/1.1 close-delimited), so the client cannot tell a cut from an end.
 */
function closeDelimited(body: Buffer, status = 200, headers: Record<string, string> = {}) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const head = [`HTTP/1.1 ${status} ${status === 206 ? 'Partial Content' : 'OK'}`];
    head.push('content-type: video/mp4', 'connection: close');
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    const socket = res.socket;
    socket?.write(`${head.join('\r\n')}\r\n\r\n`);
    socket?.end(body);
  };
}

/** Half of the video, close-delimited, as a host that drops the connection midway sends it. */
const half = closeDelimited(video.subarray(0, 100_000));

/** A 206 with the rest of the video from the byte the request's Range asks for. */
function rest(req: IncomingMessage, res: ServerResponse) {
  const start = requestedStart(req.headers.range);
  res.writeHead(206, {
    'content-type': 'video/mp4',
    'content-length': video.length - start,
    'content-range': `bytes ${start}-${video.length - 1}/${video.length}`,
  });
  res.end(video.subarray(start));
}

describe('a video cut short on a close-delimited connection', () => {
  it('is resumed with Range, as a drop, when the last box runs past the end of the bytes', async () => {
    host.script(half, rest);
    const file = path.join(dir, 'v.mp4');
    const last = await lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { file }));
    expect(last).toMatchObject({ done: true, bytes: video.length });
    expect(host.requests).toHaveLength(2);
    expect(host.requests[1]?.headers.range).toBe('bytes=100000-');
    expect(await readFile(file)).toEqual(video);
  });

  it('fails with SORA_VIDEO_MISMATCH past maxResumes, and nothing is put in place', async () => {
    host.script(half);
    const file = path.join(dir, 'v.mp4');
    await expect(
      lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { file, maxResumes: 1 })),
    ).rejects.toMatchObject({
      code: 'SORA_VIDEO_MISMATCH',
      message: expect.stringContaining('100000'),
    });
    expect(host.requests).toHaveLength(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails a stream download before the stream is closed, and a buffer download', async () => {
    host.script(half);
    let closed = false;
    let aborted: unknown;
    const to = new WritableStream<Uint8Array>({
      close() {
        closed = true;
      },
      abort(reason) {
        aborted = reason;
      },
    });
    await expect(
      lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { to, maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });
    expect(closed).toBe(false);
    expect(aborted).toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });

    await expect(
      lastValueFrom(sora.videoBytes$(`${host.origin}/files/v.mp4`, { maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });
  });

  it('saves a whole close-delimited MP4, whose boxes add up to its length', async () => {
    host.script(closeDelimited(video));
    const file = path.join(dir, 'v.mp4');
    const last = await lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { file }));
    expect(last).toMatchObject({ done: true, bytes: video.length });
    expect(await readFile(file)).toEqual(video);
    expect(host.requests).toHaveLength(1);
  });

  it('reads the boxes of a kept part from disk, to check its close-delimited continuation', async () => {
    const file = path.join(dir, 'v.mp4');
    const url = `${host.origin}/files/v.mp4`;
    host.script(videoAnswer(video, { dropAfter: 60_000 }));
    await expect(
      lastValueFrom(sora.download$(url, { file, keepPartial: true, maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_NETWORK' });
    const kept = (await readFile(`${file}.part`)).length;

    // The rest, with no size anywhere: first cut short, then whole.
    const continuation = (end: number) => (req: IncomingMessage, res: ServerResponse) => {
      const start = requestedStart(req.headers.range);
      const range = `bytes ${start}-${end - 1}/*`;
      closeDelimited(video.subarray(start, end), 206, { 'content-range': range })(req, res);
    };
    host.script(continuation(150_000));
    await expect(
      lastValueFrom(sora.download$(url, { file, keepPartial: true, maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });
    expect(host.requests.at(-1)?.headers.range).toBe(`bytes=${kept}-`);
    expect(await readdir(dir)).toEqual([]);

    host.script(videoAnswer(video, { dropAfter: 60_000 }));
    await expect(
      lastValueFrom(sora.download$(url, { file, keepPartial: true, maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_NETWORK' });
    const keptAgain = (await readFile(`${file}.part`)).length;
    host.script(continuation(video.length));
    const before = host.requests.length;
    const last = await lastValueFrom(sora.download$(url, { file, keepPartial: true }));
    expect(last).toMatchObject({ done: true, bytes: video.length });
    // One request, continuing the part: its boxes were read from disk, not taken for a cut.
    expect(host.requests.length).toBe(before + 1);
    expect(host.requests.at(-1)?.headers.range).toBe(`bytes=${keptAgain}-`);
    expect(await readFile(file)).toEqual(video);
  });

  it('does not check the boxes of an image variant, which is no MP4', async () => {
    const image = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 not really an image');
    host.script(closeDelimited(image));
    const task = {
      id: 'video_1',
      object: 'video',
      status: 'completed',
      created: 0,
      model: 'sora-2',
      video_url: null,
      error: null,
    } as unknown as VideoTask;
    const bytes = await lastValueFrom(sora.videoBytes$(task, { variant: 'thumbnail' }));
    expect(Buffer.from(bytes)).toEqual(image);
  });
});
