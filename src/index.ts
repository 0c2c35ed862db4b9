/**
 * The core of sora-rx, for Node, browsers, Deno, Bun and edge runtimes: the client, the task
 * journal's interface, the model (`VideoTask`, `VideoStatus`), generic operators, HTTP transports
 * and errors. The public surface at a glance.
 *
 * @module sora-rx
 */

// The client
export { createSoraClient } from './client/create-sora-client.js';
export type { SoraClient, WatchAllOptions } from './client/sora-client.js';
export type { GeneratedVideo, GenerateVideoOptions } from './client/generate-video-promise.js';
export { summarizeWatch, type WatchEvent, type WatchSummary } from './watch/watch-all.js';
export type {
  GenerateOptions,
  SoraClientOptions,
  VideoStatusOptions,
} from './client/client-options.js';
export type { ListPollingMode, ListPollingOptions } from './list/list-polling-options.js';
export { DEFAULT_POLL_OPTIONS, type PollOptions } from './schedule/poll-options.js';
export {
  GENERATION_ESTIMATES,
  type GenerationEstimate,
  type GenerationEstimates,
} from './schedule/generation-estimates.js';
export { throwIfFailed } from './watch/throw-if-failed.js';
export type { CreateVideoParams } from './api/create-params.js';
export type { CheckedVideoImage, VideoImage, VideoImageRole } from './api/video-images.js';
export { isSafeToResendCreate } from './api/create-video.js';
export type { CheckedCreateParams } from './api/create-params.js';
export type { Dialect, DialectName, TaskLocation, TaskRequest } from './dialects/dialect.js';
export type { VideoVariant } from './download/content-asset.js';
export type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from './download/download-types.js';
export type { VideoEvent } from './download/download-when-completed.js';

// The task journal (the crash-safe file store is `fileJournal` in `sora-rx/node`)
export type { Journal } from './journal/journal.js';
export type { JournalEntry, JournalParams, JournalRecord } from './journal/journal-record.js';
export { type MemoryJournal, memoryJournal } from './journal/memory-journal.js';
export type { ResumeEvent, ResumeOptions } from './journal/resume.js';

// The model
export type { VideoTask } from './model/video-task.js';
export type { VideoModel } from './model/video-model.js';
export { isTerminal, type VideoStatus } from './model/video-status.js';
export type { VideoTaskEvent } from './model/video-task-event.js';
export { DEFAULT_STATUS_ALIASES, type StatusAliases } from './model/status-aliases.js';
export { decodeVideoTask } from './model/decode-video-task.js';
export { taskCost } from './model/task-cost.js';
export { taskExpiresAt } from './model/task-expiry.js';

// Generic operators
export { pollUntil, type PollUntilOptions } from './operators/poll-until.js';
export {
  DEFAULT_RETRY_OPTIONS,
  retryWithBackoff,
  type RetryWithBackoffOptions,
} from './operators/retry-with-backoff.js';
export {
  createRateLimiter,
  type LimitOptions,
  type RateLimiter,
  type RateLimiterOptions,
} from './operators/rate-limiter.js';

// HTTP (the Node-only undici transport is in `sora-rx/node`, so browser bundles never see undici)
export type { HttpRequest, HttpResponse, HttpTransport } from './http/http-transport.js';
export { fetchTransport, type FetchTransportOptions } from './http/fetch-transport.js';

// Errors
export { SORA_ERROR_CODES, SoraError, type SoraErrorCode } from './errors/sora-error.js';
export {
  type ResponseErrorDetails,
  SoraAuthError,
  SoraHttpError,
  SoraNotFoundError,
  SoraRateLimitedError,
  SoraResponseError,
  SoraServerError,
} from './errors/response-errors.js';
export { type RequestDescription, SoraRequestError } from './errors/request-error.js';
export {
  SoraNetworkError,
  SoraRequestTimeoutError,
  SoraResponseTooLargeError,
} from './errors/transport-errors.js';
export { type DecodeErrorOptions, SoraDecodeError } from './errors/decode-error.js';
export { SoraTaskMismatchError } from './errors/task-mismatch-error.js';
export { SoraInvalidTaskIdError } from './errors/task-id-error.js';
export { SoraPollTimeoutError, SoraTaskFailedError } from './errors/task-errors.js';
export {
  SoraAddressRefusedError,
  SoraFileError,
  SoraInvalidVideoError,
  SoraInvalidVideoUrlError,
  SoraVideoExpiredError,
  SoraVideoMismatchError,
} from './errors/download-errors.js';
export {
  SoraJournalError,
  SoraJournalForeignError,
  SoraJournalLockedError,
  SoraUncertainCreateError,
} from './errors/journal-errors.js';
export { isSoraError, type SoraErrorsByCode } from './errors/is-sora-error.js';
