import { defer, map, tap } from 'rxjs';
import { createSoraClient, type DialectName, type VideoTask } from '../../index.js';
import { type SoraSimulator, startSoraSimulator } from '../../testing/simulator/index.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import { type Board, phaseOf, rowLabel } from '../watch/board.js';
import type { WatchTarget } from '../watch/board-events.js';
import type { Verdict } from '../watch/reporter.js';
import { EXIT_FAILED } from '../watch/verdict.js';
import { watchAndReport } from '../watch/watch-and-report.js';
import type { CommandContext } from './command-context.js';
import {
  DEMO_FAILURE,
  DEMO_SEED,
  DEMO_VIDEO_BYTES,
  DEMO_VIDEOS,
  type DemoVideo,
  demoVideosFor,
} from './demo-videos.js';

/** The flags of `sora-rx demo`. */
export interface DemoFlags {
  readonly dir: string;
  readonly json?: boolean | undefined;
  readonly timeScale: number;
  /** The simulated gateway's dialect, which the demo's client speaks too. */
  readonly dialect?: DialectName | undefined;
}

/** Runs the demo and resolves with its exit code. */
export async function runDemoCommand(
  flags: DemoFlags,
  { io, output }: CommandContext,
): Promise<number> {
  const { timeScale, dialect } = flags;
  const sim = await startSoraSimulator({
    seed: DEMO_SEED,
    timeScale,
    videoBytes: DEMO_VIDEO_BYTES,
    ...(dialect === undefined ? {} : { dialect }),
  });
  try {
    // The default schedule: the simulator's poll hint (30 simulated seconds), scaled to its
    // speed, sets the cadence. A hint is never followed sooner than `minHintMs`, 1 s by default,
    // which at 80× would be 80 simulated seconds: the demo lets the hint through, so that each
    // task is seen when it finishes, as on a gateway polled every 30 s.
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      poll: { minHintMs: 10 },
      ...(dialect === undefined ? {} : { dialect }),
    });
    const targets: WatchTarget[] = demoVideosFor(dialect).map((video, index) => ({
      init: { key: `#${index + 1}`, seconds: video.seconds, model: video.model },
      task$: defer(() =>
        sora.generate$({ prompt: video.prompt, model: video.model, seconds: video.seconds }).pipe(
          tap(failOnPurpose(sim, video)),
          map((task) => withSimulatedTimes(sim, task)),
        ),
      ),
    }));
    const mode = chooseReporterMode(flags.json === true, io.stdout.isTTY);
    return await watchAndReport({
      sora,
      targets,
      dir: flags.dir,
      // The embedded simulator serves on 127.0.0.1, and this run talks to nothing else.
      allowPrivateAddresses: true,
      mode,
      output,
      cwd: io.cwd,
      now: () => sim.now(),
      title: `demo (${timeScale}× speed)`,
      table: true,
      judge: (board) => judgeDemo(board, flags.dir),
    });
  } finally {
    await sim.close();
  }
}

/**
 * The task with its times (`created`, and OpenAI's `completed_at`) on the simulator's clock, which
 * the demo's times are shown on: the API reports them at the clock's pace, so that clients can
 * tell a task's age.
 */
function withSimulatedTimes(sim: SoraSimulator, task: VideoTask): VideoTask {
  const simulated = sim.getTask(task.id);
  if (simulated === undefined) return task;
  const times: Record<string, number> = { created: Math.floor(simulated.createdAt / 1000) };
  if (typeof (task as Record<string, unknown>).completed_at === 'number') {
    times.completed_at = Math.floor(simulated.finishedAt / 1000);
  }
  return { ...task, ...times };
}

/**
 * Makes the video meant to fail do so: as soon as its task exists, the simulator is told to fail
 * it with {@link DEMO_FAILURE}, partway through processing. The created task arrives long before
 * any task could finish (minutes of simulated time), so exactly this one fails, every run.
 */
function failOnPurpose(sim: SoraSimulator, video: DemoVideo): (task: VideoTask) => void {
  let marked = false;
  return (task) => {
    if (video.fails !== true || marked) return;
    marked = true;
    sim.setTask(task.id, { error: DEMO_FAILURE });
  };
}

/** The demo went as designed when the one video meant to fail failed and every other was saved. */
export function judgeDemo(board: Board, dir: string): Verdict {
  const asDesigned = board.rows.every((row, index) =>
    DEMO_VIDEOS[index]?.fails === true ? phaseOf(row) === 'failed' : phaseOf(row) === 'saved',
  );
  const saved = board.rows.filter((row) => phaseOf(row) === 'saved').length;
  const index = DEMO_VIDEOS.findIndex((video) => video.fails === true);
  const failing = board.rows[index];
  const name = failing === undefined ? `#${index + 1}` : rowLabel(failing);
  if (asDesigned) {
    return {
      ok: true,
      exitCode: 0,
      message:
        `Demo OK: ${saved} of ${board.rows.length} videos saved to ${dir}; ${name} failed on ` +
        `purpose (${DEMO_FAILURE.code}), as designed.`,
    };
  }
  return {
    ok: false,
    exitCode: EXIT_FAILED,
    message:
      `The demo did not go as designed: ${saved} of ${board.rows.length - 1} videos saved, ` +
      `and only ${name} should have failed.`,
  };
}
