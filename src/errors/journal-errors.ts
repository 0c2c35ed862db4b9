import { SoraError } from './sora-error.js';

/**
 * Another live process holds the task journal: two writers would interleave their records, so the
 * second is refused. Not retried; stop the other process, or give this one another journal.
 */
export class SoraJournalLockedError extends SoraError {
  override readonly name = 'SoraJournalLockedError' as const;
  readonly code = 'SORA_JOURNAL_LOCKED' as const;
  readonly retryable = false;
  /** The journal's path. */
  readonly path: string;
  /** The process id that holds the lock, when its lock file says. */
  readonly pid: number | undefined;

  constructor(path: string, pid: number | undefined) {
    super(
      `The task journal ${path} is in use by ${pid === undefined ? 'another process' : `process ${pid}`}; ` +
        `stop it first, or remove ${path}.lock if no process uses the journal`,
    );
    this.path = path;
    this.pid = pid;
  }
}

/**
 * The task journal cannot be read or written: a record before the last one is not a record, or
 * not of its type's shape (a torn last one is ignored, never this), or the disk refused a write.
 * Carries `cause`, and `line` for a bad record.
 */
export class SoraJournalError extends SoraError {
  override readonly name = 'SoraJournalError' as const;
  readonly code = 'SORA_JOURNAL' as const;
  readonly retryable = false;
  /** The journal's path, or the name of the store. */
  readonly path: string;
  /** The line (from 1) of the record that cannot be read, when a record is the trouble. */
  readonly line: number | undefined;

  constructor(path: string, detail: string, options?: { cause?: unknown; line?: number }) {
    super(
      `The task journal ${path} ${detail}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.path = path;
    this.line = options?.line;
  }
}

/**
 * The file given as a task journal is not one: it does not start with a journal's first line
 * (`{"sora-rx-journal":1}`), nor is it a journal of an earlier version (every line a record), or
 * a newer sora-rx wrote it. It is left exactly as it was: nothing is cut, nor appended. Not
 * retried; give the journal a path of its own.
 */
export class SoraJournalForeignError extends SoraError {
  override readonly name = 'SoraJournalForeignError' as const;
  readonly code = 'SORA_JOURNAL_FOREIGN' as const;
  readonly retryable = false;
  /** The file's path. */
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`${path} ${detail}; it was left untouched: give the journal a file of its own`);
    this.path = path;
  }
}

/**
 * A create whose answer never reached the journal (the process stopped between the request and
 * the answer): the task may exist, or not. `resume$` reports it instead of creating it again;
 * `recreateUncertain: true` sends it again with the same idempotency key. Not retried.
 */
export class SoraUncertainCreateError extends SoraError {
  override readonly name = 'SoraUncertainCreateError' as const;
  readonly code = 'SORA_UNCERTAIN_CREATE' as const;
  readonly retryable = false;
  /** The idempotency key the create was sent with. */
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string) {
    super(
      `A create (idempotency key ${idempotencyKey}) may or may not have reached the server; ` +
        'resume with recreateUncertain: true (--recreate-uncertain) to send it again with the same key',
    );
    this.idempotencyKey = idempotencyKey;
  }
}
