// One worker of the fleet, in a process of its own, as a deployment runs it: started with its
// config as the only argument and an IPC channel; `ready` once connected; the heap on `heap`;
// closes gracefully on `stop` or SIGTERM. The run kills one with SIGKILL to test recovery.
import { createFleetWorker } from '../../src/bullmq/index.js';
import type { FleetControl, FleetWorkerConfig, WorkerHeap, WorkerReady } from './fleet-protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as FleetWorkerConfig;
const send = (message: WorkerReady | WorkerHeap) => process.send?.(message);

const fleet = createFleetWorker(config.queueName, {
  connection: { host: '127.0.0.1', port: config.redisPort },
  limiter: config.limiter,
  client: {
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    ...(config.dialect === undefined ? {} : { dialect: config.dialect }),
    // The simulator runs faster than the clock: its poll hint is honoured down to 10 ms.
    poll: { minHintMs: 10, intervalMs: config.intervalMs },
    retry: { baseDelayMs: 100, maxDelayMs: 2_000, maxRetries: 8 },
  },
  ...(config.dir === undefined ? {} : { save: { dir: config.dir } }),
  worker: {
    concurrency: config.concurrency,
    lockDuration: config.lockDuration,
    stalledInterval: config.stalledInterval,
  },
});
let activations = 0;
fleet.worker.on('active', () => {
  activations += 1;
});
fleet.worker.on('error', (error) => console.error(`worker ${process.pid}:`, error.message));
await fleet.worker.waitUntilReady();
send({ type: 'ready' });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fleet.close();
  process.disconnect?.();
  process.exit(0);
};
process.on('message', (message: FleetControl) => {
  if (message.type === 'heap') {
    globalThis.gc?.();
    send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, activations });
  } else if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
