// Starts the fleet's child processes and talks to them over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type {
  FleetControl,
  FleetSimConfig,
  FleetWorkerConfig,
  SimReady,
  SimReport,
  WorkerHeap,
} from './fleet-protocol.js';

/** A child process of the run. */
export interface Child {
  readonly process: ChildProcess;
  /** Sends `message` and resolves with the next reply of `type`. */
  ask<T extends { type: string }>(message: FleetControl, type: T['type']): Promise<T>;
  /** Asks it to stop, and resolves once it is gone (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Kills it at once, as a crash would. */
  kill(): Promise<void>;
}

/** Resolves with the next message of `type`, or rejects if the child exits first. */
function nextMessage<T extends { type: string }>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      cleanUp();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`A child process exited (code ${String(code)}) before '${type}'`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startChild<R extends { type: string }>(
  script: string,
  config: object,
  execArgv: readonly string[] = [],
): Promise<{ child: Child; ready: R }> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(
    process.execPath,
    [...execArgv, '--import', 'tsx', path, JSON.stringify(config)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    },
  );
  const closed = once(proc, 'close');
  const ready = await nextMessage<R>(proc, 'ready');
  const child: Child = {
    process: proc,
    ask: (message, type) => {
      const reply = nextMessage(proc, type);
      proc.send(message);
      return reply as never;
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null && proc.connected) {
        proc.send({ type: 'stop' });
      }
      const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(killer);
    },
    kill: async () => {
      proc.kill('SIGKILL');
      await closed;
    },
  };
  return { child, ready };
}

/** Starts the simulator in its own process. */
export async function startSimProcess(config: FleetSimConfig) {
  const { child, ready } = await startChild<SimReady>('./fleet-sim-process.ts', config);
  return {
    ...ready,
    report: () => child.ask<SimReport>({ type: 'report' }, 'report'),
    stop: () => child.stop(),
  };
}

/** Starts one worker in its own process (with `--expose-gc`, for its heap). */
export async function startWorkerProcess(config: FleetWorkerConfig) {
  const { child } = await startChild('./fleet-worker-process.ts', config, ['--expose-gc']);
  return {
    pid: child.process.pid,
    heap: () => child.ask<WorkerHeap>({ type: 'heap' }, 'heap'),
    stop: () => child.stop(),
    kill: () => child.kill(),
  };
}

/** A worker process, as {@link startWorkerProcess} started it. */
export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;
