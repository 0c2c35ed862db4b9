import { describe, expect, it } from 'vitest';
import { ProgressFit } from '../../src/schedule/progress-forecast.js';

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

  it('narrows the finish to what every reading allows, within ten points of a steady rate', () => {
    const fit = new ProgressFit();
    // A rate of 1 point every 3 s (done at 300 s), read 8 points high, then 8 points low.
    fit.add(60_000, 28);
    fit.add(240_000, 72);
    const forecast = fit.forecast();
    // 28 ± 10.5 at 60 s: 156–390 s; 72 ± 10.5 at 240 s: 291–390 s... and 156 s is long gone.
    expect(forecast?.finishAgeMs).toBeGreaterThan(291_000);
    expect(forecast?.finishAgeMs).toBeLessThan(340_000);
    expect(forecast?.spreadMs).toBeLessThanOrEqual((390_000 - 291_000) / 4 + 1);
  });

  it('gives no forecast when the readings contradict a steady rate', () => {
    const fit = new ProgressFit();
    fit.add(60_000, 60);
    fit.add(240_000, 20);
    expect(fit.forecast()).toBeUndefined();
  });
});
