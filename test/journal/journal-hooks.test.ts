import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { fileJournal } from '../../src/journal/file-journal.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import type { ResumeEvent } from '../../src/journal/resume.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { loadVideoPayload, payloadChunks } from '../../src/testing/simulator/mp4.js';
import {
  closeScriptedServers,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

let sim: SoraSimulator;
let dir: string;

beforeEach(async () => {
  sim = await startSoraSimulator({ seed: 11, timeScale: 5000 });
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-journal-client-'));
});

afterEach(async () => {
  await sim.close();
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
});

// The simulator's poll hints, scaled to its speed, are shorter than the client's floor of 1 s:
// lowered too, so that a watch takes milliseconds.
const fast = { intervalMs: 5, jitter: 0, minHintMs: 5 };

function client(journal = memoryJournal()) {
  return {
    journal,
    sora: createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, journal, poll: fast }),
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a client with a journal', () => {
  it('writes the intent before the create, sends its key, and the task id before emitting it', async () => {
    const { journal, sora } = client();
    const seenAtEmit: JournalRecord['type'][] = [];
    const task = await lastValueFrom(
      sora
        .createVideo$({ prompt: 'a fox', seconds: 10 })
        .pipe(tap(() => seenAtEmit.push(...journal.records.map((record) => record.type)))),
    );
    expect(seenAtEmit).toEqual(['intent', 'created', 'status']);
    const [intent, created] = journal.records;
    expect(intent).toMatchObject({ type: 'intent', params: { prompt: 'a fox', seconds: 10 } });
    const key = (intent as { key: string }).key;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    // With the model the gateway named, so that a later client learns this task's time by it.
    expect(created).toEqual({
      type: 'created',
      at: expect.any(Number),
      key,
      id: task.id,
      model: task.model,
    });
    expect(sim.metrics.createsByKey).toEqual({ [key]: 1 });
  });

  it("sends and records the params' own idempotency key, and no second task for it", async () => {
    const { journal, sora } = client();
    const params = { prompt: 'a fox', idempotencyKey: 'batch-line-1' };
    const first = await lastValueFrom(sora.createVideo$(params));
    const again = await lastValueFrom(sora.createVideo$(params));
    expect(again.id).toBe(first.id);
    expect(sim.metrics.createsByKey).toEqual({ 'batch-line-1': 2 });
    const intents = journal.records.filter((record) => record.type === 'intent');
    expect(intents).toEqual([
      { type: 'intent', at: expect.any(Number), key: 'batch-line-1', params: { prompt: 'a fox' } },
      { type: 'intent', at: expect.any(Number), key: 'batch-line-1', params: { prompt: 'a fox' } },
    ]);
  });

  it('records status changes of a watch, not each progress, and the saved file with its SHA-256', async () => {
    const { journal, sora } = client();
    const events = await lastValueFrom(
      sora.generate$({ prompt: 'a fox' }).pipe(sora.downloadWhenCompleted({ dir }), toArray()),
    );
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'download', progress: { done: true } });
    const types = journal.records.map((record) => record.type);
    expect(types.filter((type) => type === 'status').length).toBeLessThanOrEqual(4);
    expect(types.slice(-2)).toEqual(['download', 'saved']);
    const saved = journal.records.at(-1) as Extract<JournalRecord, { type: 'saved' }>;
    const bytes = await readFile(saved.file);
    expect(saved).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
    expect(await readdir(dir)).toEqual([path.basename(saved.file)]);
  });

  it('resumes after a restart: watches the task left unfinished and saves its video once', async () => {
    const file = path.join(dir, 'tasks.jsonl');
    const firstJournal = fileJournal(file);
    const first = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal: firstJournal,
    });
    const created = await lastValueFrom(first.createVideo$({ prompt: 'left behind' }));
    // The process "stops" here: a new client opens the same journal once the first let go.
    await firstJournal.close();
    const journal = fileJournal(file);
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    const events = await lastValueFrom(sora.resume$({ dir }).pipe(toArray()));
    expect(events.at(0)).toMatchObject({ type: 'task', id: created.id });
    expect(events.at(-1)).toMatchObject({
      type: 'download',
      id: created.id,
      progress: { done: true },
    });
    // Nothing is left to do: a second resume has nothing to emit.
    expect(await lastValueFrom(sora.resume$({ dir }).pipe(toArray()))).toEqual([]);
    await journal.close();
    expect(await readdir(dir)).toEqual([`${created.id}.mp4`, 'tasks.jsonl']);
    expect(sim.metrics.creates).toBe(1);
  });

  it('continues a kept part file with Range', async () => {
    const task = sim.createTask({ queuedMs: 0, processingMs: 0 });
    const journal = memoryJournal([
      { type: 'status', at: 1, id: task.id, status: 'completed' },
      { type: 'download', at: 2, id: task.id, file: path.join(dir, `${task.id}.mp4`) },
    ]);
    const payload = await loadVideoPayload();
    const whole = Buffer.concat([...payloadChunks(payload, 0, payload.size)]);
    await writeFile(path.join(dir, `${task.id}.mp4.part`), whole.subarray(0, 1000));
    const { sora } = client(journal);
    const events = await lastValueFrom(sora.resume$().pipe(toArray()));
    const downloads = events.filter((event) => event.type === 'download');
    expect(downloads.at(0)).toMatchObject({ progress: { bytes: expect.any(Number) } });
    expect((downloads.at(0) as { progress: { bytes: number } }).progress.bytes).toBeGreaterThan(
      1000,
    );
    expect(await readFile(path.join(dir, `${task.id}.mp4`))).toEqual(whole);
    expect(await readdir(dir)).toEqual([`${task.id}.mp4`]);
  });

  it('reports an intent without an answer as uncertain, and never creates it on its own', async () => {
    const journal = memoryJournal([
      { type: 'intent', at: 1, key: 'key-1', params: { prompt: 'maybe made' } },
    ]);
    const { sora } = client(journal);
    const events = await lastValueFrom(sora.resume$({ dir }).pipe(toArray()));
    expect(events).toEqual([
      {
        type: 'uncertain',
        key: 'key-1',
        params: { prompt: 'maybe made' },
        error: expect.objectContaining({ code: 'SORA_UNCERTAIN_CREATE', idempotencyKey: 'key-1' }),
      },
    ]);
    expect(sim.metrics.creates).toBe(0);
  });

  it('sends an uncertain create again with the same key: the server answers with its first task', async () => {
    const { sora: before, journal } = client();
    const made = await lastValueFrom(before.createVideo$({ prompt: 'made once' }));
    const key = (journal.records[0] as { key: string }).key;
    // The journal as a crash between the request and its answer leaves it.
    const { sora } = client(memoryJournal(journal.records.slice(0, 1)));
    const events: ResumeEvent[] = await lastValueFrom(
      sora.resume$({ dir, recreateUncertain: true }).pipe(toArray()),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'download',
      id: made.id,
      progress: { done: true },
    });
    expect(sim.metrics.createsByKey).toEqual({ [key]: 2 });
    expect(sim.tasks.size).toBe(1);
  });

  it('checks its journal and resume options at once', () => {
    expect(() =>
      createSoraClient({ baseUrl: sim.baseUrl, apiKey: 'k', journal: {} as never }),
    ).toThrow(/`journal`.*missing load, append, close/);
    const { sora } = client();
    expect(() => sora.resume$({ recreateUncertain: 'yes' as never })).toThrow(/recreateUncertain/);
    expect(() => sora.resume$({ dir: '' })).toThrow(/`dir`/);
    const plain = createSoraClient({ baseUrl: sim.baseUrl, apiKey: 'k' });
    expect(() => plain.resume$()).toThrow(/needs a `journal`/);
  });
});

