import { describe, it } from 'vitest';
import { SoraTaskFailedError } from '../../src/errors/task-errors.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { throwIfFailed } from '../../src/watch/throw-if-failed.js';
import { createTestScheduler } from '../helpers/marbles.js';

const base = {
  id: 'sora_1',
  object: 'video.generation',
  created: 1,
  model: 'sora-2',
  video_url: null,
  error: null,
};
const queued: VideoTask = { ...base, status: 'queued' };
const failed: VideoTask = { ...base, status: 'failed', error: 'content policy' };

describe('throwIfFailed', () => {
  it('passes tasks through and turns a failed one into SORA_TASK_FAILED carrying the task', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-q-f|', { q: queued, f: failed }).pipe(throwIfFailed())).toBe(
        '-q-#',
        { q: queued },
        new SoraTaskFailedError(failed),
      );
    });
  });
});
