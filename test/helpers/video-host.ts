import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from './scripted-server.js';

const FIXTURE = readFileSync(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));

/**
 * A video of `size` bytes: the MP4 fixture, then a `free` box over the rest, so that its top-level
 * boxes add up to its length as a real MP4's do (a size under the fixture's and 8 bytes gives the
 * start of the fixture). Two videos of different `version` differ in every byte past the box
 * header, so a file that mixes them is caught.
 */
export function makeVideo(size: number, version = 1): Buffer {
  const video = Buffer.alloc(Math.max(size, FIXTURE.length));
  FIXTURE.copy(video);
  for (let i = FIXTURE.length; i < video.length; i++) video[i] = (i * 31 + version * 101) & 0xff;
  if (size >= FIXTURE.length + 8) {
    video.writeUInt32BE(size - FIXTURE.length, FIXTURE.length);
    video.write('free', FIXTURE.length + 4, 'latin1');
  }
  return video.subarray(0, size);
}

/** How {@link videoAnswer} answers one request. */
export interface VideoAnswer {
  /** The status: 200, or 206 with a `Content-Range` from `start`. @default 200 */
  readonly status?: number;
  /** The first byte of `video` sent, or `'requested'`: the first byte of the request's `Range`. @default 0 */
  readonly start?: number | 'requested';
  /** The byte after the last one sent. @default video.length */
  readonly end?: number;
  /** More headers, over the defaults (such as `etag`, or a lying `content-range`). */
  readonly headers?: Record<string, string | number>;
  /** Whether to send a `content-length`; without it the body is chunked. @default true */
  readonly declareLength?: boolean;
  /** Sends this many bytes of the body, then destroys the connection. */
  readonly dropAfter?: number;
}

/** Answers with bytes of `video`, as a video host would, or as a hostile one does. */
export function videoAnswer(video: Buffer, answer: VideoAnswer = {}): ScriptedHandler {
  const { status = 200, end = video.length, declareLength = true } = answer;
  return (req, res) => {
    const start =
      answer.start === 'requested' ? requestedStart(req.headers.range) : (answer.start ?? 0);
    res.writeHead(status, {
      'content-type': 'video/mp4',
      ...(declareLength ? { 'content-length': end - start } : {}),
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end - 1}/${video.length}` } : {}),
      ...answer.headers,
    });
    const body = video.subarray(start, end);
    if (answer.dropAfter === undefined) {
      res.end(body);
    } else {
      res.write(body.subarray(0, answer.dropAfter), () => res.socket?.destroy());
    }
  };
}

/** The first byte a `Range: bytes=N-` header asks for; 0 without one. */
export function requestedStart(range: string | undefined): number {
  return Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? 0);
}

/**
 * Sends the headers and the first 16 bytes of `video` at once (enough to look like an MP4), then
 * one more byte every `everyMs`, until the client goes away: a body that never ends, and never
 * stays silent long enough for an idle timeout.
 */
export function trickle(video: Buffer, everyMs: number): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
    let sent = 16;
    res.write(video.subarray(0, sent));
    const timer = setInterval(() => {
      if (sent < video.length) res.write(video.subarray(sent, ++sent));
    }, everyMs);
    res.once('close', () => clearInterval(timer));
  };
}

/** The files under `folder` that this process holds open (Linux; empty elsewhere). */
export function openFilesUnder(folder: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** A scripted video host, a client of it that does not retry, and a folder to save into. */
export interface DownloadHost {
  readonly host: ScriptedServer;
  readonly sora: SoraClient;
  readonly dir: string;
}

/** Starts a {@link DownloadHost}, its folder named after `name`. */
export async function startDownloadHost(name: string): Promise<DownloadHost> {
  const host = await startScriptedServer();
  const sora = createSoraClient({
    baseUrl: host.baseUrl,
    apiKey: 'sk-test-k',
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const dir = await mkdtemp(path.join(tmpdir(), `sora-rx-${name}-`));
  return { host, sora, dir };
}

/** Closes the client and the scripted servers, and removes the folder. */
export async function stopDownloadHost({ sora, dir }: DownloadHost): Promise<void> {
  await sora.close();
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
}
