import { readFile } from 'node:fs/promises';
import { afterEach } from 'vitest';
import {
  SAMPLE_MP4_URL,
  type SoraSimulator,
  type SoraSimulatorOptions,
  startSoraSimulator,
} from '../../src/testing/simulator/index.js';

const started: SoraSimulator[] = [];

/** Starts a simulator that is closed after the current test. */
export async function startSim(options: SoraSimulatorOptions = {}): Promise<SoraSimulator> {
  const sim = await startSoraSimulator({ seed: 42, clock: 'manual', ...options });
  started.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** A request to the simulator's API with its key. */
export function api(sim: SoraSimulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${sim.apiKey}`);
  return fetch(`${sim.baseUrl}${path}`, { ...init, headers });
}

/** `POST /videos` with a JSON body. */
export function postVideo(sim: SoraSimulator, body: unknown): Promise<Response> {
  return api(sim, '/videos', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Creates a task through the API and returns its JSON. */
export async function createVideo(
  sim: SoraSimulator,
  body: Record<string, unknown> = { model: 'sora-2', prompt: 'A cat surfing' },
): Promise<Record<string, unknown>> {
  const res = await postVideo(sim, body);
  if (res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Reads a body until it ends or breaks; returns the bytes read and the error, if any. */
export async function readUntilBreak(
  res: Response,
): Promise<{ bytes: Uint8Array; error: unknown }> {
  const chunks: Uint8Array[] = [];
  let error: unknown;
  const reader = res.body?.getReader();
  try {
    for (
      let next = await reader?.read();
      next !== undefined && !next.done;
      next = await reader?.read()
    ) {
      chunks.push(next.value);
    }
  } catch (caught) {
    error = caught;
  }
  return { bytes: Buffer.concat(chunks), error };
}

/**
 * Waits until `condition()` holds, yielding to the event loop in between; fails after 2 s. A
 * wait for an event, not a timing check.
 */
export async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('The condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The committed sample MP4. */
export async function readFixture(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(SAMPLE_MP4_URL));
}
