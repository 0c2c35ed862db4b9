import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { errorOf } from '../helpers/observe.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';
import { makeVideo, openFilesUnder, requestedStart, videoAnswer } from '../helpers/video-host.js';

let host: ScriptedServer;
let sora: SoraClient;
let dir: string;
useDownloadFolder('sora-rx-resume-', (folder) => (dir = folder));

beforeEach(async () => {
  host = await startScriptedServer();
  sora = createSoraClient({
    baseUrl: host.baseUrl,
    apiKey: 'sk-test-k',
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  });
});

const v1 = makeVideo(100_000, 1);

function download() {
  return lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { dir }));
}

async function saved(): Promise<Buffer> {
  return readFile(path.join(dir, 'v.mp4'));
}

function header(index: number, name: string): unknown {
  return host.requests[index]?.headers[name];
}

describe('download$ resuming with Range against a hostile video host', () => {
  it('restarts from the first byte when a resume is answered 206 from another offset', async () => {
    host.script(
      videoAnswer(v1, { headers: { etag: '"v1"' }, dropAfter: 60_000 }),
      // Asked for the rest, it sends the whole file again as a 206.
      videoAnswer(v1, { status: 206, start: 0, headers: { etag: '"v1"' } }),
      videoAnswer(v1, { headers: { etag: '"v1"' } }),
    );

    const last = await download();

    expect(last).toMatchObject({ bytes: v1.length, totalBytes: v1.length, done: true });
    expect((await saved()).equals(v1)).toBe(true);
    expect(host.requests.map((r) => r.headers.range)).toEqual([
      undefined,
      expect.stringMatching(/^bytes=[1-9]\d*-$/),
      undefined,
    ]);
  });

  it("sends If-Range with the first answer's strong ETag, and restarts from zero when a 206 comes from another version", async () => {
    const v2 = makeVideo(100_000, 2);
    host.script(
      videoAnswer(v1, { headers: { etag: '"v1"' }, dropAfter: 50_000 }),
      // The file changed, and the host ignores If-Range: the rest of another version.
      videoAnswer(v2, { status: 206, start: 'requested', headers: { etag: '"v2"' } }),
      videoAnswer(v2, { headers: { etag: '"v2"' } }),
    );

    await download();

    expect(header(1, 'if-range')).toBe('"v1"');
    expect(header(2, 'range')).toBeUndefined();
    expect(header(2, 'if-range')).toBeUndefined();
    expect((await saved()).equals(v2)).toBe(true);
  });

  it('sends If-Range with Last-Modified when the ETag is weak, and keeps the bytes of a matching 206', async () => {
    const validators = { etag: 'W/"v1"', 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' };
    host.script(
      videoAnswer(v1, { headers: validators, dropAfter: 50_000 }),
      videoAnswer(v1, { status: 206, start: 'requested', headers: validators }),
    );

    await download();

    expect(header(1, 'if-range')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(requestedStart(header(1, 'range') as string)).toBeGreaterThan(0);
    expect(host.requests).toHaveLength(2);
    expect((await saved()).equals(v1)).toBe(true);
  });

  it('restarts from zero on a 200 to a Range request, keeping no stale bytes when the new file is shorter', async () => {
    const shorter = makeVideo(60_000, 2);
    host.script(
      videoAnswer(v1, { headers: { etag: '"v1"' }, dropAfter: 80_000 }),
      videoAnswer(shorter, { headers: { etag: '"v2"' } }),
    );

    const last = await download();

    expect(last).toMatchObject({ bytes: 60_000, totalBytes: 60_000, done: true });
    expect((await saved()).equals(shorter)).toBe(true);
    expect(host.requests).toHaveLength(2);
  });

  it('restarts from zero when a 206 declares another total size', async () => {
    const longer = makeVideo(120_000, 2);
    host.script(
      videoAnswer(v1, { dropAfter: 50_000 }),
      videoAnswer(longer, { status: 206, start: 'requested' }),
      videoAnswer(longer),
    );

    const last = await download();

    expect(header(2, 'range')).toBeUndefined();
    expect(last).toMatchObject({ bytes: 120_000, totalBytes: 120_000, done: true });
    expect((await saved()).equals(longer)).toBe(true);
  });

  it('fails with SORA_VIDEO_MISMATCH, saving nothing, when a body runs past the size the host declared', async () => {
    const overlong = makeVideo(140_000, 1);
    host.script(
      videoAnswer(v1, { headers: { etag: '"v1"' }, dropAfter: 60_000 }),
      // The right Content-Range, but a chunked body 40,000 bytes longer than it says.
      (req, res, recorded) => {
        const start = requestedStart(req.headers.range);
        videoAnswer(overlong, {
          status: 206,
          start,
          declareLength: false,
          headers: { etag: '"v1"', 'content-range': `bytes ${start}-99999/100000` },
        })(req, res, recorded);
      },
    );

    const error = await errorOf(sora.download$(`${host.origin}/files/v.mp4`, { dir }));

    expect(error).toMatchObject({ code: 'SORA_VIDEO_MISMATCH', retryable: false });
    expect(String((error as Error).message)).toMatch(/100000/);
    expect(await readdir(dir)).toEqual([]);
    await vi.waitFor(() => expect(openFilesUnder(dir)).toEqual([]));
  });

  it('gives up with SORA_VIDEO_MISMATCH after maxResumes when every answer starts at the wrong byte', async () => {
    host.script(
      videoAnswer(v1, { dropAfter: 50_000 }),
      videoAnswer(v1, { status: 206, start: 10 }),
    );

    const error = await errorOf(
      sora.download$(`${host.origin}/files/v.mp4`, { dir, maxResumes: 2 }),
    );

    expect(error).toMatchObject({ code: 'SORA_VIDEO_MISMATCH' });
    expect(String((error as Error).message)).toMatch(
      /asked for bytes from 0, got "bytes 10-99999\/100000"/,
    );
    expect(host.requests.map((r) => r.headers.range)).toEqual([
      undefined,
      expect.stringMatching(/^bytes=[1-9]\d*-$/),
      undefined,
    ]);
    expect(await readdir(dir)).toEqual([]);
  });
});
