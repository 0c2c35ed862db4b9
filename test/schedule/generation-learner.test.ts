import { describe, expect, it } from 'vitest';
import { GenerationLearner } from '../../src/schedule/generation-learner.js';

describe('GenerationLearner', () => {
  it('learns nothing before five completions of a kind', () => {
    const learner = new GenerationLearner();
    for (let i = 0; i < 4; i += 1) learner.record('sora-2', undefined, 60_000);
    expect(learner.shortestMs('sora-2', undefined)).toBeUndefined();
    learner.record('sora-2', undefined, 60_000);
    expect(learner.shortestMs('sora-2', undefined)).toBe(60_000);
    expect(learner.shortestMs('sora-2-pro', undefined)).toBeUndefined();
  });

  it('takes a low quantile of the latest fifty, so one early outlier does not count', () => {
    const learner = new GenerationLearner();
    learner.record('sora-2', undefined, 10_000);
    for (let i = 0; i < 50; i += 1) learner.record('sora-2', undefined, 100_000 + i * 1_000);
    // The window holds the latest 50: the outlier has left it.
    expect(learner.shortestMs('sora-2', undefined)).toBe(104_000);
    // A new outlier joins the window, and the quantile barely moves.
    learner.record('sora-2', undefined, 10_000);
    expect(learner.shortestMs('sora-2', undefined)).toBe(104_000);
  });

  it('learns by length when it is known, and falls back to the model', () => {
    const learner = new GenerationLearner();
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', 10, 40_000);
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', 15, 90_000);
    expect(learner.shortestMs('sora-2', 15)).toBe(90_000);
    expect(learner.shortestMs('sora-2', 10)).toBe(40_000);
    expect(learner.shortestMs('sora-2', undefined)).toBe(40_000);
    expect(learner.shortestMs('sora-2', 25)).toBe(40_000);
  });

  it('announces a fall of the learned time only when it is large enough to re-plan for', () => {
    const learner = new GenerationLearner();
    let changes = 0;
    learner.changes.subscribe(() => (changes += 1));
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', undefined, 100_000);
    expect(changes).toBe(1);
    learner.record('sora-2', undefined, 99_500);
    expect(changes).toBe(1);
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', undefined, 50_000);
    expect(learner.shortestMs('sora-2', undefined)).toBe(50_000);
    expect(changes).toBe(2);
  });
});
