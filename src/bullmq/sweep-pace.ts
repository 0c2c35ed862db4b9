import type { FleetJob } from './enqueue.js';
import { liveSafetyNetMs, parseSweepState, SWEEP_STATE_KEY } from './sweep-state.js';
import { indexClientOf, queueOf } from './task-index.js';

/** How long a worker goes by what it read of the sweeps' state: one `GET` a second at most. */
const READ_EVERY_MS = 1_000;

/**
 * Whether the sweeps of a job's queue run, and the safety net of the jobs' own GETs while they
 * do, as one worker sees it: read from Redis at most once a second per queue, so that a poll step
 * costs no command more.
 * @param now The workers' clock.
 * @return For a job, its queue's safety net in ms, or `undefined` when the sweeps do not run.
 */
export function createSweepPace(now: () => number): (job: FleetJob) => Promise<number | undefined> {
  const read = new Map<string, { readonly atMs: number; readonly state: Promise<string | null> }>();
  return async (job) => {
    const key = queueOf(job).toKey(SWEEP_STATE_KEY);
    const nowMs = now();
    let last = read.get(key);
    if (last === undefined || nowMs - last.atMs >= READ_EVERY_MS || nowMs < last.atMs) {
      last = { atMs: nowMs, state: indexClientOf(job).then((client) => client.get(key)) };
      read.set(key, last);
    }
    try {
      return liveSafetyNetMs(parseSweepState(await last.state), nowMs);
    } catch (error) {
      read.delete(key);
      throw error;
    }
  };
}
