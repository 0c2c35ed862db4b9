import { describe, expect, it } from 'vitest';
import type { SoraSimulatorOptions } from '../../../src/testing/simulator/index.js';
import { api, createVideo, postVideo, startSim } from '../simulator-helpers.js';

/** The `openai-poll-after-ms` header of a read of a fresh task, or `null` when none is sent. */
async function pollHintOf(options: SoraSimulatorOptions): Promise<string | null> {
  const sim = await startSim(options);
  const { id } = await createVideo(sim);
  const res = await api(sim, `/videos/${String(id)}`);
  expect(res.status).toBe(200);
  return res.headers.get('openai-poll-after-ms');
}

describe('startSoraSimulator: the poll hint', () => {
  it.each<[string, SoraSimulatorOptions, string | null]>([
    ['seed at timeScale 1: none, as the seed API', { dialect: 'seed' }, null],
    ['seed at timeScale 600: 30 simulated s', { dialect: 'seed', timeScale: 600 }, '50'],
    ['seed at timeScale 60: 30 simulated s', { dialect: 'seed', timeScale: 60 }, '500'],
    ['openai at timeScale 1: 5 s', { dialect: 'openai' }, '5000'],
    ['openai at timeScale 600: 5 simulated s, rounded', { dialect: 'openai', timeScale: 600 }, '8'],
    [
      'an explicit pollAfterMs, scaled',
      { dialect: 'openai', timeScale: 60, pollAfterMs: 2500 },
      '42',
    ],
    ['an explicit pollAfterMs in seed at timeScale 1', { pollAfterMs: 45_000 }, '45000'],
    ['a slower simulator, scaled up', { dialect: 'openai', timeScale: 0.5 }, '10000'],
    ['null in seed, sped up: none', { timeScale: 600, pollAfterMs: null }, null],
    [
      'null in openai, sped up: none',
      { dialect: 'openai', timeScale: 600, pollAfterMs: null },
      null,
    ],
  ])('sends %s', async (_name, options, expected) => {
    expect(await pollHintOf(options)).toBe(expected);
  });

  it('sends the hint on the create answer too: it is the first look at the task', async () => {
    const sim = await startSim({ timeScale: 600 });

    const res = await postVideo(sim, { model: 'sora-2', prompt: 'A cat surfing' });

    expect(res.status).toBe(200);
    expect(res.headers.get('openai-poll-after-ms')).toBe('50');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects pollAfterMs %s with a message naming it',
    async (pollAfterMs) => {
      await expect(startSim({ pollAfterMs })).rejects.toThrow(
        /Expected `pollAfterMs` to be a non-negative number or null/,
      );
    },
  );
});
