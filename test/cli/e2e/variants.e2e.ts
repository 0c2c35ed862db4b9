import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREVIEW_IMAGES } from '../../../src/testing/simulator/preview-images.js';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { startFastSim } from './simulators.js';

/** Registers the end-to-end tests of `--variant` and `--index`: which file `--download` saves. */
export function describeVariants(): void {
  describe('--variant and --index', () => {
    it('saves a task thumbnail with --variant thumbnail, from an OpenAI-shaped gateway', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      const task = sim.createTask({ status: 'completed' });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const result = await runCli(
        t,
        ['watch', task.id, '--download', dir, '--variant', 'thumbnail', '--json', '--no-journal'],
        env,
      );

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await readdir(dir)).toEqual([`${task.id}.thumbnail.webp`]);
      const saved = await readFile(path.join(dir, `${task.id}.thumbnail.webp`));
      expect(saved.equals(PREVIEW_IMAGES.thumbnail.bytes)).toBe(true);
      expect(parseNdjson(result.stdout).at(-1)).toMatchObject({ type: 'summary', ok: true });
    });

    it('saves output N with --index N from OpenRouter, and fails (exit 1) an index it has not', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openrouter' });
      const task = sim.createTask({ status: 'completed' });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const watch = (index: string) =>
        runCli(
          t,
          ['watch', task.id, '--dialect', 'openrouter', '--download', dir, '--index', index],
          env,
        );

      const first = await watch('0');
      expect(first.code).toBe(0);
      expect(await readdir(dir)).toEqual([`${task.id}~index-0.mp4`]);
      expect((await readFile(path.join(dir, `${task.id}~index-0.mp4`))).length).toBe(sim.videoSize);

      const missing = await watch('1');
      expect(missing.code).toBe(1);
      expect(missing.stdout).toMatch(/Invalid index 1/);
      expect(await readdir(dir)).toEqual([`${task.id}~index-0.mp4`]);
    });

    it('exits 2 before any request for a bad --variant or --index, or either without --download', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const [poster, fraction, noDownload, createNoDownload] = await Promise.all([
        runCli(t, ['watch', 'video_1', '--download', dir, '--variant', 'poster'], env),
        runCli(t, ['watch', 'video_1', '--download', dir, '--index', '1.5'], env),
        runCli(t, ['watch', 'video_1', '--variant', 'thumbnail'], env),
        runCli(t, ['create', '--prompt', 'a fox', '--wait', '--index', '0'], env),
      ]);
      for (const result of [poster, fraction, noDownload, createNoDownload]) {
        expect(result.code).toBe(2);
        expect(result.stderr).not.toMatch(/^\s+at /m);
      }
      expect(poster.stderr).toMatch(
        /^error: option '--variant <name>' argument 'poster' is invalid\. Expected thumbnail or spritesheet\./,
      );
      expect(fraction.stderr).toMatch(
        /^error: option '--index <n>' argument '1\.5' is invalid\. Expected a whole number of 0 or more/,
      );
      for (const result of [noDownload, createNoDownload]) {
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      }
      expect(noDownload.stderr).toMatch(/--variant chooses the file that --download saves/);
      expect(createNoDownload.stderr).toMatch(/--index chooses the file that --download saves/);
      expect(sim.metrics.totalRequests).toBe(0);
    });

    it('shows a task OpenRouter ended as expired as expired, with what to do; exit 1', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openrouter' });
      const task = sim.createTask({ status: 'completed', statusOverride: 'expired' });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const result = await runCli(
        t,
        ['watch', task.id, '--dialect', 'openrouter', '--download', dir, '--no-journal'],
        env,
      );

      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(
          `${task.id}\\s+expired\\s.*The video expired; gateways keep a video about a day\\. Generate it again\\.`,
        ),
      );
      expect(result.stdout).toMatch(
        /^0 of 1 task completed, 0 saved, 1 expired \(generate it again\)\.$/m,
      );
      expect(await readdir(dir)).toEqual([]);
      expect(sim.metrics.downloads).toBe(0);
    });
  });
}
