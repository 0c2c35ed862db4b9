// `npm run fleet`: three worker processes, 3,000 videos against the simulator in its own process,
// one fleet rate limit; one worker killed with SIGKILL mid-run. Exits 1 if a promise is broken.
//   npm run fleet -- --tasks 300 --workers 2 --no-kill
import { parseArgs } from 'node:util';
import { checkFleet, limitOf } from './check-fleet.js';
import { runFleet } from './run-fleet.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '3000' },
    workers: { type: 'string', default: '3' },
    'no-kill': { type: 'boolean', default: false },
    max: { type: 'string', default: '1' },
    duration: { type: 'string', default: '20' },
  },
});
const limiter = { max: Number(values.max), duration: Number(values.duration) };
const report = await runFleet({
  tasks: Number(values.tasks),
  workers: Number(values.workers),
  limiter,
  killAt: values['no-kill'] ? undefined : 0.3,
  timeScale: 600,
  // A real API takes a while to answer: the kill then finds steps in flight.
  latencyMs: 100,
  seed: 12,
  concurrency: 16,
  lockDuration: 5_000,
  stalledInterval: 2_000,
  timeoutMs: 30 * 60_000,
  log: (line) => console.log(line),
});
const checks = checkFleet(report);
const completed = report.jobs.filter((job) => job.state === 'completed').length;
console.log(
  `\n${report.options.workers} workers, limit ${limitOf(limiter).perSecond}/s: ${completed} jobs in ${(report.elapsedMs / 1000).toFixed(1)} s, ${((completed / report.elapsedMs) * 60_000).toFixed(0)} per minute`,
);
console.log(
  `${report.sim.requestTimes.length} API requests, ${report.sim.downloads} file requests, ${report.sim.refused} refused; ${report.redisCommands} Redis commands, ${(report.redisCommands / report.sim.requestTimes.length).toFixed(1)} per request`,
);
for (const { ok, line } of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
if (checks.some((check) => !check.ok)) process.exitCode = 1;
