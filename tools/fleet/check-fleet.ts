// The promises of a fleet run, checked: each a line that passes or fails.
import { mostInWindow } from '../../test/helpers/most-in-window.js';
import type { FleetRunReport } from './run-fleet.js';

/** One checked promise. */
export interface FleetCheck {
  readonly ok: boolean;
  readonly line: string;
}

/** The fleet's rate limit in requests per second, and what BullMQ's fixed window lets through. */
export function limitOf({ max, duration }: { max: number; duration: number }) {
  const perSecond = (max * 1000) / duration;
  // A fixed window: a rolling second may hold one window's `max` more, at its edge; and one
  // request of slack between the clocks of Redis and of the simulator.
  return { perSecond, allowed: perSecond + max + 1 };
}

/** Checks a run's promises. */
export function checkFleet(report: FleetRunReport): FleetCheck[] {
  const { jobs, sim, files, options } = report;
  const checks: FleetCheck[] = [];
  const check = (ok: boolean, line: string) => checks.push({ ok, line });

  const { perSecond, allowed } = limitOf(options.limiter);
  const most = mostInWindow(sim.requestTimes, 1000);
  check(
    most <= allowed,
    `at most ${most} requests in any 1-s window (limit ${perSecond}/s; a fixed window allows ${allowed})`,
  );
  const notDone = jobs.filter((job) => job.state !== 'completed');
  check(notDone.length === 0, `${jobs.length - notDone.length} of ${jobs.length} jobs completed`);
  for (const job of notDone.slice(0, 5))
    check(false, `  ${job.id}: ${job.state} ${job.failedReason ?? ''}`);
  const terminal = jobs.filter((job) => job.status === 'completed' || job.status === 'failed');
  check(terminal.length === jobs.length, `${terminal.length} tasks terminal`);

  const completed = jobs.filter((job) => job.status === 'completed');
  const expected = new Set(completed.map((job) => `${job.taskId}.mp4`));
  const missing = [...expected].filter((name) => !files.has(name));
  const extra = [...files.keys()].filter((name) => !expected.has(name));
  const corrupt = [...files.values()].filter((hash) => hash !== report.videoSha256);
  check(
    missing.length === 0,
    `${expected.size - missing.length} of ${expected.size} completed videos saved`,
  );
  check(extra.length === 0, `${extra.length} video files of no completed job`);
  check(
    corrupt.length === 0,
    `${files.size - corrupt.length} of ${files.size} files byte-identical`,
  );
  check(
    report.leftovers.length === 0 || report.killedAtMs !== undefined,
    `${report.leftovers.length} part files left`,
  );

  const createdTwice = Object.entries(sim.creates).filter(([, entry]) => entry.created > 1);
  const resent = Object.entries(sim.creates).filter(([, entry]) => entry.sent > 1);
  const unknown = Object.keys(sim.creates).filter((key) => !report.keys.includes(key));
  check(createdTwice.length === 0, `${createdTwice.length} idempotency keys created a task twice`);
  check(unknown.length === 0, `${unknown.length} creates without a job's key`);
  check(true, `${resent.length} creates sent again (refused by a 429, or in flight at the kill)`);
  if (report.killedAtMs !== undefined) {
    check(
      report.stalled > 0,
      `${report.stalled} jobs of the killed worker found stalled and finished by the others`,
    );
  }
  check(
    true,
    `${sim.downloads} video downloads for ${completed.length} completed tasks (a download cut by the kill runs again)`,
  );
  const taskIds = new Set(jobs.map((job) => job.taskId));
  check(taskIds.size === jobs.length, `${taskIds.size} distinct tasks for ${jobs.length} jobs`);
  return checks;
}
