import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClosedPort, json, startScriptedServer } from '../../helpers/scripted-server.js';
import { cliEnv, runCli, startCli, tempDir } from './cli-process.js';
import { QUICK, startFastSim } from './simulators.js';

// The traps a new user fell into, each closed. Every test spawns the CLI as a real process; they
// run concurrently so that the processes overlap.
describe.concurrent('the sora-rx command without traps', { timeout: 30_000 }, () => {
  it('create --download refuses a folder it cannot write to before creating the task: exit 2', async (t) => {
    const sim = await startFastSim(t);
    const file = path.join(await tempDir(t), 'a-file');
    await writeFile(file, 'x');
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

    const result = await runCli(
      t,
      ['create', '--prompt', 'A cat surfing', '--download', path.join(file, 'videos')],
      env,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sora-rx: cannot save videos into .*a-file\/videos: .*\n$/);
    expect(sim.tasks.size).toBe(0);
    expect(sim.metrics.creates).toBe(0);
  });

  it.runIf(process.platform === 'linux')(
    'watch --download /proc/nope ends with a one-line error instead of spinning: exit 2',
    async (t) => {
      const sim = await startFastSim(t);
      const task = sim.createTask({ seconds: 10, ...QUICK });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });

      const result = await runCli(t, ['watch', task.id, '--download', '/proc/nope'], env);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^sora-rx: cannot save videos into \/proc\/nope: .*\n$/);
    },
  );

  it('a wrong key in SORA_API_KEY is a one-line configuration error naming it: exit 2', async (t) => {
    const sim = await startFastSim(t);
    const task = sim.createTask({ seconds: 10, ...QUICK });
    // Each its own state folder: two commands on one journal would say so on stderr.
    const env = () => cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: 'sk-wrong' });

    const [watched, created] = await Promise.all([
      runCli(t, ['watch', task.id], env()),
      runCli(t, ['create', '--prompt', 'A cat surfing'], env()),
    ]);

    for (const result of [watched, created]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^sora-rx: the API refused the key from SORA_API_KEY \(.*401.*\)\n$/,
      );
      expect(result.stderr).not.toContain('apiKey');
    }
  });

  it('a wrong --api-key is a one-line configuration error naming the flag: exit 2', async (t) => {
    const sim = await startFastSim(t);
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl });

    const result = await runCli(
      t,
      ['create', '--prompt', 'A cat surfing', '--wait', '--json', '--api-key', 'sk-wrong'],
      env,
    );

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^sora-rx: the API refused the key from --api-key \(.*401.*\)\n$/,
    );
  });

  it('the demo piped to a file or a log draws no boxes', async (t) => {
    const dir = await tempDir(t);

    const result = await runCli(t, ['demo', '--dir', dir, '--time-scale', '3000']);

    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u2500-\u257f]/);
    expect(result.stdout).toMatch(/^id +seconds +status +time +file +size$/m);
  });

  it('simulate says how to connect, and a watch with the default flags finishes at its speed', async (t) => {
    const sim = startCli(t, ['simulate', '--time-scale', '200', '--api-key', 'sim_traps_key']);
    await sim.waitForLine((line) => line.startsWith('Press Ctrl-C'));
    const exported = await sim.waitForLine((line) => line.startsWith('export SORA_BASE_URL='));
    const baseUrl = exported.slice('export SORA_BASE_URL='.length);
    const created = await fetch(`${baseUrl}/videos`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim_traps_key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sora-2', prompt: 'A cat', seconds: '10' }),
    });
    const { id } = (await created.json()) as { id: string };

    const watched = await runCli(
      t,
      ['watch', id],
      cliEnv({ SORA_BASE_URL: baseUrl, SORA_API_KEY: 'sim_traps_key' }),
    );
    sim.child.kill('SIGINT');
    const { stdout } = await sim.exited;

    expect(watched.code).toBe(0);
    expect(stdout).toContain('export SORA_API_KEY=sim_traps_key\n');
    expect(stdout).toContain(`--base-url ${baseUrl} --api-key sim_traps_key`);
    expect(stdout).toMatch(/sora-rx create --prompt .* --wait/);
    expect(stdout).toMatch(/no poll flags needed/);
    // In a clone, `sora-rx` is not on PATH: the banner says what runs it there.
    expect(stdout).toContain('`npm run sora-rx --` in place of `sora-rx`');
  });

  it('watch says a request is being retried, and why, instead of "creating…"', async (t) => {
    const api = await startScriptedServer(json({ error: { message: 'busy' } }, 503));
    t.onTestFinished(() => api.close());
    const env = cliEnv({ SORA_BASE_URL: api.baseUrl, SORA_API_KEY: 'sk-test' });
    const plain = startCli(t, ['watch', 'sora_abc123'], env);
    const jsonOut = startCli(t, ['watch', 'sora_abc123', '--json'], env);

    const plainLine = await plain.waitForLine((line) => line.includes('retrying'));
    const jsonLine = await jsonOut.waitForLine((line) => line.includes('"retry"'));

    expect(plainLine).toMatch(/^sora_abc123 {2}retrying {5}in \d+s: server error \(503\)$/);
    expect(JSON.parse(jsonLine)).toEqual({
      type: 'retry',
      id: 'sora_abc123',
      attempt: 1,
      delayMs: expect.any(Number),
      reason: 'server error (503)',
    });
  });

  it('says at once, exit 2, that nothing answers at a wrong base URL, naming where it came from', async (t) => {
    const baseUrl = `http://127.0.0.1:${await findClosedPort()}/v1`;
    const fromEnv = cliEnv({ SORA_BASE_URL: baseUrl, SORA_API_KEY: 'sk-test' });

    const results = await Promise.all([
      runCli(t, ['watch', 'sora_abc123'], fromEnv),
      runCli(t, ['create', '--prompt', 'x', '--no-journal'], fromEnv),
      runCli(t, ['create', '--prompt', 'x', '--wait', '--json', '--no-journal'], fromEnv),
      runCli(t, ['watch', 'sora_abc123', '--base-url', baseUrl, '--api-key', 'sk-test'], cliEnv()),
    ]);

    // Said at the first retry, none waited out: no retry event reaches the output.
    expect(results[2]?.stdout).not.toContain('"type":"retry"');
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`could not reach ${baseUrl} (connection refused): check`);
    }
    expect(results[0]?.stderr).toContain('check SORA_BASE_URL');
    expect(results[3]?.stderr).toContain('check --base-url');
  });

  it('hints at the version prefix when a base URL without one answers 404', async (t) => {
    const sim = await startFastSim(t);
    const env = cliEnv({ SORA_BASE_URL: sim.origin, SORA_API_KEY: sim.apiKey });

    const created = await runCli(t, ['create', '--prompt', 'x', '--no-journal'], env);
    const watched = await runCli(t, ['watch', 'sora_abc123'], env);
    const help = await runCli(t, ['watch', '--help'], env);

    for (const result of [created, watched]) {
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain(
        `the base URL ${sim.origin} has no version prefix`,
      );
    }
    // The default schedule is adaptive: the help says so, not "default: 30".
    expect(help.stdout).toMatch(/--interval <seconds>[\s\S]*adaptive schedule/);
    expect(help.stdout).not.toContain('(default: 30)');
  });

  it('ls piped to a file or a log draws no boxes', async (t) => {
    const journal = path.join(await tempDir(t), 'tasks.jsonl');
    const record = { type: 'status', at: Date.now(), id: 'sora_piped1', status: 'completed' };
    await writeFile(journal, `${JSON.stringify(record)}\n`);

    const listed = await runCli(t, ['ls', '--journal', journal]);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^id {2,}prompt {2,}status/m);
    expect(listed.stdout).toMatch(/^sora_piped1 {2,}- {2,}completed/m);
    expect(listed.stdout).not.toMatch(/[─│┌└┐┘┬┴┼├┤]/);
  });
});
