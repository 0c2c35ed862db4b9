import {
  asyncScheduler,
  firstValueFrom,
  lastValueFrom,
  type SchedulerLike,
  VirtualTimeScheduler,
} from 'rxjs';
import { toArray } from 'rxjs/operators';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DownloadSettings } from '../../src/download/download-settings.js';
import type { DownloadSink } from '../../src/download/download-sink.js';
import { type DownloadTarget, transferVideo } from '../../src/download/transfer-video.js';
import { resolveRetryOptions } from '../../src/operators/retry-with-backoff.js';
import { mp4File } from '../helpers/mp4-file.js';
import {
  closeScriptedServers,
  findClosedPort,
  hold,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

const agent = new Agent();
afterEach(closeScriptedServers);
afterAll(() => agent.close());

function settingsOf(
  url: string,
  baseUrl: string,
  extra: Partial<DownloadSettings> = {},
  scheduler: SchedulerLike = asyncScheduler,
): DownloadSettings {
  return {
    url,
    id: 'v',
    expiresAt: undefined,
    asset: { variant: undefined, index: undefined },
    maxBytes: 2 ** 31,
    maxResumes: 0,
    idleTimeoutMs: 5_000,
    timeoutMs: 60_000,
    retry: resolveRetryOptions({ maxRetries: 0, scheduler }),
    requestContext: {
      baseUrl,
      authorization: 'Bearer sk-test',
      dispatcher: () => agent,
      retry: {},
      scheduler,
    },
    ...extra,
  };
}

/** A target in memory that records what the transfer asked of it. */
function memoryTarget(open?: () => Promise<DownloadSink>) {
  const seen = {
    completed: [] as Array<{ bytes: number; totalBytes: number }>,
    discarded: [] as unknown[],
    data: Buffer.alloc(0),
  };
  const sink: DownloadSink = {
    kept: 0,
    read: async () => Buffer.alloc(0),
    writer: () => ({
      write: (chunk) => {
        seen.data = Buffer.concat([seen.data, chunk]);
        return true;
      },
      drain: async () => undefined,
      flush: async () => undefined,
      abandon: async () => undefined,
    }),
    restart: async () => true,
    end: async () => undefined,
  };
  const target = (): DownloadTarget<string> => ({
    open: open ?? (async () => sink),
    progress: () => undefined,
    release: async () => undefined,
    complete: async (received) => {
      seen.completed.push({ bytes: received.bytes, totalBytes: received.totalBytes });
      return 'done';
    },
    discard: (failure) => {
      seen.discarded.push(failure);
    },
  });
  return { target, seen };
}

function fileUrl(server: ScriptedServer): string {
  return `${server.origin}/files/v.mp4?sig=secret`;
}

describe('transferVideo', () => {
  it('completes a file of undeclared size with its size, and discards nothing', async () => {
    const file = mp4File(500);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200);
      res.end(file);
    });
    const { target, seen } = memoryTarget();
    const values = await lastValueFrom(
      transferVideo(settingsOf(fileUrl(server), server.baseUrl), target).pipe(toArray()),
    );
    expect(values).toEqual(['done']);
    expect(seen.completed).toEqual([{ bytes: 500, totalBytes: 500 }]);
    expect(seen.discarded).toEqual([]);
    expect(seen.data.equals(file)).toBe(true);
  });

  it('takes an endless timeoutMs', async () => {
    const file = mp4File(500);
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': file.length });
      res.write(file.subarray(0, 100), () => setTimeout(() => res.end(file.subarray(100)), 30));
    });
    const { target, seen } = memoryTarget();
    const settings = settingsOf(fileUrl(server), server.baseUrl, {
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    await expect(firstValueFrom(transferVideo(settings, target))).resolves.toBe('done');
    expect(seen.data.equals(file)).toBe(true);
  });

  it('fails at once, sending nothing, when the task says its video expired', async () => {
    const server = await startScriptedServer();
    const { target } = memoryTarget();
    const settings = settingsOf(fileUrl(server), server.baseUrl, { expiresAt: 1_000 });
    await expect(firstValueFrom(transferVideo(settings, target))).rejects.toMatchObject({
      code: 'SORA_VIDEO_EXPIRED',
      url: '',
      expiresAt: 1_000,
    });
    expect(server.requests).toHaveLength(0);
  });

  it('names the request and the time limit when the download takes too long', async () => {
    const server = await startScriptedServer(hold());
    const scheduler = new VirtualTimeScheduler();
    const { target, seen } = memoryTarget();
    const settings = settingsOf(fileUrl(server), server.baseUrl, { timeoutMs: 5_000 }, scheduler);
    const result = firstValueFrom(transferVideo(settings, target)).catch((e: unknown) => e);
    await server.waitForRequest(0);
    scheduler.flush();
    const error = await result;
    expect(error).toMatchObject({
      code: 'SORA_REQUEST_TIMEOUT',
      method: 'GET',
      url: `${server.origin}/files/v.mp4`,
      timeoutMs: 5_000,
    });
    expect(seen.discarded).toEqual([{ error }]);
  });

  it('names the request and the code of a refused connection', async () => {
    const port = await findClosedPort();
    const url = `http://127.0.0.1:${port}/files/v.mp4?sig=secret`;
    const { target } = memoryTarget();
    await expect(
      firstValueFrom(transferVideo(settingsOf(url, `http://127.0.0.1:${port}/v1`), target)),
    ).rejects.toMatchObject({
      code: 'SORA_NETWORK',
      method: 'GET',
      url: `http://127.0.0.1:${port}/files/v.mp4`,
      causeCode: 'ECONNREFUSED',
    });
  });

  it('types what a target throws, with no code when it has none', async () => {
    const server = await startScriptedServer();
    const failing = memoryTarget(async () => {
      throw new Error('the disk is gone');
    });
    await expect(
      firstValueFrom(transferVideo(settingsOf(fileUrl(server), server.baseUrl), failing.target)),
    ).rejects.toMatchObject({
      code: 'SORA_NETWORK',
      message: expect.stringContaining('failed: the disk is gone'),
      causeCode: undefined,
    });
    const throwsText = memoryTarget(() => Promise.reject('no space left'));
    await expect(
      firstValueFrom(transferVideo(settingsOf(fileUrl(server), server.baseUrl), throwsText.target)),
    ).rejects.toMatchObject({ code: 'SORA_NETWORK', causeCode: undefined, cause: 'no space left' });
  });
});
