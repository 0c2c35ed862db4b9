import { describe, expect, it } from 'vitest';
import type { VideoTask } from '../../src/model/video-task.js';
import { GENERATION_ESTIMATES } from '../../src/schedule/generation-estimates.js';
import { GenerationLearner } from '../../src/schedule/generation-learner.js';
import { type PlannerContext, TaskPlanner } from '../../src/schedule/task-planner.js';

const SECOND = 1_000;

/** A planner on a clock the test moves, with jitter from `random`. */
function planner(overrides: Partial<PlannerContext> = {}, createdAtMs?: number) {
  const clock = { now: 0 };
  const context: PlannerContext = {
    intervalMs: 30 * SECOND,
    jitter: 0,
    fixedInterval: false,
    pushed: false,
    maxWaitMs: 30 * 60 * SECOND,
    minHintMs: SECOND,
    maxHintMs: 120 * SECOND,
    ageAware: true,
    estimates: GENERATION_ESTIMATES,
    learner: new GenerationLearner(),
    now: () => clock.now,
    random: () => 0.5,
    ...overrides,
  };
  const plan = new TaskPlanner(context, undefined, createdAtMs);
  /** Answers `status` at `atMs` and returns the planned wait (or 'done'). */
  const answer = (atMs: number, status: VideoTask['status'], extra: Partial<VideoTask> = {}) => {
    clock.now = atMs;
    const task: VideoTask = {
      id: 'sora_1',
      object: 'video.generation',
      created: 0,
      model: 'sora-2',
      status,
      video_url: null,
      error: null,
      ...extra,
    };
    return plan.observe({ task, pollAfterMs: undefined }) ? 'done' : plan.delayMs(task);
  };
  return { answer, context, clock, plan };
}

