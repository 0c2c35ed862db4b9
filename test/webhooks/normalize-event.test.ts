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
      { type: 'task.updated', data: { id: 'v1', status: 'cancelled' } },
      { id: 'v1', status: 'failed' },
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
  ])('makes no event of %j', (payload) => {
    expect(normalizeWebhookEvent(payload, DEFAULT_STATUS_ALIASES)).toBeUndefined();
  });
});
