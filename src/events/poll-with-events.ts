import { defer, merge, type Observable, tap } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import type { pollUntil } from '../operators/poll-until.js';
import type { PollSchedule } from '../schedule/poll-schedule.js';
import type { TaskPlanner } from '../schedule/task-planner.js';

/**
 * Polls one task as `pollVideoTask` does, but also hears its pushed terminal events: each
 * one makes the waiting poll go out at once (one request, for the whole task and its
 * `video_url`), and the poll ends on whichever shows the task terminal first, that request or a
 * poll of the safety net. An event that comes while a request is in flight sends one more right
 * after it, unless that answer is already terminal; a request that starts after an event uses it
 * up, so that a terminal event the gateway does not confirm yet costs one request, not a loop.
 * Between events, the planner decides ({@link TaskPlanner.nextPollMs}).
 *
 * @param poll {@link pollUntil}, or in tests its twin.
 * @param pushes$ The task's terminal events; its error ends the watch with that error.
 */
export function pollVideoTaskWithEvents(
  id: string,
  fetch$: Observable<TaskResponse>,
  schedule: PollSchedule,
  planner: TaskPlanner,
  poll: typeof pollUntil,
  pushes$: Observable<unknown>,
): Observable<TaskResponse> {
  const { maxWaitMs } = schedule.options;
  return defer(() => {
    let pushed = false;
    const request$ = defer(() => {
      pushed = false;
      return fetch$;
    });
    const pushes = pushes$.pipe(
      tap(() => {
        pushed = true;
      }),
    );
    return poll(request$, (response) => planner.observe(response), {
      intervalMs: (response) => (pushed ? 0 : planner.nextPollMs(response)),
      scheduler: schedule.scheduler,
      replan: schedule.replan === undefined ? pushes : merge(pushes, schedule.replan),
      deadline: {
        ms: planner.timeLeftMs(),
        error: (last) => new SoraPollTimeoutError(id, maxWaitMs, last?.task),
      },
    });
  });
}
