import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';

const apiKey = 'sk-test-SECRET-1234567890';
const baseUrl = 'https://api.example.test/v1';
const ENV = ['SORA_BASE_URL', 'SORA_API_KEY'] as const;
let saved: Record<string, string | undefined>;

// The environment is cleared so that only the options under test can supply a value.
beforeEach(() => {
  saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  for (const name of ENV) delete process.env[name];
});
afterEach(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** The TypeError that `createSoraClient(options)` throws. Fails the test if it throws nothing. */
function typeErrorOf(options: unknown): TypeError {
  try {
    createSoraClient(options as SoraClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('Expected createSoraClient to throw');
}

describe('createSoraClient checks its options at once', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a missing baseUrl', { apiKey }, '`baseUrl`'],
    ['an empty baseUrl', { apiKey, baseUrl: '  ' }, '`baseUrl`'],
    ['a baseUrl that is not a URL', { apiKey, baseUrl: 'api.example.test/v1' }, '`baseUrl`'],
    ['an ftp: baseUrl', { apiKey, baseUrl: 'ftp://api.example.test/v1' }, '`baseUrl`'],
    [
      'a baseUrl with credentials',
      { apiKey, baseUrl: 'https://user:pw@api.example.test/v1' },
      '`baseUrl`',
    ],
    ['a baseUrl with a query', { apiKey, baseUrl: `${baseUrl}?x=1` }, '`baseUrl`'],
    ['a missing apiKey', { baseUrl }, '`apiKey`'],
    ['an empty apiKey', { baseUrl, apiKey: '' }, '`apiKey`'],
    ['an apiKey with a space', { baseUrl, apiKey: 'sk-test SECRET-1234567890' }, '`apiKey`'],
    ['an apiKey with a newline', { baseUrl, apiKey: `${apiKey}\n` }, '`apiKey`'],
    ['a requestTimeoutMs of 0', { baseUrl, apiKey, requestTimeoutMs: 0 }, '`requestTimeoutMs`'],
    [
      'a negative requestTimeoutMs',
      { baseUrl, apiKey, requestTimeoutMs: -5 },
      '`requestTimeoutMs`',
    ],
    [
      'a NaN requestTimeoutMs',
      { baseUrl, apiKey, requestTimeoutMs: Number.NaN },
      '`requestTimeoutMs`',
    ],
    [
      'a string requestTimeoutMs',
      { baseUrl, apiKey, requestTimeoutMs: '50' },
      '`requestTimeoutMs`',
    ],
    ['a maxResponseBytes of 0', { baseUrl, apiKey, maxResponseBytes: 0 }, '`maxResponseBytes`'],
    ['an unknown option', { baseUrl, apiKey, apikey: 'x' }, '`apikey`'],
    ['an unknown poll option', { baseUrl, apiKey, poll: { interval: 5 } }, '`interval`'],
    ['an unknown retry option', { baseUrl, apiKey, retry: { retries: 5 } }, '`retries`'],
    ['a bad poll value', { baseUrl, apiKey, poll: { intervalMs: -1 } }, '`intervalMs`'],
    ['a bad retry value', { baseUrl, apiKey, retry: { maxRetries: 1.5 } }, '`maxRetries`'],
    [
      'a bad statusAliases value',
      { baseUrl, apiKey, statusAliases: { done: 'finished' } },
      '`statusAliases.done`',
    ],
    [
      'statusAliases that are not an object',
      { baseUrl, apiKey, statusAliases: 'done' },
      '`statusAliases`',
    ],
    ['a transport that is not a function', { baseUrl, apiKey, transport: {} }, '`transport`'],
    ['an unknown rateLimit option', { baseUrl, apiKey, rateLimit: { rps: 5 } }, '`rps`'],
    [
      'a rateLimit of 0 per second',
      { baseUrl, apiKey, rateLimit: { requestsPerSecond: 0 } },
      '`requestsPerSecond`',
    ],
    // Past 2³¹−1 ms a timer fires at once, so these would give up or retry after about 1 ms.
    [
      'a requestTimeoutMs past 2³¹−1',
      { baseUrl, apiKey, requestTimeoutMs: 2 ** 40 },
      '`requestTimeoutMs`',
    ],
    ['a maxWaitMs past 2³¹−1', { baseUrl, apiKey, poll: { maxWaitMs: 2 ** 40 } }, '`maxWaitMs`'],
    [
      'an intervalMs past 2³¹−1',
      { baseUrl, apiKey, poll: { intervalMs: 2 ** 31 } },
      '`intervalMs`',
    ],
    ['an intervalMs under 1 ms', { baseUrl, apiKey, poll: { intervalMs: 1e-9 } }, '`intervalMs`'],
    ['a maxHintMs past 2³¹−1', { baseUrl, apiKey, poll: { maxHintMs: 2 ** 40 } }, '`maxHintMs`'],
    ['a minHintMs under 1 ms', { baseUrl, apiKey, poll: { minHintMs: 0.001 } }, '`minHintMs`'],
    [
      'a maxHintMs under minHintMs',
      { baseUrl, apiKey, poll: { minHintMs: 5_000, maxHintMs: 1_000 } },
      '`maxHintMs` (1000) to be at least `minHintMs` (5000)',
    ],
    [
      'a generation estimate past 2³¹−1',
      { baseUrl, apiKey, poll: { generationEstimates: { 10: { minMs: 1, maxMs: 2 ** 40 } } } },
      '`generationEstimates.10`',
    ],
    [
      'a retry delay past 2³¹−1',
      { baseUrl, apiKey, retry: { maxDelayMs: 2 ** 40 } },
      '`maxDelayMs`',
    ],
    [
      'a maxRetryAfterMs past 2³¹−1 (the longest 429 pause)',
      { baseUrl, apiKey, retry: { maxRetryAfterMs: 2 ** 40 } },
      '`maxRetryAfterMs`',
    ],
    [
      'a poll retry delay past 2³¹−1',
      { baseUrl, apiKey, poll: { retry: { baseDelayMs: 2 ** 40 } } },
      '`baseDelayMs`',
    ],
    [
      'a burst of less than one request',
      { baseUrl, apiKey, rateLimit: { requestsPerSecond: 5, burst: 0.5 } },
      '`burst`',
    ],
    ['a maxDownloads of 0', { baseUrl, apiKey, rateLimit: { maxDownloads: 0 } }, '`maxDownloads`'],
  ])('throws a TypeError naming the option for %s', (_name, options, named) => {
    const error = typeErrorOf(options);
    expect(error.message).toContain(named);
    expect(error.message).not.toContain('SECRET-1234567890');
  });

  it('names the culprit and its value for a bad requestTimeoutMs', () => {
    expect(typeErrorOf({ baseUrl, apiKey, requestTimeoutMs: -5 }).message).toBe(
      'Expected `requestTimeoutMs` to be a number of milliseconds from 1 to 2147483647 (about 24.8 days), got -5',
    );
  });

  it('takes every duration up to 2³¹−1 ms, and the default for each one left undefined', () => {
    const longest = 2 ** 31 - 1;
    expect(() =>
      createSoraClient({
        baseUrl,
        apiKey,
        requestTimeoutMs: longest,
        poll: { intervalMs: longest, maxWaitMs: longest, minHintMs: 1, maxHintMs: longest },
        retry: { baseDelayMs: 1, maxDelayMs: longest, maxRetryAfterMs: longest },
      }),
    ).not.toThrow();
    expect(() =>
      createSoraClient({
        baseUrl,
        apiKey,
        poll: { intervalMs: undefined, maxWaitMs: undefined, maxHintMs: undefined },
        retry: { baseDelayMs: undefined, maxRetryAfterMs: undefined },
        rateLimit: { requestsPerSecond: 5, burst: undefined, maxDownloads: undefined },
      } as SoraClientOptions),
    ).not.toThrow();
  });

  it('says where a missing apiKey can come from', () => {
    expect(typeErrorOf({ baseUrl }).message).toContain('SORA_API_KEY');
  });

  it('normalises the base URL, dropping trailing slashes', () => {
    expect(createSoraClient({ baseUrl: `${baseUrl}//`, apiKey }).baseUrl).toBe(baseUrl);
  });
});

