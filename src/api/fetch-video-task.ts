import { map, type Observable } from 'rxjs';
import { sendRequest } from '../http/send-request.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest, videoPath } from './api-request.js';
import { readTaskResponse, type TaskResponse } from './task-response.js';

/** One `GET /videos/{id}`, once, decoded. An answer about another task is an error. */
export function fetchVideoTask(api: ApiContext, id: string): Observable<TaskResponse> {
  const req = createApiRequest(api, 'GET', videoPath(id));
  return sendRequest(api.transport, req).pipe(map((res) => readTaskResponse(req, res, api, id)));
}
