import { defer, merge, type Observable, tap } from 'rxjs';
import type { TaskResponse } from '../api/fetch-video-task.js';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import type { pollUntil } from '../operators/poll-until.js';
import type { PollSchedule } from '../schedule/poll-options.js';
import type { TaskPlanner } from '../schedule/task-planner.js';

/**
 * Polls one task as `pollVideoTask` does, but also hears its pushed terminal events: each
 * one makes the waiting poll go out at once (one request, for the whole task and its
 * `video_url`), and the poll ends on whichever shows the task terminal first, that request or a
 * poll of the safety net. An event that comes while a request is in flight sends one more right
 * after it, unless that answer is already terminal; a request that starts after an event uses it
 * up, so that a terminal event the gateway does not confirm yet costs one request, not a loop.
 *
 * The server's poll hint is honoured as the shortest wait of the safety net, never as the wait,
 * so that a hint of 30 s does not turn a 5-minute safety net into 30-second polling.
 *
 * @param poll {@link pollUntil}, or in tests its twin.
 * @param deadlineMs The time left before `SORA_POLL_TIMEOUT`.
 * @param pushes$ The task's terminal events; its error ends the watch with that error.
 */
export function pollVideoTaskWithEvents(
  id: string,
  fetch$: Observable<TaskResponse>,
  schedule: PollSchedule,
  planner: TaskPlanner,
  poll: typeof pollUntil,
  deadlineMs: number,
  pushes$: Observable<unknown>,
): Observable<TaskResponse> {
  const { maxWaitMs } = schedule.options;
  return defer(() => {
    let pushed = false;
    const request$ = defer(() => {
      pushed = false;
      return fetch$;
    });
    return poll(request$, (response) => planner.observe(response), {
      intervalMs: (response) =>
        pushed ? 0 : Math.max(schedule.delayHintMs(response) ?? 0, planner.delayMs(response.task)),
      scheduler: schedule.scheduler,
      replan: merge(
        pushes$.pipe(
          tap(() => {
            pushed = true;
          }),
        ),
        schedule.planner.learner.changes,
      ),
      deadline: {
        ms: deadlineMs,
        error: (last) => new SoraPollTimeoutError(id, maxWaitMs, last?.task),
      },
    });
  });
}
