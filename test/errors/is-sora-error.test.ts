import { describe, expect, it } from 'vitest';
import { SoraFleetJobError } from '../../src/bullmq/fleet-job-error.js';
import { SoraDecodeError } from '../../src/errors/decode-error.js';
import {
  SoraAddressRefusedError,
  SoraFileError,
  SoraInvalidVideoError,
  SoraInvalidVideoUrlError,
  SoraVideoExpiredError,
  SoraVideoMismatchError,
} from '../../src/errors/download-errors.js';
import { isSoraError } from '../../src/errors/is-sora-error.js';
import {
  SoraJournalError,
  SoraJournalForeignError,
  SoraJournalLockedError,
  SoraUncertainCreateError,
} from '../../src/errors/journal-errors.js';
import {
  SoraAuthError,
  SoraHttpError,
  SoraNotFoundError,
  SoraRateLimitedError,
  SoraServerError,
} from '../../src/errors/response-errors.js';
import { SORA_ERROR_CODES, type SoraError } from '../../src/errors/sora-error.js';
import { SoraPollTimeoutError, SoraTaskFailedError } from '../../src/errors/task-errors.js';
import { SoraInvalidTaskIdError } from '../../src/errors/task-id-error.js';
import { SoraTaskMismatchError } from '../../src/errors/task-mismatch-error.js';
import {
  SoraNetworkError,
  SoraRequestTimeoutError,
  SoraResponseTooLargeError,
} from '../../src/errors/transport-errors.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { SoraWebhookError } from '../../src/webhooks/webhook-error.js';

const request = { method: 'GET', url: 'https://gateway.test/v1/videos/sora_1' };
const response = { ...request, status: 400, requestId: 'req_9', bodyExcerpt: 'bad id' };
const task: VideoTask = {
  id: 'sora_1',
  object: 'video.generation',
  created: 1,
  model: 'sora-2',
  status: 'failed',
  video_url: null,
  error: 'content policy',
};

