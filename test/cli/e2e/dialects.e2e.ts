import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli, startCli } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

const ESC = String.fromCharCode(27);

/** Registers the end-to-end tests of `--dialect` and `sora-rx models`. */
export function describeDialects(): void {
  describe('sora-rx models and --dialect', () => {
    it("lists an OpenRouter gateway's models as a table and as NDJSON", async (t) => {
      const sim = await startFastSim(t, { dialect: 'openrouter' });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const [table, json] = await Promise.all([
        runCli(t, ['models', '--dialect', 'openrouter'], env),
        runCli(t, ['models', '--dialect', 'openrouter', '--json'], env),
      ]);

      expect(table.code).toBe(0);
      expect(table.stderr).toBe('');
      const lines = table.stdout.split('\n');
      expect(lines).toContainEqual(expect.stringMatching(/id .*seconds .*sizes .*resolutions/));
      expect(lines).toContainEqual(
        expect.stringMatching(/openai\/sora-2 .*4, 8, 12 .*720x1280, 1280x720 .*720p/),
      );
      expect(lines).toContainEqual(expect.stringMatching(/openai\/sora-2-pro .*1080p/));
      expect(table.stdout).not.toContain(ESC);
      expect(table.stdout).not.toMatch(/[│┌]/);

      expect(json.code).toBe(0);
      const models = parseNdjson(json.stdout);
      expect(models.map((model) => model.id)).toEqual(['openai/sora-2', 'openai/sora-2-pro']);
      expect(models[0]).toMatchObject({
        name: 'OpenAI: Sora 2',
        durations: [4, 8, 12],
        sizes: ['720x1280', '1280x720'],
        resolutions: ['720p'],
      });
    });

    it('exits 2 for a dialect without a list of models (one line) and for a bad --dialect (naming the flag)', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const [noList, bad] = await Promise.all([
        runCli(t, ['models'], env),
        runCli(t, ['create', '--prompt', 'A cat', '--dialect', 'gemini'], env),
      ]);

      expect(noList.code).toBe(2);
      expect(noList.stdout).toBe('');
      expect(noList.stderr).toBe(
        'sora-rx: the openai dialect has no list of models: pass --dialect openrouter for a gateway that has one\n',
      );
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.split('\n')[0]).toBe(
        "error: option '--dialect <name>' argument 'gemini' is invalid. Expected seed, openai or openrouter.",
      );
      expect(bad.stderr).not.toMatch(/^\s+at /m);
      expect(sim.tasks.size).toBe(0);
    });

    it('creates a video on OpenRouter with its default model and watches it to completion', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openrouter' });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const result = await runCli(
        t,
        [
          'create',
          '--dialect',
          'openrouter',
          '--prompt',
          'A lighthouse at dusk',
          '--seconds',
          '8',
          '--wait',
          '--json',
          '--no-journal',
          ...FAST_POLL,
        ],
        env,
      );

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const events = parseNdjson(result.stdout);
      const tasks = events.filter((event) => event.type === 'task');
      expect(tasks.at(-1)).toMatchObject({ status: 'completed' });
      expect(sim.getTask(tasks[0]?.id as string)).toMatchObject({
        prompt: 'A lighthouse at dusk',
        model: 'openai/sora-2',
        seconds: 8,
      });
      expect(events.at(-1)).toMatchObject({ type: 'summary', ok: true, exitCode: 0 });
    });

    it('simulates OpenRouter with simulate --dialect openrouter, and says how to reach it', async (t) => {
      const sim = startCli(t, ['simulate', '--dialect', 'openrouter', '--port', '0']);
      const exported = await sim.waitForLine((line) => line.startsWith('export SORA_BASE_URL='));
      const key = await sim.waitForLine((line) => line.startsWith('export SORA_API_KEY='));
      await sim.waitForLine((line) => line.includes('sora-rx models --dialect openrouter'));
      const env = cliEnv({
        SORA_BASE_URL: exported.slice('export SORA_BASE_URL='.length),
        SORA_API_KEY: key.slice('export SORA_API_KEY='.length),
      });

      const models = await runCli(t, ['models', '--dialect', 'openrouter', '--json'], env);
      sim.child.kill('SIGINT');

      expect(models.code).toBe(0);
      expect(parseNdjson(models.stdout).map((model) => model.id)).toEqual([
        'openai/sora-2',
        'openai/sora-2-pro',
      ]);
      const result = await sim.exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Sora simulator listening \(openrouter dialect/);
    });
  });
}
