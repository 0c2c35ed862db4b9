import { describe, expect, it } from 'vitest';
import {
  createFleetProcessor,
  createFleetWorker,
  enqueueVideo,
  enqueueWatch,
  type FleetQueue,
  fleetStatus$,
  SoraFleetJobError,
} from '../../src/bullmq/index.js';

/** A queue that must not be reached: every check happens before. */
const unreachable = {
  add: () => expect.fail('the queue was reached'),
} as unknown as FleetQueue;
const client = { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k' };
const rateLimit = async () => {};

describe('the fleet checks its inputs at once', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['an empty prompt', () => enqueueVideo(unreachable, { prompt: '' }), /`prompt`/],
    ['a bad length', () => enqueueVideo(unreachable, { prompt: 'a', seconds: 'ten' }), /`seconds`/],
    [
      'a key with a colon',
      () => enqueueVideo(unreachable, { prompt: 'a' }, { idempotencyKey: 'a:b' }),
      /`idempotencyKey`/,
    ],
    [
      'a key that is a number',
      () => enqueueVideo(unreachable, { prompt: 'a' }, { idempotencyKey: '42' }),
      /`idempotencyKey`/,
    ],
    ['a task id that climbs the path', () => enqueueWatch(unreachable, '..'), /`id`/],
    ['a task id that is not a string', () => enqueueWatch(unreachable, 42 as never), /`id`/],
    [
      'an unknown processor option',
      () => createFleetProcessor({ client, rateLimit, dir: 'x' } as never),
      /dir/,
    ],
    ['no rateLimit', () => createFleetProcessor({ client } as never), /`rateLimit`/],
    [
      'a save without dir',
      () => createFleetProcessor({ client, rateLimit, save: {} as never }),
      /`save`/,
    ],
    [
      'a bad client option',
      () => createFleetProcessor({ client: { ...client, requestTimeoutMs: -1 }, rateLimit }),
      /`requestTimeoutMs`/,
    ],
    [
      'a worker without limiter',
      () => createFleetWorker('q', { connection: {}, client } as never),
      /`limiter.max`/,
    ],
    [
      'a worker with a limiter of zero',
      () => createFleetWorker('q', { connection: {}, client, limiter: { max: 0, duration: 1000 } }),
      /`limiter.max`/,
    ],
    ['an empty job id', () => fleetStatus$({} as never, ''), /`jobId`/],
  ])('refuses %s with a TypeError that names it', (_, call, name) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(name);
  });
});

describe('SoraFleetJobError', () => {
  it.each([
    ['SORA_NOT_FOUND: GET /v1/videos/x answered 404, not found', 'SORA_NOT_FOUND'],
    ['TypeError: Expected `prompt` to be a non-empty string', 'TypeError'],
    ['job stalled more than allowable limit', undefined],
  ])('reads the code that leads the reason %j', (reason, code) => {
    const error = new SoraFleetJobError('j1', reason);
    expect(error).toMatchObject({ code: 'SORA_FLEET_JOB_FAILED', jobId: 'j1', reasonCode: code });
  });
});
