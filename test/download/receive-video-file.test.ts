import { asyncScheduler } from 'rxjs';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChunkWriter, DownloadSink } from '../../src/download/download-sink.js';
import type { StreamDownloadProgress } from '../../src/download/download-types.js';
import {
  type ReceiveVideoFileOptions,
  receiveVideoFile,
} from '../../src/download/receive-video-file.js';
import type { DownloadContext } from '../../src/download/video-file-request.js';
import { resolveRetryOptions } from '../../src/operators/retry-with-backoff.js';
import { mp4File } from '../helpers/mp4-file.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { requestedStart, type VideoAnswer, videoAnswer } from '../helpers/video-host.js';

const agent = new Agent();
afterEach(closeScriptedServers);
afterAll(() => agent.close());

/** A sink in memory, holding `kept` from an earlier download; `restartable: false` is a stream's. */
function memorySink(kept: Buffer = Buffer.alloc(0), restartable = true) {
  let data = Buffer.from(kept);
  const calls = { writers: [] as number[], restarts: 0 };
  const sink: DownloadSink = {
    kept: kept.length,
    read: async (position, length) => data.subarray(position, position + length),
    writer: (start): ChunkWriter => {
      calls.writers.push(start);
      data = data.subarray(0, start);
      return {
        write: (chunk) => {
          data = Buffer.concat([data, chunk]);
          return true;
        },
        drain: async () => undefined,
        flush: async () => undefined,
        abandon: async () => undefined,
      };
    },
    restart: async () => {
      calls.restarts += 1;
      if (!restartable) return false;
      data = Buffer.alloc(0);
      return true;
    },
    end: async (bytes) => {
      data = data.subarray(0, bytes);
    },
  };
  return { sink, calls, data: () => data };
}

function contextOf(server: ScriptedServer): DownloadContext {
  return {
    baseUrl: server.baseUrl,
    authorization: 'Bearer sk-test',
    dispatcher: () => agent,
    retry: {},
    scheduler: asyncScheduler,
  };
}

function receive(
  server: ScriptedServer,
  sink: DownloadSink,
  options: Partial<ReceiveVideoFileOptions> & { maxRetries?: number } = {},
) {
  const { maxRetries = 0, ...rest } = options;
  return receiveVideoFile(contextOf(server), `${server.origin}/files/v.mp4?sig=secret`, sink, {
    maxBytes: 2 ** 31,
    maxResumes: 5,
    idleTimeoutMs: 5_000,
    retry: resolveRetryOptions({
      maxRetries,
      baseDelayMs: 1,
      random: () => 0,
      scheduler: asyncScheduler,
    }),
    signal: new AbortController().signal,
    onProgress: () => undefined,
    toError: (error) => error,
    ...rest,
  });
}

/**
 * Serves `file` as a host that honours Range: whole with a 200, or from the byte a `Range` asks for
 * with a 206, tagged `"v1"`; `answer` adds to that (no declared length, a drop after some bytes).
 */
function serve(file: Buffer, answer: Omit<VideoAnswer, 'status' | 'start'> = {}): ScriptedHandler {
  return (req, res, recorded) =>
    videoAnswer(file, {
      ...answer,
      status: requestedStart(req.headers.range) > 0 ? 206 : 200,
      start: 'requested',
      headers: { etag: '"v1"', ...answer.headers },
    })(req, res, recorded);
}

