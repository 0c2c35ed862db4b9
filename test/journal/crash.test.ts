import { afterAll, describe, expect, it } from 'vitest';
import { type KillPoint, removeChildren, runCrash } from './crash/crash-run.js';

afterAll(removeChildren);

/** A seed per run, printed, and replayed with SORA_CRASH_SEED. */
const baseSeed = Number(process.env.SORA_CRASH_SEED ?? Date.now() % 1_000_000);
/** How many videos each run makes: 100 in `npm test`, more with `npm run crash`. */
const COUNT = Number(process.env.SORA_CRASH_COUNT ?? 100);

describe.concurrent('a process killed with SIGKILL, then resumed', {
  timeout: 600 * Math.max(100, COUNT),
}, () => {
  it.each<[KillPoint, number]>([
    ['mid-create', baseSeed],
    ['mid-watch', baseSeed + 1],
    ['mid-download', baseSeed + 2],
  ])(
    '%s (seed %i): every video saved once, byte for byte; no task created twice',
    async (point, seed) => {
      console.info(`crash test ${point}: seed ${seed} (replay with SORA_CRASH_SEED=${baseSeed})`);
      const result = await runCrash({ point, seed, count: COUNT, videoBytes: 200_000 });
      const context = `${point}, seed ${seed}`;

      // The resume reported no error, and no create it left uncertain.
      expect(result.resumed.errors, context).toEqual([]);
      // Each prompt made exactly one task, each with one key of its own.
      const prompts = result.report.tasks.map((task) => task.prompt).sort();
      expect(prompts, context).toEqual(
        Array.from({ length: COUNT }, (_, i) => `video ${i}`).sort(),
      );
      expect(Object.keys(result.report.createsByKey), context).toHaveLength(COUNT);
      // Every video saved exactly once, byte-identical, and no part file left.
      const ids = result.report.tasks.map((task) => `${task.id}.mp4`).sort();
      expect([...result.files.keys()].sort(), context).toEqual(ids);
      for (const [name, sha256] of result.files) {
        expect(sha256, `${context}: ${name}`).toBe(result.videoSha256);
      }
      // The journal says every task is done, with the hash of what is on disk.
      expect(result.entries, context).toHaveLength(COUNT);
      for (const entry of result.entries) {
        expect(entry, context).toMatchObject({ saved: true, sha256: result.videoSha256 });
      }
      // Each kill point did cut what it names.
      if (point === 'mid-create') {
        expect(result.uncertainAfterKill, context).toBeGreaterThan(0);
        // The create cut between the server and the journal was sent again with its key, and the
        // server answered with the task it had made: twice the key, once the task.
        expect(Object.values(result.report.createsByKey), context).toContain(2);
      }
      expect(Math.max(...Object.values(result.report.createsByKey)), context).toBeLessThanOrEqual(
        2,
      );
      if (point === 'mid-download') expect(result.partsAfterKill, context).toBeGreaterThan(0);
    },
  );
});
