import { describe, expect, it } from 'vitest';
import { ProgressFit } from '../../src/video/progress-forecast.js';

describe('ProgressFit', () => {
  it('forecasts nothing before two readings between 0 and 100', () => {
    const fit = new ProgressFit();
    fit.add(10_000, 0);
    fit.add(20_000, 100);
    fit.add(30_000, 10);
    expect(fit.forecast()).toBeUndefined();
    fit.add(60_000, 20);
    expect(fit.forecast()?.finishAgeMs).toBeCloseTo(300_000);
  });

  it('predicts the finish of a steady progress, more surely with more readings', () => {
    const fit = new ProgressFit();
    fit.add(60_000, 20);
    fit.add(90_000, 30);
    const two = fit.forecast();
    expect(two?.finishAgeMs).toBeCloseTo(300_000);
    fit.add(150_000, 50);
    fit.add(240_000, 80);
    const four = fit.forecast();
    expect(four?.finishAgeMs).toBeCloseTo(300_000);
    expect(four?.spreadMs).toBeLessThan(two?.spreadMs as number);
  });

  it('is less sure of noisy readings than of steady ones', () => {
    const steady = new ProgressFit();
    const noisy = new ProgressFit();
    for (const [age, offset] of [
      [60_000, 15],
      [120_000, -15],
      [180_000, 15],
      [240_000, -15],
    ] as const) {
      steady.add(age, age / 3_000);
      noisy.add(age, age / 3_000 + offset);
    }
    expect(noisy.forecast()?.spreadMs).toBeGreaterThan(steady.forecast()?.spreadMs as number);
  });
});
