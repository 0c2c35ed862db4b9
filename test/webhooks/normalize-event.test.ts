import { DEFAULT_STATUS_ALIASES } from 'sora-rx';
import { describe, expect, it } from 'vitest';
import { normalizeWebhookEvent } from '../../src/webhooks/index.js';

describe('normalizeWebhookEvent', () => {
  it.each([
    [
      { type: 'video.generated', data: { id: 'v1' } },
      { id: 'v1', status: 'completed' },
    ],
    [
      { type: 'video.completed', data: { id: 'v1' } },
      { id: 'v1', status: 'completed' },
    ],
    [
      { type: 'video.failed', data: { video_id: 'v1' } },
      { id: 'v1', status: 'failed' },
    ],
    [
      { type: 'video.succeeded', data: { task_id: 'v1' } },
      { id: 'v1', status: 'completed' },
    ],
    [
      { type: 'video.updated', data: { id: 'v1', status: 'cancelled' } },
      { id: 'v1', status: 'failed' },
    ],
    [
      { object: 'event', id: 'evt_1', type: 'video.completed', data: { id: 'video_1' } },
      { id: 'video_1', status: 'completed' },
    ],
    [
      { id: 'sora_1', object: 'video.generation', status: 'completed' },
      { id: 'sora_1', status: 'completed' },
    ],
    [
      { id: 'video_1', object: 'video', status: 'in_progress' },
      { id: 'video_1', status: 'processing' },
    ],
  ])('reads %j', (payload, event) => {
    expect(normalizeWebhookEvent(payload, DEFAULT_STATUS_ALIASES)).toEqual(event);
  });

  it.each([
    ['completed', 'completed'],
    ['failed', 'failed'],
    ['cancelled', 'failed'],
    ['expired', 'failed'],
  ] as const)("reads OpenRouter's video.generation.%s as %s", (word, status) => {
    const payload = {
      type: `video.generation.${word}`,
      created_at: '2026-04-24T12:00:00.000Z',
      data: { id: 'job_1', status: word, generation_id: null, unsigned_urls: [] },
    };
    expect(normalizeWebhookEvent(payload, DEFAULT_STATUS_ALIASES)).toEqual({ id: 'job_1', status });
  });

  it.each([
    null,
    [],
    'completed',
    { type: 'video.completed', data: {} },
    { type: 'invoice.paid', data: { id: 'in_1' } },
    { id: 'sora_1', status: 'teleported' },
    { id: 'sora_1', status: 'constructor' },
    { status: 'completed' },
    { type: 'task.updated', data: { id: 'v1', status: 'completed' } },
    { type: 'videos', data: { id: 'v1', status: 'completed' } },
    { type: 'batch.completed', id: 'batch_1', status: 'completed' },
    { id: 'batch_1', object: 'batch', status: 'completed' },
    { id: 'resp_1', object: 'response', status: 'cancelled' },
  ])('makes no event of %j', (payload) => {
    expect(normalizeWebhookEvent(payload, DEFAULT_STATUS_ALIASES)).toBeUndefined();
  });

  // Every kind of event that OpenAI signs with the same secret, each with a last word that
  // reads as a task status: none of them is a video task.
  it.each([
    'batch.completed',
    'batch.failed',
    'batch.cancelled',
    'batch.expired',
    'response.completed',
    'response.cancelled',
    'response.failed',
    'fine_tuning.job.succeeded',
    'fine_tuning.job.failed',
    'fine_tuning.job.cancelled',
    'eval.run.succeeded',
    'eval.run.failed',
    'eval.run.canceled',
    'realtime.call.incoming',
  ])('makes no event of a %s event', (type) => {
    const payload = {
      object: 'event',
      id: 'evt_1',
      type,
      data: { id: 'obj_1', status: 'completed' },
    };
    expect(normalizeWebhookEvent(payload, DEFAULT_STATUS_ALIASES)).toBeUndefined();
  });
});
