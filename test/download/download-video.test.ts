import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { openFilesUnder } from '../helpers/video-host.js';

let sim: SoraSimulator;
let dir: string;
const servers: Server[] = [];

beforeEach(async () => {
  sim = await startSoraSimulator({ clock: 'manual', seed: 7 });
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-download-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.close();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
  await rm(dir, { recursive: true, force: true });
});

function clientFor(simulator: SoraSimulator) {
  return createSoraClient({ baseUrl: simulator.baseUrl, apiKey: simulator.apiKey });
}

async function completedTask(simulator = sim): Promise<VideoTask> {
  const { id } = simulator.createTask({ status: 'completed' });
  return firstValueFrom(clientFor(simulator).getVideo$(id));
}

/** A plain server on another port (another origin) that records headers and serves `body`. */
async function startOtherOrigin(
  respond: (url: string, res: import('node:http').ServerResponse) => void,
): Promise<{ origin: string; seen: Array<{ url: string; headers: IncomingHttpHeaders }> }> {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    respond(req.url ?? '', res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Makes every disk write fail after the first `okWrites`, as a full disk does. */
async function fillDiskAfter(okWrites: number): Promise<void> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as {
    write: (...args: unknown[]) => Promise<unknown>;
    writev: (...args: unknown[]) => Promise<unknown>;
  };
  await probe.close();
  await rm(path.join(dir, 'probe'));
  let writes = 0;
  for (const method of ['write', 'writev'] as const) {
    const original = prototype[method];
    vi.spyOn(prototype, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (writes++ < okWrites) return original.apply(this, args);
      return Promise.reject(
        Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      );
    });
  }
}

