import { SoraDecodeError } from '../errors/decode-error.js';
import { SoraTaskMismatchError } from '../errors/task-mismatch-error.js';
import type { HttpRequest, HttpResponse } from '../http/http-transport.js';
import { type Redactor, redactorOf } from '../http/redact.js';
import { redactError, redactValue } from '../http/redact-error.js';
import { parsePollAfterMs } from '../http/server-delay-hints.js';
import { decodeVideoTask } from '../model/decode-video-task.js';
import { describeValidationErrors } from '../model/describe-validation-errors.js';
import type { StatusAliases } from '../model/status-aliases.js';
import type { VideoTask } from '../model/video-task.js';
import type { ApiContext } from './api-context.js';

/** A decoded task together with the server's hint for the next poll. */
export interface TaskResponse {
  /** The task. */
  readonly task: VideoTask;
  /** The delay before the next poll that the server suggested, if it did. */
  readonly pollAfterMs: number | undefined;
  /**
   * The server's `Date` header, if it sent one: its clock when it answered. Kept as text, as only
   * a watch's first answer needs it read.
   */
  readonly serverDate?: string | undefined;
}

/**
 * A task answer, decoded, with the server's hints.
 * @param expectedId The id of the task asked for, if the request named one.
 */
export function readTaskResponse(
  req: HttpRequest,
  res: HttpResponse,
  api: Pick<ApiContext, 'statusAliases'>,
  expectedId?: string,
): TaskResponse {
  return {
    task: decodeTaskResponse(req, res, api.statusAliases, expectedId),
    pollAfterMs: parsePollAfterMs(res.headers),
    serverDate: sharedDate(res.headers.date),
  };
}

/** The `Date` header last seen: the answers of one second share its string. */
let lastDate: string | undefined;

/**
 * The same `Date` header as one string: a watch keeps its last answer while it waits, and ten
 * thousand watches answered within the same second then hold one copy instead of ten thousand.
 */
function sharedDate(date: string | undefined): string | undefined {
  if (date === lastDate) return lastDate;
  lastDate = date;
  return date;
}

/**
 * The one place where a task body becomes a task or an error: `SORA_DECODE` for a body that is not
 * JSON, JSON that is not a task, or a status that no alias names; `SORA_TASK_MISMATCH` for a task
 * other than `expectedId`.
 *
 * A GET's garbage is retryable: a proxy's error page or a body cut short is transient, and asking
 * again costs nothing. A task with an unknown status is not: the gateway speaks a dialect that
 * only `statusAliases` can teach. A POST's garbage is not either: the server may have created the
 * task, and sending the create again could start a second, paid, job.
 *
 * No error holds the request's credential, nor does the task (but for `video_url`, which a gateway
 * may sign with it): the body is redacted once decoded, so escaped forms are caught too.
 */
export function decodeTaskResponse(
  req: HttpRequest,
  res: HttpResponse,
  aliases: StatusAliases,
  expectedId?: string,
): VideoTask {
  const redactor = redactorOf(req.headers);
  const what = `The response of ${req.method} ${req.url}`;
  const resendable = req.method === 'GET';
  const createHint = resendable
    ? undefined
    : 'The request may have started a task: look for it before sending it again';
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    const kind = /^\s*</.test(res.body) ? 'HTML' : 'text';
    const contentType = res.headers['content-type'] ?? 'no content-type';
    throw redactError(
      new SoraDecodeError(what, [`expected JSON, got ${kind} (${contentType})`], res.body, {
        hint: createHint,
        retryable: resendable,
      }),
      redactor,
    );
  }
  const result = decodeVideoTask(body, aliases);
  // A tag test, not fp-ts's `either` namespace: that would add some 3 KB to a browser bundle.
  if (result._tag === 'Right') {
    const { id } = result.right;
    if (expectedId !== undefined && id !== expectedId) {
      throw redactError(new SoraTaskMismatchError(req, expectedId, id), redactor);
    }
    return redactor.test(res.body) ? redactTask(result.right, redactor) : result.right;
  }
  // The report quotes values cut short: made from the redacted body, no cut shows part of a key.
  const shown = redactValue(body, redactor);
  const redactedResult = shown === body ? result : decodeVideoTask(shown, aliases);
  const report = describeValidationErrors(
    redactedResult._tag === 'Left' ? redactedResult.left : result.left,
  );
  const statusHint = report.some((line) => line.startsWith('status:'))
    ? 'If the gateway uses its own status names, map them with the `statusAliases` option'
    : undefined;
  throw redactError(
    new SoraDecodeError(what, report, shown, {
      hint: [statusHint, createHint].filter(Boolean).join('. ') || undefined,
      retryable: resendable && !isUnknownStatus(body, report),
    }),
    redactor,
  );
}

/** The task with the credential redacted from every field but `video_url`, which needs it as sent. */
function redactTask(task: VideoTask, redactor: Redactor): VideoTask {
  const redacted = redactValue(task, redactor);
  return redacted === task ? task : Object.assign(redacted, { video_url: task.video_url });
}

/** Whether the body is a task in every way but its status, a string no alias names. */
function isUnknownStatus(body: unknown, report: readonly string[]): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { status?: unknown }).status === 'string' &&
    report.every((line) => line.startsWith('status:'))
  );
}
