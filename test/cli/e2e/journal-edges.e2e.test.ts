import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { childScript } from '../../helpers/child-scripts.js';
import { type CliResult, cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { FAST_POLL, QUICK, startFastSim } from './simulators.js';

// The hostile edges of the CLI's journal (defects 3, 4, 11, 14 and 15 of the hostile-edge issue),
// each with the CLI spawned as a real process on real files. They run concurrently, so that the
// processes overlap.

const HEADER = '{"sora-rx-journal":1}\n';
const line = (record: unknown) => `${JSON.stringify(record)}\n`;

/** Starts `sora-rx <args>` in `cwd` (not the repository's root), killed when the test ends. */
function startIn(
  t: TestContext,
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; exited: Promise<CliResult>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [childScript('cli'), ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announce: (text: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    announce = resolve;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('\n')) announce(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  t.onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, exited, firstLine };
}

describe.concurrent('the journal of the CLI at its edges', { timeout: 60_000 }, () => {
  it('3. create --journal on a file that is not a journal: exit 2 naming it, file untouched, nothing sent', async (t) => {
    const sim = await startFastSim(t);
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const dir = await tempDir(t);
    const files = {
      'token.txt': 'sk-live-0123456789abcdef',
      'tsconfig.json': '{"compilerOptions":{"strict":true}}',
      'notes.md': '# notes\nbuy milk\nlast line',
    };
    // Each file at once: the processes overlap.
    await Promise.all(
      Object.entries(files).map(async ([name, content]) => {
        const file = path.join(dir, name);
        await writeFile(file, content);
        const result = await runCli(t, ['create', '--prompt', 'A fox', '--journal', file], env);
        expect(result.code, name).toBe(2);
        expect(result.stderr).toContain(file);
        expect(result.stderr).toMatch(/not a sora-rx journal/);
        expect(await readFile(file, 'utf8')).toBe(content);
        const listed = await runCli(t, ['ls', '--journal', file], env);
        expect(listed.code, `ls ${name}`).toBe(2);
        expect(await readFile(file, 'utf8')).toBe(content);
      }),
    );
    expect(sim.metrics.creates).toBe(0);
  });

  it('4. resume that skips a journal in use and finds nothing else does not exit 0', async (t) => {
    const sim = await startFastSim(t);
    const task = sim.createTask({ seconds: 10, ...QUICK });
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const state = path.join(env.XDG_STATE_HOME as string, 'sora-rx');
    await mkdir(state, { recursive: true });
    const journal = path.join(state, 'tasks.jsonl');
    await writeFile(
      journal,
      `${HEADER}${line({ type: 'status', at: 1, id: task.id, status: 'queued' })}`,
    );
    // Held by a live process: this one (a lock of the pid alone, as an earlier sora-rx writes).
    await writeFile(`${journal}.lock`, `${process.pid}\n`);

    const result = await runCli(t, ['resume'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/skipping .*tasks\.jsonl/);
    expect(result.stderr).toMatch(/1 journal in use by another process was not resumed/);
  });

  it('11. watch --interval out of range is a usage error before any request: exit 2, as create', async (t) => {
    const sim = await startFastSim(t);
    const task = sim.createTask({ seconds: 10, ...QUICK });
    const env = () => cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const results = await Promise.all([
      runCli(t, ['watch', task.id, '--interval', '0.0001'], env()),
      runCli(t, ['watch', task.id, '--interval', '3000000'], env()),
      runCli(t, ['create', '--prompt', 'A fox', '--wait', '--interval', '3000000'], env()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--interval/);
      expect(result.stderr).not.toMatch(/ERR_UNEXPECTED/);
    }
    expect(sim.metrics.creates).toBe(0);
    expect(sim.metrics.totalRequests).toBe(0);
  });

  it('11. a broken or misshapen line in the middle: ls and resume exit 2 naming the file and the line', async (t) => {
    const sim = await startFastSim(t);
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const dir = await tempDir(t);
    const intent = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };
    const cases = {
      'broken.jsonl': `${HEADER}${line(intent)}{"type":"crea\n${line(intent)}`,
      'shape.jsonl': `${HEADER}${line(intent)}${line({ type: 'entry', at: 1 })}${line(intent)}`,
    };
    for (const [name, content] of Object.entries(cases)) {
      const file = path.join(dir, name);
      await writeFile(file, content);
      for (const command of ['ls', 'resume']) {
        const result = await runCli(t, [command, '--journal', file], env);
        expect(result.code, `${command} ${name}`).toBe(2);
        expect(result.stderr).toContain(file);
        expect(result.stderr).toMatch(/line 3/);
        expect(result.stderr).not.toMatch(/unexpected error|Cannot read properties/);
      }
      expect(await readFile(file, 'utf8')).toBe(content);
    }
  });

  it('14. a create refused with 400 is recorded rejected: ls shows why, resume leaves it, forget and ls --prune clear entries', async (t) => {
    const sim = await startFastSim(t);
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const file = path.join(await tempDir(t), 'tasks.jsonl');

    // The seed gateway makes 10, 15 and 25 s videos: 7 is refused with 400.
    const refused = await runCli(
      t,
      ['create', '--prompt', 'A fox', '--seconds', '7', '--journal', file],
      env,
    );
    expect(refused.code).toBe(1);
    const [row] = parseNdjson((await runCli(t, ['ls', '--json', '--journal', file], env)).stdout);
    expect(row).toMatchObject({ state: 'rejected', error: expect.stringMatching(/400.*seconds/) });
    const table = await runCli(t, ['ls', '--journal', file], env);
    expect(table.stdout).toMatch(/rejected/);

    const resumed = await runCli(t, ['resume', '--journal', file, '--recreate-uncertain'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/^Nothing to resume in /);
    expect(sim.metrics.creates).toBe(1);

    // An uncertain create: the hint names the CLI's flag.
    const key = 'k-uncertain';
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}${line({ type: 'intent', at: 5, key, params: { prompt: 'A hen' } })}`,
    );
    const uncertain = await runCli(t, ['resume', '--journal', file, '--json'], env);
    expect(uncertain.code).toBe(1);
    expect(uncertain.stdout).toMatch(/--recreate-uncertain/);
    expect(uncertain.stdout).not.toMatch(/recreateUncertain/);

    const forgot = await runCli(t, ['forget', key, '--journal', file], env);
    expect(forgot.code).toBe(0);
    expect(forgot.stderr).toMatch(/forgot 1 task/i);
    expect((await runCli(t, ['resume', '--journal', file], env)).code).toBe(0);
    const unknown = await runCli(t, ['forget', 'k-nothing', '--journal', file], env);
    expect(unknown.code).toBe(1);

    const pruned = await runCli(t, ['ls', '--prune', '--journal', file], env);
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toMatch(/pruned 1 finished task/i);
    expect((await runCli(t, ['ls', '--json', '--journal', file], env)).stdout).toBe('');
    expect((await readFile(file, 'utf8')).startsWith(HEADER)).toBe(true);
  });

  it('15. create --download DIR killed mid-watch, then resume without --download, saves into DIR', async (t) => {
    const sim = await startFastSim(t, { clock: 'manual' });
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const work = await tempDir(t);
    const journal = path.join(work, 'J.jsonl');

    const create = startIn(
      t,
      work,
      [
        'create',
        '--prompt',
        'A fox',
        '--download',
        './videos',
        '--journal',
        journal,
        '--json',
        ...FAST_POLL,
      ],
      env,
    );
    const first = JSON.parse(await create.firstLine) as { id: string };
    // Killed once the watch is under way: polls made, and the task's folder journaled (one fsync
    // after the create's answer, as the task is first seen).
    await t.expect.poll(() => sim.metrics.totalRequests, { timeout: 10_000 }).toBeGreaterThan(2);
    await t.expect
      .poll(() => readFile(journal, 'utf8'), { timeout: 10_000 })
      .toContain('"type":"destination"');
    create.child.kill('SIGKILL');
    await create.exited;
    // On the manual clock times 2000: 20 simulated minutes, past the job and short of its URL expiry.
    sim.advance(600);

    const resumed = await startIn(t, work, ['resume', '--journal', journal, '--json'], env).exited;
    expect(
      resumed.code,
      `${resumed.stdout}${resumed.stderr}${await readFile(journal, 'utf8')}`,
    ).toBe(0);
    expect(await readdir(path.join(work, 'videos'))).toEqual([`${first.id}.mp4`]);
    expect((await readdir(work)).sort()).toEqual(['J.jsonl', 'videos']);
  });

  it('15. resume --download OTHER wins over the folder the create recorded', async (t) => {
    const sim = await startFastSim(t);
    const task = sim.createTask({ status: 'completed' });
    const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
    const work = await tempDir(t);
    const journal = path.join(work, 'J.jsonl');
    const recorded = path.join(work, 'recorded');
    await writeFile(
      journal,
      `${HEADER}${line({ type: 'status', at: 1, id: task.id, status: 'queued' })}${line({ type: 'destination', at: 2, id: task.id, dir: recorded })}`,
    );
    const other = path.join(work, 'other');
    const resumed = await startIn(
      t,
      work,
      ['resume', '--journal', journal, '--download', other],
      env,
    ).exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await readdir(other)).toEqual([`${task.id}.mp4`]);
    expect((await readdir(work)).sort()).toEqual(['J.jsonl', 'other']);
  });
});
