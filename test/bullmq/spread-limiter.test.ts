import { describe, expect, it } from 'vitest';
import { spreadLimiter } from '../../src/bullmq/spread-limiter.js';

describe('spreadLimiter', () => {
  it.each([
    [
      { max: 5, duration: 1_000 },
      { max: 1, duration: 200 },
    ],
    [
      { max: 50, duration: 1_000 },
      { max: 5, duration: 100 },
    ],
    [
      { max: 10, duration: 500 },
      { max: 2, duration: 100 },
    ],
    // 3 per second: one every 334 ms, never faster than asked.
    [
      { max: 3, duration: 1_000 },
      { max: 1, duration: 334 },
    ],
  ])('runs %o as %o: the same rate, in windows of about 100 ms', (limit, spread) => {
    expect(spreadLimiter(limit)).toEqual(spread);
  });

  it.each([
    { max: 1, duration: 25 },
    { max: 1, duration: 10 },
    { max: 100, duration: 100 },
  ])('leaves %o as it is: its window is already short', (limit) => {
    expect(spreadLimiter(limit)).toEqual(limit);
  });
});
