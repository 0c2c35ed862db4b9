import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

/** Registers the end-to-end tests of `sora-rx create`. */
export function describeCreate(): void {
  describe('sora-rx create', () => {
    it('prints only the new id, and with --wait --json watches the task to completion', async (t) => {
      const sim = await startFastSim(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const [created, waited] = await Promise.all([
        runCli(t, ['create', '--prompt', 'A cat surfing', '--seconds', '10'], env),
        runCli(
          t,
          [
            'create',
            '--prompt',
            'A corgi on a skateboard',
            '--model',
            'sora-2-pro',
            '--seconds',
            '25',
            '--size',
            '1280x720',
            '--wait',
            '--json',
            ...FAST_POLL,
          ],
          env,
        ),
      ]);

      expect(created.code).toBe(0);
      const id = created.stdout.trim();
      expect(created.stdout).toMatch(/^sora_[0-9a-f]{12}\n$/);
      expect(sim.getTask(id)).toMatchObject({ prompt: 'A cat surfing', seconds: 10 });

      expect(waited.code).toBe(0);
      const events = parseNdjson(waited.stdout);
      const tasks = events.filter((event) => event.type === 'task');
      expect(tasks[0]).toMatchObject({ status: 'queued' });
      expect(tasks.at(-1)).toMatchObject({ status: 'completed' });
      const waitedId = tasks[0]?.id as string;
      expect(sim.getTask(waitedId)).toMatchObject({
        prompt: 'A corgi on a skateboard',
        model: 'sora-2-pro',
        seconds: 25,
        size: '1280x720',
      });
      expect(events.at(-1)).toMatchObject({
        type: 'summary',
        ok: true,
        exitCode: 0,
        tasks: [expect.objectContaining({ id: waitedId, seconds: 25, status: 'completed' })],
      });
    });

    it('exits 1 with the API error on one line when the server refuses the task', async (t) => {
      const sim = await startFastSim(t);
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      // 25-second videos need sora-2-pro: the simulator answers 400.
      const result = await runCli(t, ['create', '--prompt', 'A long cat', '--seconds', '25'], env);

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^sora-rx: SORA_HTTP: POST .* answered 400.*sora-2-pro/);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });
}
