import { Observable, type SchedulerLike, type Subscriber, Subscription } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import type { VideoPage } from './fetch-video-page.js';
import type { TaskResponse } from './fetch-video-task.js';
import type { ResolvedListPolling } from './list-polling-options.js';

/** The statuses with which a gateway says that it has no list of videos. */
const NO_LIST_STATUSES = new Set([400, 404, 405, 501]);

/** What the source knows of one task that a watch tracks. */
interface TrackedTask {
  /** How many watches track it. */
  watches: number;
  /**
   * The id just before it in the newest-first list (`null`: it was first), from which a page
   * starts with it; `undefined` until a page showed it.
   */
  cursor: string | null | undefined;
  /** Its `created`, for the order in which due tasks are looked for. */
  created: number;
  /** Its state read from a page, not yet handed to a poll, and when it was read. */
  snapshot: TaskResponse | undefined;
  snapshotAtMs: number;
  /** The newest pages did not show it: it is polled by its own GET. */
  unlisted: boolean;
}

/** The request a sweep makes next: a page from the top, or from a due task's cursor. */
interface PagePlan {
  readonly after: string | undefined;
  /** The due task the page is for, or `undefined` for the next page from the top. */
  readonly forId: string | undefined;
}

/**
 * Answers the polls of many watched tasks with list pages (`GET /videos`) instead of one
 * `GET /videos/{id}` each. Each task's own schedule still decides when it needs a look; a poll
 * then gets, at once, what a page showed of the task less than `maxAgeMs` ago, or waits for the
 * sweep of pages that serves every task due at that moment:
 *
 * - a task never seen on a page is looked for from the newest page down (as many pages as the
 *   tracked tasks fill, plus one, at least five); one the pages did not show is polled by its own
 *   GET from then on;
 * - a task seen on a page is asked for with the page that starts at it (`after` the id before
 *   it), which brings the tasks that follow it too;
 * - a page that fails sends its tasks to their own GET for this poll; in `'auto'` mode, a
 *   gateway whose first page answers 400, 404, 405 or 501, or not a list, is never asked again.
 *
 * Nothing outlives its subscribers: a sweep whose last waiting poll is unsubscribed aborts its
 * request. It sets no timer of its own.
 */
export class ListStatusSource {
  private readonly tracked = new Map<string, TrackedTask>();
  /** The polls waiting for a page, by task id. */
  private readonly waiting = new Map<string, Subscriber<TaskResponse>[]>();
  /** The page request in flight, if any. */
  private request: Subscription | undefined;
  /** The start of a sweep, put off until the polls due at this moment have all come. */
  private start: Subscription | undefined;
  /** Where paging from the top goes on, within the current sweep. */
  private topAfter: string | undefined;
  private topPages = 0;
  /** Due tasks whose own page was asked for in this sweep. */
  private readonly tried = new Set<string>();
  /** Whether the gateway lists videos: unknown until a first page answers. */
  private lists: boolean | undefined;

  /**
   * @param options The resolved `listPolling` option.
   * @param fetchPage One page of the list, newest first.
   * @param fetchOne One GET of a task: the fallback.
   * @param scheduler The clock of `maxAgeMs`.
   */
  constructor(
    private readonly options: ResolvedListPolling,
    private readonly fetchPage: (after: string | undefined) => Observable<VideoPage>,
    private readonly fetchOne: (id: string) => Observable<TaskResponse>,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** Whether list pages are read at all: never with `false`, nor once found missing. */
  get enabled(): boolean {
    return this.options.mode !== false && this.lists !== false;
  }

  /**
   * Tracks a task while `poll$` runs: its polls may then be answered from pages. A task tracked
   * by no watch keeps nothing in the source.
   */
  track<T>(id: string, poll$: Observable<T>): Observable<T> {
    if (!this.enabled) return poll$;
    return new Observable<T>((subscriber) => {
      let task = this.tracked.get(id);
      if (task === undefined) {
        task = {
          watches: 0,
          cursor: undefined,
          created: 0,
          snapshot: undefined,
          snapshotAtMs: 0,
          unlisted: false,
        };
        this.tracked.set(id, task);
      }
      task.watches += 1;
      const tracked = task;
      const subscription = poll$.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        tracked.watches -= 1;
        if (tracked.watches === 0 && this.tracked.get(id) === tracked) this.tracked.delete(id);
      };
    });
  }

