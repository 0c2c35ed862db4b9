import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { startFastSim } from './simulators.js';

/** Registers the end-to-end tests of the journal: `create` and `watch` record, `ls` and `resume`. */
export function describeJournal(): void {
  describe('the journal of the CLI', () => {
    it('records a create in the state folder; `ls` lists it; `resume` saves its video; `ls` says saved', async (t) => {
      const sim = await startFastSim(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const dir = await tempDir(t);

      const created = await runCli(t, ['create', '--prompt', 'A lighthouse at dusk'], env);
      expect(created.code).toBe(0);
      const id = created.stdout.trim();
      const journal = path.join(env.XDG_STATE_HOME as string, 'sora-rx', 'tasks.jsonl');
      expect(await readFile(journal, 'utf8')).toContain(`"id":"${id}"`);

      const listed = await runCli(t, ['ls'], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(id);
      expect(listed.stdout).toContain('A lighthouse at dusk');
      expect(listed.stdout).toMatch(/queued/);

      const resumed = await runCli(t, ['resume', '--download', dir, '--json'], env);
      expect(resumed.code).toBe(0);
      const events = parseNdjson(resumed.stdout);
      expect(events.filter((e) => e.type === 'download' && e.done === true)).toEqual([
        expect.objectContaining({ id, bytes: sim.videoSize }),
      ]);
      expect(await readdir(dir)).toEqual([`${id}.mp4`]);

      const json = await runCli(t, ['ls', '--json'], env);
      expect(parseNdjson(json.stdout)).toEqual([
        expect.objectContaining({ id, state: 'saved', file: path.join(dir, `${id}.mp4`) }),
      ]);
      const again = await runCli(t, ['resume', '--download', dir], env);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^Nothing to resume in /);
      expect(sim.metrics.creates).toBe(1);
    });

    it('records nothing with --no-journal, and writes where --journal says', async (t) => {
      const sim = await startFastSim(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const dir = await tempDir(t);
      const own = path.join(dir, 'mine.jsonl');

      const none = await runCli(t, ['create', '--prompt', 'unrecorded', '--no-journal'], env);
      const chosen = await runCli(t, ['create', '--prompt', 'recorded', '--journal', own], env);
      expect([none.code, chosen.code]).toEqual([0, 0]);
      expect(await readdir(env.XDG_STATE_HOME as string)).toEqual([]);
      const listed = parseNdjson((await runCli(t, ['ls', '--json', '--journal', own], env)).stdout);
      expect(listed).toEqual([expect.objectContaining({ prompt: 'recorded', state: 'queued' })]);
    });

    it('`ls` shows how long a completed, unsaved video has before it expires, or that it expired', async (t) => {
      const dir = await tempDir(t);
      const journal = path.join(dir, 'tasks.jsonl');
      const now = Date.now();
      const status = (id: string, expiresAt: number) =>
        JSON.stringify({
          type: 'status',
          at: now - 3_600_000,
          id,
          status: 'completed',
          videoUrl: null,
          error: null,
          expiresAt,
        });
      await writeFile(
        journal,
        `${[
          status('video_soon', now + (3 * 60 + 12) * 60_000 + 30_000),
          status('video_gone', now - 60_000),
        ].join('\n')}\n`,
      );
      const listed = await runCli(t, ['ls', '--journal', journal], cliEnv());
      expect(listed.code).toBe(0);
      const lines = listed.stdout.split('\n');
      expect(lines.find((line) => line.includes('video_soon'))).toContain('expires in 3h12m');
      expect(lines.find((line) => line.includes('video_gone'))).toMatch(/ expired( |$)/);
      expect(listed.stderr).toMatch(/warning: 1 completed video .*: video_soon\./);
      const json = parseNdjson(
        (await runCli(t, ['ls', '--json', '--journal', journal], cliEnv())).stdout,
      );
      expect(json).toEqual([
        expect.objectContaining({ id: 'video_soon', expiryReported: true }),
        expect.objectContaining({
          id: 'video_gone',
          expiryReported: true,
          urlLeftMs: expect.any(Number),
        }),
      ]);
    });
  });
}
