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
    // The default schedule: the simulator's poll hint, scaled to its speed, sets the cadence.
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      ...(dialect === undefined ? {} : { dialect }),
    });
    const targets: WatchTarget[] = demoVideosFor(dialect).map((video, index) => ({
      init: { key: `#${index + 1}`, seconds: video.seconds, model: video.model },
      task$: defer(() =>
        sora.generate$({ prompt: video.prompt, model: video.model, seconds: video.seconds }).pipe(
          tap(failOnPurpose(sim, video)),
          map((task) => withSimulatedCreated(sim, task)),
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
 * The task with `created` on the simulator's clock, which the demo's times are shown on: the API
 * reports it in real time, so that clients can tell a task's age.
 */
function withSimulatedCreated(sim: SoraSimulator, task: VideoTask): VideoTask {
  const simulated = sim.getTask(task.id);
  return simulated === undefined
    ? task
    : { ...task, created: Math.floor(simulated.createdAt / 1000) };
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
