import { chown, lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
let file: string;
let part: string;

beforeEach(async () => {
  ({ host, sora, dir } = await startDownloadHost('part'));
  await mkdir(path.join(dir, 'videos'));
  file = path.join(dir, 'videos', 'v.mp4');
  part = `${file}.part`;
});

afterEach(() => stopDownloadHost({ host, sora, dir }));

const video = makeVideo(50_000, 2);

/** Downloads with keepPartial, and resolves with its error. */
function failure(): Promise<unknown> {
  host.script(videoAnswer(video));
  return lastValueFrom(
    sora.download$(`${host.origin}/files/v.mp4`, { file, keepPartial: true }),
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('keepPartial and a part file that is not ours', () => {
  it('refuses a symlink planted at <file>.part with SORA_FILE naming it, and leaves its target untouched', async () => {
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'precious data\n');
    await symlink(victim, part);
    expect(await failure()).toMatchObject({
      code: 'SORA_FILE',
      file: part,
      message: expect.stringContaining(part),
    });
    expect(await readFile(victim, 'utf8')).toBe('precious data\n');
    expect((await lstat(part)).isSymbolicLink()).toBe(true);
    await expect(lstat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(host.requests).toHaveLength(0);
  });

  it('creates nothing where a dangling symlink points', async () => {
    const target = path.join(dir, 'created-by-the-link');
    await symlink(target, part);
    expect(await failure()).toMatchObject({ code: 'SORA_FILE', file: part });
    await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a part that is a folder, or that another user owns', async () => {
    await mkdir(part);
    expect(await failure()).toMatchObject({ code: 'SORA_FILE', file: part });
    await rm(part, { recursive: true });

    // Only root can give a file away: elsewhere this half proves nothing, and is skipped.
    if (process.getuid?.() !== 0) return;
    await writeFile(part, video.subarray(0, 10_000));
    await chown(part, 4242, 4242);
    expect(await failure()).toMatchObject({
      code: 'SORA_FILE',
      file: part,
      message: expect.stringMatching(/owned by/),
    });
    expect(await readFile(part)).toEqual(video.subarray(0, 10_000));
  });

  it('still continues a regular part file of its own', async () => {
    await writeFile(part, video.subarray(0, 10_000));
    host.script(videoAnswer(video, { status: 206, start: 'requested' }));
    const last = await lastValueFrom(
      sora.download$(`${host.origin}/files/v.mp4`, { file, keepPartial: true }),
    );
    expect(last).toMatchObject({ done: true, bytes: video.length });
    expect(host.requests[0]?.headers.range).toBe('bytes=10000-');
    expect(await readFile(file)).toEqual(video);
  });
});
