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
 * The CLI's flags for a fast simulator: a poll every 20 ms, and no age-aware waits, since the
 * simulator's clock runs ahead of the CLI's.
 */
export const FAST_POLL = ['--interval', '0.02', '--no-age-aware'] as const;