describe('TaskPlanner', () => {
  it('checks early failures at 30 s, then skips to the shortest generation time, then polls every 30 s', () => {
    const { answer } = planner();
    expect(answer(0, 'queued')).toBe(30 * SECOND);
    expect(answer(30 * SECOND, 'queued')).toBe(90 * SECOND);
    expect(answer(120 * SECOND, 'processing')).toBe(30 * SECOND);
    expect(answer(400 * SECOND, 'processing')).toBe(30 * SECOND);
  });

  it('checks at 30 s of age even when the first answer came later', () => {
    const { answer } = planner();
    expect(answer(10 * SECOND, 'queued')).toBe(20 * SECOND);
  });

  it('lengthens the early check and shortens the later gaps with the jitter', () => {
    const high = planner({ jitter: 0.1, random: () => 1 });
    expect(high.answer(0, 'queued')).toBe(33 * SECOND);
    expect(high.answer(200 * SECOND, 'processing')).toBe(27 * SECOND);
  });

  it('honours a fixed interval ± jitter whatever the age', () => {
    const { answer } = planner({
      fixedInterval: true,
      intervalMs: 5 * SECOND,
      jitter: 0.2,
      random: () => 0,
    });
    expect(answer(0, 'queued')).toBe(4 * SECOND);
    expect(answer(4 * SECOND, 'queued')).toBe(4 * SECOND);
  });

  it('counts from the first answer, without a skip, when the age cannot be trusted', () => {
    const { answer } = planner();
    expect(answer(0, 'queued', { created: 1e9 })).toBe(30 * SECOND);
    expect(answer(30 * SECOND, 'queued', { created: 1e9 })).toBe(30 * SECOND);
  });

  it('takes the creation the caller knows over the task’s `created`', () => {
    const { answer } = planner({}, -10 * SECOND);
    expect(answer(0, 'queued', { created: 1e9 })).toBe(20 * SECOND);
  });

  it('skips less once the client learned that the gateway is faster, and teaches it', () => {
    const { answer, context } = planner();
    for (let i = 0; i < 5; i += 1) context.learner.record('sora-2', undefined, 50 * SECOND);
    answer(0, 'queued');
    expect(answer(30 * SECOND, 'processing')).toBe(30 * SECOND);
    expect(answer(60 * SECOND, 'completed')).toBe('done');
    // Pending at 30 s, done at 60 s: about 45 s.
    for (let i = 0; i < 4; i += 1) context.learner.record('sora-2', undefined, 45 * SECOND);
    expect(context.learner.shortestMs('sora-2', undefined)).toBe(45 * SECOND);
  });

  it('never learns from a task it did not see pending, nor from a failure', () => {
    const learner = new GenerationLearner();
    for (const steps of [['completed'], ['queued', 'failed']] as const) {
      for (let i = 0; i < 5; i += 1) {
        const { answer } = planner({ learner });
        for (const [n, status] of steps.entries()) answer(n * 30 * SECOND, status);
      }
    }
    expect(learner.shortestMs('sora-2', undefined)).toBeUndefined();
  });

  it('follows a sure progress forecast past the interval, and polls just after the finish', () => {
    const { answer } = planner();
    // 1 point every 3 s: done at 300 s.
    expect(answer(0, 'processing', { progress: 0 })).toBe(30 * SECOND);
    expect(answer(30 * SECOND, 'processing', { progress: 10 })).toBe(90 * SECOND);
    const far = answer(120 * SECOND, 'processing', { progress: 40 }) as number;
    expect(far).toBeGreaterThan(30 * SECOND);
    expect(far).toBeLessThanOrEqual(150 * SECOND);
    const near = 120 * SECOND + far;
    const last = answer(near, 'processing', { progress: Math.floor(near / 3_000) }) as number;
    expect(near + last).toBeGreaterThanOrEqual(300 * SECOND);
    expect(near + last).toBeLessThanOrEqual(320 * SECOND);
  });

  it('keeps the plain interval when progress says too little', () => {
    const { answer } = planner();
    answer(0, 'processing', { progress: 0 });
    answer(30 * SECOND, 'processing', { progress: 1 });
    expect(answer(120 * SECOND, 'processing', { progress: 2 })).toBe(30 * SECOND);
  });

  it('polls by the interval when progress readings contradict a steady rate', () => {
    const { answer } = planner();
    answer(0, 'processing', { progress: 0 });
    answer(30 * SECOND, 'processing', { progress: 50 });
    expect(answer(120 * SECOND, 'processing', { progress: 20 })).toBe(30 * SECOND);
  });

  it('tells the client a completion seen after the skip half an interval before it, and one seen soon at the middle of the wait', () => {
    const learner = new GenerationLearner();
    const seen: unknown[] = [];
    learner.record = (_model, _seconds, completion) => {
      seen.push(completion);
    };
    const late = planner({ learner });
    late.answer(0, 'queued');
    late.answer(30 * SECOND, 'processing');
    expect(late.answer(120 * SECOND, 'completed')).toBe('done');
    const soon = planner({ learner });
    soon.answer(0, 'queued');
    soon.answer(30 * SECOND, 'processing');
    soon.answer(120 * SECOND, 'processing');
    expect(soon.answer(150 * SECOND, 'completed')).toBe('done');
    expect(seen).toEqual([
      { ageMs: 105 * SECOND, late: true, scout: false },
      { ageMs: 135 * SECOND, late: false, scout: false },
    ]);
  });

  it('scouts every 10 s up to the skip when the client picks it, and waits for the skip when not', () => {
    const learner = new GenerationLearner();
    learner.enlistScout = () => true;
    const { answer } = planner({ learner });
    expect(answer(0, 'queued')).toBe(30 * SECOND);
    expect(answer(30 * SECOND, 'processing')).toBe(10 * SECOND);
    expect(answer(40 * SECOND, 'processing')).toBe(10 * SECOND);
    expect(answer(85 * SECOND, 'processing')).toBe(10 * SECOND);
    // Within one interval of the skip, the plain gap again.
    expect(answer(95 * SECOND, 'processing')).toBe(30 * SECOND);
    const other = new GenerationLearner();
    other.enlistScout = () => false;
    const plain = planner({ learner: other });
    plain.answer(0, 'queued');
    expect(plain.answer(30 * SECOND, 'processing')).toBe(90 * SECOND);
  });

  it('raises the skip to the time the client learned of this kind, but not to its model’s', () => {
    const learner = new GenerationLearner();
    for (let i = 0; i < 5; i += 1) learner.record('sora-2', undefined, 240 * SECOND);
    const { answer } = planner({ learner });
    answer(0, 'queued');
    expect(answer(30 * SECOND, 'processing')).toBe(210 * SECOND);
    // Estimates the user set win: learning only shortens their skip.
    const own = planner({ learner, fixedEstimates: true });
    own.answer(0, 'queued');
    expect(own.answer(30 * SECOND, 'processing')).toBe(90 * SECOND);
    // A 10 s video (the length known) only borrows the model's time when it is shorter.
    const byLength = new GenerationLearner();
    for (let i = 0; i < 5; i += 1) byLength.record('sora-2', 15, 400 * SECOND);
    const clock = { now: 0 };
    const plan = new TaskPlanner(
      { ...planner().context, learner: byLength, now: () => clock.now },
      10,
      0,
    );
    const task: VideoTask = {
      id: 'sora_1',
      object: 'video.generation',
      created: 0,
      model: 'sora-2',
      status: 'processing',
      video_url: null,
      error: null,
    };
    clock.now = 30 * SECOND;
    plan.observe({ task, pollAfterMs: undefined });
    expect(plan.delayMs(task)).toBe(90 * SECOND);
  });
});
