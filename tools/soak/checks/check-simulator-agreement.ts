// No task is reported complete (or failed) that the simulator did not complete (or fail) first.
import type { SoakRecord } from '../run-soak.js';
import { type CheckResult, withExamples } from './check-result.js';

/**
 * How far (ms) a sighting may precede the simulator's finish: its simulated times are rounded to
 * the millisecond before being scaled back to the wall clock.
 */
const TOLERANCE_MS = 2;

/** Judges every terminal status the client reported against the simulator's own record. */
export function checkSimulatorAgreement(
  record: Pick<SoakRecord, 'tasks' | 'simulator'>,
): CheckResult {
  const simTask = new Map(record.simulator.tasks.map((task) => [task.id, task]));
  const wrong: string[] = [];
  const early: string[] = [];
  const unknown: string[] = [];
  let terminal = 0;
  for (const { id, status, atMs } of record.tasks) {
    if (status !== 'completed' && status !== 'failed') continue;
    terminal += 1;
    const task = simTask.get(id);
    if (task === undefined) unknown.push(id);
    else if (task.status !== status) wrong.push(`${id} (${status}, simulator: ${task.status})`);
    else if (task.finishedAtMs === null || atMs < task.finishedAtMs - TOLERANCE_MS) {
      early.push(`${id} (${Math.round((task.finishedAtMs ?? Number.NaN) - atMs)} ms early)`);
    }
  }
  const details: string[] = [];
  if (wrong.length > 0) details.push(`another status than the simulator's: ${withExamples(wrong)}`);
  if (early.length > 0)
    details.push(`reported before the simulator finished it: ${withExamples(early)}`);
  if (unknown.length > 0) details.push(`unknown to the simulator: ${withExamples(unknown)}`);
  return {
    name: 'no task is reported complete that the simulator did not complete',
    passed: details.length === 0,
    summary: `${terminal} terminal events: ${wrong.length} with another status, ${early.length} early, ${unknown.length} unknown`,
    details,
  };
}
