import { describe, expect, it } from 'vitest';
import { taskCost } from '../../src/model/task-cost.js';
import type { VideoTask } from '../../src/model/video-task.js';

const base = { id: 'gen-1', status: 'completed', video_url: null, error: null } as const;

/** A task as the decoder leaves it: the fields beyond `VideoTask` kept as plain data. */
const withFields = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as VideoTask;

describe('taskCost', () => {
  it.each([
    ['a cost in USD', { usage: { cost: 0.4, is_byok: false } }, 0.4],
    ['a cost of zero', { usage: { cost: 0, is_byok: true } }, 0],
    ['a cost without is_byok', { usage: { cost: 1.25 } }, 1.25],
  ])('reads %s', (_, fields, expected) => {
    expect(taskCost(withFields(fields))).toBe(expected);
  });

  it.each([
    ['no usage', {}],
    ['a null usage', { usage: null }],
    ['a usage that is a number', { usage: 0.4 }],
    ['a usage that is a string', { usage: '0.40' }],
    ['a usage without cost', { usage: { is_byok: false } }],
    ['a null cost', { usage: { cost: null } }],
    ['a cost that is a string', { usage: { cost: '0.40' } }],
    ['a cost that is NaN', { usage: { cost: Number.NaN } }],
    ['an infinite cost', { usage: { cost: Number.POSITIVE_INFINITY } }],
    ['a negative cost', { usage: { cost: -0.4 } }],
    ['a cost that is an object', { usage: { cost: { usd: 0.4 } } }],
    ['a cost at the top level only', { cost: 0.4 }],
  ])('gives undefined for %s', (_, fields) => {
    expect(taskCost(withFields(fields))).toBeUndefined();
  });
});
