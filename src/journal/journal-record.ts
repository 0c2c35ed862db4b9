import type { CreateVideoParams } from '../api/create-params.js';
import type { VideoStatus } from '../model/video-status.js';

/** What was asked for: the params of the create, as `createVideo$` took them. */
export type JournalParams = CreateVideoParams;

/**
 * One line of the task journal. Every record carries `at`, the time it was written (ms since the
 * epoch). A create writes `intent` before its request and `created` once the server answered;
 * later records name the task by `id`.
 */
export type JournalRecord =
  /** A create is about to be sent with this idempotency key. */
  | {
      readonly type: 'intent';
      readonly at: number;
      readonly key: string;
      readonly params: JournalParams;
    }
  /** The create with this key made the task `id`, of `model` where the gateway named it. */
  | {
      readonly type: 'created';
      readonly at: number;
      readonly key: string;
      readonly id: string;
      readonly model?: string | undefined;
    }
  /** The task was seen in a new state. */
  | {
      readonly type: 'status';
      readonly at: number;
      readonly id: string;
      readonly status: VideoStatus;
      readonly progress?: number | undefined;
      readonly videoUrl?: string | null | undefined;
      readonly error?: string | null | undefined;
      /** What the task cost in USD, where the gateway reported it (see `taskCost`). */
      readonly cost?: number | undefined;
      /** When its video expires, in ms since the epoch, where the gateway reported it (see `taskExpiresAt`). */
      readonly expiresAt?: number | undefined;
    }
  /** A download of the task's video to `file` started. */
  | { readonly type: 'download'; readonly at: number; readonly id: string; readonly file: string }
  /** The video is saved at `file`: its size and SHA-256 (hex). */
  | {
      readonly type: 'saved';
      readonly at: number;
      readonly id: string;
      readonly file: string;
      readonly bytes: number;
      readonly sha256: string;
    }
  /** The download failed for good: the URL expired (`expired: true`), or another final error. */
  | {
      readonly type: 'unsaved';
      readonly at: number;
      readonly id: string;
      readonly expired: boolean;
      readonly error: string;
    }
  /**
   * The create with this key was refused: the gateway answered it with a 4xx other than 408, 409
   * and 429 (a bad parameter, a wrong key), so no task was made and sending it again gets the
   * same answer. `reason` is the error's message.
   */
  | {
      readonly type: 'rejected';
      readonly at: number;
      readonly key: string;
      readonly status: number;
      readonly reason: string;
    }
  /** The video of task `id` is to be saved into the folder `dir`, once it completes. */
  | { readonly type: 'destination'; readonly at: number; readonly id: string; readonly dir: string }
  /** The user let go of the entry with this key or task id (`sora-rx forget`, `ls --prune`). */
  | {
      readonly type: 'forget';
      readonly at: number;
      readonly key?: string | undefined;
      readonly id?: string | undefined;
    }
  /** A whole entry, as compaction writes it in place of the records it folds. */
  | { readonly type: 'entry'; readonly at: number; readonly entry: JournalEntry };

/** Everything the journal knows of one task: its records folded, the last word winning. */
export interface JournalEntry {
  /** The idempotency key of its create; `undefined` for a task only watched, not created here. */
  readonly key?: string | undefined;
  /** What its create asked for, when it was created here. */
  readonly params?: JournalParams | undefined;
  /** The task id; `undefined` while the create's answer is unknown (an uncertain create). */
  readonly id?: string | undefined;
  /** The model the gateway named in its answer to the create. */
  readonly model?: string | undefined;
  /** When the first record of the task was written, in ms since the epoch. */
  readonly since: number;
  /** When the last record of the task was written, in ms since the epoch. */
  readonly updatedAt: number;
  /** The last status seen. */
  readonly status?: VideoStatus | undefined;
  /** The last progress seen, 0 to 100. */
  readonly progress?: number | undefined;
  /** The last video URL seen. */
  readonly videoUrl?: string | null | undefined;
  /** When the task was first seen `completed`, in ms since the epoch: its URL expires about 24 h later. */
  readonly completedAt?: number | undefined;
  /** Why the task failed, or why its video could not be saved. */
  readonly error?: string | null | undefined;
  /** What the task cost in USD, the last the gateway reported (see `taskCost`). */
  readonly cost?: number | undefined;
  /**
   * When its video expires, in ms since the epoch, the last the gateway reported (its
   * `expires_at`, see `taskExpiresAt`); unknown for gateways that do not report it.
   */
  readonly expiresAt?: number | undefined;
  /** Where its video is being, or was, saved. */
  readonly file?: string | undefined;
  /** The folder its video is to be saved into, as the download that watched it said. */
  readonly dir?: string | undefined;
  /**
   * The HTTP status its create was refused with (a 4xx other than 408, 409 and 429): no task was
   * made; `error` says why.
   */
  readonly rejected?: number | undefined;
  /** Whether the video is saved (then `bytes` and `sha256` say what was written). */
  readonly saved?: boolean | undefined;
  /** The size of the saved video. */
  readonly bytes?: number | undefined;
  /** The SHA-256 of the saved video, in hex. */
  readonly sha256?: string | undefined;
  /** Whether the video's URL expired before it was saved. */
  readonly expired?: boolean | undefined;
}

/**
 * Whether nothing is left to do for a task: its video saved, the task failed, its URL expired
 * for good, or its create was rejected. A download that failed otherwise (a full disk) is not
 * settled: a resume tries again.
 */
export function isSettled(entry: JournalEntry): boolean {
  return (
    entry.saved === true ||
    entry.status === 'failed' ||
    entry.expired === true ||
    entry.rejected !== undefined
  );
}
