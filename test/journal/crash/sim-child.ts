// The crash test's simulator, in a process of its own, so that the client processes killed around
// it never take it down. Started with its options as the only argument and an IPC channel: it
// sends `ready`, answers `report` with every task and the creates per Idempotency-Key, and exits
// when the channel closes.
import { createHash } from 'node:crypto';
import { startSoraSimulator } from '../../../src/testing/index.js';
import { loadVideoPayload, payloadChunks } from '../../../src/testing/simulator/mp4.js';

/** What the simulator process is started with. */
export interface CrashSimConfig {
  readonly seed: number;
  readonly timeScale: number;
  readonly videoBytes: number;
}

/** What it says once it listens. */
export interface CrashSimReady {
  readonly type: 'ready';
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly videoSize: number;
  readonly videoSha256: string;
}

/** What it saw: every task, and how many creates carried each key. */
export interface CrashSimReport {
  readonly type: 'report';
  readonly tasks: ReadonlyArray<{ id: string; prompt: string; status: string }>;
  readonly createsByKey: Readonly<Record<string, number>>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as CrashSimConfig;
const sim = await startSoraSimulator({
  seed: config.seed,
  timeScale: config.timeScale,
  videoBytes: config.videoBytes,
  // Sped up 4000 times, the documented 24 h of a video URL would pass in 22 s: a long run would
  // then test expiry, not crashes.
  faults: { videoUrlTtlMs: 365 * 86_400_000 },
});
const payload = await loadVideoPayload(config.videoBytes);
const hash = createHash('sha256');
for (const chunk of payloadChunks(payload, 0, payload.size)) hash.update(chunk);
process.send?.({
  type: 'ready',
  baseUrl: sim.baseUrl,
  apiKey: sim.apiKey,
  videoSize: sim.videoSize,
  videoSha256: hash.digest('hex'),
} satisfies CrashSimReady);

process.on('message', (message: { type: string }) => {
  if (message.type !== 'report') return;
  const tasks = [...sim.tasks.values()].map((task) => ({
    id: task.id,
    prompt: task.prompt,
    status: task.status,
  }));
  process.send?.({
    type: 'report',
    tasks,
    createsByKey: sim.metrics.createsByKey,
  } satisfies CrashSimReport);
});
process.on('disconnect', () => {
  void sim.close().then(() => process.exit(0));
});
