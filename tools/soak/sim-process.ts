// The soak's simulator, in a process of its own so that it shares neither the event loop nor the
// CPU time of the client under test. Started by simulator-process.ts with its config as the only
// argument and an IPC channel; it places the tasks, sends `ready`, runs the 429 storm once told
// to `start`, answers `report` with what it saw, and exits on `stop` or when the channel closes.
import { createHash } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { startSoraSimulator } from '../../src/testing/index.js';
import { loadVideoPayload, payloadChunks } from '../../src/testing/simulator/mp4.js';
import { createRandom } from '../../src/testing/simulator/random.js';
import type {
  ControlMessage,
  ReadyMessage,
  ReportMessage,
  SimProcessConfig,
  SimTaskState,
} from './sim-protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as SimProcessConfig;
const send = (message: ReadyMessage | ReportMessage) => process.send?.(message);

// Every API request and every connection the server sees, on the same clock as the simulator's own
// rate window (`Date.now`), so that any one-second window can be counted afterwards. The video
// files (`/files/...`) stand for the CDN a video URL points to, which the provider's rate limit
// does not cover: a download takes one of the client's rate tokens as it starts, but its resumes
// and retries on the CDN are not API requests.
const requestTimes: number[] = [];
const connectionTimes: number[] = [];
subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: { url?: string } };
  if (!request.url?.startsWith('/files/')) requestTimes.push(Date.now());
});
subscribe('net.server.socket', () => connectionTimes.push(Date.now()));

const sim = await startSoraSimulator({
  seed: config.seed,
  timeScale: config.timeScale,
  videoBytes: config.videoBytes,
  faults: config.faults,
});

// The plan comes from its own stream, so that the simulator's fault draws do not shift it.
const random = createRandom(config.seed ^ 0x50a4);
const [minMs, maxMs] = config.finishWithinMs;
const ids: string[] = [];
for (let i = 0; i < config.taskCount; i++) {
  const simulatedMs = (minMs + (maxMs - minMs) * random()) * config.timeScale;
  const queuedMs = Math.round(simulatedMs * 0.1);
  const fails = random() < config.failShare;
  const task = sim.createTask({
    queuedMs,
    processingMs: Math.round(simulatedMs) - queuedMs,
    ...(fails ? { error: { code: 'moderation_blocked', message: 'Blocked by the soak.' } } : {}),
  });
  ids.push(task.id);
}
const pendingIds: string[] = [];
for (let i = 0; i < config.pendingCount; i++) {
  pendingIds.push(sim.createTask({ queuedMs: 0, processingMs: 1_000 * 3_600_000 }).id);
}

const hash = createHash('sha256');
const payload = await loadVideoPayload(config.videoBytes);
for (const chunk of payloadChunks(payload, 0, payload.size)) hash.update(chunk);
send({
  type: 'ready',
  baseUrl: sim.baseUrl,
  apiKey: sim.apiKey,
  ids,
  pendingIds,
  videoSize: sim.videoSize,
  videoSha256: hash.digest('hex'),
});

const timers: NodeJS.Timeout[] = [];
const startStorm = () => {
  const { startMs, durationMs, maxRequestsPerSecond } = config.storm;
  timers.push(
    setTimeout(() => sim.setFaults({ rateLimit: { maxRequestsPerSecond } }), startMs),
    setTimeout(() => sim.setFaults({ rateLimit: null }), startMs + durationMs),
  );
};

/** The wall-clock time at which a task became terminal, from its simulated finish. */
const finishedAtMs = (simulatedFinish: number): number =>
  Date.now() - (sim.now() - simulatedFinish) / config.timeScale;

const report = (): ReportMessage => {
  const tasks: SimTaskState[] = [];
  for (const task of sim.tasks.values()) {
    const terminal = task.status === 'completed' || task.status === 'failed';
    tasks.push({
      id: task.id,
      status: task.status,
      finishedAtMs: terminal ? finishedAtMs(task.finishedAt) : null,
    });
  }
  const { totalRequests, downloads, maxRequestsPerSecond, maxConcurrency, faults } = sim.metrics;
  return {
    type: 'report',
    tasks,
    requestTimes,
    connectionTimes,
    metrics: { totalRequests, downloads, maxRequestsPerSecond, maxConcurrency, faults },
  };
};

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const timer of timers) clearTimeout(timer);
  await sim.close();
  process.disconnect?.();
  process.exit(0);
};

process.on('message', (message: ControlMessage) => {
  if (message.type === 'start') startStorm();
  else if (message.type === 'report') send(report());
  else void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
