import { map, type Observable } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import type { HttpRequest, HttpResponse } from '../http/http-transport.js';
import { sendRequest } from '../http/send-request.js';
import type { VideoTask } from '../model/video-task.js';
import type { ApiContext } from './api-context.js';
import { taskActionRequest } from './api-request.js';
import { decodeTaskResponse } from './task-response.js';

/**
 * One cancel of a task, where the dialect says it goes (`POST {base}/videos/{id}/cancel` on the
 * gateways that have one), once. Emits the task as the server answered it (a cancelled task reads
 * as `failed`, its `error` naming the status), or `undefined` when the answer is not a task (an
 * empty 200 or 204, `{ ok: true }`). An answer about another task is an error; so is an
 * unsuccessful status, typed (a 409 for a task already past cancelling is `SORA_HTTP`).
 * Throws a `TypeError` at the call for a bad id or a dialect without a cancel.
 */
export function cancelVideo(api: ApiContext, id: string): Observable<VideoTask | undefined> {
  const req = taskActionRequest(api, 'cancel', id);
  return sendRequest(api.transport, req).pipe(map((res) => readCancelAnswer(req, res, api, id)));
}

/** The task a cancel answered, or `undefined` for an answer that is not a task. */
function readCancelAnswer(
  req: HttpRequest,
  res: HttpResponse,
  api: Pick<ApiContext, 'statusAliases'>,
  id: string,
): VideoTask | undefined {
  if (res.body.trim() === '') return undefined;
  try {
    return decodeTaskResponse(req, res, api.statusAliases, id);
  } catch (error) {
    // The cancel was accepted; a body that is not a task says nothing more of it.
    if (isSoraError(error, 'SORA_DECODE')) return undefined;
    throw error;
  }
}
