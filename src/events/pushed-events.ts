import { type Observable, race, type SchedulerLike, take, timer } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import type { VideoTaskEvent } from '../model/video-task-event.js';
import type { pollUntil } from '../operators/poll-until.js';
import type { PollSchedule } from '../schedule/poll-schedule.js';
import type { TaskPlanner } from '../schedule/task-planner.js';
import { pollVideoTask } from '../watch/poll-video-task.js';
import { pollVideoTaskWithEvents } from './poll-with-events.js';
import { createTaskEventHub } from './task-event-hub.js';

/**
 * How a client's watches hear pushed events of their tasks (the `events` option): a small seam,
 * so that the client never asks whether it has events. {@link NO_PUSHED_EVENTS} polls alone.
 */
export interface PushedEvents {
  /** Whether events are pushed: then the schedule's polls are a slow safety net. */
  readonly pushed: boolean;
  /** The poll loop of one task, ended early by its terminal event where events are pushed. */
  poll(
    id: string,
    fetch$: Observable<TaskResponse>,
    schedule: PollSchedule,
    planner: TaskPlanner,
    poll: typeof pollUntil,
  ): Observable<TaskResponse>;
  /** The wait before a created task's first poll, cut short by its terminal event. */
  firstPoll$(id: string, delayMs: number, scheduler: SchedulerLike): Observable<unknown>;
}

/** A client without `events`: its watches poll on their schedule. */
export const NO_PUSHED_EVENTS: PushedEvents = {
  pushed: false,
  poll: pollVideoTask,
  firstPoll$: (_id, delayMs, scheduler) => timer(delayMs, scheduler),
};

/**
 * A client's watches with pushed events: one subscription to `events$` for all of them (see
 * {@link createTaskEventHub}), and each watch's polls end on its terminal event.
 */
export function pushedEvents(events$: Observable<VideoTaskEvent>): PushedEvents {
  const hub = createTaskEventHub(events$);
  return {
    pushed: true,
    poll: (id, fetch$, schedule, planner, poll) =>
      pollVideoTaskWithEvents(id, fetch$, schedule, planner, poll, hub.terminal$(id)),
    // A pushed terminal event starts the watch at once: its first request ends it.
    firstPoll$: (id, delayMs, scheduler) =>
      race(timer(delayMs, scheduler), hub.terminal$(id).pipe(take(1))),
  };
}
