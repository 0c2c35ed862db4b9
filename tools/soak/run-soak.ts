// Runs one fault soak: the client in this process, the simulator in another, and records what
// happened for the checks (soak-checks.ts) to judge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { catchError, EMPTY, mergeMap, of, tap } from 'rxjs';
import { createSoraClient } from '../../src/index.js';
import { hashFiles, type SavedFile } from './hash-files.js';
import { waitForResources } from './resources.js';
import type { ReportMessage } from './sim-protocol.js';
import { startSimulatorProcess } from './simulator-process.js';
import type { SoakOptions } from './soak-options.js';

/** A task the client reported, and when (`Date.now()`). */
export interface TaskSighting {
  readonly id: string;
  readonly status: string;
  readonly atMs: number;
}

/** An error that ended a watch or a download, by its `code` (or its name, for a foreign one). */
export interface ErrorSighting {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/** A download that reported `done: true`. */
export interface SavedSighting {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
}

/** Everything a soak run saw, for the checks to judge. */
export interface SoakRecord {
  readonly options: SoakOptions;
  /** The tasks planned to finish. */
  readonly ids: readonly string[];
  /** The tasks that never finish, unsubscribed at the end. */
  readonly pendingIds: readonly string[];
  /** Every task `watchAll$` emitted, in order. */
  readonly tasks: readonly TaskSighting[];
  /** Every `{ id, error }` of `watchAll$`. */
  readonly watchErrors: readonly ErrorSighting[];
  /** Every download that ended with `done: true`. */
  readonly saved: readonly SavedSighting[];
  /** Every download that ended in an error. */
  readonly downloadErrors: readonly ErrorSighting[];
  /** Every file left in the download folder, with its hash. */
  readonly files: readonly SavedFile[];
  /** The video the simulator serves. */
  readonly video: { readonly size: number; readonly sha256: string };
  /** What the simulator saw, asked once the client was unsubscribed. */
  readonly simulator: ReportMessage;
  /** `Date.now()` when the client was unsubscribed. */
  readonly unsubscribedAtMs: number;
  /** Whether the deadline came before every task and download had ended. */
  readonly timedOut: boolean;
  /** Every unhandled rejection seen in this process during the run. */
  readonly unhandledRejections: readonly string[];
  /** Active resources (`process.getActiveResourcesInfo()`) above the baseline, after the end. */
  readonly leftoverResources: readonly string[];
  /** Wall time from the client's start to its unsubscribe, in ms. */
  readonly clientMs: number;
  /** Wall time of the whole run, simulator start and stop included, in ms. */
  readonly wallMs: number;
}

/** How long the simulator listens on after the unsubscribe, to catch requests sent after it. */
const AFTER_UNSUBSCRIBE_MS = 500;
/** How long the process may take to close its last handles once everything ended. */
const SETTLE_MS = 3_000;

function describeError(id: string, error: unknown): ErrorSighting {
  const { code, name, message } = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  return {
    id,
    code: typeof code === 'string' ? code : typeof name === 'string' ? name : typeof error,
    message: typeof message === 'string' ? message.slice(0, 200) : String(error).slice(0, 200),
  };
}

/**
 * Runs the soak described by `options` and resolves with what it saw. `keepFiles` leaves the
 * download folder in place (its path is then in `files`); by default it is removed.
 */
export async function runSoak(options: SoakOptions, keepFiles = false): Promise<SoakRecord> {
  const started = performance.now();
  const baseline = process.getActiveResourcesInfo();
  const unhandledRejections: string[] = [];
  const onUnhandled = (reason: unknown) =>
    unhandledRejections.push(describeError('', reason).message);
  process.on('unhandledRejection', onUnhandled);
  const dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-soak-'));
  try {
    const { rateLimit, deadlineMs, ...simConfig } = options;
    const sim = await startSimulatorProcess(simConfig);
    const tasks: TaskSighting[] = [];
    const watchErrors: ErrorSighting[] = [];
    const saved: SavedSighting[] = [];
    const downloadErrors: ErrorSighting[] = [];
    let timedOut = false;
    let unsubscribedAtMs = 0;
    let clientMs = 0;
    let simulator: ReportMessage;
    try {
      const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, rateLimit });
      const ended = new Set<string>();
      let downloadsRunning = 0;
      let finish = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const checkFinished = () => {
        if (ended.size >= sim.ids.length && downloadsRunning === 0) finish();
      };
      const planned = new Set(sim.ids);
      const endWatch = (id: string) => {
        if (planned.has(id)) ended.add(id);
      };

      const clientStarted = performance.now();
      sim.start();
      const subscription = sora
        .watchAll$([...sim.ids, ...sim.pendingIds])
        .pipe(
          tap(({ id, task, error }) => {
            if (task === undefined) {
              watchErrors.push(describeError(id, error));
              endWatch(id);
            } else {
              tasks.push({ id, status: task.status, atMs: Date.now() });
              if (task.status === 'completed' || task.status === 'failed') endWatch(id);
            }
          }),
          mergeMap(({ id, task }) => {
            if (task?.status !== 'completed') return EMPTY;
            downloadsRunning += 1;
            return of(task).pipe(
              sora.downloadWhenCompleted({ dir }),
              tap((event) => {
                if (event.type === 'download' && event.progress.done) {
                  saved.push({ id, file: event.progress.file, bytes: event.progress.bytes });
                }
              }),
              catchError((error: unknown) => {
                downloadErrors.push(describeError(id, error));
                return EMPTY;
              }),
              tap({ finalize: () => (downloadsRunning -= 1) }),
            );
          }),
        )
        .subscribe({ complete: () => finish() });
      // Every event may be the last one the run waits for.
      const poller = setInterval(checkFinished, 50);
      const deadline = setTimeout(() => {
        timedOut = true;
        finish();
      }, deadlineMs);
      await finished;
      clearInterval(poller);
      clearTimeout(deadline);
      subscription.unsubscribe();
      unsubscribedAtMs = Date.now();
      clientMs = performance.now() - clientStarted;
      await new Promise((resolve) => setTimeout(resolve, AFTER_UNSUBSCRIBE_MS));
      simulator = await sim.report();
    } finally {
      await sim.stop();
    }
    const leftoverResources = await waitForResources(baseline, SETTLE_MS);
    return {
      options,
      ids: sim.ids,
      pendingIds: sim.pendingIds,
      tasks,
      watchErrors,
      saved,
      downloadErrors,
      files: await hashFiles(dir),
      video: { size: sim.videoSize, sha256: sim.videoSha256 },
      simulator,
      unsubscribedAtMs,
      timedOut,
      unhandledRejections,
      leftoverResources,
      clientMs,
      wallMs: performance.now() - started,
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    if (!keepFiles) await rm(dir, { recursive: true, force: true });
  }
}
