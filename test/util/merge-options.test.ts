import { describe, expect, it } from 'vitest';
import { canonicalJson, mergeOptions } from '../../src/util/merge-options.js';

describe('mergeOptions', () => {
  it('lets a later layer override an earlier one, except with `undefined`', () => {
    expect(
      mergeOptions({ a: 1, b: 2, c: 3 }, { a: 10, b: undefined }, undefined, { c: undefined }),
    ).toEqual({ a: 10, b: 2, c: 3 });
  });
});

describe('canonicalJson', () => {
  it('is the same whatever the order of the keys, and leaves out `undefined` and empty options', () => {
    const a = canonicalJson({ x: 1, y: { p: 1, q: 2 }, z: undefined, w: { v: undefined } });
    expect(a).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
    expect(a).toBe('{"x":1,"y":{"p":1,"q":2}}');
    expect(canonicalJson({})).toBe('{}');
  });

  it('gives up on options that hold a function', () => {
    expect(canonicalJson({ retry: { shouldRetry: () => true } })).toBeUndefined();
  });
});
