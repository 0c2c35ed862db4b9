// The fleet's simulator, in a process of its own: it shares neither the event loop nor the CPU
// time of the workers. It counts every `/v1` request as it arrives, and the creates of every
// `Idempotency-Key`, and sends what it saw when asked.
import { createHash } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { startSoraSimulator } from '../../src/testing/index.js';
import { loadVideoPayload, payloadChunks } from '../../src/testing/simulator/mp4.js';
import type { FleetControl, FleetSimConfig, SimReady, SimReport } from './fleet-protocol.js';
import { startIdempotentFront } from './idempotent-front.js';

const config = JSON.parse(process.argv[2] ?? '{}') as FleetSimConfig;
const send = (message: SimReady | SimReport) => process.send?.(message);

const requestTimes: number[] = [];
const creates: Record<string, { sent: number; created: number }> = {};
let refused = 0;
let simPort = -1;
// Requests the simulator itself received: the creates that reached it, by key.
subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  if (request.socket.localPort !== simPort) return;
  if (request.method !== 'POST' || !/^\/v1\/videos\/?$/.test(request.url ?? '')) return;
  const key = String(request.headers['idempotency-key']);
  creates[key] ??= { sent: 0, created: 0 };
  (creates[key] as { created: number }).created += 1;
});

const sim = await startSoraSimulator({
  seed: config.seed,
  timeScale: config.timeScale,
  ...(config.videoBytes === undefined ? {} : { videoBytes: config.videoBytes }),
  ...(config.latencyMs ? { faults: { slowRate: 1, slowDelayMs: config.latencyMs } } : {}),
});
simPort = sim.port;
const hash = createHash('sha256');
const payload = await loadVideoPayload(config.videoBytes);
for (const chunk of payloadChunks(payload, 0, payload.size)) hash.update(chunk);
// The provider as the workers see it: the simulator behind a front that honours
// `Idempotency-Key` (a create sent again with a key gets the first answer) and counts every API
// request as it arrives. Video files are fetched from the simulator itself, as from a CDN.
const front = await startIdempotentFront(sim.baseUrl, {
  onRequest: (req) => {
    requestTimes.push(Date.now());
    if (req.method === 'POST') {
      const key = String(req.headers['idempotency-key']);
      creates[key] ??= { sent: 0, created: 0 };
      (creates[key] as { sent: number }).sent += 1;
    }
  },
  onResponse: (status) => {
    if (status === 429) refused += 1;
  },
});
send({
  type: 'ready',
  baseUrl: front.baseUrl,
  apiKey: sim.apiKey,
  videoSha256: hash.digest('hex'),
});

const report = (): SimReport => {
  const tasks: Record<string, string> = {};
  for (const task of sim.tasks.values()) tasks[task.id] = task.status;
  return {
    type: 'report',
    requestTimes,
    creates,
    tasks,
    downloads: sim.metrics.downloads,
    refused,
  };
};

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await front.close();
  await sim.close();
  process.disconnect?.();
  process.exit(0);
};
process.on('message', (message: FleetControl) => {
  if (message.type === 'report') send(report());
  else if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
