import { map, type Observable } from 'rxjs';
import { sendRequest } from '../http/send-request.js';
import type { ApiContext } from './api-context.js';
import { taskActionRequest } from './api-request.js';

/**
 * One delete of a task and its video, where the dialect says it goes (OpenAI's
 * `DELETE {base}/videos/{id}`), once. Emits once, `undefined`, when the server accepted it; an
 * unsuccessful status is a typed error (`SORA_NOT_FOUND` for a task it does not know, `SORA_HTTP`
 * for one it will not delete yet). Throws a `TypeError` at the call for a bad id or a dialect
 * without a delete.
 */
export function deleteVideo(api: ApiContext, id: string): Observable<void> {
  const req = taskActionRequest(api, 'delete', id);
  return sendRequest(api.transport, req).pipe(map(() => undefined));
}
