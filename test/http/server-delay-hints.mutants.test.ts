// Hint values a gateway may send that the main table leaves out: only plain decimal numbers count.
import { describe, expect, it } from 'vitest';
import { parsePollAfterMs, parseRetryAfterMs } from '../../src/http/server-delay-hints.js';

const now = Date.parse('2026-11-29T12:00:00Z');

describe('server delay hints, beyond the basics', () => {
  it.each([
    [{ 'retry-after': '1.25' }, 1250],
    [{ 'retry-after-ms': '1500 ' }, 1500],
    [{ 'retry-after-ms': '1e3' }, undefined],
    [{ 'retry-after-ms': '0x10' }, undefined],
    [{ 'retry-after-ms': '0x10', 'retry-after': '2' }, 2000],
    [{ 'retry-after-ms': '' }, undefined],
  ])('reads %o as %s ms', (headers, expected) => {
    expect(parseRetryAfterMs(headers, now)).toBe(expected);
  });

  it.each([
    [{ 'openai-poll-after-ms': ' 700 ' }, 700],
    [{ 'openai-poll-after-ms': 'Infinity' }, undefined],
    [{ 'openai-poll-after-ms': '2.5e2' }, undefined],
  ])('reads the poll hint %o as %s ms', (headers, expected) => {
    expect(parsePollAfterMs(headers, now)).toBe(expected);
  });
});
