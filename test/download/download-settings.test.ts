import { asyncScheduler } from 'rxjs';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  checkDownloadSettings,
  type VideoDownloadContext,
} from '../../src/download/download-settings.js';

const pool = {} as Dispatcher;
const publicPool = {} as Dispatcher;
const CONTEXT: VideoDownloadContext = {
  baseUrl: 'https://api.example/v1',
  authorization: 'Bearer sk-test',
  dispatcher: () => pool,
  publicDispatcher: () => publicPool,
  retry: {},
  scheduler: asyncScheduler,
};
const URL_SOURCE = 'https://cdn.example/v.mp4';

function check(options: Record<string, unknown>) {
  return checkDownloadSettings(CONTEXT, URL_SOURCE, options as never, ['dir', 'file']);
}

describe('checkDownloadSettings', () => {
  it('names every option a download takes when one is unknown', () => {
    expect(() => check({ idleTimeout: 5 })).toThrow(
      new TypeError(
        'Unknown option `idleTimeout` in `options`; expected one of dir, file, maxBytes, maxResumes, idleTimeoutMs, timeoutMs, retry, allowPrivateAddresses, variant, index',
      ),
    );
  });

  it('names every retry option a download takes when one is unknown', () => {
    expect(() => check({ retry: { scheduler: asyncScheduler } })).toThrow(
      new TypeError(
        'Unknown option `scheduler` in `options.retry`; expected one of maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, shouldRetry, random, onRetry',
      ),
    );
  });

  it('takes shouldRetry, random and onRetry in `retry`', () => {
    const shouldRetry = () => false;
    const settings = check({
      retry: { shouldRetry, random: () => 0.5, onRetry: () => undefined, maxRetries: 2 },
    });
    expect(settings.retry.maxRetries).toBe(2);
    expect(settings.retry.shouldRetry).toBe(shouldRetry);
  });

  it('refuses a bad maxResumes or idleTimeoutMs with a TypeError naming it', () => {
    expect(() => check({ maxResumes: 1.5 })).toThrow(
      new TypeError('Expected `maxResumes` to be a non-negative integer, got 1.5'),
    );
    expect(() => check({ idleTimeoutMs: 0 })).toThrow(
      /^Expected `idleTimeoutMs` to be a number of milliseconds from 1 to 2147483647/,
    );
  });

  it('uses its defaults for undefined options, and takes Infinity as timeoutMs', () => {
    const settings = check({ maxBytes: undefined, timeoutMs: Number.POSITIVE_INFINITY });
    expect(settings).toMatchObject({
      url: URL_SOURCE,
      id: 'v',
      expiresAt: undefined,
      maxBytes: 2 ** 31,
      maxResumes: 5,
      idleTimeoutMs: 30_000,
      timeoutMs: Number.POSITIVE_INFINITY,
    });
  });

  it('downloads through the public pool with allowPrivateAddresses: false', () => {
    expect(check({}).requestContext.dispatcher()).toBe(pool);
    expect(check({ allowPrivateAddresses: false }).requestContext.dispatcher()).toBe(publicPool);
  });

  it("keeps a task's expires_at, in ms", () => {
    const task = { id: 'video_1', status: 'completed', video_url: null, expires_at: 1_700_000_000 };
    expect(checkDownloadSettings(CONTEXT, task as never, {}, ['dir']).expiresAt).toBe(
      1_700_000_000_000,
    );
  });
});