describe('createSoraClient reads the environment', () => {
  // That the key from SORA_API_KEY is sent is checked over the wire in client.test.ts.
  it('takes SORA_BASE_URL and SORA_API_KEY when the options are omitted', () => {
    process.env.SORA_BASE_URL = `${baseUrl}/`;
    process.env.SORA_API_KEY = apiKey;
    expect(createSoraClient().baseUrl).toBe(baseUrl);
  });

  it('checks a value from the environment as strictly as an option, without showing the key', () => {
    process.env.SORA_BASE_URL = 'ftp://api.example.test/v1';
    process.env.SORA_API_KEY = apiKey;
    expect(typeErrorOf({}).message).toContain('`baseUrl`');
    process.env.SORA_BASE_URL = baseUrl;
    process.env.SORA_API_KEY = 'has a space';
    const error = typeErrorOf({});
    expect(error.message).toContain('`apiKey`');
    expect(error.message).not.toContain('has a space');
  });

  it('throws naming baseUrl and SORA_BASE_URL when neither is set', () => {
    process.env.SORA_API_KEY = apiKey;
    expect(typeErrorOf({}).message).toBe(
      'Expected `baseUrl`, such as https://api.example.com/v1: pass `baseUrl` or set SORA_BASE_URL',
    );
  });
});
