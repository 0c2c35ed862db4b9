import { taskCost } from '../model/task-cost.js';
import { taskExpiresAt } from '../model/task-expiry.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import type { Journal } from './journal.js';
import { JournalFold } from './journal-fold.js';
import type { JournalEntry, JournalParams, JournalRecord } from './journal-record.js';

/** The error of a task cancelled, as the decoder reads a `cancelled` status. */
const CANCELLED_ERROR = 'Task ended with status "cancelled"';
/** Why a deleted task's video is not saved. */
const DELETED_ERROR = 'The video was deleted from the gateway';

/** Compaction waits for at least this many records, and for this many per task. */
const COMPACT_MIN_RECORDS = 1000;
const COMPACT_RECORDS_PER_ENTRY = 4;

/**
 * What a client knows of its journal: the store, loaded once before the first record, and its
 * records folded into one entry per task. Records go to the store in the order they are made; the
 * store is compacted when its records outnumber its tasks many times over.
 */
export class TaskLog {
  readonly #journal: Journal;
  readonly #now: () => number;
  #loading: Promise<JournalFold> | undefined;
  /** Records in the store since it was loaded or compacted. */
  #records = 0;
  #compacting: Promise<void> | undefined;

  /**
   * @param journal The store.
   * @param now The time a record is stamped with, in ms since the epoch.
   */
  constructor(journal: Journal, now: () => number = Date.now) {
    this.#journal = journal;
    this.#now = now;
  }

  /** The store's name, for errors and the CLI. */
  get name(): string {
    return this.#journal.name;
  }

  /** The fold, once the store is loaded. Loads it at the first call; a failed load is tried again. */
  load(): Promise<JournalFold> {
    this.#loading ??= this.#journal.load().then(
      (records) => {
        const fold = new JournalFold();
        for (const record of records) fold.add(record);
        this.#records = records.length;
        return fold;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Every entry, oldest first. */
  async entries(): Promise<JournalEntry[]> {
    return (await this.load()).entries();
  }

  /** Folds records in and appends them; resolves once the store holds them durably. */
  async record(...records: JournalRecord[]): Promise<void> {
    await this.#append(await this.load(), records);
  }

  /** Writes that a create with this key and these params is about to be sent. */
  recordIntent(key: string, params: JournalParams): Promise<void> {
    return this.record({ type: 'intent', at: this.#now(), key, params });
  }

  /** Writes the task the create with this key made, in one durable write. */
  recordCreated(key: string, task: VideoTask): Promise<void> {
    const at = this.#now();
    const { id, model } = task;
    const created: JournalRecord =
      model === undefined
        ? { type: 'created', at, key, id }
        : { type: 'created', at, key, id, model };
    return this.record(created, statusRecord(task, at));
  }

  /**
   * Writes a task's state if its status, URL, error, reported cost or video expiry changed since
   * the last record: progress alone is not worth a write. Resolves at once when nothing changed.
   */
  async recordTask(task: VideoTask): Promise<void> {
    const fold = await this.load();
    const before = fold.byId(task.id);
    const cost = taskCost(task);
    const expiresAt = taskExpiresAt(task);
    if (
      before !== undefined &&
      before.status === task.status &&
      (before.videoUrl ?? null) === task.video_url &&
      (before.error ?? null) === task.error &&
      (cost === undefined || before.cost === cost) &&
      (expiresAt === undefined || before.expiresAt === expiresAt)
    ) {
      return;
    }
    await this.#append(fold, [statusRecord(task, this.#now())]);
  }

  /**
   * Writes that the task `id` was cancelled, if the journal knows it: the task the cancel answered
   * if it is terminal, else `failed` with the error a `cancelled` status reads as. A resume then
   * leaves it alone.
   */
  async recordCancelled(id: string, task: VideoTask | undefined): Promise<void> {
    const fold = await this.load();
    if (fold.byId(id) === undefined) return;
    if (task !== undefined && isTerminal(task.status)) return this.recordTask(task);
    const record: JournalRecord = {
      type: 'status',
      at: this.#now(),
      id,
      status: 'failed',
      videoUrl: null,
      error: CANCELLED_ERROR,
    };
    await this.#append(fold, [record]);
  }

  /**
   * Writes that the video of `id` was deleted from the gateway, if the journal knows the task and
   * has not saved it: it can never be saved now, so a resume leaves it alone.
   */
  async recordDeleted(id: string): Promise<void> {
    const entry = (await this.load()).byId(id);
    if (entry === undefined || entry.saved === true) return;
    await this.recordUnsaved(id, true, DELETED_ERROR);
  }

  /** Writes that the create with this key was refused with `status`, and why. */
  recordRejected(key: string, status: number, reason: string): Promise<void> {
    return this.record({ type: 'rejected', at: this.#now(), key, status, reason });
  }

  /** Writes that the video of `id` is to be saved into `dir`, unless the journal says so already. */
  async recordDestination(id: string, dir: string): Promise<void> {
    const fold = await this.load();
    if (fold.byId(id)?.dir === dir) return;
    await this.#append(fold, [{ type: 'destination', at: this.#now(), id, dir }]);
  }

  /** Writes that the video of `id` is being saved to `file`. */
  recordDownload(id: string, file: string): Promise<void> {
    return this.record({ type: 'download', at: this.#now(), id, file });
  }

  /** Writes that the video of `id` is saved. */
  recordSaved(id: string, file: string, bytes: number, sha256: string): Promise<void> {
    return this.record({ type: 'saved', at: this.#now(), id, file, bytes, sha256 });
  }

  /** Writes that the video of `id` could not be saved, and whether its URL expired. */
  recordUnsaved(id: string, expired: boolean, error: string): Promise<void> {
    return this.record({ type: 'unsaved', at: this.#now(), id, expired, error });
  }

  /** Lets go of the store, once every write is done. */
  async close(): Promise<void> {
    await this.#compacting;
    await this.#journal.close();
    this.#loading = undefined;
  }

  /** Folds at once (so that a check right after sees them), then writes. */
  async #append(fold: JournalFold, records: readonly JournalRecord[]): Promise<void> {
    for (const record of records) fold.add(record);
    await this.#journal.append(records);
    this.#records += records.length;
    await this.#compactIfLarge(fold);
  }

  async #compactIfLarge(fold: JournalFold): Promise<void> {
    const compact = this.#journal.compact;
    if (compact === undefined || this.#compacting !== undefined) return;
    if (this.#records < Math.max(COMPACT_MIN_RECORDS, COMPACT_RECORDS_PER_ENTRY * fold.size)) {
      return;
    }
    const entries = fold.entries();
    this.#compacting = compact.call(this.#journal, entries).finally(() => {
      this.#compacting = undefined;
    });
    this.#records = entries.length;
    await this.#compacting;
  }
}

/** The `status` record of a task as it is now. */
function statusRecord(task: VideoTask, at: number): JournalRecord {
  const cost = taskCost(task);
  const expiresAt = taskExpiresAt(task);
  return {
    type: 'status',
    at,
    id: task.id,
    status: task.status,
    videoUrl: task.video_url,
    error: task.error,
    ...(task.progress === undefined ? {} : { progress: task.progress }),
    ...(cost === undefined ? {} : { cost }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}
