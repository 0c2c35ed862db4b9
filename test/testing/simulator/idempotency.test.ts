import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SoraSimulator, startSoraSimulator } from '../../../src/testing/simulator/index.js';

let sim: SoraSimulator;

beforeEach(async () => {
  sim = await startSoraSimulator({ seed: 5 });
});

afterEach(() => sim.close());

function create(body: unknown, key?: string): Promise<Response> {
  return fetch(`${sim.baseUrl}/videos`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sim.apiKey}`,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });
}

describe('the simulator with Idempotency-Key', () => {
  it('answers a repeated key with the first task, and counts the creates of each key', async () => {
    const first = (await (await create({ model: 'sora-2', prompt: 'a fox' }, 'k-1')).json()) as {
      id: string;
    };
    const again = (await (await create({ model: 'sora-2', prompt: 'a fox' }, 'k-1')).json()) as {
      id: string;
    };
    const other = (await (await create({ model: 'sora-2', prompt: 'a fox' }, 'k-2')).json()) as {
      id: string;
    };
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(sim.tasks.size).toBe(2);
    expect(sim.metrics.createsByKey).toEqual({ 'k-1': 2, 'k-2': 1 });
  });

  it('refuses a key used again with other parameters', async () => {
    await create({ model: 'sora-2', prompt: 'a fox' }, 'k-1');
    const reused = await create({ model: 'sora-2', prompt: 'a cat' }, 'k-1');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(sim.tasks.size).toBe(1);
  });

  it('makes a task for each create without a key, and counts none by key', async () => {
    await create({ model: 'sora-2', prompt: 'a fox' });
    await create({ model: 'sora-2', prompt: 'a fox' });
    expect(sim.tasks.size).toBe(2);
    expect(sim.metrics.createsByKey).toEqual({});
    sim.metrics.reset();
    expect(sim.metrics.createsByKey).toEqual({});
  });
});
