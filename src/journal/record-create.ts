import { concatMap, defer, from, map, type Observable } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import type { JournalParams } from './journal-record.js';
import type { TaskLog } from './task-log.js';

/**
 * A create that leaves no paid-for task unrecorded: it writes the intent (its params and
 * idempotency key) durably before the request, and the task id the server answered durably before
 * the task is emitted. A crash between the two leaves an intent with no id, which `resume$`
 * reports as uncertain; one after leaves the id, which `resume$` picks up.
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
    concatMap(() => post$),
    concatMap((response) => from(log.recordCreated(key, response.task)).pipe(map(() => response))),
  );
}