describe('an expired video URL', () => {
  let host: ScriptedServer;
  const video = makeVideo(5000);
  const task = (url: string): VideoTask => ({
    id: 'v1',
    object: 'video',
    created: 1,
    model: 'sora-2',
    status: 'completed',
    video_url: url,
    error: null,
  });

  beforeEach(async () => {
    host = await startScriptedServer();
  });

  it('is fetched again once for a fresh URL before failing', async () => {
    host.script(
      (_req, res) => res.writeHead(403).end('AccessDenied'),
      (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(task(`${host.origin}/files/fresh.mp4`))),
      videoAnswer(video),
    );
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-k' });
    const file = path.join(dir, 'v.mp4');
    await lastValueFrom(sora.download$(task(`${host.origin}/files/old.mp4`), { file }));
    expect(await readFile(file)).toEqual(video);
    expect(host.requests.map((request) => request.url)).toEqual([
      '/files/old.mp4',
      '/v1/videos/v1',
      '/files/fresh.mp4',
    ]);
  });

  it('fails with SORA_VIDEO_EXPIRED when the fresh URL is refused too, and is journaled so', async () => {
    host.script(
      (_req, res) => res.writeHead(410).end('Gone'),
      (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(task(`${host.origin}/files/fresh.mp4`))),
      (_req, res) => res.writeHead(403).end('AccessDenied'),
    );
    const journal = memoryJournal();
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-k', journal });
    const url = `${host.origin}/files/old.mp4`;
    await expect(
      lastValueFrom(sora.download$(task(url), { file: path.join(dir, 'v.mp4') })),
    ).rejects.toMatchObject({ code: 'SORA_VIDEO_EXPIRED' });
    expect(host.requests).toHaveLength(3);
    expect(journal.records.at(-1)).toMatchObject({ type: 'unsaved', id: 'v1', expired: true });
  });
});

describe('a client without a journal', () => {
  it('sends no Idempotency-Key, so that a browser asks no CORS rule about it', async () => {
    const plain = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    await lastValueFrom(plain.createVideo$({ prompt: 'a fox' }));
    expect(sim.metrics.creates).toBe(1);
    expect(sim.metrics.createsByKey).toEqual({});
  });

  it("sends the params' own idempotency key, and refuses a bad one before sending", async () => {
    const plain = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    await lastValueFrom(plain.createVideo$({ prompt: 'a fox', idempotencyKey: 'order-7' }));
    expect(sim.metrics.createsByKey).toEqual({ 'order-7': 1 });
    for (const idempotencyKey of ['', 'with space', 'x'.repeat(256), 'é']) {
      expect(() => plain.createVideo$({ prompt: 'a fox', idempotencyKey })).toThrow(
        /`idempotencyKey` to be 1 to 255 printable ASCII/,
      );
    }
    expect(sim.metrics.creates).toBe(1);
  });
});