const table: Array<[SoraError, string, string, boolean, RegExp]> = [
  [
    new SoraAuthError({ ...response, status: 401 }),
    'SoraAuthError',
    'SORA_AUTH',
    false,
    /answered 401, check the API key/,
  ],
  [
    new SoraNotFoundError({ ...response, status: 404 }),
    'SoraNotFoundError',
    'SORA_NOT_FOUND',
    false,
    /404, not found/,
  ],
  [
    new SoraRateLimitedError({ ...response, status: 429, retryAfterMs: 5000 }),
    'SoraRateLimitedError',
    'SORA_RATE_LIMITED',
    true,
    /429, rate limited/,
  ],
  [
    new SoraServerError({ ...response, status: 503 }),
    'SoraServerError',
    'SORA_SERVER',
    true,
    /503, server error/,
  ],
  [
    new SoraHttpError(response),
    'SoraHttpError',
    'SORA_HTTP',
    false,
    /400, request rejected: bad id \(request id req_9\)/,
  ],
  [
    new SoraNetworkError(request, 'connect ECONNREFUSED'),
    'SoraNetworkError',
    'SORA_NETWORK',
    true,
    /failed: connect ECONNREFUSED/,
  ],
  [
    new SoraRequestTimeoutError(request, 5000),
    'SoraRequestTimeoutError',
    'SORA_REQUEST_TIMEOUT',
    true,
    /timed out after 5000 ms/,
  ],
  [
    new SoraResponseTooLargeError(request, 1024),
    'SoraResponseTooLargeError',
    'SORA_RESPONSE_TOO_LARGE',
    false,
    /larger than 1024 bytes/,
  ],
  [
    new SoraDecodeError('The response', ['status: got "x"'], {}),
    'SoraDecodeError',
    'SORA_DECODE',
    false,
    /could not be decoded: status: got "x"/,
  ],
  [
    new SoraDecodeError('The response', ['(root): got "<html>"'], '<html>', { retryable: true }),
    'SoraDecodeError',
    'SORA_DECODE',
    true,
    /could not be decoded: \(root\)/,
  ],
  [
    new SoraTaskMismatchError(request, 'sora_1', 'sora_2'),
    'SoraTaskMismatchError',
    'SORA_TASK_MISMATCH',
    true,
    /answered with task "sora_2" instead of "sora_1"/,
  ],
  [
    new SoraInvalidTaskIdError('sora_\ud800x'),
    'SoraInvalidTaskIdError',
    'SORA_INVALID_TASK_ID',
    false,
    /got "sora_\\ud800x"/,
  ],
  [
    new SoraPollTimeoutError('sora_1', 600, task),
    'SoraPollTimeoutError',
    'SORA_POLL_TIMEOUT',
    false,
    /did not finish within 600 ms, last status failed/,
  ],
  [
    new SoraTaskFailedError(task),
    'SoraTaskFailedError',
    'SORA_TASK_FAILED',
    false,
    /Task sora_1 failed: content policy/,
  ],
  [
    new SoraVideoExpiredError('https://cdn.test/a.mp4', 403),
    'SoraVideoExpiredError',
    'SORA_VIDEO_EXPIRED',
    false,
    /has expired \(HTTP 403\)/,
  ],
  [
    new SoraInvalidVideoError('https://cdn.test/a.mp4', 'no ftyp box'),
    'SoraInvalidVideoError',
    'SORA_INVALID_VIDEO',
    false,
    /is not an MP4 video: no ftyp box/,
  ],
  [
    new SoraVideoMismatchError('https://cdn.test/a.mp4', 'it declared 100 bytes and sent more'),
    'SoraVideoMismatchError',
    'SORA_VIDEO_MISMATCH',
    false,
    /does not match what its host declared: it declared 100 bytes/,
  ],
  [
    new SoraFileError('/tmp/a.mp4', Object.assign(new Error('no space left'), { code: 'ENOSPC' })),
    'SoraFileError',
    'SORA_FILE',
    false,
    /Could not write \/tmp\/a.mp4: no space left/,
  ],
  [
    new SoraInvalidVideoUrlError('ftp://cdn.test/a.mp4', 'only http and https are downloaded'),
    'SoraInvalidVideoUrlError',
    'SORA_INVALID_VIDEO_URL',
    false,
    /Cannot download the video at "ftp:\/\/cdn.test\/a.mp4": only http and https/,
  ],
  [
    new SoraAddressRefusedError('metadata.test', ['169.254.169.254']),
    'SoraAddressRefusedError',
    'SORA_ADDRESS_REFUSED',
    false,
    /Refused to download from metadata.test \(169.254.169.254\): .*allowPrivateAddresses/,
  ],
  [
    new SoraJournalLockedError('/tmp/j.jsonl', 4242),
    'SoraJournalLockedError',
    'SORA_JOURNAL_LOCKED',
    false,
    /The task journal \/tmp\/j.jsonl is in use by process 4242/,
  ],
  [
    new SoraJournalError('/tmp/j.jsonl', 'has a broken record on line 3'),
    'SoraJournalError',
    'SORA_JOURNAL',
    false,
    /The task journal \/tmp\/j.jsonl has a broken record on line 3/,
  ],
  [
    new SoraJournalForeignError('/tmp/notes.txt', 'is not a sora-rx journal'),
    'SoraJournalForeignError',
    'SORA_JOURNAL_FOREIGN',
    false,
    /\/tmp\/notes.txt is not a sora-rx journal; it was left untouched/,
  ],
  [
    new SoraUncertainCreateError('k-1'),
    'SoraUncertainCreateError',
    'SORA_UNCERTAIN_CREATE',
    false,
    /idempotency key k-1\) may or may not have reached the server/,
  ],
  [
    new SoraWebhookError('bad-signature', 400, 'No signature of the webhook matches a secret'),
    'SoraWebhookError',
    'SORA_WEBHOOK_REJECTED',
    false,
    /No signature of the webhook matches a secret/,
  ],
  [
    new SoraFleetJobError('j1', 'SORA_NOT_FOUND: GET /v1/videos/x answered 404'),
    'SoraFleetJobError',
    'SORA_FLEET_JOB_FAILED',
    false,
    /Fleet job j1 failed: SORA_NOT_FOUND: GET/,
  ],
];

describe.each(table)('%o', (error, name, code, retryable, message) => {
  it('has its name, literal code, retryable flag and a message that explains it', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(message);
    expect(error.stack).toContain(name);
  });

  it('is recognised by isSoraError, by its code only', () => {
    expect(isSoraError(error)).toBe(true);
    expect(isSoraError(error, error.code)).toBe(true);
    expect(isSoraError(error, code === 'SORA_AUTH' ? 'SORA_HTTP' : 'SORA_AUTH')).toBe(false);
  });

  it('serialises to JSON with its name, code and message', () => {
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name,
      code,
      retryable,
      message: error.message,
    });
  });
});

describe('the error table', () => {
  it('has one class for every code', () => {
    expect([...new Set(table.map(([error]) => error.code))].sort()).toEqual(
      [...SORA_ERROR_CODES].sort(),
    );
  });
});

describe('isSoraError', () => {
  it('matches an error from another copy of the package by its code', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'SORA_NOT_FOUND' });
    expect(isSoraError(foreign, 'SORA_NOT_FOUND')).toBe(true);
  });

  it('rejects errors and values that are not sora-rx errors', () => {
    expect(isSoraError(new Error('plain'))).toBe(false);
    expect(isSoraError(Object.assign(new Error('node'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isSoraError({ code: 'SORA_AUTH' })).toBe(false);
    expect(isSoraError(undefined)).toBe(false);
  });

  it('carries the retry delay of a rate limit and the task of a failure', () => {
    const limited = new SoraRateLimitedError({ ...response, status: 429, retryAfterMs: 5000 });
    expect(isSoraError(limited, 'SORA_RATE_LIMITED') && limited.retryAfterMs).toBe(5000);
    expect(new SoraTaskFailedError(task).task).toBe(task);
  });
});
