import type { JournalEntry, JournalRecord } from './journal-record.js';

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
