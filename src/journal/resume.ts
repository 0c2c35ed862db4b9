import {
  catchError,
  concatMap,
  defer,
  from,
  map,
  mergeMap,
  type Observable,
  type OperatorFunction,
  of,
} from 'rxjs';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import type { VideoEvent } from '../download/download-when-completed.js';
import { SoraUncertainCreateError } from '../errors/journal-errors.js';
import type { VideoTask } from '../model/video-task.js';
import { assertBoolean, assertCount, assertKnownOptions } from '../util/assert-options.js';
import { bySoonestExpiry } from './entry-expiry.js';
import { isSettled, type JournalEntry, type JournalParams } from './journal-record.js';
import type { TaskLog } from './task-log.js';

/** Options of `resume$`. */
export interface ResumeOptions {
  /**
   * The folder to save videos into, as `<task id>.mp4`, for tasks whose download never started,
   * in place of the folder the journal recorded for them (`downloadWhenCompleted({ dir })` records
   * it as the task is first seen). A download that started goes on to the file it was going to.
   * Without `dir`, a task goes to its recorded folder, else to `defaultDir`; with neither, it is
   * only watched, and its completed task emitted.
   */
  readonly dir?: string | undefined;
  /**
   * The folder for the videos of tasks with no folder of their own: neither `dir` nor one the
   * journal recorded (the CLI gives the current folder).
   */
  readonly defaultDir?: string | undefined;
  /**
   * Whether to send again, with the same idempotency key, the creates whose answer never reached
   * the journal. A server that honours the key answers with the task it made, if it made one;
   * one that does not may start a second, paid, job. Without it they are reported as `uncertain`.
   * @default false
   */
  readonly recreateUncertain?: boolean | undefined;
  /**
   * How many tasks to resume at once, the others waiting for their turn: a whole number, or
   * `Infinity`.
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
  /** Options of the downloads, such as `allowPrivateAddresses` or `maxBytes`. */
  readonly download?: Omit<DownloadOptions, 'dir' | 'file'> | undefined;
}

/**
 * One event of `resume$`, by task id, as `watchAll$` with downloads: each task (`task`), each
 * download's progress (`download`), the error that ended one task's resume (`error`), and each
 * create that may or may not have reached the server (`uncertain`, with its idempotency key).
 * `key` is the idempotency key of the task's create, when it was created with the journal on.
 */
export type ResumeEvent =
  | {
      readonly type: 'task';
      readonly id: string;
      readonly key: string | undefined;
      readonly task: VideoTask;
    }
  | {
      readonly type: 'download';
      readonly id: string;
      readonly key: string | undefined;
      readonly task: VideoTask;
      readonly progress: DownloadProgress;
    }
  | {
      readonly type: 'error';
      readonly id: string | undefined;
      readonly key: string | undefined;
      readonly error: unknown;
    }
  | {
      readonly type: 'uncertain';
      readonly key: string;
      readonly params: JournalParams | undefined;
      readonly error: SoraUncertainCreateError;
    };

/** What resuming needs of the client. */
export interface ResumeDeps {
  /** Watches a task until it is terminal. */
  readonly watch: (id: string) => Observable<VideoTask>;
  /** Downloads each task as it completes. */
  readonly downloadWhenCompleted: (
    options: DownloadOptions,
  ) => OperatorFunction<VideoTask, VideoEvent>;
  /** Sends an uncertain create again with its key, recording the answer: emits the task. */
  readonly recreate: (key: string, params: JournalParams) => Observable<VideoTask>;
}

/**
 * Picks up every task of the journal that is not settled: watches those not terminal, downloads
 * those completed and not saved (continuing a kept part file), the videos that expire soonest
 * first, reports the uncertain creates or sends them again with `recreateUncertain`. Completes
 * when each is done or has failed.
 */
export function resumeFromJournal(
  log: TaskLog,
  deps: ResumeDeps,
  options: ResumeOptions,
): Observable<ResumeEvent> {
  assertKnownOptions(
    options,
    ['dir', 'defaultDir', 'recreateUncertain', 'concurrency', 'download'],
    'options',
  );
  const { dir, defaultDir, recreateUncertain = false } = options;
  const { concurrency = Number.POSITIVE_INFINITY } = options;
  for (const [name, value] of [
    ['dir', dir],
    ['defaultDir', defaultDir],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(`Expected \`${name}\` to be a folder path`);
    }
  }
  assertBoolean(recreateUncertain, 'recreateUncertain');
  assertCount(concurrency, 'concurrency');

  const follow = (id: string, task$: Observable<VideoTask>, entry: JournalEntry) => {
    const folder = dir ?? entry.dir ?? defaultDir;
    const where =
      entry.file !== undefined
        ? { file: entry.file }
        : folder === undefined
          ? undefined
          : { dir: folder };
    const target: DownloadOptions | undefined =
      where === undefined ? undefined : { ...options.download, ...where };
    const { key } = entry;
    const events$: Observable<ResumeEvent> =
      target === undefined
        ? task$.pipe(map((task): ResumeEvent => ({ type: 'task', id, key, task })))
        : task$.pipe(
            deps.downloadWhenCompleted(target),
            map(
              (event): ResumeEvent =>
                event.type === 'task'
                  ? { type: 'task', id, key, task: event.task }
                  : { type: 'download', id, key, task: event.task, progress: event.progress },
            ),
          );
    return events$.pipe(
      catchError((error: unknown) => of<ResumeEvent>({ type: 'error', id, key, error })),
    );
  };

  const resumeEntry = (entry: JournalEntry): Observable<ResumeEvent> => {
    const { id } = entry;
    if (id !== undefined)
      return follow(
        id,
        defer(() => deps.watch(id)),
        entry,
      );
    // An entry without id was always made by an intent, so it has a key.
    const key = entry.key as string;
    if (!recreateUncertain || entry.params === undefined) {
      return of({
        type: 'uncertain',
        key,
        params: entry.params,
        error: new SoraUncertainCreateError(key),
      });
    }
    const params = entry.params;
    return defer(() => deps.recreate(key, params)).pipe(
      concatMap((created) =>
        follow(
          created.id,
          defer(() => deps.watch(created.id)),
          { ...entry, id: created.id },
        ),
      ),
      catchError((error: unknown) => of<ResumeEvent>({ type: 'error', id: undefined, key, error })),
    );
  };

  return defer(() => from(log.entries())).pipe(
    // The videos closest to expiring first: with `concurrency`, or the client's `maxDownloads`,
    // the others wait their turn.
    concatMap((entries) => from(bySoonestExpiry(entries.filter((entry) => !isSettled(entry))))),
    mergeMap(resumeEntry, concurrency),
  );
}
