import {
  isSoraError,
  SORA_ERROR_CODES,
  SoraAddressRefusedError,
  SoraAuthError,
  SoraDecodeError,
  SoraError,
  SoraFileError,
  SoraHttpError,
  SoraInvalidTaskIdError,
  SoraInvalidVideoError,
  SoraInvalidVideoUrlError,
  SoraJournalError,
  SoraJournalForeignError,
  SoraJournalLockedError,
  SoraNetworkError,
  SoraNotFoundError,
  SoraPollTimeoutError,
  SoraRateLimitedError,
  SoraRequestTimeoutError,
  SoraResponseTooLargeError,
  SoraServerError,
  SoraTaskFailedError,
  SoraTaskMismatchError,
  SoraUncertainCreateError,
  SoraVideoExpiredError,
  SoraVideoMismatchError,
  type VideoTask,
} from 'sora-rx';
import { SoraFleetJobError } from 'sora-rx/bullmq';
import { SoraWebhookError } from 'sora-rx/webhooks';
import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../helpers/entries.js';

const request = { method: 'GET', url: 'https://gateway.test/v1/videos/sora_1' };
const response = { ...request, status: 400 };
const task: VideoTask = {
  id: 'sora_1',
  object: 'video.generation',
  created: 1,
  model: 'sora-2',
  status: 'failed',
  video_url: null,
  error: 'content policy',
};

/** The abstract bases: exported for `instanceof` and types, never thrown themselves. */
const BASES = new Set(['SoraError', 'SoraRequestError', 'SoraResponseError']);

/** One instance of every error class an entry exports, by class name. */
const INSTANCES: Record<string, () => Error> = {
  SoraAuthError: () => new SoraAuthError({ ...response, status: 401 }),
  SoraNotFoundError: () => new SoraNotFoundError({ ...response, status: 404 }),
  SoraRateLimitedError: () => new SoraRateLimitedError({ ...response, status: 429 }),
  SoraServerError: () => new SoraServerError({ ...response, status: 503 }),
  SoraHttpError: () => new SoraHttpError(response),
  SoraNetworkError: () => new SoraNetworkError(request, 'connect ECONNREFUSED'),
  SoraRequestTimeoutError: () => new SoraRequestTimeoutError(request, 5000),
  SoraResponseTooLargeError: () => new SoraResponseTooLargeError(request, 1024),
  SoraDecodeError: () => new SoraDecodeError('The response', ['status: got "x"'], {}),
  SoraTaskMismatchError: () => new SoraTaskMismatchError(request, 'sora_1', 'sora_2'),
  SoraInvalidTaskIdError: () => new SoraInvalidTaskIdError('sora_\ud800x'),
  SoraPollTimeoutError: () => new SoraPollTimeoutError('sora_1', 600, task),
  SoraTaskFailedError: () => new SoraTaskFailedError(task),
  SoraVideoExpiredError: () => new SoraVideoExpiredError('https://cdn.test/a.mp4', 403),
  SoraInvalidVideoError: () => new SoraInvalidVideoError('https://cdn.test/a.mp4', 'no ftyp box'),
  SoraVideoMismatchError: () => new SoraVideoMismatchError('https://cdn.test/a.mp4', 'too long'),
  SoraFileError: () => new SoraFileError('/tmp/a.mp4', new Error('no space left')),
  SoraInvalidVideoUrlError: () => new SoraInvalidVideoUrlError('ftp://cdn.test/a', 'not http'),
  SoraAddressRefusedError: () => new SoraAddressRefusedError('metadata.test', ['169.254.169.254']),
  SoraJournalLockedError: () => new SoraJournalLockedError('/tmp/j.jsonl', 4242),
  SoraJournalError: () => new SoraJournalError('/tmp/j.jsonl', 'has a broken record'),
  SoraJournalForeignError: () => new SoraJournalForeignError('/tmp/notes.txt', 'is not a journal'),
  SoraUncertainCreateError: () => new SoraUncertainCreateError('k-1'),
  SoraWebhookError: () => new SoraWebhookError('bad-signature', 400, 'No signature matches'),
  SoraFleetJobError: () => new SoraFleetJobError('j1', 'SORA_NOT_FOUND: answered 404'),
};

/** Every error class of every entry, with the entry that exports it. */
const exported = ENTRIES.flatMap(({ name: entry, module }) =>
  Object.entries(module)
    .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
    .map(([name, value]) => ({ entry, name, errorClass: value as abstract new () => Error })),
);
const thrown = exported.filter(({ name }) => !BASES.has(name));

/** The instance the table makes of the class `name`, typed as what every one must be. */
function instanceOf(name: string): SoraError {
  const make = INSTANCES[name];
  if (make === undefined) throw new Error(`No instance of ${name} in the table`);
  return make() as SoraError;
}

describe('the error classes the entries export', () => {
  it('are the bases and the classes this table makes, no more and no fewer', () => {
    expect(exported.map(({ name }) => name).sort()).toEqual(
      [...BASES, ...Object.keys(INSTANCES)].sort(),
    );
  });

  it('cover every code, one class a code', () => {
    const codes = thrown.map(({ name }) => instanceOf(name).code);
    expect(codes.sort()).toEqual([...SORA_ERROR_CODES].sort());
  });
});

describe.each(thrown)('$name from $entry', ({ name, errorClass }) => {
  const error = instanceOf(name);

  it('is made by the exported class', () => {
    expect(error).toBeInstanceOf(errorClass);
    expect(error.constructor).toBe(errorClass);
  });

  it('is a SoraError that isSoraError recognises, by any code and by its own', () => {
    expect(error).toBeInstanceOf(SoraError);
    expect(isSoraError(error)).toBe(true);
    expect(isSoraError(error, error.code)).toBe(true);
  });

  it('has a code of SORA_ERROR_CODES, a retryable flag and the name of its class', () => {
    expect(SORA_ERROR_CODES).toContain(error.code);
    expect(typeof error.retryable).toBe('boolean');
    expect(error.name).toBe(name);
  });
});