  /** One look at a task: from a fresh page, from the next sweep, or from its own GET. */
  fetch$(id: string): Observable<TaskResponse> {
    return new Observable<TaskResponse>((subscriber) => {
      const task = this.tracked.get(id);
      if (task === undefined || !this.shouldList(task))
        return this.fetchOne(id).subscribe(subscriber);
      const { snapshot } = task;
      if (snapshot !== undefined) {
        task.snapshot = undefined;
        if (this.scheduler.now() - task.snapshotAtMs <= this.options.maxAgeMs) {
          subscriber.next(snapshot);
          subscriber.complete();
          return undefined;
        }
      }
      const waiters = this.waiting.get(id);
      if (waiters === undefined) this.waiting.set(id, [subscriber]);
      else waiters.push(subscriber);
      // Without delay, but after the polls due at this same moment have joined.
      if (this.request === undefined && this.start === undefined) {
        this.start = this.scheduler.schedule(() => {
          this.start = undefined;
          this.pump();
        });
      }
      return () => this.leave(id, subscriber);
    });
  }

  /** Whether a poll of `task` goes to the pages rather than its own GET. */
  private shouldList(task: TrackedTask): boolean {
    return this.enabled && !task.unlisted;
  }

  /** A waiting poll went away: a sweep that nobody waits for any more stops. */
  private leave(id: string, subscriber: Subscriber<TaskResponse>): void {
    const waiters = this.waiting.get(id);
    if (waiters === undefined) return;
    const index = waiters.indexOf(subscriber);
    if (index === -1) return;
    waiters.splice(index, 1);
    if (waiters.length === 0) this.waiting.delete(id);
    if (this.waiting.size === 0) this.endSweep();
  }

  /** Sends the next page request of the sweep, if one is needed and none is in flight. */
  private pump(): void {
    if (this.request !== undefined) return;
    // A task watched alone is cheaper by its own GET; `true` lists even then, as the user asked.
    const worthIt = this.options.mode === true || this.tracked.size >= 2;
    const plan = this.waiting.size === 0 || !worthIt || !this.enabled ? undefined : this.plan();
    if (plan === undefined) {
      for (const id of [...this.waiting.keys()]) this.fallBack(id);
      this.endSweep();
      return;
    }
    const request = new Subscription();
    this.request = request;
    request.add(
      this.fetchPage(plan.after).subscribe({
        next: (page) => {
          if (this.request !== request) return;
          this.request = undefined;
          this.receive(plan, page);
          this.pump();
        },
        error: (error: unknown) => {
          if (this.request !== request) return;
          this.request = undefined;
          this.fail(plan, error);
          this.pump();
        },
      }),
    );
  }

  /**
   * The next page to ask for: from the top while a due task was never seen on a page, else from
   * the cursor of a due task not yet asked for, the first of a run of due tasks if it can tell
   * (its cursor is not itself due), the newest first.
   */
  private plan(): PagePlan | undefined {
    let best: [string, TrackedTask, boolean] | undefined;
    for (const id of this.waiting.keys()) {
      const task = this.tracked.get(id);
      if (task === undefined) continue;
      if (task.cursor === undefined) return { after: this.topAfter, forId: undefined };
      if (this.tried.has(id)) continue;
      const first =
        task.cursor === null || !this.waiting.has(task.cursor) || this.tried.has(task.cursor);
      if (
        best === undefined ||
        (first && !best[2]) ||
        (first === best[2] && task.created > best[1].created)
      ) {
        best = [id, task, first];
      }
    }
    if (best === undefined) return undefined;
    this.tried.add(best[0]);
    return { after: best[1].cursor ?? undefined, forId: best[0] };
  }

