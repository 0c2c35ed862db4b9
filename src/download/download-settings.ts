import type { Dispatcher } from 'undici';
import type { SoraInvalidVideoUrlError } from '../errors/download-errors.js';
import type { SoraInvalidTaskIdError } from '../errors/task-id-error.js';
import { taskExpiresAt } from '../model/task-expiry.js';
import type { VideoTask } from '../model/video-task.js';
import {
  DEFAULT_RETRY_OPTIONS,
  type ResolvedRetryOptions,
  resolveRetryOptions,
} from '../operators/retry-with-backoff.js';
import {
  assertBoolean,
  assertDuration,
  assertKnownOptions,
  assertNonNegativeInteger,
  assertPositiveNumber,
} from '../util/assert-options.js';
import { mergeOptions } from '../util/merge-options.js';
import { type ContentAsset, checkContentAsset } from './content-asset.js';
import { resolveSource } from './download-source.js';
import type { VideoBytesOptions } from './download-types.js';
import type { DownloadContext } from './video-file-request.js';

/** The default of `timeoutMs`: an hour. */
const DEFAULT_TIMEOUT_MS = 3_600_000;
/** The retry options a call may set: all but `scheduler`, as the client's scheduler runs every wait. */
const RETRY_OPTIONS = [...Object.keys(DEFAULT_RETRY_OPTIONS), 'shouldRetry', 'random', 'onRetry'];
/** The options of every download, whatever it writes to. */
const TRANSFER_OPTIONS = [
  'maxBytes',
  'maxResumes',
  'idleTimeoutMs',
  'timeoutMs',
  'retry',
  'allowPrivateAddresses',
  'variant',
  'index',
];

/** What the downloads of one client share: the API's details and two connection pools. */
export interface VideoDownloadContext extends DownloadContext {
  /** The pool of downloads with `allowPrivateAddresses: false`: it connects to public addresses only. */
  readonly publicDispatcher: () => Dispatcher;
}

/** A download's options, checked, with their defaults, and what it fetches. */
export interface DownloadSettings {
  /** The URL to fetch, or the error of a bad URL or id the server sent (for the stream). */
  readonly url: string | SoraInvalidVideoUrlError | SoraInvalidTaskIdError;
  /** The id the file is named after. */
  readonly id: string;
  /** When the task said its video expires, in ms since the epoch; `undefined` for a URL string. */
  readonly expiresAt: number | undefined;
  readonly asset: ContentAsset;
  readonly maxBytes: number;
  readonly maxResumes: number;
  readonly idleTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retry: ResolvedRetryOptions;
  /** The context of the requests, with the pool that `allowPrivateAddresses` calls for. */
  readonly requestContext: DownloadContext;
}

/**
 * Checks a download's options, and what it fetches, before anything is sent: a bad option or URL
 * from the caller throws a `TypeError` naming it.
 * @param targetOptions The names of the options of where it writes (`dir`, `file`, `to`…).
 */
export function checkDownloadSettings(
  context: VideoDownloadContext,
  source: VideoTask | string,
  options: VideoBytesOptions,
  targetOptions: readonly string[],
): DownloadSettings {
  assertKnownOptions(options, [...targetOptions, ...TRANSFER_OPTIONS], 'options');
  const {
    maxBytes = 2 ** 31,
    maxResumes = 5,
    idleTimeoutMs = 30_000,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    allowPrivateAddresses = true,
  } = options;
  assertPositiveNumber(maxBytes, 'maxBytes');
  assertNonNegativeInteger(maxResumes, 'maxResumes');
  assertDuration(idleTimeoutMs, 'idleTimeoutMs');
  if (timeoutMs !== Number.POSITIVE_INFINITY) assertDuration(timeoutMs, 'timeoutMs');
  assertKnownOptions(options.retry, RETRY_OPTIONS, 'options.retry');
  const retry = resolveRetryOptions({
    ...mergeOptions(context.retry, options.retry),
    scheduler: context.scheduler,
  });
  assertBoolean(allowPrivateAddresses, 'allowPrivateAddresses');
  const asset = checkContentAsset(options);
  const requestContext = allowPrivateAddresses
    ? context
    : { ...context, dispatcher: context.publicDispatcher };
  const { url, id } = resolveSource(context.baseUrl, source, asset);
  return {
    url,
    id,
    expiresAt: typeof source === 'string' ? undefined : taskExpiresAt(source),
    asset,
    maxBytes,
    maxResumes,
    idleTimeoutMs,
    timeoutMs,
    retry,
    requestContext,
  };
}
