import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  asyncScheduler,
  firstValueFrom,
  lastValueFrom,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import type { VideoTask } from '../../src/model/video-task.js';
import {
  closeScriptedServers,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

/** Unix seconds of 2020-01-01T12:00:00Z, long past on any wall clock: the tasks below expire then. */
const EXPIRES_AT = Date.UTC(2020, 0, 1, 12) / 1000;
const MESSAGE =
  'The video expired at 2020-01-01T12:00:00.000Z; gateways keep a video about a day. Generate it again.';
const video = makeVideo(50_000);

let host: ScriptedServer;
let dir: string;

beforeEach(async () => {
  host = await startScriptedServer(videoAnswer(video));
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-expiry-'));
});

afterEach(async () => {
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
});

/** A scheduler whose clock reads `now` (ms since the epoch), its waits real. */
function clockAt(now: number): SchedulerLike {
  return { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
}

function clientAt(now: number, journal = memoryJournal()) {
  return createSoraClient({
    baseUrl: host.baseUrl,
    apiKey: 'sk-test-k',
    scheduler: clockAt(now),
    journal,
    retry: { maxRetries: 0 },
  });
}

const task: VideoTask & { expires_at: number } = {
  id: 'video_1',
  status: 'completed',
  video_url: null,
  error: null,
  expires_at: EXPIRES_AT,
};

describe('a download of a task whose expires_at has passed', () => {
  it('fails at once with SORA_VIDEO_EXPIRED in plain words, and sends no request', async () => {
    const sora = clientAt(EXPIRES_AT * 1000 + 1);
    const writes: unknown[] = [];
    const to = new WritableStream<Uint8Array>({ write: (chunk) => void writes.push(chunk) });
    for (const download$ of <Observable<unknown>[]>[
      sora.download$(task, { dir }),
      sora.download$(task, { to }),
      sora.videoBytes$(task),
    ]) {
      const error = await lastValueFrom(download$).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'SORA_VIDEO_EXPIRED',
        message: MESSAGE,
        status: undefined,
        expiresAt: EXPIRES_AT * 1000,
      });
    }
    expect(host.requests).toHaveLength(0);
    expect(writes).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    await sora.close();
  });

  it('is recorded in the journal as expired', async () => {
    const journal = memoryJournal();
    const sora = clientAt(EXPIRES_AT * 1000, journal);
    await expect(lastValueFrom(sora.download$(task, { dir }))).rejects.toMatchObject({
      code: 'SORA_VIDEO_EXPIRED',
    });
    expect(journal.records.at(-1)).toMatchObject({
      type: 'unsaved',
      id: 'video_1',
      expired: true,
      error: MESSAGE,
    });
    await sora.close();
  });

  it("is judged on the client's clock, not the wall clock: before expires_at it downloads", async () => {
    // The wall clock is past EXPIRES_AT; the client's scheduler is a minute before it.
    expect(Date.now()).toBeGreaterThan(EXPIRES_AT * 1000);
    const sora = clientAt(EXPIRES_AT * 1000 - 60_000);
    const bytes = await firstValueFrom(sora.videoBytes$(task));
    expect(Buffer.from(bytes).equals(video)).toBe(true);
    expect(host.requests).toHaveLength(1);
    await sora.close();
  });

  it('is tried anyway for a URL string, which carries no expiry', async () => {
    const sora = clientAt(EXPIRES_AT * 1000 + 1);
    const bytes = await firstValueFrom(sora.videoBytes$(`${host.origin}/files/v.mp4`));
    expect(bytes.byteLength).toBe(video.length);
    await sora.close();
  });
});
