import { concatMap, lastValueFrom } from 'rxjs';
import { describe, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { type SoraDialect, startSoraSimulator } from '../../src/testing/simulator/index.js';

// A 10 s video takes 2–5 simulated minutes: at 600× it is done within half a second, and the
// default schedule would skip polls for 2 real minutes without the simulator's scaled hint. The
// client clamps hints to at least 1 s, so a few seconds of real time are enough; the test's time
// limit is the only bound on time, generous on purpose. The dialects run concurrently, each on a
// simulator of its own, so that their seconds overlap.
describe.concurrent.each<SoraDialect>(['seed', 'openai'])(
  'the default poll schedule against a simulator 600 times faster (%s dialect)',
  (dialect) => {
    it('sees a task completed in seconds, following the hint', { timeout: 20_000 }, async ({
      expect,
      onTestFinished,
    }) => {
      const sim = await startSoraSimulator({ dialect, timeScale: 600 });
      onTestFinished(() => sim.close());
      const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });

      const done = await lastValueFrom(
        sora
          .createVideo$({ model: 'sora-2', prompt: 'A cat surfing', seconds: 10 })
          .pipe(concatMap((created) => sora.videoStatus$(created.id))),
      );

      expect(done.status).toBe('completed');
      // `created` is real time: the task's age on the client's clock is seconds, not minutes.
      expect(Math.abs(Date.now() - (done.created ?? 0) * 1000)).toBeLessThan(20_000);
      // The hint set the cadence: no hot loop.
      expect(sim.metrics.pollsByTask[done.id]).toBeLessThanOrEqual(4);
    });
  },
);
