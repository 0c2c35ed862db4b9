import { describe, expect, it } from 'vitest';
import { estimateGeneration, estimateTimeLeft } from '../../src/cli/estimates.js';
import { formatTimeLeft } from '../../src/cli/format.js';

const MINUTE = 60_000;

describe('estimateGeneration', () => {
  it.each([
    [10, 'sora-2', 2, 5],
    [15, 'sora-2', 3, 8],
    [25, 'sora-2-pro', 5, 15],
    [undefined, 'sora-2', 2, 8],
    [undefined, 'sora-2-pro', 2, 15],
  ] as const)('a %s s video of %s takes %d–%d min', (seconds, model, min, max) => {
    expect(estimateGeneration(seconds, model)).toEqual({
      minMs: min * MINUTE,
      maxMs: max * MINUTE,
    });
  });
});

describe('estimateTimeLeft', () => {
  const tenSeconds = { minMs: 2 * MINUTE, maxMs: 5 * MINUTE };

  it('gives a range before the shortest time', () => {
    expect(estimateTimeLeft(tenSeconds, 30_000)).toEqual({
      kind: 'range',
      minMs: 90_000,
      maxMs: 270_000,
    });
  });

  it('gives the rest of the longest time between the two', () => {
    expect(estimateTimeLeft(tenSeconds, 3 * MINUTE)).toEqual({ kind: 'upTo', maxMs: 2 * MINUTE });
  });

  it('is overdue from the longest time on', () => {
    expect(estimateTimeLeft(tenSeconds, 6 * MINUTE)).toEqual({ kind: 'overdue', byMs: MINUTE });
  });

  it("follows the gateway's progress where it reports some: 76 % after 2 s is about 1 s more", () => {
    expect(estimateTimeLeft(tenSeconds, 2_000, 76)).toEqual({
      kind: 'about',
      ms: (2_000 * 24) / 76,
    });
    expect(formatTimeLeft(estimateTimeLeft(tenSeconds, 2_000, 76))).toBe('~1s left');
    expect(formatTimeLeft(estimateTimeLeft(tenSeconds, 4 * MINUTE, 50))).toBe('~4m left');
  });

  it('keeps the published times below 5 % and at 100 %', () => {
    expect(estimateTimeLeft(tenSeconds, 30_000, 2)).toMatchObject({ kind: 'range' });
    expect(estimateTimeLeft(tenSeconds, 3 * MINUTE, 100)).toMatchObject({ kind: 'upTo' });
  });

  it('treats a creation time in the future (a clock ahead) as just created', () => {
    expect(estimateTimeLeft(tenSeconds, -10_000)).toMatchObject({
      kind: 'range',
      minMs: 2 * MINUTE,
    });
  });
});
