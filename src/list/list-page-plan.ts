import type { Subscriber } from 'rxjs';
import type { VideoPage } from '../api/fetch-video-page.js';
import type { TaskResponse } from '../api/task-response.js';
import type { AnswerObserver } from '../watch/task-source.js';

/** The order of a page: `desc` is newest first, `asc` oldest first. */
export type PageOrder = 'asc' | 'desc';

/** One watch of a tracked task: its poll loop's subscriber, and its planner, which sees its answers. */
export interface TrackingWatch {
  readonly subscriber: Subscriber<TaskResponse>;
  readonly planner: AnswerObserver;
}

/** What a list source knows of one task that a watch tracks. */
export interface TrackedTask {
  /** The watches that track it: each ends with a terminal task that a page shows. */
  readonly watches: TrackingWatch[];
  /** Whether a page showed it. */
  seen: boolean;
  /** The id just newer in the list (`null`: none), once a page showed it. */
  newer: string | null | undefined;
  /** The id just older in the list (`null`: none), once a page showed it. */
  older: string | null | undefined;
  /** Its `created`, to look for the oldest due task first. */
  created: number;
  /** Its state read from a page, not yet handed to a poll, and when it was read. */
  snapshot: TaskResponse | undefined;
  snapshotAtMs: number;
  /** The newest pages did not show it: it is polled by its own GET. */
  unlisted: boolean;
  /** Whether it already waited, once, for other new tasks to share the newest page. */
  waited: boolean;
}

/** A page to ask for: from the top (newest first), or from the neighbour of a due task. */
export interface PagePlan {
  readonly after: string | undefined;
  readonly order: PageOrder;
  /** The due task the page starts with, or `undefined` for the next page from the top. */
  readonly forId: string | undefined;
}

/** A tracked task that no page showed yet. */
export function newTrackedTask(): TrackedTask {
  return {
    watches: [],
    seen: false,
    newer: undefined,
    older: undefined,
    created: 0,
    snapshot: undefined,
    snapshotAtMs: 0,
    unlisted: false,
    waited: false,
  };
}

/**
 * The page for the next due task not yet asked for: the one that starts with it, oldest first
 * (`after` its older neighbour), so that it brings the newer tasks, which fall due next where
 * tasks are polled in the order they were made; newest first where only its newer neighbour is
 * known. Of the due tasks, the oldest whose older neighbour is not due as well goes first: its
 * page also brings the due tasks that follow it.
 */
export function planNeighbourPage(
  due: Iterable<string>,
  tracked: ReadonlyMap<string, TrackedTask>,
  isDue: (id: string) => boolean,
): PagePlan | undefined {
  let best: [string, TrackedTask, boolean] | undefined;
  for (const id of due) {
    const task = tracked.get(id);
    if (task === undefined || !task.seen) continue;
    const first = task.older === null || task.older === undefined || !isDue(task.older);
    const better =
      best === undefined ||
      (first && !best[2]) ||
      (first === best[2] && task.created < best[1].created);
    if (better) best = [id, task, first];
  }
  if (best === undefined) return undefined;
  const [id, task] = best;
  if (task.older !== undefined) return { after: task.older ?? undefined, order: 'asc', forId: id };
  return { after: task.newer ?? undefined, order: 'desc', forId: id };
}

/**
 * Records where each tracked task of a page stands in the list: its newer and older neighbours.
 * The first item's neighbour on the cursor's side is the cursor (none without one); the last
 * item's on the other side is unknown, unless the page is the list's last.
 */
export function notePageOrder(
  plan: PagePlan,
  page: VideoPage,
  tracked: ReadonlyMap<string, TrackedTask>,
): void {
  const { ids } = page;
  for (let index = 0; index < ids.length; index++) {
    const task = tracked.get(ids[index] as string);
    if (task === undefined) continue;
    const before = index === 0 ? (plan.after ?? null) : (ids[index - 1] as string);
    const after =
      index < ids.length - 1 ? (ids[index + 1] as string) : page.hasMore ? undefined : null;
    task.seen = true;
    if (plan.order === 'desc') {
      task.newer = before;
      if (after !== undefined) task.older = after;
    } else {
      task.older = before;
      if (after !== undefined) task.newer = after;
    }
  }
}

/** Forgets where a task stood: its neighbours did not lead to it. */
export function forgetOrder(task: TrackedTask | undefined): void {
  if (task === undefined) return;
  task.seen = false;
  task.newer = undefined;
  task.older = undefined;
}
