// Starts sim-process.ts in a child process and reads the line it prints.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { SimProcessConfig } from './sim-process.js';

/** A simulator running in a child process. */
export interface SimulatorProcess {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly ids: readonly string[];
  /** The unauthenticated file URL of each task, when the tasks are completed. */
  readonly videoUrls: readonly string[];
  /** The child's process id, to read its CPU time. */
  readonly pid: number;
  /** Stops the simulator and resolves with what it counted. */
  stop(): Promise<SimulatorCounts>;
}

/** What the simulator counted before it stopped. */
export interface SimulatorCounts {
  readonly totalRequests: number;
  readonly polls: number;
  readonly downloads: number;
}

const SCRIPT = new URL('./sim-process.ts', import.meta.url).pathname;

/** Starts a simulator with `config` in its own process and waits until it listens. */
export async function spawnSimulator(config: SimProcessConfig): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await Promise.race([
    lines.next(),
    once(child, 'exit').then(([code]) => {
      throw new Error(`The simulator process exited with code ${String(code)} before listening`);
    }),
  ]);
  if (first.done === true) throw new Error('The simulator process printed nothing');
  const ready = JSON.parse(first.value) as Omit<SimulatorProcess, 'stop' | 'pid'>;

  const stop = async (): Promise<SimulatorCounts> => {
    const exited = once(child, 'exit');
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const last = await lines.next();
    await exited;
    clearTimeout(killer);
    return last.done === true
      ? { totalRequests: Number.NaN, polls: Number.NaN, downloads: Number.NaN }
      : (JSON.parse(last.value) as SimulatorCounts);
  };
  return { ...ready, pid: child.pid ?? -1, stop };
}
