import { map, type Observable } from 'rxjs';
import { SoraDecodeError } from '../errors/decode-error.js';
import type { HttpRequest, HttpResponse } from '../http/http-transport.js';
import { redactorOf } from '../http/redact.js';
import { redactError, redactValue } from '../http/redact-error.js';
import { sendRequest } from '../http/send-request.js';
import { readVideoModels, type VideoModel } from '../model/video-model.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest } from './api-request.js';

/**
 * One `GET` of the dialect's models list (OpenRouter's `GET {base}/videos/models`), decoded. A body
 * that is not JSON errors with a retryable `SORA_DECODE`; JSON that is not `{ data: [...] }` with
 * one that is not retryable.
 * @param path The list's path under the base URL.
 */
export function fetchVideoModels(
  api: ApiContext,
  path: readonly string[],
): Observable<VideoModel[]> {
  const req = createApiRequest(api, 'GET', path);
  return sendRequest(api.transport, req).pipe(map((res) => decodeVideoModels(req, res)));
}

function decodeVideoModels(req: HttpRequest, res: HttpResponse): VideoModel[] {
  const redactor = redactorOf(req.headers);
  const what = `The response of ${req.method} ${req.url}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw redactError(
      new SoraDecodeError(what, ['expected JSON'], res.body, { retryable: true }),
      redactor,
    );
  }
  const models = readVideoModels(body);
  if (models === undefined) {
    throw redactError(
      new SoraDecodeError(
        what,
        ['expected a list of models: { data: [...] }'],
        redactValue(body, redactor),
      ),
      redactor,
    );
  }
  return redactor.test(res.body) ? redactValue(models, redactor) : models;
}
