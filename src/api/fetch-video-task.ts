import { map, type Observable } from 'rxjs';
import { sendRequest } from '../http/send-request.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest, taskLocation } from './api-request.js';
import { readTaskResponse, type TaskResponse } from './task-response.js';

/**
 * One `GET /videos/{id}` (or the dialect's place for a task), once, decoded. An answer about
 * another task is an error.
 */
export function fetchVideoTask(api: ApiContext, id: string): Observable<TaskResponse> {
  const { path, query } = taskLocation(api, id);
  const req = createApiRequest(api, 'GET', path, undefined, query);
  return sendRequest(api.transport, req).pipe(map((res) => readTaskResponse(req, res, api, id)));
}
