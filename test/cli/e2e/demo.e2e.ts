import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNdjson, runCli, tempDir } from './cli-process.js';

/** Registers the end-to-end tests of `sora-rx demo`. */
export function describeDemo(): void {
  describe('sora-rx demo', () => {
    it('creates six videos, saves five, fails exactly one on purpose, and exits 0', async (t) => {
      const dir = await tempDir(t);

      const result = await runCli(t, ['demo', '--json', '--dir', dir, '--time-scale', '3000']);

      expect(result.code).toBe(0);
      const events = parseNdjson(result.stdout);
      const summary = events.at(-1);
      expect(summary).toMatchObject({
        type: 'summary',
        ok: true,
        exitCode: 0,
        total: 6,
        completed: 5,
        saved: 5,
        failed: 1,
        errors: 0,
        message: expect.stringMatching(/^Demo OK: .*failed on purpose \(moderation_blocked\)/),
      });
      const tasks = summary?.tasks as Array<Record<string, unknown>>;
      expect(tasks.map((task) => task.seconds)).toEqual([10, 15, 25, 10, 15, 25]);
      expect(tasks.filter((task) => task.status === 'failed')).toEqual([
        expect.objectContaining({ error: expect.objectContaining({ code: 'SORA_TASK_FAILED' }) }),
      ]);

      const files = await readdir(dir);
      expect(files).toHaveLength(5);
      expect(files.every((file) => file.endsWith('.mp4'))).toBe(true);
      const saved = tasks.filter((task) => task.status === 'saved');
      expect(files.sort()).toEqual(saved.map((task) => `${task.id}.mp4`).sort());
      for (const file of files) {
        const video = await readFile(path.join(dir, file));
        expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
        expect(saved).toContainEqual(expect.objectContaining({ bytes: video.length }));
      }
    });

    const lengthsByDialect = {
      seed: [10, 15, 25, 10, 15, 25],
      openai: [10, 15, 25, 10, 15, 25],
      openrouter: [4, 8, 12, 4, 8, 12],
    };
    for (const [dialect, lengths] of Object.entries(lengthsByDialect)) {
      it(`runs on a simulator of the ${dialect} dialect, its times simulated`, async (t) => {
        const dir = await tempDir(t);

        const result = await runCli(t, [
          'demo',
          '--dialect',
          dialect,
          '--json',
          '--dir',
          dir,
          '--time-scale',
          '3000',
        ]);

        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const summary = parseNdjson(result.stdout).at(-1);
        expect(summary).toMatchObject({ type: 'summary', ok: true, saved: 5, failed: 1 });
        const tasks = summary?.tasks as Array<Record<string, unknown>>;
        expect(tasks.map((task) => task.seconds)).toEqual(lengths);
        // Every simulated job takes minutes (at most 15), shown on the simulator's clock whatever
        // the dialect says of its times (OpenAI's `completed_at` included). The demo follows the
        // simulator's 30 s hint, not the 1 s floor that is 50 simulated minutes at this speed; a
        // busy machine stretches each real wait 3000 times, hence the margin.
        for (const task of tasks) {
          expect(task.elapsedMs).toBeGreaterThanOrEqual(60_000);
          expect(task.elapsedMs).toBeLessThan(40 * 60_000);
        }
        expect(await readdir(dir)).toHaveLength(5);
      });
    }
  });
}
