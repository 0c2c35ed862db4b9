import type { TestContext } from 'vitest';
import {
  type SoraSimulator,
  type SoraSimulatorOptions,
  startSoraSimulator,
} from '../../../src/testing/simulator/index.js';

/**
 * Starts a simulator 2000 times faster than real time (a 5-minute job takes 150 ms), closed after
 * the current test.
 */
export async function startFastSim(
  t: TestContext,
  options: SoraSimulatorOptions = {},
): Promise<SoraSimulator> {
  const sim = await startSoraSimulator({ seed: 7, timeScale: 2000, ...options });
  t.onTestFinished(() => sim.close());
  return sim;
}

/** Simulated ms: a task queued for 20 s and processing for 40 s finishes in 30 ms at 2000×. */
export const QUICK = { queuedMs: 20_000, processingMs: 40_000 } as const;

/**
 * The flags `create --wait` needs on a fast simulator: `generate$` times its first poll by the
 * task's age, from the create answer alone, and would wait out the API's shortest generation time
 * (minutes) for a task done in milliseconds. Later polls follow the simulator's hint, scaled to
 * its speed. `watch` needs none of this: it polls at once, then as the hint says.
 */
export const FAST_POLL = ['--interval', '0.02', '--no-age-aware'] as const;
