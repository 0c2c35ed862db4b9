import type { Observable } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';

/**
 * Where a watch's looks at its task come from: the task's own GET, or list pages shared with
 * other watches (`ListStatusSource`).
 */
export interface TaskSource {
  /** Names the source in the key of a shared watch: watches of two sources are not shared. */
  readonly name: string;
  /** One look at a task. */
  fetch$(id: string): Observable<TaskResponse>;
  /**
   * Runs a task's poll loop, and lets the source end it with an answer it got for others.
   * @param planner Sees such an answer first, as the poll loop shows it its own.
   */
  track(
    id: string,
    poll$: Observable<TaskResponse>,
    planner: AnswerObserver,
  ): Observable<TaskResponse>;
}

/** What sees every answer of a watch: its planner. */
export interface AnswerObserver {
  observe(response: TaskResponse): unknown;
}

/** Each look is the task's own GET. */
export function ownRequests(fetchOne: (id: string) => Observable<TaskResponse>): TaskSource {
  return { name: '', fetch$: fetchOne, track: (_id, poll$) => poll$ };
}
