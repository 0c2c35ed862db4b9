import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventSource } from 'eventsource';
import type { VideoTask } from 'sora-rx';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_OPTIONS, type FleetOptions } from '../../examples/nest-fleet/fleet.options.js';
import { FleetService } from '../../examples/nest-fleet/fleet.service.js';
import { FleetAppModule } from '../../examples/nest-fleet/fleet-app.module.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
let sim: SoraSimulator;
let app: INestApplication | undefined;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

beforeEach(async () => {
  sim = await startSoraSimulator({ timeScale: 600 });
  dir = await mkdtemp(join(tmpdir(), 'sora-nest-fleet-'));
  const options: FleetOptions = {
    // Each test its own keys on the one Redis.
    prefix: `nest-fleet-${Date.now()}`,
    connection: { host: redis.host, port: redis.port },
    client: { baseUrl: sim.baseUrl, apiKey: sim.apiKey, poll: { minHintMs: 10 } },
    save: { dir },
  };
  const moduleRef = await Test.createTestingModule({ imports: [FleetAppModule] })
    .overrideProvider(FLEET_OPTIONS)
    .useValue(options)
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  await app.get(FleetService).ready();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Reads the events of `path` with a real EventSource until the server ends the stream. */
async function readEvents(path: string) {
  const source = new EventSource(new URL(path, await app?.getUrl()));
  return new Promise<{ tasks: VideoTask[]; errors: unknown[] }>((resolve) => {
    const received = { tasks: [] as VideoTask[], errors: [] as unknown[] };
    source.onmessage = (event) => received.tasks.push(JSON.parse(event.data));
    source.addEventListener('fleet-error', (event) => received.errors.push(JSON.parse(event.data)));
    source.onerror = () => {
      source.close();
      resolve(received);
    };
  });
}

describe('the NestJS fleet example', () => {
  it('makes a video on the fleet and streams its job as server-sent events to the end', async () => {
    const response = await fetch(new URL('/fleet/videos', await app?.getUrl()), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: 'A lighthouse at dawn',
        seconds: 10,
        idempotencyKey: 'nest-1',
      }),
    });
    expect(await response.json()).toEqual({ jobId: 'nest-1' });

    const { tasks, errors } = await readEvents('/fleet/jobs/nest-1/events');

    expect(errors).toEqual([]);
    expect(tasks.at(-1)?.status).toBe('completed');
    const id = tasks.at(-1)?.id;
    expect(tasks.every((task) => task.id === id)).toBe(true);
    expect(await readdir(dir)).toEqual([`${id}.mp4`]);
    const saved = await readFile(join(dir, `${id}.mp4`));
    expect(saved.length).toBe(sim.videoSize);
  });

  it('ends the stream of a job that failed with a fleet-error event and its code', async () => {
    // The gateway refuses 25-second videos of this model: the create fails for good.
    await fetch(new URL('/fleet/videos', await app?.getUrl()), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'A long take', seconds: 25, idempotencyKey: 'nest-2' }),
    });

    const { tasks, errors } = await readEvents('/fleet/jobs/nest-2/events');

    expect(tasks).toEqual([]);
    expect(errors).toEqual([{ code: 'SORA_HTTP' }]);
    expect(sim.tasks.size).toBe(0);
  });
});
