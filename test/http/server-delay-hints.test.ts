import { describe, expect, it } from 'vitest';
import { parsePollAfterMs, parseRetryAfterMs } from '../../src/http/server-delay-hints.js';

const now = Date.parse('2026-11-29T12:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': ' 0 ' }, 0],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'Sun, 29 Nov 2026 12:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Sun, 29 Nov 2026 11:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '-5' }, undefined],
    [{ 'retry-after-ms': 'abc' }, undefined],
    [{}, undefined],
  ])('reads %o as %s ms', (headers, expected) => {
    expect(parseRetryAfterMs(headers, now)).toBe(expected);
  });
});

describe('parsePollAfterMs', () => {
  it('prefers openai-poll-after-ms, then the retry-after headers', () => {
    expect(parsePollAfterMs({ 'openai-poll-after-ms': '2000', 'retry-after': '9' }, now)).toBe(
      2000,
    );
    expect(parsePollAfterMs({ 'retry-after': '9' }, now)).toBe(9000);
    expect(parsePollAfterMs({}, now)).toBeUndefined();
  });
});
