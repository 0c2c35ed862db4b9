import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';
import { childScript, scratchDir } from '../../helpers/child-scripts.js';

/** The repository root: the CLI runs from here. */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** How a CLI process ended and what it printed. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI process still running, with its output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  /**
   * Resolves with the first stdout line, printed so far or later, that `matches`; rejects if the
   * process ends without printing one.
   */
  waitForLine(matches: (line: string) => boolean): Promise<string>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<CliResult>;
}

/**
 * The environment of the test process without the variables the CLI reads, plus `extra`. Each
 * call gets an `XDG_STATE_HOME` of its own, so that the journal is never the user's real one and
 * CLI processes of concurrent tests never share it; they are all removed at the end of the run.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { SORA_BASE_URL: _baseUrl, SORA_API_KEY: _apiKey, ...env } = process.env;
  const state = mkdtempSync(path.join(scratchDir(), 'state-'));
  return { ...env, XDG_STATE_HOME: state, ...extra };
}

/**
 * Starts `sora-rx <args>` as a real process, with pipes (not a TTY): the sources bundled once for
 * the run, as `dist/cli.js` is built from them. It is killed when the test ends, should it still
 * run.
 */
export function startCli(
  t: TestContext,
  args: readonly string[],
  env: NodeJS.ProcessEnv = cliEnv(),
): CliProcess {
  const child = spawn(process.execPath, [childScript('cli'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ matches: (line: string) => boolean; resolve: (line: string) => void }> =
    [];
  const lines: string[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    lines.push(...complete);
    for (const line of complete) {
      for (const waiter of [...waiters]) {
        if (waiter.matches(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
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
  return {
    child,
    exited,
    waitForLine: (matches) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(matches);
        if (seen !== undefined) {
          resolve(seen);
          return;
        }
        waiters.push({ matches, resolve });
        exited.then(
          (result) =>
            reject(
              new Error(`The CLI exited (${result.code}) first:\n${result.stdout}${result.stderr}`),
            ),
          reject,
        );
      }),
  };
}

/** Runs `sora-rx <args>` to the end. */
export function runCli(
  t: TestContext,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<CliResult> {
  return startCli(t, args, env).exited;
}

/** The NDJSON lines of `--json` output, parsed. */
export function parseNdjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A fresh temporary directory, removed after the test. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-cli-'));
  t.onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
