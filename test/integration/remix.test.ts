import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSafeToResendCreate } from '../../src/api/create-video.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

let sim: SoraSimulator;

beforeEach(async () => {
  sim = await startSoraSimulator({ dialect: 'openai', seed: 5, timeScale: 5000 });
});
afterEach(async () => {
  await sim.close();
  await closeScriptedServers();
});

// The simulator's poll hints, scaled to its speed, are below the client's floor of 1 s.
const fast = { intervalMs: 5, jitter: 0, minHintMs: 5 };

describe('a remix, on the simulator in OpenAI’s dialect', () => {
  it('goes through generate$ to a completed video that names its source, and is journalled', async () => {
    const journal = memoryJournal();
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    const source = await lastValueFrom(sora.generate$({ prompt: 'A fox in the snow' }));
    expect(source.status).toBe('completed');

    const tasks = await lastValueFrom(
      sora.generate$({ prompt: 'The same fox, at night', remixOf: source.id }).pipe(toArray()),
    );
    const remix = tasks.at(-1);
    expect(remix).toMatchObject({ status: 'completed', remixed_from_video_id: source.id });
    expect(remix?.id).not.toBe(source.id);
    expect(new Set(tasks.map((task) => task.id))).toEqual(new Set([remix?.id]));
    expect(sim.metrics.creates).toBe(2);

    const intents = journal.records.filter((record) => record.type === 'intent');
    expect(intents.at(-1)).toMatchObject({
      params: { prompt: 'The same fox, at night', remixOf: source.id },
    });
    const key = (intents.at(-1) as { key: string }).key;
    // The remix carried its idempotency key, as every create does.
    expect(sim.metrics.createsByKey[key]).toBe(1);
    expect(journal.records).toContainEqual(
      expect.objectContaining({ type: 'created', key, id: remix?.id }),
    );
    await sora.close();
  });

  it('is resent by resume$ after a crash with its key, to the remix path: the server answers its first task', async () => {
    const journal = memoryJournal();
    const before = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal,
      poll: fast,
    });
    const source = await lastValueFrom(before.generate$({ prompt: 'A fox' }));
    const made = await lastValueFrom(
      before.createVideo$({ prompt: 'At night', remixOf: source.id }),
    );
    await before.close();
    const intent = journal.records.filter((record) => record.type === 'intent').at(-1);
    const key = (intent as { key: string }).key;
    // The journal as a crash between the remix and its answer leaves it.
    const crashed = memoryJournal(
      journal.records.slice(0, journal.records.indexOf(intent as never) + 1),
    );
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      journal: crashed,
      poll: fast,
    });

    const events = await lastValueFrom(sora.resume$({ recreateUncertain: true }).pipe(toArray()));

    expect(events.at(-1)).toMatchObject({
      type: 'task',
      task: { id: made.id, status: 'completed' },
    });
    expect(sim.metrics.createsByKey[key]).toBe(2);
    expect(sim.tasks.size).toBe(2);
    await sora.close();
  });

  it('fails with the gateway’s 404 for an unknown source, and is not resent', async () => {
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, poll: fast });
    const error = await errorOf(sora.createVideo$({ prompt: 'p', remixOf: 'video_nope' }));
    expect(error).toMatchObject({ code: 'SORA_NOT_FOUND', status: 404 });
    expect(isSafeToResendCreate(error)).toBe(false);
    expect(sim.metrics.creates).toBe(1);
    await sora.close();
  });

  it('fails with a 400 for a source that is not completed', async () => {
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, poll: fast });
    // Queued for a simulated day: still unfinished however slow the machine is.
    const source = sim.createTask({ queuedMs: 86_400_000, processingMs: 60_000 });
    const error = await errorOf(sora.createVideo$({ prompt: 'p', remixOf: source.id }));
    expect(error).toMatchObject({ code: 'SORA_HTTP', status: 400 });
    expect(String((error as Error).message)).toMatch(/Only completed videos can be remixed/);
    await sora.close();
  });
});

describe('a remix over the wire', () => {
  let gateway: ScriptedServer;
  it('is POST {base}/videos/{id}/remix with { prompt }, its id percent-encoded', async () => {
    const bodies: unknown[] = [];
    gateway = await startScriptedServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'video_2', status: 'queued', remixed_from_video_id: 'a/b' }));
      });
    });
    const sora = createSoraClient({ baseUrl: gateway.baseUrl, apiKey: 'sk-test-k' });
    const task = await lastValueFrom(sora.createVideo$({ prompt: 'at night', remixOf: 'a/b' }));
    expect(task).toMatchObject({ id: 'video_2', remixed_from_video_id: 'a/b' });
    expect(gateway.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /v1/videos/a%2Fb/remix',
    ]);
    expect(bodies).toEqual([{ prompt: 'at night' }]);
    await sora.close();
  });
});
