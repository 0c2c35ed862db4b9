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

/** An entry as the fold builds it, changed in place: a fold of 100,000 records must be quick. */
type DraftEntry = { -readonly [K in keyof JournalEntry]: JournalEntry[K] };

/**
 * Folds records into entries, in the order they were written. Records about an id no create
 * named start an entry of their own (a task watched, not created here); records that fit no
 * entry (a `created` without its `intent`) start one too, so nothing written is ever dropped.
 */
export class JournalFold {
  /** Entries by idempotency key, or by `id:<task id>` for tasks watched only. */
  readonly #entries = new Map<string, DraftEntry>();
  /** The map key of each task id's entry. */
  readonly #byId = new Map<string, string>();

  /** How many entries there are. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entries, oldest first, without their `undefined` fields. */
  entries(): JournalEntry[] {
    return [...this.#entries.values()].map(withoutUndefined);
  }

  /** The entry of a task id, if any. */
  byId(id: string): JournalEntry | undefined {
    const slot = this.#byId.get(id);
    const entry = slot === undefined ? undefined : this.#entries.get(slot);
    return entry === undefined ? undefined : withoutUndefined(entry);
  }

  /** The entry of an idempotency key, if any. */
  byKey(key: string): JournalEntry | undefined {
    const entry = this.#entries.get(key);
    return entry === undefined ? undefined : withoutUndefined(entry);
  }

  /** Folds one record in. */
  add(record: JournalRecord): void {
    switch (record.type) {
      case 'intent': {
        const entry = this.#draft(record.key, record.at);
        entry.key = record.key;
        entry.params = record.params;
        entry.updatedAt = record.at;
        return;
      }
      case 'created': {
        const entry = this.#draft(record.key, record.at);
        entry.key = record.key;
        entry.id = record.id;
        if (typeof record.model === 'string') entry.model = record.model;
        entry.updatedAt = record.at;
        this.#byId.set(record.id, record.key);
        return;
      }
      case 'rejected': {
        const entry = this.#draft(record.key, record.at);
        entry.key = record.key;
        entry.rejected = record.status;
        entry.error = record.reason;
        entry.updatedAt = record.at;
        return;
      }
      case 'forget':
        this.#forget(record.key, record.id);
        return;
      case 'entry': {
        const { entry } = record;
        const slot = entry.key ?? `id:${entry.id}`;
        this.#entries.set(slot, { ...entry });
        if (entry.id !== undefined) this.#byId.set(entry.id, slot);
        return;
      }
      default: {
        let slot = this.#byId.get(record.id);
        if (slot === undefined) {
          slot = `id:${record.id}`;
          this.#byId.set(record.id, slot);
        }
        const entry = this.#draft(slot, record.at);
        entry.id = record.id;
        entry.updatedAt = record.at;
        apply(entry, record);
      }
    }
  }

  /** Drops the entry of a key, or else of a task id. */
  #forget(key: string | undefined, id: string | undefined): void {
    const slot =
      key !== undefined && this.#entries.has(key)
        ? key
        : id === undefined
          ? undefined
          : this.#byId.get(id);
    const entry = slot === undefined ? undefined : this.#entries.get(slot);
    if (slot === undefined || entry === undefined) return;
    if (entry.id !== undefined) this.#byId.delete(entry.id);
    this.#entries.delete(slot);
  }

  /** The entry in `slot`, made if missing. */
  #draft(slot: string, at: number): DraftEntry {
    let entry = this.#entries.get(slot);
    if (entry === undefined) {
      entry = { since: at, updatedAt: at };
      this.#entries.set(slot, entry);
    }
    return entry;
  }
}

/** Changes an entry as a record about its task id says. */
function apply(
  entry: DraftEntry,
  record: Exclude<JournalRecord, { type: 'intent' | 'created' | 'rejected' | 'forget' | 'entry' }>,
): void {
  switch (record.type) {
    case 'status':
      if (record.status === 'completed' && entry.completedAt === undefined) {
        entry.completedAt = record.at;
      }
      entry.status = record.status;
      entry.progress = record.progress;
      entry.videoUrl = record.videoUrl;
      entry.error = record.error;
      if (record.cost !== undefined) entry.cost = record.cost;
      if (record.expiresAt !== undefined) entry.expiresAt = record.expiresAt;
      return;
    case 'download':
      entry.file = record.file;
      return;
    case 'destination':
      entry.dir = record.dir;
      return;
    case 'saved':
      entry.file = record.file;
      entry.saved = true;
      entry.bytes = record.bytes;
      entry.sha256 = record.sha256;
      entry.error = undefined;
      entry.expired = undefined;
      return;
    case 'unsaved':
      entry.expired = record.expired;
      entry.error = record.error;
      return;
  }
}

/** A copy of the entry without its `undefined` fields, so that it writes and compares compactly. */
function withoutUndefined(entry: DraftEntry): JournalEntry {
  const copy: Record<string, unknown> = {};
  for (const name in entry) {
    const value = entry[name as keyof DraftEntry];
    if (value !== undefined) copy[name] = value;
  }
  return copy as unknown as JournalEntry;
}