describe('receiveVideoFile and maxBytes', () => {
  it('takes a file of exactly maxBytes, declared or not', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer(serve(file));
    const declared = memorySink();
    await expect(receive(server, declared.sink, { maxBytes: 1000 })).resolves.toEqual({
      bytes: 1000,
      totalBytes: 1000,
    });
    expect(declared.data().equals(file)).toBe(true);

    server.script(serve(file, { declareLength: false }));
    const undeclared = memorySink();
    await expect(receive(server, undeclared.sink, { maxBytes: 1000 })).resolves.toEqual({
      bytes: 1000,
      totalBytes: undefined,
    });
  });

  it('refuses a declared size over maxBytes before writing a byte', async () => {
    const server = await startScriptedServer(serve(mp4File(1000)));
    const { sink, calls } = memorySink();
    await expect(receive(server, sink, { maxBytes: 999 })).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
      method: 'GET',
      url: `${server.origin}/files/v.mp4`,
    });
    expect(calls.writers).toEqual([]);
  });

  it('refuses an undeclared body once it passes maxBytes', async () => {
    const server = await startScriptedServer(serve(mp4File(1000), { declareLength: false }));
    await expect(receive(server, memorySink().sink, { maxBytes: 999 })).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
    });
  });
});

describe('receiveVideoFile checks the MP4', () => {
  it('checks the start unless told otherwise', async () => {
    const server = await startScriptedServer(serve(Buffer.from('not a video at all')));
    await expect(receive(server, memorySink().sink)).rejects.toMatchObject({
      code: 'SORA_INVALID_VIDEO',
      message: `The file at ${server.origin}/files/v.mp4 is not an MP4 video: it starts with "not a vi", not an ftyp box`,
    });
    await expect(receive(server, memorySink().sink, { expectMp4: false })).resolves.toMatchObject({
      bytes: 18,
    });
  });

  it('checks a file of exactly 8 bytes', async () => {
    const server = await startScriptedServer(serve(Buffer.from('abcdefgh')));
    await expect(receive(server, memorySink().sink)).rejects.toMatchObject({
      code: 'SORA_INVALID_VIDEO',
      message: expect.stringContaining('it starts with "abcdefgh", not an ftyp box'),
    });
  });

  it('refuses a file too short to be an MP4', async () => {
    const server = await startScriptedServer(serve(Buffer.from('abcdef')));
    await expect(receive(server, memorySink().sink)).rejects.toMatchObject({
      code: 'SORA_INVALID_VIDEO',
      message: expect.stringMatching(/: only 6 bytes$/),
    });
  });

  it('takes an MP4 whose first bytes come in a chunk shorter than a box header', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': file.length });
      res.write(file.subarray(0, 3), () => setTimeout(() => res.end(file.subarray(3)), 30));
    });
    const { sink, data } = memorySink();
    await expect(receive(server, sink)).resolves.toEqual({ bytes: 1000, totalBytes: 1000 });
    expect(data().equals(file)).toBe(true);
  });

  it('refuses an undeclared body whose boxes are broken, without resuming', async () => {
    const file = mp4File(1000);
    file.writeUInt32BE(3, 16);
    const server = await startScriptedServer(serve(file, { declareLength: false }));
    await expect(receive(server, memorySink().sink)).rejects.toMatchObject({
      code: 'SORA_INVALID_VIDEO',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('receiveVideoFile with bytes kept', () => {
  it('drops kept bytes that do not start like an MP4, and fetches the whole file', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer(serve(file));
    const { sink, calls, data } = memorySink(Buffer.from('junk junk junk'));
    await expect(receive(server, sink)).resolves.toEqual({ bytes: 1000, totalBytes: 1000 });
    expect(calls.restarts).toBe(1);
    expect(server.requests[0]?.headers.range).toBeUndefined();
    expect(data().equals(file)).toBe(true);
  });

  it('resumes kept bytes that start like an MP4 with a Range', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer(serve(file));
    const { sink, data } = memorySink(file.subarray(0, 300));
    await expect(receive(server, sink)).resolves.toEqual({ bytes: 1000, totalBytes: 1000 });
    expect(server.requests[0]?.headers.range).toBe('bytes=300-');
    expect(data().equals(file)).toBe(true);
  });

  it('says why it cannot start over once bytes went to a stream', async () => {
    const file = mp4File(1000);
    // A host that ignores Range: a 200 with the whole file.
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': file.length });
      res.end(file);
    });
    const { sink } = memorySink(file.subarray(0, 300), false);
    await expect(receive(server, sink)).rejects.toMatchObject({
      code: 'SORA_VIDEO_MISMATCH',
      message: expect.stringContaining(
        'asked for bytes from 300, got the whole file, and its first 300 bytes were already written to the stream',
      ),
    });
  });
});

