import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';
import { startStallingProxy } from './stalling-proxy.js';

/** Registers the end-to-end tests of Ctrl-C. */
export function describeInterrupt(): void {
  describe('Ctrl-C', () => {
    it('in the middle of a download: exits 130 and leaves no partial file', async (t) => {
      // The OpenAI dialect serves the file from /videos/{id}/content, through the proxy, which
      // stops the body after 256 KiB: the download is in progress until the CLI is interrupted.
      const sim = await startFastSim(t, {
        dialect: 'openai',
        pollAfterMs: null,
        videoBytes: 4_000_000,
      });
      const proxy = await startStallingProxy(t, sim, 256 * 1024);
      const task = sim.createTask({ status: 'completed' });
      const dir = await tempDir(t);
      const env = cliEnv({ SORA_BASE_URL: `${proxy.origin}/v1`, SORA_API_KEY: sim.apiKey });

      const cli = startCli(t, ['watch', task.id, '--download', dir, '--json', ...FAST_POLL], env);
      const line = await cli.waitForLine((text) => text.includes('"type":"download"'));
      expect(JSON.parse(line)).toMatchObject({ id: task.id, done: false });
      expect((await readdir(dir)).filter((file) => file.endsWith('.part'))).toHaveLength(1);
      cli.child.kill('SIGINT');
      const result = await cli.exited;

      expect(result.code).toBe(130);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
        /^\{"type":"interrupted","signal":"SIGINT"/,
      );
      expect(result.stderr).toMatch(
        /^Interrupted: stopped watching 1 unfinished task; partial downloads were removed\. Run `sora-rx resume` to pick them up\.\n$/,
      );
      expect(await readdir(dir)).toEqual([]);
    });

    it('stops `simulate` cleanly with exit code 0', async (t) => {
      const cli = startCli(t, [
        'simulate',
        '--port',
        '0',
        '--time-scale',
        '100',
        '--api-key',
        'sim_cli_test_key',
      ]);
      const exported = await cli.waitForLine((line) => line.startsWith('export SORA_BASE_URL='));
      const baseUrl = exported.slice('export SORA_BASE_URL='.length);
      await cli.waitForLine((line) => line === 'export SORA_API_KEY=sim_cli_test_key');

      const created = await fetch(`${baseUrl}/videos`, {
        method: 'POST',
        headers: { authorization: 'Bearer sim_cli_test_key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sora-2', prompt: 'A cat' }),
      });
      expect(created.status).toBe(200);
      cli.child.kill('SIGINT');
      const result = await cli.exited;

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('Simulator stopped.\n');
    });
  });
}
