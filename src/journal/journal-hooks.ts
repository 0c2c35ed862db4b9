import { identity, type MonoTypeOperatorFunction, map, type Observable } from 'rxjs';
import type { CreateVideoParams } from '../api/create-params.js';
import type { TaskResponse } from '../api/task-response.js';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import type { VideoTask } from '../model/video-task.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { Journal } from './journal.js';
import { type PastCompletion, pastCompletions } from './past-completions.js';
import { recordCreate } from './record-create.js';
import { type HashFile, recordDownload } from './record-download.js';
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
   * Sends a create. With a journal it carries a fresh `Idempotency-Key`, recorded with the params
   * before the request, and the task id after it; without one, no key: a custom header makes
   * browsers ask the gateway's CORS rules, which may not allow it.
   */
  create(params: CreateVideoParams, send: SendCreate): Observable<TaskResponse>;
  /** A download's options as the journal wants them: its part file kept for a resume to continue. */
  downloadOptions(options: DownloadOptions): DownloadOptions;
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
  create: (params, send) => send(params, undefined),
  downloadOptions: identity,
  saved: () => identity,
  teach: () => {},
  resume$: () => {
    throw new TypeError('resume$ needs a `journal`: createSoraClient({ journal })');
  },
};

/**
 * The hooks of a journal: every create, status change and saved file recorded.
 * @param hashFile Hashes a saved file; without it (in a browser), saved files are not recorded.
 */
export function createJournalHooks(journal: Journal, hashFile: HashFile | undefined): JournalHooks {
  const log = new TaskLog(journal);
  const watched = recordTasks(log);
  return {
    watched,
    create: (params, send) => {
      const key = newIdempotencyKey();
      return recordCreate(log, key, params, send(params, key));
    },
    // Kept unless the call says otherwise.
    downloadOptions: (options) =>
      options?.keepPartial === undefined ? { ...options, keepPartial: true } : options,
    saved: (id) => (hashFile === undefined ? identity : recordDownload(log, id, hashFile)),
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
