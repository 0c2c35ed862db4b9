import {
  concat,
  concatMap,
  distinctUntilChanged,
  finalize,
  map,
  Observable,
  of,
  ReplaySubject,
  type SchedulerLike,
  take,
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
  /** What to do with a task whose subscriber left before it ended; nothing without it. */
  readonly abandon?: AbandonTask | undefined;
}

/**
 * Handles a task its subscriber left before it ended: `created$` emits the create's answer (at
 * once if it came, else when it comes) and completes. The result runs in the background, its
 * end lets go of the create; it must not error.
 */
export type AbandonTask = (created$: Observable<VideoTask>) => Observable<unknown>;

/**
 * Creates a task, then watches it: emits the new task, each change, and the terminal task. The
 * create's answer is the first look at the task and the start of `maxWaitMs`; its planner says
 * when to look again, and a pushed terminal event cuts that wait short. A create answered with an
 * id that no URL can carry errors with `SORA_INVALID_TASK_ID`.
 */
export function generateVideo(
  params: CreateVideoParams,
  settings: WatchSettings,
  deps: GenerateDeps,
): Observable<VideoTask> {
  // Made at the call, so that bad params throw there.
  const create$ = deps.create(params);
  const { abandon } = deps;
  if (abandon === undefined) return createThenWatch(params, create$, settings, deps);
  return new Observable<VideoTask>((subscriber) => {
    // The create's answer, kept for a cancel: the create goes on if the subscriber leaves first.
    const created = new ReplaySubject<TaskResponse>(1);
    const createSubscription = create$.subscribe(created);
    let last: VideoTask | undefined;
    let ended = false;
    const subscription = createThenWatch(params, created, settings, deps).subscribe({
      next: (task) => {
        last = task;
        subscriber.next(task);
      },
      error: (error: unknown) => {
        ended = true;
        subscriber.error(error);
      },
      complete: () => {
        ended = true;
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      if (ended || (last !== undefined && isTerminal(last.status))) {
        createSubscription.unsubscribe();
        return;
      }
      abandon(
        created.pipe(
          take(1),
          map((response) => response.task),
        ),
      )
        .pipe(finalize(() => createSubscription.unsubscribe()))
        .subscribe();
    };
  });
}

/** The create's answer, then the watch of its task. */
function createThenWatch(
  params: CreateVideoParams,
  create$: Observable<TaskResponse>,
  { schedule }: WatchSettings,
  { watch, events, scheduler }: GenerateDeps,
): Observable<VideoTask> {
  // The length asked for tells the schedule how long the video takes at least.
  const seconds = params.seconds === undefined ? undefined : Number(params.seconds);
  return create$.pipe(
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
