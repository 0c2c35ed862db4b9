// Starts sim-process.ts in a child process and talks to it over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage, ReportMessage, SimMessage, SimProcessConfig } from './sim-protocol.js';

const SCRIPT = fileURLToPath(new URL('./sim-process.ts', import.meta.url));

/** The soak's simulator, running in a child process. */
export interface SimulatorProcess extends Omit<ReadyMessage, 'type'> {
  /** Starts the 429 storm's clock: call it as the client starts. */
  start(): void;
  /** What the simulator saw so far. */
  report(): Promise<ReportMessage>;
  /** Closes the simulator and resolves once its process is gone, its pipes closed. */
  stop(): Promise<void>;
}

/** Resolves with the next message of `type` from the child, or rejects if it exits first. */
function nextMessage<T extends SimMessage>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: SimMessage) => {
      if (message.type !== type) return;
      cleanUp();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`The simulator process exited (code ${String(code)}) before '${type}'`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the simulator with `config` in its own process and waits until its tasks are placed. */
export async function startSimulatorProcess(config: SimProcessConfig): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Structured clone: the request log is a long array of numbers.
    serialization: 'advanced',
  });
  const closed = once(child, 'close');
  const { type: _, ...ready } = await nextMessage<ReadyMessage>(child, 'ready');

  return {
    ...ready,
    start: () => child.send({ type: 'start' }),
    report: () => {
      const reply = nextMessage<ReportMessage>(child, 'report');
      child.send({ type: 'report' });
      return reply;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.connected) {
        child.send({ type: 'stop' });
      }
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(killer);
    },
  };
}
