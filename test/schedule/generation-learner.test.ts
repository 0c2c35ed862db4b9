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

  it('takes a low quantile of the latest hundred, so one early outlier does not count', () => {
    const learner = new GenerationLearner();
    learner.record('sora-2', undefined, 10_000);
    for (let i = 0; i < 100; i += 1) learner.record('sora-2', undefined, 100_000 + i * 1_000);
    // The window holds the latest 100: the outlier has left it. The quantile (6 %) falls between
    // the sixth and the seventh lowest.
    expect(learner.shortestMs('sora-2', undefined)).toBe(105_940);
    // A new outlier joins the window (in place of 100 s), and the quantile does not move.
    learner.record('sora-2', undefined, 10_000);
    expect(learner.shortestMs('sora-2', undefined)).toBe(105_940);
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
    // It fell twice: to about 63 s with one fast sample, then to 50 s with the second.
    expect(changes).toBe(3);
  });

  it('picks one in ten of the tasks that wait for the skip to scout, while it knows nothing of their kind', () => {
    const learner = new GenerationLearner();
    const picked = Array.from({ length: 30 }, () => learner.enlistScout('sora-2', undefined));
    expect(picked.flatMap((scout, i) => (scout ? [i] : []))).toEqual([9, 19, 29]);
    // Another kind counts its own.
    expect(learner.enlistScout('sora-2-pro', undefined)).toBe(false);
  });

  it('learns from its scouts before any other task completed, and announces it', () => {
    const learner = new GenerationLearner();
    let changes = 0;
    learner.changes.subscribe(() => (changes += 1));
    for (let i = 0; i < 20; i += 1) learner.enlistScout('sora-2', undefined);
    learner.record('sora-2', undefined, { ageMs: 45_000, late: false, scout: true });
    // One of two scouts is done at about 45 s: more than the quantile's share of the kind is.
    expect(learner.shortestMs('sora-2', undefined)).toBe(45_000);
    expect(changes).toBe(1);
  });

  it('scouts no more once it learned a kind, and again when too many completions come after the skip', () => {
    const learner = new GenerationLearner();
    const done = (late: boolean) =>
      learner.record('sora-2', undefined, { ageMs: late ? 90_000 : 135_000, late, scout: false });
    for (let i = 0; i < 10; i += 1) done(false);
    const scouts = () =>
      Array.from({ length: 10 }, () => learner.enlistScout('sora-2', undefined)).filter(Boolean)
        .length;
    expect(scouts()).toBe(0);
    for (let i = 0; i < 3; i += 1) done(true);
    // 3 of 13 were first seen after the skip: more than a fifth.
    expect(scouts()).toBe(1);
  });

  it('needs scouts of a kind until it learned a time, so that a scout picked before then stops', () => {
    const learner = new GenerationLearner();
    expect(learner.needsScouts('sora-2', undefined)).toBe(true);
    for (let i = 0; i < 4; i += 1) learner.record('sora-2', undefined, 300_000);
    expect(learner.needsScouts('sora-2', undefined)).toBe(true);
    learner.record('sora-2', undefined, 300_000);
    expect(learner.needsScouts('sora-2', undefined)).toBe(false);
    expect(learner.needsScouts('sora-2-pro', undefined)).toBe(true);
  });

  it('keeps a length’s own time apart from the model’s, which may only stand in for it', () => {
    const learner = new GenerationLearner();
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', 10, 300_000);
    expect(learner.ownShortestMs('sora-2', 10)).toBe(300_000);
    expect(learner.ownShortestMs('sora-2', 15)).toBeUndefined();
    expect(learner.shortestMs('sora-2', 15)).toBe(300_000);
  });
});
