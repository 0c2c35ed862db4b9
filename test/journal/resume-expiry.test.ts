import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import {
  closeScriptedServers,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

const HOUR = 3_600_000;
const video = makeVideo(20_000);
let host: ScriptedServer;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-resume-expiry-'));
  const now = Date.now();
  host = await startScriptedServer((req, res, recorded) => {
    const match = /^\/v1\/videos\/([^/?]+)(\/content)?/.exec(req.url ?? '');
    if (match?.[2] !== undefined) return videoAnswer(video)(req, res, recorded);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: match?.[1],
        object: 'video',
        status: 'completed',
        expires_at: Math.floor((now + 20 * HOUR) / 1000),
      }),
    );
  });
});

afterEach(async () => {
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
});

/** A `status` record of a task seen at `at`, its video expiring at `expiresAt` if given. */
function seen(id: string, status: string, at: number, expiresAt?: number): JournalRecord {
  return {
    type: 'status',
    at,
    id,
    status: status as 'completed',
    videoUrl: null,
    error: null,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

describe('resume$', () => {
  it('saves the videos that expire soonest first, tasks not completed last', async () => {
    const now = Date.now();
    const journal = memoryJournal([
      seen('video_running', 'processing', now - HOUR),
      seen('video_3h', 'completed', now - HOUR, now + 3 * HOUR),
      // No expires_at: a day after it was first seen completed, 22 h from now.
      seen('video_guess', 'completed', now - 2 * HOUR),
      seen('video_1h', 'completed', now - HOUR, now + HOUR),
    ]);
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k', journal });
    const events = await lastValueFrom(sora.resume$({ dir, concurrency: 1 }).pipe(toArray()));

    const asked = host.requests
      .filter((request) => !request.url.includes('/content'))
      .map((request) => request.url.replace('/v1/videos/', ''));
    expect(asked).toEqual(['video_1h', 'video_3h', 'video_guess', 'video_running']);
    const saved = events.flatMap((event) =>
      event.type === 'download' && event.progress.done ? [event.id] : [],
    );
    expect(saved).toEqual(['video_1h', 'video_3h', 'video_guess', 'video_running']);
    expect((await readdir(dir)).length).toBe(4);
    await sora.close();
  });
});

describe('the journal', () => {
  it("keeps a task's expires_at, in ms since the epoch, on its entry", async () => {
    const journal = memoryJournal();
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k', journal });
    await lastValueFrom(sora.videoStatus$('video_1'));
    const status = journal.records.filter((record) => record.type === 'status');
    expect(status).toHaveLength(1);
    const expiresAt = (status[0] as { expiresAt?: number }).expiresAt;
    expect(expiresAt).toBeGreaterThan(Date.now() + 19 * HOUR);
    expect(journal.records.length).toBeGreaterThan(0);
    const fold = new JournalFold();
    for (const record of journal.records) fold.add(record);
    expect(fold.byId('video_1')?.expiresAt).toBe(expiresAt);
    await sora.close();
  });
});
