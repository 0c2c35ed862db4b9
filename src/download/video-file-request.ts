import type { SchedulerLike } from 'rxjs';
import { type Dispatcher, request } from 'undici';
import { SoraVideoExpiredError } from '../errors/download-errors.js';
import { SoraNetworkError } from '../errors/transport-errors.js';
import { discardBody } from '../http/discard-body.js';
import { flattenHeaders } from '../http/flatten-headers.js';
import { responseToError } from '../http/response-to-error.js';
import type { RetryWithBackoffOptions } from '../operators/retry-with-backoff.js';
import { resolveVideoUrl, withoutQuery } from './video-url.js';

/** What a download needs from the client. */
export interface DownloadContext {
  /** The API's base URL: the key goes to its origin only. */
  readonly baseUrl: string;
  /** The `authorization` header for the API's origin. */
  readonly authorization: string;
  /** The connection pool to download through. */
  readonly dispatcher: () => Dispatcher;
  /** The client's retry options, under the call's. */
  readonly retry: RetryWithBackoffOptions;
  /** The scheduler of every wait: retries and the time limit. */
  readonly scheduler: SchedulerLike;
}

const MAX_REDIRECTS = 5;

/** How to send one request for the video. */
export interface VideoFileRequestOptions {
  /** How long to wait for the headers, and then between two chunks of the body, in ms. */
  readonly idleTimeoutMs: number;
  /** How many bytes the body may hold unread before the socket is paused. */
  readonly highWaterMark: number;
  /** Aborts the request and its body. */
  readonly signal: AbortSignal;
  /**
   * Sent as `If-Range` with the `Range` of a resume: the host then sends the whole file, not the
   * rest, if it is no longer the version the kept bytes came from.
   */
  readonly ifRange?: string | undefined;
  /** The `accept` header; an MP4 video, or anything else, unless given. */
  readonly accept?: string | undefined;
}

/**
 * One GET of the video from byte `from`, following redirects; the key goes to the API's origin
 * only. Resolves with a 200 or 206, or with the 416 of a resume, for the caller to check against
 * the bytes it kept; rejects with the typed error of any other status.
 */
export async function requestVideoFile(
  context: DownloadContext,
  startUrl: string,
  from: number,
  { idleTimeoutMs, highWaterMark, signal, ifRange, accept }: VideoFileRequestOptions,
): Promise<Dispatcher.ResponseData> {
  const apiOrigin = new URL(context.baseUrl).origin;
  let url = startUrl;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = { accept: accept ?? 'video/mp4, */*' };
    if (new URL(url).origin === apiOrigin) headers.authorization = context.authorization;
    if (from > 0) {
      headers.range = `bytes=${from}-`;
      if (ifRange !== undefined) headers['if-range'] = ifRange;
    }
    const response = await request(url, {
      method: 'GET',
      headers,
      signal,
      dispatcher: context.dispatcher(),
      headersTimeout: idleTimeoutMs,
      bodyTimeout: idleTimeoutMs,
      highWaterMark,
    });
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
      await response.body.dump();
      url = resolveVideoUrl(url, location);
      continue;
    }
    const status = response.statusCode;
    if (status === 200 || status === 206 || (status === 416 && from > 0)) return response;
    throw await downloadError(context, url, response);
  }
  throw new SoraNetworkError(
    { method: 'GET', url: withoutQuery(startUrl) },
    `more than ${MAX_REDIRECTS} redirects`,
  );
}

async function downloadError(
  context: DownloadContext,
  url: string,
  response: Dispatcher.ResponseData,
): Promise<Error> {
  const isApi = url.startsWith(`${context.baseUrl}/`);
  const status = response.statusCode;
  const body = await readExcerpt(response.body);
  if (status === 410 || (status === 403 && !isApi))
    return new SoraVideoExpiredError(withoutQuery(url), status);
  return responseToError(
    {
      method: 'GET',
      url: withoutQuery(url),
      headers: { authorization: context.authorization },
      maxBodyBytes: 0,
    },
    { status, headers: flattenHeaders(response.headers), body },
  );
}

async function readExcerpt(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  for await (const chunk of body as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 4096) break;
  }
  discardBody(body);
  return text;
}
