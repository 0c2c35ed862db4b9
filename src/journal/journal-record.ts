import type { VideoStatus } from '../model/video-status.js';
import type { CreateVideoParams } from '../video/create-video.js';

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
  /** The create with this key made the task `id`. */
  | { readonly type: 'created'; readonly at: number; readonly key: string; readonly id: string }
  /** The task was seen in a new state. */
  | {
      readonly type: 'status';
      readonly at: number;
      readonly id: string;
      readonly status: VideoStatus;
      readonly progress?: number | undefined;
      readonly videoUrl?: string | null | undefined;
      readonly error?: string | null | undefined;
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
  /** Where its video is being, or was, saved. */
  readonly file?: string | undefined;
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
 * Whether nothing is left to do for a task: its video saved, the task failed, or its URL expired
 * for good. A download that failed otherwise (a full disk) is not settled: a resume tries again.
 */
export function isSettled(entry: JournalEntry): boolean {
  return entry.saved === true || entry.status === 'failed' || entry.expired === true;
}

/**
 * Folds records into entries, in the order they were written. Records about an id no create
 * named start an entry of their own (a task watched, not created here); records that fit no
 * entry (a `created` without its `intent`) start one too, so nothing written is ever dropped.
 */
export class JournalFold {
  /** Entries by idempotency key, or by `id:<task id>` for tasks watched only. */
  readonly #entries = new Map<string, JournalEntry>();
  /** The map key of each task id's entry. */
  readonly #byId = new Map<string, string>();

  /** How many entries there are. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entries, oldest first. */
  entries(): JournalEntry[] {
    return [...this.#entries.values()];
  }

  /** The entry of a task id, if any. */
  byId(id: string): JournalEntry | undefined {
    const slot = this.#byId.get(id);
    return slot === undefined ? undefined : this.#entries.get(slot);
  }

  /** The entry of an idempotency key, if any. */
  byKey(key: string): JournalEntry | undefined {
    return this.#entries.get(key);
  }

  /** Folds one record in. */
  add(record: JournalRecord): void {
    switch (record.type) {
      case 'intent':
        this.#put(record.key, {
          ...this.#entries.get(record.key),
          key: record.key,
          params: record.params,
          since: this.#entries.get(record.key)?.since ?? record.at,
          updatedAt: record.at,
        });
        return;
      case 'created': {
        const before = this.#entries.get(record.key);
        this.#put(record.key, {
          ...before,
          key: record.key,
          id: record.id,
          since: before?.since ?? record.at,
          updatedAt: record.at,
        });
        this.#byId.set(record.id, record.key);
        return;
      }
      case 'entry': {
        const { entry } = record;
        const slot = entry.key ?? `id:${entry.id}`;
        this.#put(slot, entry);
        if (entry.id !== undefined) this.#byId.set(entry.id, slot);
        return;
      }
      default:
        this.#update(record.id, record.at, changesOf(record));
    }
  }

  #update(id: string, at: number, changes: Partial<JournalEntry>): void {
    let slot = this.#byId.get(id);
    if (slot === undefined) {
      slot = `id:${id}`;
      this.#byId.set(id, slot);
    }
    const before = this.#entries.get(slot) ?? { id, since: at, updatedAt: at };
    const completedAt =
      changes.status === 'completed' && before.completedAt === undefined ? at : before.completedAt;
    this.#put(slot, { ...before, ...changes, completedAt, updatedAt: at });
  }

  #put(slot: string, entry: JournalEntry): void {
    this.#entries.set(slot, withoutUndefined(entry));
  }
}

/** What a record about a task id changes in its entry. */
function changesOf(
  record: Exclude<JournalRecord, { type: 'intent' | 'created' | 'entry' }>,
): Partial<JournalEntry> {
  switch (record.type) {
    case 'status':
      return {
        status: record.status,
        progress: record.progress,
        videoUrl: record.videoUrl,
        error: record.error,
      };
    case 'download':
      return { file: record.file };
    case 'saved':
      return {
        file: record.file,
        saved: true,
        bytes: record.bytes,
        sha256: record.sha256,
        error: undefined,
        expired: undefined,
      };
    case 'unsaved':
      return { expired: record.expired, error: record.error };
  }
}

/** The entry without its `undefined` fields, so that it writes and compares compactly. */
function withoutUndefined(entry: JournalEntry): JournalEntry {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry)) if (value !== undefined) copy[name] = value;
  return copy as unknown as JournalEntry;
}
