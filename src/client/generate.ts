import {
  concat,
  concatMap,
  distinctUntilChanged,
  type Observable,
  of,
  type SchedulerLike,
  throwError,
  timer,
} from 'rxjs';
import { taskIdError } from '../api/api-request.js';
import type { CreateVideoParams } from '../api/create-params.js';
import type { TaskResponse } from '../api/task-response.js';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import type { PushedEvents } from '../events/pushed-events.js';
import { isSameTaskState } from '../model/is-same-task-state.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import type { KnownTask } from '../schedule/task-planner.js';
import type { WatchSettings } from './watch-settings.js';

/** What `generate$` is made of. */
export interface GenerateDeps {
  /** Sends a create, as `createVideo$` does. */
  readonly create: (params: CreateVideoParams) => Observable<TaskResponse>;
  /** Watches a created task, with what is known of it. */
  readonly watch: (id: string, known: KnownTask) => Observable<VideoTask>;
  readonly events: PushedEvents;
  readonly scheduler: SchedulerLike;
}

/**
 * Creates a task, then watches it: emits the new task, each change, and the terminal task. The
 * create's answer is the first look at the task and the start of `maxWaitMs`; its planner says
 * when to look again, and a pushed terminal event cuts that wait short. A create answered with an
 * id that no URL can carry errors with `SORA_INVALID_TASK_ID`.
 */
export function generateVideo(
  params: CreateVideoParams,
  { schedule }: WatchSettings,
  { create, watch, events, scheduler }: GenerateDeps,
): Observable<VideoTask> {
  // The length asked for tells the schedule how long the video takes at least.
  const seconds = params.seconds === undefined ? undefined : Number(params.seconds);
  return create(params).pipe(
    concatMap((response) => {
      const created = response.task;
      // A created task whose id no URL can carry can be neither watched nor downloaded.
      const invalid = taskIdError(created.id);
      if (invalid !== undefined) return throwError(() => invalid);
      if (isTerminal(created.status)) return of(created);
      // A length the user set in the options wins over the one asked for.
      const known = {
        videoSeconds: schedule.options.videoSeconds ?? seconds,
        createdAtMs: scheduler.now(),
      };
      const planner = schedule.planTask(known);
      planner.observe(response);
      const firstPollMs = planner.nextPollMs(response);
      const timeLeftMs = planner.timeLeftMs();
      const watch$ =
        firstPollMs < timeLeftMs
          ? events
              .firstPoll$(created.id, firstPollMs, scheduler)
              .pipe(concatMap(() => watch(created.id, known)))
          : timer(timeLeftMs, scheduler).pipe(
              concatMap(() =>
                throwError(
                  () => new SoraPollTimeoutError(created.id, schedule.options.maxWaitMs, created),
                ),
              ),
            );
      return concat(of(created), watch$);
    }),
    distinctUntilChanged(isSameTaskState),
  );
}
