import {
  concatMap,
  from,
  identity,
  type MonoTypeOperatorFunction,
  map,
  type Observable,
} from 'rxjs';
import type { CreateVideoParams } from '../api/create-params.js';
import type { TaskResponse } from '../api/task-response.js';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import type { VideoTask } from '../model/video-task.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { Journal } from './journal.js';
import { type PastCompletion, pastCompletions } from './past-completions.js';
import { recordCreate } from './record-create.js';
import { recordDestination } from './record-destination.js';
import { recordTasks } from './record-tasks.js';
import {
  type ResumeDeps,
  type ResumeEvent,
  type ResumeOptions,
  resumeFromJournal,
} from './resume.js';
import { TaskLog } from './task-log.js';

/** Sends one create, with its idempotency key if it has one. */
export type SendCreate = (
  params: CreateVideoParams,
  key: string | undefined,
) => Observable<TaskResponse>;

/**
 * Where a client's journal hooks into its work (the `journal` option): a small seam, so that the
 * client never asks whether it has a journal. {@link NO_JOURNAL_HOOKS} records nothing.
 */
export interface JournalHooks {
  /** Records each status change a watch sees before passing it on. */
  readonly watched: MonoTypeOperatorFunction<VideoTask>;
  /**
   * Sends a create. With a journal it carries an `Idempotency-Key` (the params' own, else a fresh
   * one), recorded with the params before the request, and the task id after it; without one,
   * only the params' own key: a custom header makes browsers ask the gateway's CORS rules, which
   * may not allow it.
   */
  create(params: CreateVideoParams, send: SendCreate): Observable<TaskResponse>;
  /** A download's options as the journal wants them: its part file kept for a resume to continue. */
  downloadOptions(options: DownloadOptions): DownloadOptions;
  /** Records that the task `id` was cancelled, given what the cancel answered. */
  cancelled(id: string): MonoTypeOperatorFunction<VideoTask | undefined>;
  /** Records that the video of `id` was deleted from the gateway. */
  deleted(id: string): MonoTypeOperatorFunction<void>;
  /**
   * Records, before each task's first event passes, the folder its video is to be saved into, so
   * that a resume after a crash saves it there too.
   */
  destination(options: DownloadOptions): MonoTypeOperatorFunction<VideoTask>;
  /** Records a task's saved file, its size and hash, or its expiry. */
  saved(id: string): MonoTypeOperatorFunction<DownloadProgress>;
  /**
   * Reads the journal now, and hands `learn` the completions of the tasks it holds, once loaded:
   * a client starts from the generation times its last run saw. A journal that cannot be read
   * teaches nothing here; its first record says why.
   */
  teach(learn: (completion: PastCompletion) => void): void;
  /** Picks up the unfinished tasks of the journal; without one, throws a `TypeError`. */
  resume$(
    deps: Omit<ResumeDeps, 'recreate'> & { readonly send: SendCreate },
    options: ResumeOptions,
  ): Observable<ResumeEvent>;
}

/** A client without a journal. */
export const NO_JOURNAL_HOOKS: JournalHooks = {
  watched: identity,
  create: (params, send) => send(params, params.idempotencyKey),
  downloadOptions: identity,
  cancelled: () => identity,
  deleted: () => identity,
  destination: () => identity,
  saved: () => identity,
  teach: () => {},
  resume$: () => {
    throw new TypeError('resume$ needs a `journal`: createSoraClient({ journal })');
  },
};

/** Records a task's download in the log: see `recordDownload`, which Node's platform gives. */
export type RecordDownload = (
  log: TaskLog,
  id: string,
) => MonoTypeOperatorFunction<DownloadProgress>;

/**
 * The hooks of a journal: every create, status change and saved file recorded.
 * @param record Records a download; without it (in a browser, which has no disk and no
 *   downloads), saved files are not recorded.
 */
export function createJournalHooks(
  journal: Journal,
  record: RecordDownload | undefined,
): JournalHooks {
  const log = new TaskLog(journal);
  const watched = recordTasks(log);
  return {
    watched,
    create: ({ idempotencyKey, ...params }, send) => {
      const key = idempotencyKey ?? newIdempotencyKey();
      return recordCreate(log, key, params, send(params, key));
    },
    // Kept unless the call says otherwise.
    downloadOptions: (options) =>
      options?.keepPartial === undefined ? { ...options, keepPartial: true } : options,
    cancelled: (id) =>
      concatMap((task) => from(log.recordCancelled(id, task)).pipe(map(() => task))),
    deleted: (id) => concatMap(() => from(log.recordDeleted(id))),
    destination: (options) => recordDestination(log, options?.dir),
    saved: (id) => (record === undefined ? identity : record(log, id)),
    teach: (learn) => {
      log.load().then(
        (fold) => {
          for (const completion of pastCompletions(fold.entries())) learn(completion);
        },
        // A failed load is tried again, and reported, by the first record.
        () => {},
      );
    },
    resume$: ({ send, ...deps }, options) =>
      resumeFromJournal(
        log,
        {
          ...deps,
          recreate: (key, params) =>
            recordCreate(log, key, params, send(params, key), true).pipe(
              map((response) => response.task),
            ),
        },
        options,
      ),
  };
}
