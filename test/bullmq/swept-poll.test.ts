import { describe, expect, it } from 'vitest';
import { sweptPollAtMs } from '../../src/bullmq/fleet-schedule.js';

const HOUR = 3_600_000;

describe('the next poll of a job while its queue is swept', () => {
  const plan = { nextPollAtMs: 1_030_000, deadlineAtMs: 1_000_000 + 2 * HOUR };

  it.each([
    ["keeps the planner's time when the sweeps do not run", undefined, 0.5, 1_030_000],
    ['waits three quarters of the safety net at the soonest', HOUR, 0, 1_000_000 + 0.75 * HOUR],
    ['waits the whole safety net at the latest', HOUR, 1, 1_000_000 + HOUR],
    ['spreads the jobs in between', HOUR, 0.5, 1_000_000 + 0.875 * HOUR],
    ['polls no sooner than the planner asks', 10_000, 0.5, 1_030_000],
    ['polls no later than the deadline', 4 * HOUR, 0.5, 1_000_000 + 2 * HOUR],
  ])('%s', (_, safetyNetMs, random, expected) => {
    expect(sweptPollAtMs(plan, safetyNetMs, 1_000_000, () => random)).toBe(expected);
  });
});
