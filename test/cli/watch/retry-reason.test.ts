import { describe, expect, it } from 'vitest';
import { describeRetryReason } from '../../../src/cli/watch/retry-reason.js';
import {
  SoraNetworkError,
  SoraRateLimitedError,
  SoraRequestTimeoutError,
  SoraServerError,
} from '../../../src/index.js';

const request = { method: 'GET', url: 'http://127.0.0.1:1/v1/videos/sora_abc' };

describe('describeRetryReason', () => {
  it.each([
    [new SoraNetworkError(request, 'connect', { causeCode: 'ECONNREFUSED' }), 'connection refused'],
    [new SoraNetworkError(request, 'reset', { causeCode: 'ECONNRESET' }), 'connection reset'],
    [new SoraNetworkError(request, 'odd', { causeCode: 'EODD' }), 'network error (EODD)'],
    [new SoraNetworkError(request, 'odd'), 'network error (unknown)'],
    [new SoraServerError({ ...request, status: 503 }), 'server error (503)'],
    [new SoraRateLimitedError({ ...request, status: 429 }), 'rate limited (429)'],
    [new SoraRequestTimeoutError(request, 60_000), 'no answer in time'],
    [new Error('strange'), 'strange'],
  ])('names %s in a few words', (error, reason) => {
    expect(describeRetryReason(error)).toBe(reason);
  });
});
