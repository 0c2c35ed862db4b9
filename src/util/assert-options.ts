/**
 * The longest wait a timer holds: past 2³¹−1 ms, `setTimeout` fires after 1 ms instead. Every
 * duration option is at most this long, and every wait that sora-rx computes is cut to it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Throws a `TypeError` naming the option unless `value` is a number of milliseconds from `min`
 * (1 unless given: a shorter wait is a hot loop) to {@link MAX_TIMER_MS}. The one rule of every
 * duration option.
 */
export function assertDuration(
  value: unknown,
  name: string,
  { min = 1 }: { readonly min?: number } = {},
): asserts value is number {
  if (typeof value !== 'number' || !(value >= min && value <= MAX_TIMER_MS)) {
    throw new TypeError(
      `Expected \`${name}\` to be a number of milliseconds from ${min} to ${MAX_TIMER_MS} (about 24.8 days), got ${show(value)}`,
    );
  }
}

/** Throws a `TypeError` naming the option unless `value` is a finite number of at least `min`. */
export function assertAtLeast(value: unknown, name: string, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= min)) {
    throw new TypeError(
      `Expected \`${name}\` to be a number of at least ${min}, got ${show(value)}`,
    );
  }
}

/** Throws a `TypeError` naming the option unless `value` is a finite number greater than zero. */
export function assertPositiveNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Expected \`${name}\` to be a positive number, got ${show(value)}`);
  }
}

/** Throws a `TypeError` naming the option unless `value` is an integer of zero or more. */
export function assertNonNegativeInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`Expected \`${name}\` to be a non-negative integer, got ${show(value)}`);
  }
}

/** Throws a `TypeError` naming the option unless `value` is a whole number of at least 1, or `Infinity`. */
export function assertCount(value: unknown, name: string): asserts value is number {
  if (
    !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 1))
  ) {
    throw new TypeError(
      `Expected \`${name}\` to be a whole number of at least 1, or Infinity, got ${show(value)}`,
    );
  }
}

/** Throws a `TypeError` naming the option unless `value` is a number from 0 to 1. */
export function assertFraction(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new TypeError(`Expected \`${name}\` to be a number from 0 to 1, got ${show(value)}`);
  }
}

/** Throws a `TypeError` naming the option unless `value` is `true` or `false`. */
export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected \`${name}\` to be true or false, got ${show(value)}`);
  }
}

/** Throws a `TypeError` naming the option unless `value` is a function. */
export function assertFunction(
  value: unknown,
  name: string,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${show(value)}`);
  }
}

/** A value as an option's error message shows it: a string quoted, an object by its kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** Throws a `TypeError` unless `options` is an object (or undefined) whose keys are all `known`. */
export function assertKnownOptions(options: unknown, known: readonly string[], name: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`Expected \`${name}\` to be an object, got ${show(options)}`);
  }
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(
      `Unknown option \`${unknown}\` in \`${name}\`; expected one of ${known.join(', ')}`,
    );
  }
}
