import { map, type Observable, throwError } from 'rxjs';
import { SoraDecodeError } from '../errors/decode-error.js';
import type { HttpRequest, HttpResponse } from '../http/http-transport.js';
import { redactorOf } from '../http/redact.js';
import { redactError, redactValue } from '../http/redact-error.js';
import { sendRequest } from '../http/send-request.js';
import { parsePollAfterMs } from '../http/server-delay-hints.js';
import { appendPath } from '../http/url.js';
import { decodeVideoTask } from '../model/decode-video-task.js';
import type { VideoTask } from '../model/video-task.js';
import type { ApiContext } from './api-context.js';
import { taskIdError } from './api-request.js';

/** One page of `GET /videos`, decoded. */
export interface VideoPage {
  /** The tasks of the page that decoded, in the page's order. */
  readonly tasks: readonly VideoTask[];
  /** The id of each item of the page, in order, those that did not decode included. */
  readonly ids: readonly string[];
  /** Whether more pages follow. */
  readonly hasMore: boolean;
  /** The server's poll hint on the page, if it gave one. */
  readonly pollAfterMs: number | undefined;
  /** The server's `Date` header, if it sent one. */
  readonly serverDate: string | undefined;
}

/**
 * One `GET /videos?limit=&order=[&after=]` (at the dialect's `listPath`), decoded: OpenAI's list shape,
 * `{ data: [...], has_more }`. JSON that is not such a list errors with `SORA_DECODE`, not
 * retryable: a gateway that answers so has no list; a body that is not JSON (a proxy's page, a
 * body cut short) with a retryable one. An item that does not decode as a task
 * (a status no alias names) is left out of `tasks`: its own GET reports it.
 * @param after The id after which the page starts, or `undefined` for the start of the list.
 * @param order `desc` for the newest first, `asc` for the oldest first.
 */
export function fetchVideoPage(
  api: ApiContext,
  limit: number,
  after: string | undefined,
  order: 'asc' | 'desc' = 'desc',
): Observable<VideoPage> {
  // The cursor is the last id of the previous page, a server's: one no URL can carry fails the page.
  const invalid = after === undefined ? undefined : taskIdError(after);
  if (invalid !== undefined) return throwError(() => invalid);
  const cursor = after === undefined ? '' : `&after=${encodeURIComponent(after)}`;
  const query = `?limit=${limit}&order=${order}${cursor}`;
  const req: HttpRequest = {
    method: 'GET',
    url: `${appendPath(api.baseUrl, ...(api.dialect.listPath ?? ['videos']))}${query}`,
    headers: api.headers,
    maxBodyBytes: api.maxResponseBytes,
  };
  return sendRequest(api.transport, req).pipe(map((res) => decodeVideoPage(req, res, api)));
}

/** The page of a list answer, or a `SORA_DECODE` error for a body that is not a list. */
function decodeVideoPage(
  req: HttpRequest,
  res: HttpResponse,
  api: Pick<ApiContext, 'statusAliases'>,
): VideoPage {
  const redactor = redactorOf(req.headers);
  const what = `The response of ${req.method} ${req.url}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    // A proxy's page or a body cut short: asking again may get the list.
    const kind = /^\s*</.test(res.body) ? 'HTML' : 'text';
    throw redactError(
      new SoraDecodeError(what, [`expected JSON, got ${kind}`], res.body, { retryable: true }),
      redactor,
    );
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (typeof body !== 'object' || body === null || !Array.isArray(data)) {
    throw redactError(
      new SoraDecodeError(
        what,
        ['expected a list of videos: { data: [...], has_more }'],
        redactValue(body, redactor),
      ),
      redactor,
    );
  }
  const secret = redactor.test(res.body);
  const tasks: VideoTask[] = [];
  const ids: string[] = [];
  for (const item of data) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    ids.push(id);
    const result = decodeVideoTask(item, api.statusAliases);
    if (result._tag === 'Left') continue;
    const task = result.right;
    // As for a GET: the credential is taken out of every field but `video_url`.
    tasks.push(
      secret ? Object.assign(redactValue(task, redactor), { video_url: task.video_url }) : task,
    );
  }
  return {
    tasks,
    ids,
    hasMore: (body as { has_more?: unknown }).has_more === true,
    pollAfterMs: parsePollAfterMs(res.headers),
    serverDate: res.headers.date,
  };
}
