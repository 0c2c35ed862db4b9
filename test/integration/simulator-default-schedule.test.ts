import { concatMap, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import {
  type SoraDialect,
  type SoraSimulator,
  startSoraSimulator,
} from '../../src/testing/simulator/index.js';

let sim: SoraSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

// A 10 s video takes 2–5 simulated minutes: at 600× it is done within half a second, and the
// default schedule would skip polls for 2 real minutes without the simulator's scaled hint. The
// client clamps hints to at least 1 s, so a few seconds of real time are enough; the test's time
// limit is the only bound on time, generous on purpose.
describe.each<SoraDialect>(['seed', 'openai'])(
  'the default poll schedule against a simulator 600 times faster (%s dialect)',
  (dialect) => {
    it('sees a task completed in seconds, following the hint', { timeout: 20_000 }, async () => {
      sim = await startSoraSimulator({ dialect, timeScale: 600 });
      const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });

      const done = await lastValueFrom(
        sora
          .createVideo$({ model: 'sora-2', prompt: 'A cat surfing', seconds: 10 })
          .pipe(concatMap((created) => sora.videoStatus$(created.id))),
      );

      expect(done.status).toBe('completed');
      // `created` is real time: the task's age on the client's clock is seconds, not minutes.
      expect(Math.abs(Date.now() - done.created * 1000)).toBeLessThan(20_000);
      // The hint set the cadence: no hot loop.
      expect(sim.metrics.pollsByTask[done.id]).toBeLessThanOrEqual(4);
    });
  },
);
