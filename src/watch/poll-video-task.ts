import type { Observable } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import type { pollUntil } from '../operators/poll-until.js';
import type { PollSchedule } from '../schedule/poll-schedule.js';
import type { TaskPlanner } from '../schedule/task-planner.js';

/**
 * Polls one task until it is terminal, emitting every response, when its planner says, and errors
 * with `SORA_POLL_TIMEOUT` at the planner's deadline. The planner's hint and its own wait go to
 * `pollUntil` apart (together they are {@link TaskPlanner.nextPollMs}), so that a wait the server
 * set is not moved by a replan.
 * @param poll {@link pollUntil}, or in tests its twin.
 */
export function pollVideoTask(
  id: string,
  fetch$: Observable<TaskResponse>,
  schedule: PollSchedule,
  planner: TaskPlanner,
  poll: typeof pollUntil,
): Observable<TaskResponse> {
  const { maxWaitMs } = schedule.options;
  // Not a spread: V8 would give each watch's copy a hidden class of its own.
  return poll(fetch$, (response) => planner.observe(response), {
    intervalMs: (response) => planner.delayMs(response.task),
    delayHintMs: schedule.hintMs,
    scheduler: schedule.scheduler,
    replan: schedule.replan,
    deadline: {
      ms: planner.timeLeftMs(),
      error: (last) => new SoraPollTimeoutError(id, maxWaitMs, last?.task),
    },
  });
}
