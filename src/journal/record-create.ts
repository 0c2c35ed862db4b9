import { catchError, concatMap, defer, from, map, type Observable, throwError } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import { isSoraError } from '../errors/is-sora-error.js';
import type { JournalParams } from './journal-record.js';
import type { TaskLog } from './task-log.js';

/**
 * A create that leaves no paid-for task unrecorded: it writes the intent (its params and
 * idempotency key) durably before the request, and the task id the server answered durably before
 * the task is emitted. A crash between the two leaves an intent with no id, which `resume$`
 * reports as uncertain; one after leaves the id, which `resume$` picks up. A create the gateway
 * refused for good (a 4xx other than 408, 409 and 429) is written as rejected: no task was made.
 *
 * @param log The client's journal.
 * @param key The idempotency key `post$` sends.
 * @param params What the create asks for.
 * @param post$ The request itself.
 * @param known Whether the intent is already in the journal (a resend of an uncertain create).
 */
export function recordCreate(
  log: TaskLog,
  key: string,
  params: JournalParams,
  post$: Observable<TaskResponse>,
  known = false,
): Observable<TaskResponse> {
  return defer(() => from(known ? log.load() : log.recordIntent(key, params))).pipe(
    concatMap(() =>
      post$.pipe(
        catchError((error: unknown) => {
          const status = rejectedStatus(error);
          if (status === undefined) return throwError(() => error);
          const reason = error instanceof Error ? error.message : String(error);
          // The answer came: the create is not uncertain. A failed write leaves it uncertain.
          return from(log.recordRejected(key, status, reason).catch(() => {})).pipe(
            concatMap(() => throwError(() => error)),
          );
        }),
      ),
    ),
    concatMap((response) => from(log.recordCreated(key, response.task)).pipe(map(() => response))),
  );
}

/** The statuses of a 4xx that a create may meet again and then pass: a timeout, a conflict, a rate limit. */
const NOT_FINAL = new Set([408, 409, 429]);

/**
 * The status of an answer that refused a create for good (a 4xx other than 408, 409 and 429:
 * bad params, a wrong key), or `undefined` for any other failure, after which the task may exist.
 */
function rejectedStatus(error: unknown): number | undefined {
  if (!isSoraError(error)) return undefined;
  const { status } = error as { status?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && !NOT_FINAL.has(status)
    ? status
    : undefined;
}
