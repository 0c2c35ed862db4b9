import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client/sora-client.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import {
  makeVideo,
  startDownloadHost,
  stopDownloadHost,
  videoAnswer,
} from '../helpers/video-host.js';

let host: ScriptedServer;
let sora: SoraClient;
let dir: string;

beforeEach(async () => {
  ({ host, sora, dir } = await startDownloadHost('keep'));
});

afterEach(() => stopDownloadHost({ host, sora, dir }));

const video = makeVideo(200_000, 3);

describe('download$ with keepPartial', () => {
  it('keeps a failed download in <file>.part, and the next one continues it with Range', async () => {
    host.script(videoAnswer(video, { dropAfter: 80_000 }));
    const file = path.join(dir, 'v.mp4');
    const url = `${host.origin}/files/v.mp4`;
    await expect(
      lastValueFrom(sora.download$(url, { file, keepPartial: true, maxResumes: 0 })),
    ).rejects.toMatchObject({ code: 'SORA_NETWORK' });
    expect(await readdir(dir)).toEqual(['v.mp4.part']);
    const kept = (await readFile(`${file}.part`)).length;
    expect(kept).toBeGreaterThan(0);

    host.script(videoAnswer(video, { status: 206, start: 'requested' }));
    const last = await lastValueFrom(sora.download$(url, { file, keepPartial: true }));
    expect(last).toMatchObject({ done: true, bytes: video.length });
    expect(host.requests.at(-1)?.headers.range).toBe(`bytes=${kept}-`);
    expect(await readFile(file)).toEqual(video);
    expect(await readdir(dir)).toEqual(['v.mp4']);
  });

  it('starts again from the first byte when the kept part is not the start of an MP4', async () => {
    const file = path.join(dir, 'v.mp4');
    await writeFile(`${file}.part`, 'not a video at all');
    host.script(videoAnswer(video));
    await lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { file, keepPartial: true }));
    expect(host.requests.at(-1)?.headers.range).toBeUndefined();
    expect(await readFile(file)).toEqual(video);
  });

  it('removes the part without keepPartial, as before', async () => {
    host.script(videoAnswer(video, { dropAfter: 80_000 }));
    const file = path.join(dir, 'v.mp4');
    await expect(
      lastValueFrom(sora.download$(`${host.origin}/files/v.mp4`, { file, maxResumes: 0 })),
    ).rejects.toBeDefined();
    expect(await readdir(dir)).toEqual([]);
    expect(() => sora.download$(`${host.origin}/x`, { file, keepPartial: 1 as never })).toThrow(
      /`keepPartial`/,
    );
  });
});
