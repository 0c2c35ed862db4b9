import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SimulationClock } from './clock.js';
import type { SimulatorContext } from './context.js';
import { FaultInjector } from './faults.js';
import { handleRequest } from './handle-request.js';
import { MetricsRecorder } from './metrics.js';
import { loadVideoPayload } from './mp4.js';
import { resolveOptions } from './options.js';
import { createRandom, deriveSeed } from './random.js';
import { renderTask, videoUrlFor } from './render-task.js';
import { TaskStore } from './tasks.js';
import { TimerRegistry } from './timers.js';
import type { SoraSimulator, SoraSimulatorOptions } from './types.js';
import { WebhookDispatcher } from './webhooks.js';

/** Starts listening and resolves with the port chosen. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Resolves once the event loop has run the close callbacks of handles closed just before, so
 * that no closing server or socket handle is still listed when `close()` resolves.
 */
async function afterCloseCallbacks(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Starts an embedded simulator of a Sora-style video API on a real `node:http` server: tasks
 * that move from queued to completed on a (scalable, or manual) clock, MP4 downloads with
 * `Range` support, and faults on demand.
 *
 * @example
 * ```ts
 * const sim = await startSoraSimulator({ clock: 'manual', faults: { serverErrorRate: 0.1 } });
 * const res = await fetch(`${sim.baseUrl}/videos`, {
 *   method: 'POST',
 *   headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
 *   body: JSON.stringify({ model: 'sora-2', prompt: 'A cat surfing' }),
 * });
 * sim.advance(15 * 60_000); // every 10-second video is done after 5 minutes
 * await sim.close();
 * ```
 * @param options - dialect, clock, seed, faults and size of the served video
 * @returns the running simulator; `await sim.close()` when done
 */
export async function startSoraSimulator(
  options: SoraSimulatorOptions = {},
): Promise<SoraSimulator> {
  const resolved = resolveOptions(options);
  const { dialect, apiKey, seed } = resolved;
  const clock = new SimulationClock(resolved.clock, resolved.timeScale, resolved.startTime);
  const faults = new FaultInjector(createRandom(deriveSeed(seed, 1)), options.faults);
  const tasks = new TaskStore(
    clock,
    createRandom(deriveSeed(seed, 0)),
    dialect,
    () => faults.current.videoUrlTtlMs,
  );
  const metrics = new MetricsRecorder(() => clock.sourceNow());
  const payload = await loadVideoPayload(options.videoBytes);
  const timers = new TimerRegistry();
  let origin = '';
  const webhooks = new WebhookDispatcher(
    {
      clock,
      realTime: resolved.clock === 'system',
      timeScale: resolved.timeScale,
      tasks,
      timers,
      random: createRandom(deriveSeed(seed, 2)),
      dialect,
      render: (task) => renderTask(dialect, task, origin, (ms) => clock.reportedTime(ms)),
    },
    options.webhooks,
  );
  const context: SimulatorContext = {
    dialect,
    cancel: resolved.cancel,
    apiKey,
    pollHintMs: resolved.pollHintMs,
    clock,
    tasks,
    faults,
    metrics,
    payload,
    timers,
    webhooks,
    origin: () => origin,
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handleRequest(context, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server, resolved.port, resolved.host);
  origin = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      timers.cancelAll();
      webhooks.close();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    }).then(afterCloseCallbacks);
    return closing;
  };

  return {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    apiKey,
    dialect,
    seed,
    videoSize: payload.size,
    metrics,
    get tasks() {
      return tasks.all();
    },
    get faults() {
      return faults.current;
    },
    now: () => clock.now(),
    webhooks,
    advance: (ms) => {
      clock.advance(ms);
      webhooks.clockMoved();
    },
    getTask: (id) => tasks.get(id),
    createTask: (init) => {
      const task = tasks.create(init);
      webhooks.watch(task.id, undefined);
      return task;
    },
    setTask: (id, patch) => {
      const task = tasks.update(id, patch);
      webhooks.taskChanged(id);
      return task;
    },
    setFaults: (patch) => faults.set(patch),
    clearFaults: () => faults.clear(),
    videoUrlOf: (id) => {
      const task = tasks.get(id);
      if (task === undefined) throw new TypeError(`No task with id \`${id}\``);
      const expiresAt = task.finishedAt + faults.current.videoUrlTtlMs;
      return videoUrlFor(origin, id, expiresAt, (ms) => clock.reportedTime(ms));
    },
    close,
  };
}
