// The simulator in a process of its own, so that it does not share the measured client's event
// loop, heap or CPU time. Started by spawn-simulator.ts with a JSON config as its only argument;
// prints `{ baseUrl, apiKey, ids, videoUrls }` as one line, then serves until stdin closes or
// SIGTERM arrives, and prints its request count as a last line before it exits.
import {
  type SimulatedStatus,
  type SoraDialect,
  startSoraSimulator,
} from '../../src/testing/index.js';

/** What the benchmark wants served. */
export interface SimProcessConfig {
  readonly dialect: SoraDialect;
  /** How many tasks to create, all alike. */
  readonly taskCount: number;
  /** The status every task is placed in; none: each starts queued, on its own timeline. */
  readonly status?: SimulatedStatus;
  /** Simulated ms of processing: long, so that a `processing` task stays so; `null`: drawn. */
  readonly processingMs?: number | null;
  /** How much faster than real time the simulator runs. @default 1 */
  readonly timeScale?: number;
  /** The size of the MP4 a completed task serves. */
  readonly videoBytes?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SimProcessConfig;
const sim = await startSoraSimulator({
  dialect: config.dialect,
  // No poll hint: the client's own schedule decides, and every answer is the same size.
  pollAfterMs: null,
  seed: 4,
  ...(config.videoBytes === undefined ? {} : { videoBytes: config.videoBytes }),
  ...(config.timeScale === undefined ? {} : { timeScale: config.timeScale }),
});
const ids: string[] = [];
for (let i = 0; i < config.taskCount; i++) {
  const processingMs = config.processingMs === undefined ? 10 * 3_600_000 : config.processingMs;
  const init = {
    ...(config.status === undefined ? {} : { status: config.status }),
    ...(processingMs === null ? {} : { processingMs }),
  };
  ids.push(sim.createTask(init).id);
}
const videoUrls = config.status === 'completed' ? ids.map((id) => sim.videoUrlOf(id)) : [];
process.stdout.write(
  `${JSON.stringify({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, ids, videoUrls })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const { totalRequests, pollsByTask, downloads } = sim.metrics;
  const polls = Object.values(pollsByTask).reduce((sum, count) => sum + count, 0);
  await sim.close();
  process.stdout.write(`${JSON.stringify({ totalRequests, polls, downloads })}\n`);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
