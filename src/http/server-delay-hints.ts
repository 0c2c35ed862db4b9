type Headers = Readonly<Record<string, string>>;

/**
 * How long the server asks the client to wait before trying again, from `retry-after-ms`
 * (milliseconds) or `Retry-After` (seconds or an HTTP date). `undefined` when it sent neither, or
 * nothing readable.
 */
export function parseRetryAfterMs(
  headers: Headers,
  nowMs: number = Date.now(),
): number | undefined {
  const ms = parseNonNegative(headers['retry-after-ms']);
  if (ms !== undefined) return ms;
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = parseNonNegative(value);
  if (seconds !== undefined) return seconds * 1000;
  // An HTTP date always names its day and month; anything else is unreadable.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * How long the server suggests waiting before the next poll, from `openai-poll-after-ms` or the
 * retry-after headers of a successful response.
 */
export function parsePollAfterMs(headers: Headers, nowMs: number = Date.now()): number | undefined {
  return parseNonNegative(headers['openai-poll-after-ms']) ?? parseRetryAfterMs(headers, nowMs);
}

function parseNonNegative(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