describe('receiveVideoFile after a failure', () => {
  /** What undici rejects with when the host closes the connection. */
  const SOCKET_DROP = { name: 'SocketError', code: 'UND_ERR_SOCKET', message: 'other side closed' };

  it('resumes a dropped connection maxResumes times, not more', async () => {
    const file = mp4File(4000);
    const server = await startScriptedServer(serve(file, { dropAfter: 1000 }));
    // The drop of the resumed request, as the transport raised it (this `toError` keeps it as is).
    await expect(receive(server, memorySink().sink, { maxResumes: 1 })).rejects.toMatchObject(
      SOCKET_DROP,
    );
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.range).toBe('bytes=1000-');
  });

  it('counts a refused request before any byte as a failure to retry, not a drop to resume', async () => {
    const server = await startScriptedServer((req) => req.socket.destroy());
    await expect(receive(server, memorySink().sink, { maxRetries: 0 })).rejects.toMatchObject(
      SOCKET_DROP,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('tells shouldRetry the number of the attempt', async () => {
    const attempts: number[] = [];
    const file = mp4File(100);
    const server = await startScriptedServer(
      (req) => req.socket.destroy(),
      (req) => req.socket.destroy(),
      serve(file),
    );
    const options = {
      maxRetries: 3,
      baseDelayMs: 1,
      random: () => 0,
      scheduler: asyncScheduler,
      shouldRetry: (_error: unknown, attempt: number) => {
        attempts.push(attempt);
        return true;
      },
    };
    await expect(
      receive(server, memorySink().sink, { retry: resolveRetryOptions(options) }),
    ).resolves.toMatchObject({ bytes: 100 });
    expect(attempts).toEqual([1, 2]);
  });

  it('says the body ended early when a 206 sends less than its range, past maxResumes', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(206, { 'content-range': 'bytes 300-999/1000', etag: '"v1"' });
      res.end(file.subarray(300, 500));
    });
    const { sink } = memorySink(file.subarray(0, 300));
    await expect(receive(server, sink, { maxResumes: 0 })).rejects.toMatchObject({
      message: 'the body ended early',
    });
  });

  it('refuses a 206 that sends more than the size declared', async () => {
    const file = mp4File(1000);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(206, { 'content-range': `bytes 300-999/1000`, etag: '"v1"' });
      res.end(Buffer.concat([file.subarray(300), Buffer.alloc(50)]));
    });
    const { sink } = memorySink(file.subarray(0, 300));
    await expect(receive(server, sink)).rejects.toMatchObject({
      code: 'SORA_VIDEO_MISMATCH',
      message: expect.stringContaining('it declared 1000 bytes and sent more'),
    });
  });
});

describe('receiveVideoFile reports progress', () => {
  async function reports(declare: boolean): Promise<StreamDownloadProgress[]> {
    const file = mp4File(3 * 1024 * 1024);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, declare ? { 'content-length': file.length } : {});
      let at = 0;
      const next = () => {
        if (at >= file.length) return res.end();
        const chunk = file.subarray(at, at + 64 * 1024);
        at += chunk.length;
        res.write(chunk, () => setImmediate(next));
      };
      next();
    });
    const seen: StreamDownloadProgress[] = [];
    await receive(server, memorySink().sink, { onProgress: (p) => seen.push(p) });
    return seen;
  }

  it('about every 1 % of a file of declared size', async () => {
    const seen = await reports(true);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen[0]).toMatchObject({ totalBytes: 3 * 1024 * 1024, done: false });
  });

  it('every MiB of a file of undeclared size', async () => {
    const seen = await reports(false);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});
