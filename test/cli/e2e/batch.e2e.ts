import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

const PROMPTS = [
  '{"prompt": "A corgi surfing at sunset", "seconds": 10}',
  '',
  '"Paper boats racing down a rainy street"',
  '{"prompt": "A corgi surfing at sunset", "seconds": 10}',
].join('\n');

/** Registers the end-to-end tests of `sora-rx create --from`. */
export function describeBatch(): void {
  describe('sora-rx create --from', () => {
    it('creates, watches and saves one video per line; a rerun skips every line done', async (t) => {
      const sim = await startFastSim(t);
      const dir = await tempDir(t);
      const file = path.join(dir, 'prompts.jsonl');
      await writeFile(file, PROMPTS);
      const videos = path.join(dir, 'videos');
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const args = ['create', '--from', file, '--download', videos, '--json', ...FAST_POLL];

      const first = await runCli(t, args, env);

      expect(first.code).toBe(0);
      expect(first.stderr).toContain('prompts.jsonl: 3 prompts; 3 to create.');
      const summary = parseNdjson(first.stdout).at(-1);
      expect(summary).toMatchObject({ type: 'summary', ok: true, total: 3, saved: 3 });
      expect(await readdir(videos)).toHaveLength(3);
      // Two identical lines are two videos, each with its own key.
      const keys = Object.keys(sim.metrics.createsByKey);
      expect(keys).toHaveLength(3);
      expect(keys.every((key) => key.startsWith('sora-rx-batch-'))).toBe(true);

      const again = await runCli(t, args, env);

      expect(again.code).toBe(0);
      expect(again.stderr).toContain('3 prompts; 3 done before (skipped).');
      expect(sim.metrics.creates).toBe(3);
    });

    it('watches again and saves the lines created before and not saved, creating none', async (t) => {
      const sim = await startFastSim(t);
      const dir = await tempDir(t);
      const file = path.join(dir, 'prompts.csv');
      await writeFile(file, 'prompt,seconds\n"A fox, in snow",15\nA red kite,\n');
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const watched = await runCli(t, ['create', '--from', file, '--json', ...FAST_POLL], env);
      const saved = await runCli(
        t,
        ['create', '--from', file, '--download', dir, '--json', ...FAST_POLL],
        env,
      );

      expect(watched.code).toBe(0);
      expect(saved.code).toBe(0);
      expect(saved.stderr).toContain('prompts.csv: 2 prompts; 2 created before, watched again.');
      expect(sim.metrics.creates).toBe(2);
      expect(Object.values(sim.metrics.createsByKey)).toEqual([1, 1]);
      const lengths = [...sim.tasks.values()].map((task) => task.seconds).sort();
      expect(lengths).toEqual([10, 15]);
      expect((await readdir(dir)).filter((name) => name.endsWith('.mp4'))).toHaveLength(2);
    });

    it('refuses a bad line before anything is sent, naming the file and the line; exit 2', async (t) => {
      const sim = await startFastSim(t);
      const dir = await tempDir(t);
      const file = path.join(dir, 'prompts.jsonl');
      await writeFile(file, '{"prompt": "ok"}\n{"prompt": "too long", "seconds": "ten"}\n');
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const bad = await runCli(t, ['create', '--from', file], env);
      const unknown = await runCli(t, ['create', '--from', path.join(dir, 'none.jsonl')], env);
      const both = await runCli(t, ['create', '--from', file, '--prompt', 'x'], env);
      const typo = await runCli(t, ['create', '--promt', 'x'], env);

      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/prompts\.jsonl:2: Expected `seconds` to be a whole number/);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('cannot read --from');
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--prompt and --from cannot be used together');
      // A misspelt flag is named, with the one meant, not taken for a missing --prompt.
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain("unknown option '--promt'");
      expect(typo.stderr).toContain('Did you mean --prompt?');
      expect(sim.metrics.totalRequests).toBe(0);
    });
  });
}
