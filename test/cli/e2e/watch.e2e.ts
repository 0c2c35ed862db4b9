import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI_ESCAPE } from '../fixtures.js';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { QUICK, startFastSim } from './simulators.js';

/** Registers the end-to-end tests of `sora-rx watch`. */
export function describeWatch(): void {
  describe('sora-rx watch', () => {
    it('with --json --download: NDJSON events, a summary, whole MP4s and no .part files; exit 0', async (t) => {
      const sim = await startFastSim(t, { videoBytes: 300_000 });
      const ten = sim.createTask({ seconds: 10, ...QUICK });
      const fifteen = sim.createTask({ seconds: 15, ...QUICK });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      // No poll flags: the simulator's hint, scaled to its speed, sets the cadence.
      const result = await runCli(
        t,
        ['watch', ten.id, fifteen.id, '--download', dir, '--json'],
        env,
      );

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toContain(sim.apiKey);
      const events = parseNdjson(result.stdout);
      const statuses = (id: string) =>
        events.filter((e) => e.type === 'task' && e.id === id).map((e) => e.status);
      expect(statuses(ten.id).at(-1)).toBe('completed');
      expect(statuses(fifteen.id).at(-1)).toBe('completed');
      expect(events.find((e) => e.type === 'task')).toMatchObject({
        task: { id: expect.any(String), object: 'video.generation', created: expect.any(Number) },
      });
      expect(events.filter((e) => e.type === 'download' && e.done === true)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: ten.id, bytes: sim.videoSize, totalBytes: sim.videoSize }),
          expect.objectContaining({
            id: fifteen.id,
            bytes: sim.videoSize,
            totalBytes: sim.videoSize,
          }),
        ]),
      );
      const summary = events.at(-1);
      expect(summary).toMatchObject({
        type: 'summary',
        ok: true,
        exitCode: 0,
        total: 2,
        completed: 2,
        saved: 2,
        failed: 0,
        errors: 0,
      });
      expect(summary?.tasks).toEqual([
        expect.objectContaining({ id: ten.id, status: 'saved', bytes: sim.videoSize }),
        expect.objectContaining({ id: fifteen.id, status: 'saved', bytes: sim.videoSize }),
      ]);

      expect((await readdir(dir)).sort()).toEqual([`${ten.id}.mp4`, `${fifteen.id}.mp4`].sort());
      for (const id of [ten.id, fifteen.id]) {
        const video = await readFile(path.join(dir, `${id}.mp4`));
        expect(video.length).toBe(sim.videoSize);
        expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
      }
    });

    it('exits 1 when a task fails or its id is unknown, still watches the rest, and prints plain lines without escape codes', async (t) => {
      const sim = await startFastSim(t);
      const failing = sim.createTask({ error: 'The prompt broke a content rule.', ...QUICK });
      const fine = sim.createTask(QUICK);
      // FORCE_COLOR would turn colours on for a library that only looked at the environment.
      const env = cliEnv({
        SORA_BASE_URL: sim.baseUrl,
        SORA_API_KEY: sim.apiKey,
        FORCE_COLOR: '1',
      });

      const result = await runCli(t, ['watch', failing.id, 'sora_missing', fine.id], env);

      expect(result.code).toBe(1);
      expect(result.stdout).not.toMatch(ANSI_ESCAPE);
      expect(result.stdout).not.toContain(sim.apiKey);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${failing.id}  failed\\s+[0-9hms]+  The prompt broke a content rule\\.$`),
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^sora_missing\s+error\s+SORA_NOT_FOUND: GET .*answered 404/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${fine.id}  completed\\s+[0-9hms]+$`)),
      );
      expect(lines.at(-1)).toBe('1 of 3 tasks completed, 1 failed, 1 error.');
    });
  });
}
