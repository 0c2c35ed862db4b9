// The simulator in a process of its own, so that it does not share the client's core.
import { startSoraSimulator } from '../../src/testing/index.js';

const count = Number(process.argv[2] ?? 10_000);
// No poll hint: the scale run measures the client's own cadence.
const sim = await startSoraSimulator({ timeScale: 20, seed: 1, pollAfterMs: null });
// Tasks of 10 s videos that finish within 2–5 simulated minutes: 6–15 s of wall time.
const ids = Array.from({ length: count }, () => sim.createTask({ seconds: 10 }).id);
process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, ids })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  const { maxConcurrency, maxRequestsPerSecond, totalRequests } = sim.metrics;
  process.stdout.write(
    `${JSON.stringify({ maxConcurrency, maxRequestsPerSecond, totalRequests })}\n`,
  );
  await sim.close();
});
