import type { VideoTask } from './video-task.js';

/** Whether two snapshots of a task show the same state, so the second need not be emitted. */
export function isSameTaskState(a: VideoTask, b: VideoTask): boolean {
  return (
    a.status === b.status &&
    a.video_url === b.video_url &&
    a.error === b.error &&
    a.progress === b.progress
  );
}