  /** A page arrived: answers the polls of its tasks and keeps what it showed of the others. */
  private receive(plan: PagePlan, page: VideoPage): void {
    this.lists = true;
    const now = this.scheduler.now();
    const byId = new Map(page.tasks.map((task) => [task.id, task]));
    let previous: string | null = plan.after ?? null;
    for (const id of page.ids) {
      const tracked = this.tracked.get(id);
      const task = byId.get(id);
      if (tracked !== undefined) {
        tracked.cursor = previous;
        if (task !== undefined) {
          tracked.created = task.created;
          const response = { task, pollAfterMs: page.pollAfterMs, serverDate: page.serverDate };
          if (this.waiting.has(id)) this.answer(id, response);
          else {
            tracked.snapshot = response;
            tracked.snapshotAtMs = now;
          }
        }
      }
      previous = id;
    }
    if (plan.forId === undefined) {
      this.topAfter = page.ids.at(-1);
      this.topPages += 1;
      if (!page.hasMore || page.ids.length === 0 || this.topPages >= this.maxTopPages()) {
        this.finishTopPaging();
      }
    }
    // A task that did not decode, or is no longer where its cursor says, gets its own GET.
    for (const id of page.ids) if (this.waiting.has(id)) this.fallBack(id);
    if (plan.forId !== undefined && this.waiting.has(plan.forId)) {
      const tracked = this.tracked.get(plan.forId);
      if (tracked !== undefined) tracked.cursor = undefined;
      this.fallBack(plan.forId);
    }
  }

  /** How many pages from the top a sweep reads at most: what the tracked tasks fill, plus one. */
  private maxTopPages(): number {
    return Math.max(5, Math.ceil(this.tracked.size / this.options.pageSize) + 1);
  }

  /** The pages from the top are read: a due task they did not show is polled by its own GET. */
  private finishTopPaging(): void {
    for (const id of [...this.waiting.keys()]) {
      const tracked = this.tracked.get(id);
      if (tracked?.cursor === undefined) {
        if (tracked !== undefined) tracked.unlisted = true;
        this.fallBack(id);
      }
    }
    this.topAfter = undefined;
    this.topPages = 0;
  }

  /** A page failed: its tasks go to their own GET; a gateway without a list is not asked again. */
  private fail(plan: PagePlan, error: unknown): void {
    const firstPage = plan.after === undefined && this.lists === undefined;
    if (firstPage && this.options.mode === 'auto' && isNoList(error)) {
      this.lists = false;
      for (const task of this.tracked.values()) task.snapshot = undefined;
    }
    if (plan.forId !== undefined) {
      const tracked = this.tracked.get(plan.forId);
      if (tracked !== undefined) tracked.cursor = undefined;
    }
    for (const id of [...this.waiting.keys()]) this.fallBack(id);
    this.endSweep();
  }

  /** Hands a page's task to every poll waiting for it. */
  private answer(id: string, response: TaskResponse): void {
    const waiters = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    for (const subscriber of waiters) {
      subscriber.next(response);
      subscriber.complete();
    }
  }

  /** Sends the polls waiting for a task to its own GET. */
  private fallBack(id: string): void {
    const waiters = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    for (const subscriber of waiters) subscriber.add(this.fetchOne(id).subscribe(subscriber));
  }

  /** Ends the sweep: aborts its request and forgets where it was. */
  private endSweep(): void {
    if (this.waiting.size > 0) return;
    const { request, start } = this;
    this.request = undefined;
    this.start = undefined;
    request?.unsubscribe();
    start?.unsubscribe();
    this.tried.clear();
    this.topAfter = undefined;
    this.topPages = 0;
  }
}

/** Whether a failed first page says that the gateway has no list of videos. */
function isNoList(error: unknown): boolean {
  if (isSoraError(error, 'SORA_DECODE')) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return (
    (isSoraError(error, 'SORA_NOT_FOUND') ||
      isSoraError(error, 'SORA_HTTP') ||
      isSoraError(error, 'SORA_SERVER')) &&
    typeof status === 'number' &&
    NO_LIST_STATUSES.has(status)
  );
}
