import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { closeScriptedServers, json, startScriptedServer } from '../helpers/scripted-server.js';

// A create the gateway refused for good is rejected, not uncertain (defect 14 of the hostile-edge
// issue); the folder a download was asked into is in the journal, and resume$ uses it (defect 15).

let sim: SoraSimulator;
let dir: string;

beforeEach(async () => {
  sim = await startSoraSimulator({ seed: 12, timeScale: 5000 });
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-journal-edges-'));
});

afterEach(async () => {
  await sim.close();
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
});

const fast = { intervalMs: 5, jitter: 0, minHintMs: 5 };

function fold(records: readonly JournalRecord[]) {
  const result = new JournalFold();
  for (const record of records) result.add(record);
  return result.entries();
}

describe('a create refused for good', () => {
  it('is recorded rejected with its status and reason; resume$ neither reports nor sends it', async () => {
    const journal = memoryJournal();
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, journal });
    // The seed gateway makes 10, 15 and 25 s videos: 7 is refused with 400.
    await expect(
      firstValueFrom(sora.createVideo$({ prompt: 'a fox', seconds: 7 })),
    ).rejects.toMatchObject({
      status: 400,
    });
    const [entry] = fold(journal.records);
    expect(entry).toMatchObject({ rejected: 400, error: expect.stringMatching(/seconds/) });
    expect(entry?.id).toBeUndefined();

    const events = await lastValueFrom(sora.resume$({ recreateUncertain: true }).pipe(toArray()));
    expect(events).toEqual([]);
    expect(sim.metrics.creates).toBe(1);
  });

  it.each([408, 409, 429, 500])(
    'is not what a %i says: the create stays uncertain',
    async (status) => {
      const server = await startScriptedServer(json({ error: { message: 'try later' } }, status));
      const journal = memoryJournal();
      const sora = createSoraClient({
        baseUrl: server.baseUrl,
        apiKey: 'sk-k',
        journal,
        retry: { maxRetries: 0 },
      });
      await expect(firstValueFrom(sora.createVideo$({ prompt: 'a fox' }))).rejects.toThrow();
      const [entry] = fold(journal.records);
      expect(entry?.rejected).toBeUndefined();
      const events = await lastValueFrom(sora.resume$().pipe(toArray()));
      expect(events).toEqual([expect.objectContaining({ type: 'uncertain' })]);
    },
  );

  it('a 401 is rejected too: the wrong key gets the same answer again', async () => {
    const server = await startScriptedServer(json({ error: { message: 'bad key' } }, 401));
    const journal = memoryJournal();
    const sora = createSoraClient({ baseUrl: server.baseUrl, apiKey: 'sk-k', journal });
    await expect(firstValueFrom(sora.createVideo$({ prompt: 'a fox' }))).rejects.toThrow();
    expect(fold(journal.records)).toEqual([expect.objectContaining({ rejected: 401 })]);
  });
});

describe('the folder of a download', () => {
  it('is recorded as the task is first seen, and resume$ without dir saves there', async () => {
    const journal = memoryJournal();
    const task = sim.createTask({ seconds: 10, queuedMs: 20_000, processingMs: 40_000 });
    const videos = path.join(dir, 'videos');
    const first = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    // Stopped at the first event, before the task completes: as a process killed mid-watch.
    await firstValueFrom(
      first.videoStatus$(task.id).pipe(first.downloadWhenCompleted({ dir: videos })),
    );
    expect(journal.records).toContainEqual(
      expect.objectContaining({ type: 'destination', id: task.id, dir: videos }),
    );

    const again = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    const events = await lastValueFrom(again.resume$({ defaultDir: dir }).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'download', progress: { done: true } });
    expect(await readdir(videos)).toEqual([`${task.id}.mp4`]);
  });

  it('gives way to resume$({ dir })', async () => {
    const task = sim.createTask({ status: 'completed' });
    const journal = memoryJournal([
      { type: 'status', at: 1, id: task.id, status: 'queued' },
      { type: 'destination', at: 2, id: task.id, dir: path.join(dir, 'recorded') },
    ]);
    const other = path.join(dir, 'other');
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    await lastValueFrom(sora.resume$({ dir: other }).pipe(toArray()));
    expect(await readdir(dir)).toEqual(['other']);
    expect(await readdir(other)).toEqual([`${task.id}.mp4`]);
  });

  it('checks defaultDir as it checks dir', () => {
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal: memoryJournal(),
    });
    expect(() => sora.resume$({ defaultDir: '' })).toThrow(/`defaultDir`/);
  });
});