describe('download$', () => {
  it('saves the MP4 under the task id, reporting progress, and leaves no temporary file', async () => {
    const task = await completedTask();
    const progress = await lastValueFrom(clientFor(sim).download$(task, { dir }).pipe(toArray()));

    const file = path.join(dir, `${task.id}.mp4`);
    const last = progress.at(-1);
    expect(last).toEqual({ file, bytes: sim.videoSize, totalBytes: sim.videoSize, done: true });
    expect(progress.slice(0, -1).every((p) => !p.done && p.totalBytes === sim.videoSize)).toBe(
      true,
    );
    const saved = await readFile(file);
    expect(saved.length).toBe(sim.videoSize);
    expect(saved.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(await readdir(dir)).toEqual([`${task.id}.mp4`]);
  });

  it('reports progress about every 1 % of a large file rather than per chunk, ending with the exact size', async () => {
    const size = 8 * 1024 * 1024 + 123;
    const big = await startSoraSimulator({ clock: 'manual', videoBytes: size });
    try {
      const task = await completedTask(big);
      const progress = await lastValueFrom(clientFor(big).download$(task, { dir }).pipe(toArray()));

      const last = progress.at(-1);
      expect(last).toMatchObject({ bytes: size, totalBytes: size, done: true });
      const steps = progress.slice(0, -1);
      // 64 KiB chunks would make 129 events: the first chunk, then one per 1 % at most.
      expect(steps.length).toBeGreaterThan(1);
      expect(steps.length).toBeLessThanOrEqual(101);
      for (const [i, step] of steps.entries()) {
        expect(step.done).toBe(false);
        if (i > 0) expect(step.bytes).toBeGreaterThan((steps[i - 1]?.bytes ?? 0) + size / 100 - 1);
      }
      expect((await readFile(path.join(dir, `${task.id}.mp4`))).length).toBe(size);
    } finally {
      await big.close();
    }
  });

  it('fails with SORA_FILE when the disk fills up mid-download, leaving no file and no handle open', async () => {
    const big = await startSoraSimulator({ clock: 'manual', videoBytes: 8 * 1024 * 1024 });
    try {
      const task = await completedTask(big);
      await fillDiskAfter(2);
      await expect(lastValueFrom(clientFor(big).download$(task, { dir }))).rejects.toMatchObject({
        code: 'SORA_FILE',
        causeCode: 'ENOSPC',
        file: path.join(dir, `${task.id}.mp4`),
      });
      expect(await readdir(dir)).toEqual([]);
      expect(openFilesUnder(dir)).toEqual([]);
      await vi.waitFor(() => expect(big.metrics.inFlight).toBe(0));
    } finally {
      await big.close();
    }
  });

  it('starts again from the first byte when the server ignores the Range of a resume', async () => {
    const video = Buffer.concat([
      await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url)),
      Buffer.alloc(512 * 1024, 7),
    ]);
    let requests = 0;
    const cdn = await startOtherOrigin((_url, res) => {
      res.writeHead(200, { 'content-length': video.length, 'content-type': 'video/mp4' });
      if (++requests === 1) {
        // Half the file, then the connection drops.
        res.write(video.subarray(0, video.length >> 1), () => res.socket?.destroy());
      } else {
        res.end(video);
      }
    });

    const last = await lastValueFrom(clientFor(sim).download$(`${cdn.origin}/v.mp4`, { dir }));

    expect(cdn.seen.map((r) => r.headers.range)).toEqual([
      undefined,
      expect.stringMatching(/^bytes=\d+-$/),
    ]);
    expect(last).toMatchObject({ bytes: video.length, totalBytes: video.length, done: true });
    // Buffer#equals: a deep toEqual over half a megabyte takes seconds.
    expect((await readFile(path.join(dir, 'v.mp4'))).equals(video)).toBe(true);
  });

  it('resumes with Range after the connection drops halfway, and the file is byte-identical', async () => {
    const task = await completedTask();
    const clean = path.join(dir, 'clean.mp4');
    await lastValueFrom(clientFor(sim).download$(task, { file: clean }));
    sim.metrics.reset();
    sim.setFaults({ dropDownloadAtByte: Math.floor(sim.videoSize / 2) });

    await lastValueFrom(clientFor(sim).download$(task, { dir }));

    expect(sim.metrics.faults.downloadDropped).toBe(1);
    expect(sim.metrics.downloads).toBe(2);
    expect(await readFile(path.join(dir, `${task.id}.mp4`))).toEqual(await readFile(clean));
  });

  it('fails with SORA_VIDEO_EXPIRED once the URL has expired, leaving nothing behind', async () => {
    const task = await completedTask();
    sim.advance(25 * 3600 * 1000);
    await expect(lastValueFrom(clientFor(sim).download$(task, { dir }))).rejects.toMatchObject({
      code: 'SORA_VIDEO_EXPIRED',
      status: 403,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at maxBytes with SORA_RESPONSE_TOO_LARGE, leaving nothing behind', async () => {
    const task = await completedTask();
    await expect(
      lastValueFrom(clientFor(sim).download$(task, { dir, maxBytes: 1000 })),
    ).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
      maxBytes: 1000,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a file that is not an MP4 with SORA_INVALID_VIDEO', async () => {
    const other = await startOtherOrigin((_url, res) => res.end('<html>not a video</html>'));
    await expect(
      lastValueFrom(clientFor(sim).download$(`${other.origin}/v.mp4`, { dir })),
    ).rejects.toMatchObject({
      code: 'SORA_INVALID_VIDEO',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('never sends the API key to another origin, even through a redirect from the API', async () => {
    const video = await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));
    const cdn = await startOtherOrigin((_url, res) => res.end(video));
    const api = await startOtherOrigin((url, res) => {
      res.writeHead(302, { location: `${cdn.origin}/signed${url}` }).end();
    });
    const sora = createSoraClient({ baseUrl: `${api.origin}/v1`, apiKey: 'sk-secret-123456' });
    const task: VideoTask = {
      id: 'sora_redirect',
      object: 'video.generation',
      created: 1,
      model: 'sora-2',
      status: 'completed',
      video_url: null,
      error: null,
    };

    await lastValueFrom(sora.download$(task, { dir }));
    await lastValueFrom(sora.download$(`${cdn.origin}/direct.mp4`, { dir }));

    expect(api.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/videos/sora_redirect/content', 'Bearer sk-secret-123456'],
    ]);
    expect(cdn.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/signed/v1/videos/sora_redirect/content', undefined],
      ['/direct.mp4', undefined],
    ]);
    expect((await readFile(path.join(dir, 'sora_redirect.mp4'))).length).toBe(video.length);
  });

  it('downloads an OpenAI-shaped task without video_url from /videos/{id}/content', async () => {
    const openai = await startSoraSimulator({ dialect: 'openai', clock: 'manual' });
    try {
      const task = await completedTask(openai);
      expect(task.video_url).toBeNull();
      const last = await lastValueFrom(clientFor(openai).download$(task, { dir }));
      expect(last).toMatchObject({ done: true, bytes: openai.videoSize });
    } finally {
      await openai.close();
    }
  });

  it('keeps the file inside the folder whatever the task id holds', async () => {
    const video = await readFile(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));
    const cdn = await startOtherOrigin((_url, res) => res.end(video));
    const task: VideoTask = {
      id: '../../etc/passwd',
      object: 'video.generation',
      created: 1,
      model: 'sora-2',
      status: 'completed',
      video_url: `${cdn.origin}/v.mp4`,
      error: null,
    };
    const last = await lastValueFrom(clientFor(sim).download$(task, { dir }));
    expect(path.dirname(last.file)).toBe(dir);
    expect(path.basename(last.file)).toMatch(/^etc_passwd~[0-9a-f]{16}\.mp4$/);
    expect(await readdir(dir)).toEqual([path.basename(last.file)]);
  });

  it('removes the temporary file when unsubscribed mid-download', async () => {
    const big = await startSoraSimulator({ clock: 'manual', videoBytes: 64 * 1024 * 1024 });
    try {
      const task = await completedTask(big);
      const first = await new Promise<string>((resolve, reject) => {
        const subscription = clientFor(big)
          .download$(task, { dir })
          .subscribe({
            next: (p) => {
              subscription?.unsubscribe();
              resolve(p.file);
            },
            error: reject,
          });
      });
      expect(first).toBe(path.join(dir, `${task.id}.mp4`));
      expect(await readdir(dir)).toEqual([]);
      // The file handle is closed once the write in flight has finished, and the request is gone.
      await vi.waitFor(() => expect(openFilesUnder(dir)).toEqual([]));
      await vi.waitFor(() => expect(big.metrics.inFlight).toBe(0));
      expect(big.metrics.bytesSent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await big.close();
    }
  });

  it('fails with SORA_FILE when the folder cannot be written', async () => {
    const task = await completedTask();
    const notADir = path.join(dir, 'file');
    await writeFile(notADir, 'x');
    await expect(
      lastValueFrom(clientFor(sim).download$(task, { dir: notADir })),
    ).rejects.toMatchObject({
      code: 'SORA_FILE',
    });
  });

  // Node's recursive mkdir never returns on /proc/<missing> (it loops at full CPU).
  it.runIf(process.platform === 'linux')(
    'fails with SORA_FILE, and ends, when the folder cannot be made under /proc',
    async () => {
      const task = await completedTask();
      await expect(
        lastValueFrom(clientFor(sim).download$(task, { dir: '/proc/sora-rx-nope/videos' })),
      ).rejects.toMatchObject({ code: 'SORA_FILE' });
    },
    5_000,
  );

  it('refuses a task that is not completed, and bad options, with a TypeError', async () => {
    const { id } = sim.createTask({ status: 'processing' });
    const task = await firstValueFrom(clientFor(sim).getVideo$(id));
    const sora = clientFor(sim);
    expect(() => sora.download$(task, { dir })).toThrow(/is processing/);
    expect(() => sora.download$({ ...task, status: 'completed' }, {})).toThrow(
      /`dir`, `file` or `to`/,
    );
    expect(() => sora.download$('not a url', { dir })).toThrow(TypeError);
    expect(() => sora.download$({ ...task, status: 'completed' }, { dir, maxBytes: -1 })).toThrow(
      /`maxBytes`/,
    );
    const completed = { ...task, status: 'completed' as const };
    expect(() => sora.download$(completed, { dir, retry: { maxRetries: -1 } })).toThrow(
      /`maxRetries`/,
    );
    expect(() =>
      sora.download$(completed, { dir, retry: { scheduler: undefined } as never }),
    ).toThrow(/Unknown option `scheduler` in `options.retry`/);
  });
});
