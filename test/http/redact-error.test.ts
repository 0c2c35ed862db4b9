import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SoraDecodeError } from '../../src/errors/decode-error.js';
import { SoraNetworkError } from '../../src/errors/transport-errors.js';
import { createRedactor } from '../../src/http/redact.js';
import { redactError, redactValue } from '../../src/http/redact-error.js';

const key = 'sk-live-0123456789abcdef';
const redactor = createRedactor([key]);
const request = { method: 'GET', url: 'https://gateway.test/v1/videos/sora_1' };

function renderings(error: unknown): string[] {
  return [
    (error as Error).message,
    String((error as Error).stack),
    JSON.stringify(error),
    inspect(error, { depth: 20, showHidden: true }),
  ];
}

describe('redactError', () => {
  it('redacts the message, the stack, every field deeply and the cause, in place', () => {
    const cause = Object.assign(new Error(`socket said ${key}`), { code: 'ECONNRESET' });
    const error = new SoraNetworkError(request, `reset after ${key}`, {
      cause,
      causeCode: 'ECONNRESET',
    });
    for (const text of renderings(error)) expect(text).toContain(key);

    expect(redactError(error, redactor)).toBe(error);
    for (const text of renderings(error)) expect(text).not.toContain(key);
    expect(error.message).toContain('reset after [REDACTED]');
    expect(error.cause).toBe(cause);
    expect(cause).toMatchObject({ message: 'socket said [REDACTED]', code: 'ECONNRESET' });
    expect(error).toBeInstanceOf(SoraNetworkError);
    expect(Object.keys(error)).toContain('causeCode');
  });

  it('redacts the decoded value of a SORA_DECODE deeply, keys included, copying only what changed', () => {
    const untouched = { deep: ['fine'] };
    const value = { echo: { list: [1, `Bearer ${key}`] }, [key]: true, untouched };
    const error = new SoraDecodeError('The response', [`echo: got "${key}"`], value);
    redactError(error, redactor);
    for (const text of renderings(error)) expect(text).not.toContain(key);
    expect(error.value).toEqual({
      echo: { list: [1, 'Bearer [REDACTED]'] },
      '[REDACTED]': true,
      untouched,
    });
    expect((error.value as { untouched: unknown }).untouched).toBe(untouched);
    expect(error.report).toEqual(['echo: got "[REDACTED]"']);
  });

  it('stands a redacted copy in for a frozen cause it cannot change', () => {
    const cause = Object.freeze(new Error(`frozen ${key}`));
    const error = new SoraNetworkError(request, 'failed', { cause });
    redactError(error, redactor);
    expect(error.cause).not.toBe(cause);
    expect(error.cause).toMatchObject({ message: 'frozen [REDACTED]' });
    for (const text of renderings(error)) expect(text).not.toContain(key);
  });

  it('survives cycles and leaves an error without the key as it was', () => {
    const cause = new Error('plain');
    const error = new SoraNetworkError(request, 'failed', { cause });
    (cause as Error & { back?: unknown }).back = error;
    const stack = error.stack;
    expect(redactError(error, redactor)).toBe(error);
    expect(error.stack).toBe(stack);
    expect(error.cause).toBe(cause);
  });
});

describe('redactValue', () => {
  it('returns the same value when nothing holds the key', () => {
    const value = { a: [1, 'two', { three: null }] };
    expect(redactValue(value, redactor)).toBe(value);
  });

  it('keeps a key named __proto__ a key, and the copy a plain object', () => {
    const value = JSON.parse(`{"__proto__":{"x":"${key}"},"y":1}`) as object;
    const redacted = redactValue(value, redactor) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"x":"[REDACTED]"},"y":1}');
  });

  it('leaves class instances alone', () => {
    const date = new Date(0);
    expect(redactValue({ date }, redactor)).toEqual({ date });
  });
});
