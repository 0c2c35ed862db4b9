/** How far ahead of the reference clock a `created` may be: the `Date` header has 1 s steps. */
const FUTURE_TOLERANCE_MS = 2_000;
const DAY_MS = 86_400_000;

/**
 * How old a task was when the server answered, in milliseconds, from its `created` field, or
 * `undefined` when that value cannot be trusted.
 *
 * - `created` is Unix seconds by contract; a value that only makes sense in milliseconds (a day or
 *   more in the future as seconds, within a day of now as milliseconds) is read as milliseconds.
 * - The age is measured on the server's clock (its `Date` header) when it sent one, so a client
 *   whose clock is skewed from the server's still gets it right; else on the client's clock.
 * - A task created in the future (beyond the `Date` header's one-second steps) is not trusted.
 *
 * @param created The task's `created` field.
 * @param serverNowMs The response's `Date` header, in ms since the epoch, if it had a valid one.
 * @param clientNowMs The client's clock when the answer came.
 */
export function taskAgeMs(
  created: number | undefined,
  serverNowMs: number | undefined,
  clientNowMs: number,
): number | undefined {
  if (created === undefined || !Number.isFinite(created)) return undefined;
  const now = serverNowMs ?? clientNowMs;
  const asSeconds = created * 1000;
  const createdMs =
    asSeconds - now > DAY_MS && Math.abs(created - now) <= DAY_MS ? created : asSeconds;
  const age = now - createdMs;
  if (age < -FUTURE_TOLERANCE_MS) return undefined;
  return Math.max(0, age);
}

/** The time of a `Date` header, in ms since the epoch, or `undefined` if it is missing or unreadable. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
