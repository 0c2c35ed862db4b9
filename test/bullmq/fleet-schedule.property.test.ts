import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetJobData } from '../../src/bullmq/fleet-job.js';
import { KEPT_ANSWERS, planFleetPoll } from '../../src/bullmq/fleet-schedule.js';
import type { VideoTask } from '../../src/index.js';
import { GenerationLearner } from '../../src/schedule/generation-learner.js';
import { type PollOptions, resolvePollOptions } from '../../src/schedule/poll-options.js';
import { createPollSchedule } from '../../src/schedule/poll-schedule.js';
import { TaskPlanner } from '../../src/schedule/task-planner.js';

const TASK: VideoTask = {
  id: 'sora_1',
  object: 'video.generation',
  created: 0,
  model: 'sora-2',
  status: 'queued',
  video_url: null,
  error: null,
};

/** A schedule on a clock the test sets. */
function scheduleAt(clock: { now: number }, options: PollOptions) {
  return createPollSchedule(resolvePollOptions(options), {
    scheduler: { now: () => clock.now, schedule: () => expect.fail('no timer') },
    learner: new GenerationLearner(),
    random: () => 0.5,
  });
}

/** Answers that are not terminal: gaps between them in ms, and progress where processing. */
const answers = fc.array(
  fc.record({
    gapMs: fc.integer({ min: 1_000, max: 90_000 }),
    progress: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: KEPT_ANSWERS },
);

describe('the fleet schedule', () => {
  it.each<[string, PollOptions]>([
    ['the default schedule', {}],
    ['a fixed interval', { intervalMs: 10_000 }],
    ['a plain interval', { ageAware: false }],
  ])('waits as long as a live watch of videoStatus$ with %s', (_, options) => {
    fc.assert(
      fc.property(answers, (script) => {
        const liveClock = { now: 0 };
        const live = scheduleAt(liveClock, options);
        const planner = new TaskPlanner(live.planner, 10, 0);
        const fleet = scheduleAt({ now: 0 }, options);
        let data: FleetJobData = {
          createdAtMs: 0,
          watchedSinceMs: 0,
          videoSeconds: 10,
          answers: [],
        };
        let at = 0;
        for (const { gapMs, progress } of script) {
          at += gapMs;
          const task: VideoTask =
            progress === undefined
              ? { ...TASK, status: 'queued' }
              : { ...TASK, status: 'processing', progress };
          const response = { task, pollAfterMs: undefined };
          liveClock.now = at;
          planner.observe(response);
          const plan = planFleetPoll(fleet, data, response, at);
          expect(plan.nextPollAtMs).toBe(
            Math.min(at + planner.delayMs(task), planner.deadlineAtMs),
          );
          data = { ...data, answers: plan.answers };
        }
      }),
    );
  });

  it('keeps the latest answers only', () => {
    const schedule = scheduleAt({ now: 0 }, {});
    let data: FleetJobData = { createdAtMs: 0, answers: [] };
    for (let i = 1; i <= KEPT_ANSWERS + 5; i++) {
      const task: VideoTask = { ...TASK, status: 'processing', progress: i };
      data = {
        ...data,
        answers: planFleetPoll(schedule, data, { task, pollAfterMs: undefined }, i * 1000).answers,
      };
    }
    expect(data.answers).toHaveLength(KEPT_ANSWERS);
    expect(data.answers?.at(-1)).toEqual([(KEPT_ANSWERS + 5) * 1000, KEPT_ANSWERS + 5]);
  });

  it("follows the server's poll hint, as the client does", () => {
    const schedule = scheduleAt({ now: 0 }, {});
    const plan = planFleetPoll(
      schedule,
      { createdAtMs: 0 },
      { task: TASK, pollAfterMs: 7_000 },
      5_000,
    );
    expect(plan.nextPollAtMs).toBe(5_000 + 7_000);
  });

  it('ends at a terminal task, keeping no answer of it', () => {
    const schedule = scheduleAt({ now: 0 }, {});
    const task: VideoTask = { ...TASK, status: 'completed', video_url: 'https://v/1.mp4' };
    const plan = planFleetPoll(
      schedule,
      { createdAtMs: 0, answers: [] },
      { task, pollAfterMs: undefined },
      90_000,
    );
    expect(plan).toMatchObject({ done: true, answers: [] });
  });

  it("takes a watched task's age from its created field and the server's Date", () => {
    const schedule = scheduleAt({ now: 0 }, {});
    const now = Date.parse('2026-01-01T00:10:00Z');
    const task: VideoTask = { ...TASK, created: now / 1000 - 120 };
    const response = { task, pollAfterMs: undefined, serverDate: new Date(now).toUTCString() };
    expect(planFleetPoll(schedule, {}, response, now + 5).createdAtMs).toBe(now + 5 - 120_000);
  });
});
