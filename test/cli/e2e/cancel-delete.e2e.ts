import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli, startCli } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

/** Registers the end-to-end tests of `sora-rx cancel` and `sora-rx delete`. */
export function describeCancelDelete(): void {
  describe('sora-rx cancel and delete', () => {
    it("cancels a task with a gateway's POST /videos/{id}/cancel and records it: resume leaves it alone", async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai', cancel: true, timeScale: 1 });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const created = await runCli(t, ['create', '--prompt', 'A lighthouse at dusk'], env);
      expect(created.code).toBe(0);
      const id = created.stdout.trim();

      const cancelled = await runCli(t, ['cancel', id], env);
      expect(cancelled).toMatchObject({
        code: 0,
        stderr: '',
        stdout: `cancelled ${id} (now failed)\n`,
      });
      expect(sim.metrics.cancelsByTask).toEqual({ [id]: 1 });
      expect(sim.getTask(id)?.statusOverride).toBe('cancelled');

      const listed = parseNdjson((await runCli(t, ['ls', '--json'], env)).stdout);
      expect(listed).toEqual([
        expect.objectContaining({ id, state: 'failed', error: 'Video generation was cancelled.' }),
      ]);
      const resumed = await runCli(t, ['resume'], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toMatch(/^Nothing to resume in /);

      const again = await runCli(t, ['cancel', id, '--json', '--no-journal'], env);
      expect(again.code).toBe(0);
      expect(parseNdjson(again.stdout)).toEqual([
        expect.objectContaining({
          type: 'cancelled',
          id,
          task: expect.objectContaining({ status: 'failed' }),
        }),
      ]);
    });

    it("deletes a completed video with OpenAI's DELETE /videos/{id}; a second delete is a 404 (exit 1)", async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const { id } = sim.createTask({ status: 'completed' });

      const deleted = await runCli(t, ['delete', id, '--no-journal'], env);
      expect(deleted).toMatchObject({ code: 0, stderr: '', stdout: `deleted ${id}\n` });
      expect(sim.getTask(id)).toBeUndefined();

      const again = await runCli(t, ['delete', id, '--json', '--no-journal'], env);
      expect(again.code).toBe(1);
      expect(parseNdjson(again.stdout)).toEqual([
        expect.objectContaining({ type: 'error', id, code: 'SORA_NOT_FOUND' }),
      ]);
      expect(sim.metrics.deletesByTask).toEqual({ [id]: 2 });
    });

    it('exits 2 before any request for a dialect without it, a bad id or no id', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai', cancel: true });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const [seedCancel, routerDelete, badId, noId] = await Promise.all([
        runCli(t, ['cancel', 'sora_1', '--dialect', 'seed'], env),
        runCli(t, ['delete', 'job-1', '--dialect', 'openrouter'], env),
        runCli(t, ['cancel', '..'], env),
        runCli(t, ['delete'], env),
      ]);

      expect(seedCancel).toMatchObject({
        code: 2,
        stdout: '',
        stderr:
          "sora-rx: the seed dialect has no cancel: only a gateway of OpenAI's shape (--dialect openai) may serve one\n",
      });
      expect(routerDelete).toMatchObject({
        code: 2,
        stderr:
          "sora-rx: the openrouter dialect has no delete: only OpenAI's shape (--dialect openai) has one\n",
      });
      expect(badId.code).toBe(2);
      expect(badId.stderr).toMatch(/^sora-rx: Expected `id` to be a task id/);
      expect(noId.code).toBe(2);
      expect(noId.stderr).toMatch(/missing required argument 'id'/);
      expect(sim.metrics.totalRequests).toBe(0);
    });

    it('create --wait --cancel-on-exit: Ctrl-C cancels the task on the gateway, and the journal says so', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai', cancel: true, timeScale: 1 });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const cli = startCli(
        t,
        ['create', '--prompt', 'A cat', '--wait', '--cancel-on-exit', '--json', ...FAST_POLL],
        env,
      );
      const line = await cli.waitForLine((text) => text.includes('"type":"task"'));
      const { id } = JSON.parse(line) as { id: string };
      cli.child.kill('SIGINT');
      const result = await cli.exited;

      expect(result.code).toBe(130);
      expect(result.stderr).toContain(`Cancelled ${id} on the gateway.\n`);
      expect(sim.metrics.cancelsByTask).toEqual({ [id]: 1 });
      expect(sim.getTask(id)?.statusOverride).toBe('cancelled');
      const listed = parseNdjson((await runCli(t, ['ls', '--json'], env)).stdout);
      expect(listed).toEqual([expect.objectContaining({ id, state: 'failed' })]);
    });

    it('create --cancel-on-exit exits 2 before any request without --wait, or in a dialect without a cancel', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai', cancel: true });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const [noWait, seed] = await Promise.all([
        runCli(t, ['create', '--prompt', 'A cat', '--cancel-on-exit'], env),
        runCli(
          t,
          ['create', '--prompt', 'A cat', '--wait', '--cancel-on-exit', '--dialect', 'seed'],
          env,
        ),
      ]);

      expect(noWait).toMatchObject({
        code: 2,
        stderr:
          'sora-rx: --cancel-on-exit needs --wait or --download: without them nothing waits\n',
      });
      expect(seed).toMatchObject({ code: 2 });
      expect(seed.stderr).toMatch(/^sora-rx: --cancel-on-exit: the seed dialect has no cancel/);
      expect(sim.metrics.totalRequests).toBe(0);
    });
  });
}
