import { catchError, type MonoTypeOperatorFunction, throwError } from 'rxjs';
import type { Redactor } from './redact.js';

/** How deep into values and causes redaction goes; deeper values are dropped, never shown. */
const MAX_DEPTH = 32;

/**
 * Removes every secret `redactor` knows from everything `error` carries, in place: its message and
 * stack, every field (deeply: the decoded body of a `SORA_DECODE`, a request id, a body excerpt)
 * and its causes, so that no rendering of it (message, stack, `JSON.stringify`, `util.inspect`)
 * shows a secret. A value that is not an error is returned redacted, as {@link redactValue} does.
 *
 * The one pass that the errors built from a request go through, where the request's credential is
 * known: after decoding, so that escaped forms decoded from JSON are caught too.
 */
export function redactError<T>(error: T, redactor: Redactor): T {
  return redactValue(error, redactor);
}

/** Redacts every error that passes, as {@link redactError} does. */
export function redactErrors<T>(redactor: Redactor): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => throwError(() => redactError(error, redactor)));
}

/**
 * `value` with every string in it redacted: strings, arrays and plain objects are copied where
 * something changed (and left as they are otherwise), errors are redacted in place.
 */
export function redactValue<T>(value: T, redactor: Redactor): T {
  return redactAny(value, redactor, 0, new WeakSet()) as T;
}

function redactAny(
  value: unknown,
  redactor: Redactor,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return redactErrorInPlace(value, redactor, depth, seen);
  if (Array.isArray(value)) {
    const items = value.map((item) => redactAny(item, redactor, depth + 1, seen));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  // Class instances (a Date, a Map) carry no text of the server's; copying them would lose them.
  if (prototype !== Object.prototype && prototype !== null) return value;
  return redactRecord(value as Record<string, unknown>, redactor, depth, seen);
}

function redactRecord(
  record: Record<string, unknown>,
  redactor: Redactor,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  let changed = false;
  const entries = Object.keys(record).map((key): [string, unknown] => {
    const before = record[key];
    const entry: [string, unknown] = [
      redactor.redact(key),
      redactAny(before, redactor, depth + 1, seen),
    ];
    if (entry[0] !== key || entry[1] !== before) changed = true;
    return entry;
  });
  if (!changed) return record;
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(record));
  // Defined, not assigned: a key named `__proto__` stays a key.
  for (const [key, value] of entries) defineValue(copy, key, value);
  return copy;
}

function redactErrorInPlace(
  error: Error,
  redactor: Redactor,
  depth: number,
  seen: WeakSet<object>,
): Error {
  // The stack may be an accessor, or inherited: read it through the error, then own its result.
  const names = new Set([...Object.getOwnPropertyNames(error), 'message', 'stack']);
  const fixed: Array<[string, unknown]> = [];
  for (const name of names) {
    let before: unknown;
    try {
      before = (error as unknown as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    const after = redactAny(before, redactor, depth + 1, seen);
    if (after !== before) fixed.push([name, after]);
  }
  if (fixed.length === 0) return error;
  try {
    for (const [name, after] of fixed) {
      const own = Object.getOwnPropertyDescriptor(error, name);
      Object.defineProperty(error, name, {
        value: after,
        writable: true,
        configurable: true,
        enumerable: own?.enumerable ?? false,
      });
    }
    return error;
  } catch {
    // A frozen error (not one of ours: a cause) cannot be changed: stand in a redacted copy.
    const copy = new Error(redactor.redact(error.message));
    copy.name = error.name;
    copy.stack = redactor.redact(String(error.stack));
    return copy;
  }
}

function defineValue(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
