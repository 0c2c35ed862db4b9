import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { childScript } from '../helpers/child-scripts.js';
import {
  closeScriptedServers,
  json,
  startScriptedServer,
  wireTask,
} from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

// Bundled once for the run (test/helpers/child-scripts.setup.ts): the children run no loader whose
// own work (tsx's transform cache writes) could hold them open or be listed among their handles.
const getVideoOnce = childScript('get-video-once');
const cancelQueued = childScript('cancel-queued');
const cancelOnUnsubscribe = childScript('cancel-on-unsubscribe');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundled child script; kills it if it is still alive after `guardMs`. */
function runChild(
  child: string,
  baseUrl: string,
  guardMs: number,
  ...args: string[]
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, baseUrl, ...args]);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const guard = setTimeout(() => proc.kill('SIGKILL'), guardMs);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('process liveness with the default transport', () => {
  it('stays alive while a request is in flight, and exits by itself once it is answered', async () => {
    const server = await startScriptedServer((req, res, recorded) => {
      // The child's sockets are unref'd: answer late, so that only the in-flight hold keeps it up.
      setTimeout(() => json(wireTask({ status: 'queued' }))(req, res, recorded), 150);
    });
    // The server keeps the idle connection open far longer than the guard: a ref'd keep-alive
    // socket would keep the child alive until it is killed.
    server.httpServer.keepAliveTimeout = 60_000;

    const exit = await runChild(getVideoOnce, server.baseUrl, 15_000);

    expect(exit.stderr).toBe('');
    expect(exit).toMatchObject({ code: 0, signal: null, stdout: 'status=queued\n' });
    expect(server.requests).toHaveLength(1);
    expect(await server.requests[0]?.closed).toEqual({ headersSent: true, finished: true });
  }, 20_000);

  it('opens no connection and keeps no handle for 2,000 requests cancelled in the queue', async () => {
    const server = await startScriptedServer(json(wireTask({ status: 'queued' })));
    server.httpServer.keepAliveTimeout = 60_000;

    const exit = await runChild(cancelQueued, server.baseUrl, 15_000);

    expect(exit.stderr).toBe('');
    expect(exit).toMatchObject({ code: 0, signal: null });
    // Stdio pipes only: no socket connecting, no timer, nothing holding the process open.
    const resources = JSON.parse(exit.stdout) as string[];
    expect(resources.filter((kind) => kind !== 'PipeWrap')).toEqual([]);
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_1', '/v1/videos/sora_2']);
    expect(server.connections).toBe(2);
  }, 20_000);

  it.each(['during-create', 'after-create'])(
    'sends the cancel of a generate$ left %s, then exits by itself: nothing left behind',
    async (mode) => {
      const server = await startScriptedServer((req, res, recorded) => {
        const body = wireTask({
          id: 'sora_1',
          status: req.url?.endsWith('/cancel') ? 'cancelled' : 'queued',
        });
        // Late, so that the child has left the create before it answers.
        setTimeout(() => json(body)(req, res, recorded), 100);
      });
      server.httpServer.keepAliveTimeout = 60_000;

      const exit = await runChild(cancelOnUnsubscribe, server.baseUrl, 15_000, mode);

      expect(exit.stderr).toBe('');
      expect(exit).toMatchObject({ code: 0, signal: null, stdout: '' });
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /v1/videos',
        'POST /v1/videos/sora_1/cancel',
      ]);
      expect(await server.requests[1]?.closed).toEqual({ headersSent: true, finished: true });
    },
    20_000,
  );
});
