// A real Redis for the fleet's tests: Debian's `redis-server` on 127.0.0.1 at a free port, with
// persistence off, stopped after. `.ci/run` installs it when it is missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** The Redis server the tests start: `redis-server` on the PATH, or `REDIS_SERVER`. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** A Redis server started for a test. */
export interface TestRedis {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Stops the server and resolves once its process is gone. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Waits for the server's line saying it accepts connections, or its exit. */
function whenReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(
        new Error(`redis-server exited (code ${String(code)}) before it was ready:\n${output}`),
      );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) =>
      reject(new Error(`Cannot start ${REDIS_SERVER}: install redis-server`, { cause: error })),
    );
  });
}

/** Starts a Redis server on a free port of 127.0.0.1, without persistence. */
export async function startRedis(): Promise<TestRedis> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(child, 'exit');
    try {
      await whenReady(child);
    } catch (error) {
      // Another process may have taken the port in between: try another.
      if (attempt < 3) continue;
      throw error;
    }
    child.stdout?.resume();
    return {
      host: '127.0.0.1',
      port,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  }
}

/** The calls of each command so far, by name, from the text of `INFO commandstats`. */
export function commandCalls(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [, name, count] of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
    calls.set(name as string, Number(count));
  }
  return calls;
}

/** The calls of every command so far, from the text of `INFO commandstats`. */
export function countCommands(info: string): number {
  let total = 0;
  for (const calls of commandCalls(info).values()) total += calls;
  return total;
}
