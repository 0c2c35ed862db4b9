import { map, type Observable, throwError } from 'rxjs';
import { sendRequest } from '../http/send-request.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest, taskIdError, taskLocation } from './api-request.js';
import { readTaskResponse, type TaskResponse } from './task-response.js';

/**
 * One `GET /videos/{id}` (or the dialect's place for a task), once, decoded. An answer about
 * another task is an error. An id that cannot be sent in a URL is a `SORA_INVALID_TASK_ID` error
 * on the stream, never a throw: it may come from a server, and a list's fallback sends it from
 * inside another request's callback.
 */
export function fetchVideoTask(api: ApiContext, id: string): Observable<TaskResponse> {
  const invalid = taskIdError(id);
  if (invalid !== undefined) return throwError(() => invalid);
  const { path, query } = taskLocation(api, id);
  const req = createApiRequest(api, 'GET', path, undefined, query);
  return sendRequest(api.transport, req).pipe(map((res) => readTaskResponse(req, res, api, id)));
}
