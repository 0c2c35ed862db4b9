import { readFile } from 'node:fs/promises';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import {
  closeScriptedServers,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

let host: ScriptedServer;
let sora: SoraClient;

beforeEach(async () => {
  host = await startScriptedServer();
  sora = createSoraClient({
    baseUrl: host.baseUrl,
    apiKey: 'sk-test-k',
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
});

afterEach(async () => {
  await sora.close();
  await closeScriptedServers();
});

const video = makeVideo(200_000, 3);

/** A WritableStream that keeps what it is given, and how it ended. */
function collectingStream(options: { highWaterMark?: number; failAfter?: number } = {}) {
  const chunks: Uint8Array[] = [];
  const state = { closed: false, aborted: undefined as unknown, written: 0 };
  const stream = new WritableStream<Uint8Array>(
    {
      write(chunk) {
        if (options.failAfter !== undefined && state.written >= options.failAfter) {
          throw new Error('the consumer went away');
        }
        // A copy: the chunk is the consumer's now, but a test must see what it was given.
        chunks.push(chunk.slice());
        state.written += chunk.length;
      },
      close() {
        state.closed = true;
      },
      abort(reason) {
        state.aborted = reason ?? 'aborted';
      },
    },
    new CountQueuingStrategy({ highWaterMark: options.highWaterMark ?? 4 }),
  );
  return { stream, chunks, state, bytes: () => Buffer.concat(chunks) };
}

describe('videoBytes$', () => {
  it('emits the whole file once, byte for byte as served, and completes', async () => {
    host.script(videoAnswer(video));
    const emitted = await lastValueFrom(
      sora.videoBytes$(`${host.origin}/files/v.mp4`).pipe(toArray()),
    );
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(emitted[0] as Uint8Array).equals(video)).toBe(true);
  });

  it('appends after a dropped connection resumed with Range, even with no declared size', async () => {
    host.script(
      videoAnswer(video, { dropAfter: 80_000, declareLength: false }),
      videoAnswer(video, { status: 206, start: 'requested' }),
    );
    const bytes = await firstValueFrom(sora.videoBytes$(`${host.origin}/files/v.mp4`));
    expect(host.requests.map((r) => r.headers.range)).toEqual([undefined, 'bytes=80000-']);
    expect(Buffer.from(bytes).equals(video)).toBe(true);
    expect(bytes.byteLength).toBe(video.length);
  });

  it('stops at maxBytes with SORA_RESPONSE_TOO_LARGE, declared or not', async () => {
    host.script(videoAnswer(video), videoAnswer(video, { declareLength: false }));
    const url = `${host.origin}/files/v.mp4`;
    await expect(firstValueFrom(sora.videoBytes$(url, { maxBytes: 1000 }))).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
      maxBytes: 1000,
    });
    await expect(firstValueFrom(sora.videoBytes$(url, { maxBytes: 1000 }))).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
    });
    expect(host.requests).toHaveLength(2);
  });

  it('refuses a body that is not an MP4, but takes an image variant as it comes', async () => {
    host.script((_req, res) => res.end('<html>not a video</html>'));
    await expect(
      firstValueFrom(sora.videoBytes$(`${host.origin}/files/v.mp4`)),
    ).rejects.toMatchObject({ code: 'SORA_INVALID_VIDEO' });

    const image = Buffer.from('RIFF\0\0\0\0WEBPVP8 not an mp4');
    host.script((_req, res) => res.end(image));
    const task: VideoTask = { id: 'video_1', status: 'completed', video_url: null, error: null };
    const bytes = await firstValueFrom(sora.videoBytes$(task, { variant: 'thumbnail' }));
    expect(Buffer.from(bytes).equals(image)).toBe(true);
    expect(host.requests.at(-1)?.url).toBe('/v1/videos/video_1/content?variant=thumbnail');
    expect(host.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test-k');
  });

  it('sends the key to the API origin only', async () => {
    const other = await startScriptedServer(videoAnswer(video));
    await firstValueFrom(sora.videoBytes$(`${other.origin}/files/v.mp4`));
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses options of a file with a TypeError, before any request', () => {
    const url = `${host.origin}/files/v.mp4`;
    expect(() => sora.videoBytes$(url, { dir: '/tmp' } as never)).toThrow(
      /Unknown option `dir`|dir/,
    );
    expect(() => sora.videoBytes$(url, { maxBytes: -1 })).toThrow(TypeError);
    expect(host.requests).toHaveLength(0);
  });
});

describe('download$ to a stream', () => {
  it('writes exactly the served bytes across a dropped connection resumed with Range, then closes the stream', async () => {
    host.script(
      videoAnswer(video, { dropAfter: 80_000 }),
      videoAnswer(video, { status: 206, start: 'requested' }),
    );
    const sink = collectingStream();
    const progress = await lastValueFrom(
      sora.download$(`${host.origin}/files/v.mp4`, { to: sink.stream }).pipe(toArray()),
    );
    expect(host.requests.map((r) => r.headers.range)).toEqual([undefined, 'bytes=80000-']);
    expect(sink.bytes().equals(video)).toBe(true);
    expect(sink.state.closed).toBe(true);
    expect(progress.at(-1)).toEqual({ bytes: video.length, totalBytes: video.length, done: true });
    expect(progress.some((p) => !p.done && p.bytes > 0)).toBe(true);
    expect(progress.every((p) => !('file' in p))).toBe(true);
  });

  it('writes a simulator task the same bytes as its file on disk', async () => {
    const sim: SoraSimulator = await startSoraSimulator({ clock: 'manual', seed: 7 });
    try {
      const client = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
      const { id } = sim.createTask({ status: 'completed' });
      const task = await firstValueFrom(client.getVideo$(id));
      sim.setFaults({ dropDownloadAtByte: Math.floor(sim.videoSize / 2) });
      const sink = collectingStream();
      await lastValueFrom(client.download$(task, { to: sink.stream }));
      const bytes = await firstValueFrom(client.videoBytes$(task));
      expect(sim.metrics.faults.downloadDropped).toBeGreaterThanOrEqual(1);
      expect(sink.bytes().length).toBe(sim.videoSize);
      expect(sink.bytes().equals(Buffer.from(bytes))).toBe(true);
      const fixture = await readFile(
        new URL('../../src/testing/fixtures/sample.mp4', import.meta.url),
      );
      expect(sink.bytes().subarray(0, 8).equals(fixture.subarray(0, 8))).toBe(true);
      await client.close();
    } finally {
      await sim.close();
    }
  });

  it('fails with SORA_VIDEO_MISMATCH when a resume answers with the whole file, the stream aborted with a prefix', async () => {
    host.script(videoAnswer(video, { dropAfter: 80_000 }), videoAnswer(video));
    const sink = collectingStream();
    const error = await lastValueFrom(
      sora.download$(`${host.origin}/files/v.mp4`, { to: sink.stream }),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });
    expect(sink.state.aborted).toBe(error);
    expect(sink.state.closed).toBe(false);
    expect(sink.bytes().equals(video.subarray(0, sink.bytes().length))).toBe(true);
    expect(sink.bytes().length).toBe(80_000);
  });

  it('stops at maxBytes, and reports a stream that fails its writes as SORA_FILE without retrying', async () => {
    host.script(videoAnswer(video, { declareLength: false }));
    const small = collectingStream();
    await expect(
      lastValueFrom(
        sora.download$(`${host.origin}/files/v.mp4`, { to: small.stream, maxBytes: 100_000 }),
      ),
    ).rejects.toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE' });
    expect(small.state.written).toBeLessThanOrEqual(100_000);
    expect(small.state.aborted).toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE' });

    host.script(videoAnswer(video));
    const failing = collectingStream({ failAfter: 1 });
    await expect(
      lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { to: failing.stream })),
    ).rejects.toMatchObject({
      code: 'SORA_FILE',
      message: expect.stringContaining('the consumer went away'),
    });
    expect(host.requests).toHaveLength(2);
  });

  it('aborts the stream when unsubscribed mid-download', async () => {
    host.script((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
      res.write(video.subarray(0, 50_000));
    });
    const sink = collectingStream();
    const subscription = sora
      .download$(`${host.origin}/files/v.mp4`, { to: sink.stream })
      .subscribe({ error: () => {} });
    await host.waitForRequest(0);
    await vi.waitFor(() => expect(sink.state.written).toBeGreaterThan(0));
    subscription.unsubscribe();
    await vi.waitFor(() => expect(sink.state.aborted).toBeDefined());
    expect(sink.state.closed).toBe(false);
  });

  it('refuses a locked stream, or a stream beside dir, with a TypeError before any request', () => {
    const url = `${host.origin}/files/v.mp4`;
    const locked = collectingStream();
    locked.stream.getWriter();
    expect(() => sora.download$(url, { to: locked.stream })).toThrow(/locked/);
    expect(() => sora.download$(url, { to: {} as WritableStream<Uint8Array> })).toThrow(
      /Expected `to` to be a WritableStream/,
    );
    expect(() =>
      sora.download$(url, { to: collectingStream().stream, dir: '/tmp' } as never),
    ).toThrow(TypeError);
    expect(host.requests).toHaveLength(0);
  });
});
