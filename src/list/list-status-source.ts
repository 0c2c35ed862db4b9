// Over 300 lines on purpose: the list source is one scheduler of shared pages (which tasks wait,
// which page serves them, when to fall back to a task's own GET), and its state is read by every
// part of it; its page plans are already apart, in list-page-plan.ts.
import { Observable, type SchedulerLike, type Subscriber, Subscription } from 'rxjs';
import type { VideoPage } from '../api/fetch-video-page.js';
import type { TaskResponse } from '../api/task-response.js';
import { isSoraError } from '../errors/is-sora-error.js';
import { isTerminal } from '../model/video-status.js';
import type { AnswerObserver, TaskSource } from '../watch/task-source.js';
import {
  forgetOrder,
  newTrackedTask,
  notePageOrder,
  type PageOrder,
  type PagePlan,
  planNeighbourPage,
  type TrackedTask,
} from './list-page-plan.js';
import type { ResolvedListPolling } from './list-polling-options.js';
import { isNoList } from './no-list-answer.js';

/** A watch whose answers nothing needs to see. */
const NO_OBSERVER: AnswerObserver = { observe: () => undefined };

/** How long a list that cannot be read (a page too large, a 4xx) is left alone: 5 minutes. */
const LIST_RETRY_AFTER_MS = 300_000;

/**
 * Answers the polls of many watched tasks with list pages (`GET /videos`) instead of one
 * `GET /videos/{id}` each. Each task's own schedule still decides when it needs a look; a poll
 * then gets, at once, what a page showed of the task less than `maxAgeMs` ago, or waits for the
 * sweep of pages that serves every task due at that moment:
 *
 * - a task never seen on a page is looked for from the newest page down (as many pages as the
 *   tracked tasks fill, plus one, at least five), after waiting up to half of `maxAgeMs` for
 *   other new tasks to share the page; one the pages did not show is polled by its own GET from
 *   then on;
 * - a task seen on a page is asked for with the page that starts with it, oldest first, which
 *   brings the tasks made after it, due next where tasks are polled in the order they were made;
 * - a page that shows a task completed or failed ends that task's watch at once, with that task,
 *   whether it was due or not;
 * - a page that fails sends its tasks to their own GET for this poll; in `'auto'` mode, a
 *   gateway whose first page answers 400, 404, 405 or 501, or JSON that is not a list, is never
 *   asked again; an HTML page or a body cut short is not taken for an answer;
 * - a page that cannot be read (larger than `maxResponseBytes`, a 4xx, JSON that is not a list)
 *   is given up for {@link LIST_RETRY_AFTER_MS}: polls meanwhile go to their own GET at their own
 *   interval, instead of waiting for a page refused again at every sweep;
 * - a page that failed for a passing reason (a 5xx, a 429, a dropped connection) rests the list
 *   for the client's retry wait (at least 1 s by default, longer after each failure in a row).
 *
 * Nothing outlives its subscribers: a sweep whose last waiting poll is unsubscribed aborts its
 * request and its timer.
 */
export class ListStatusSource implements TaskSource {
  /** Names the source in the key of a shared watch. */
  readonly name = 'list';
  private readonly tracked = new Map<string, TrackedTask>();
  /** The polls waiting for a page, by task id. */
  private readonly waiting = new Map<string, Subscriber<TaskResponse>[]>();
  /** The page request in flight, if any. */
  private request: Subscription | undefined;
  /** The start of the next sweep, and when it is due on the scheduler's clock. */
  private start: Subscription | undefined;
  private startAtMs = 0;
  /** Where paging from the top goes on, within the current sweep. */
  private topAfter: string | undefined;
  private topPages = 0;
  /**
   * The due tasks never seen on a page when the paging from the top began: the ones it gives up
   * on at its end. A task that comes due later is newer than the pages read: paging starts again.
   */
  private readonly topCandidates = new Set<string>();
  /** Due tasks whose own page was asked for in this sweep. */
  private readonly tried = new Set<string>();
  /** Whether the gateway lists videos: unknown until a first page answers. */
  private lists: boolean | undefined;
  /** Until when, on the scheduler's clock, a list that could not be read is left alone. */
  private listAgainAtMs = Number.NEGATIVE_INFINITY;
  /** Pages failed in a row for a passing reason (a 5xx, a dropped connection): their backoff. */
  private pageFailures = 0;

  /**
   * @param options The resolved `listPolling` option.
   * @param fetchPage One page of the list in an order, after an id (from the start without one).
   * @param fetchOne One GET of a task: the fallback.
   * @param scheduler The clock of `maxAgeMs`, and the timer of a sweep's start.
   * @param backoff How long the list rests after its `failures`-th page in a row failed for a
   *   passing reason: the client's retry wait, so that no page follows a 503 sooner than a retry.
   */
  constructor(
    private readonly options: ResolvedListPolling,
    private readonly fetchPage: (
      after: string | undefined,
      order: PageOrder,
    ) => Observable<VideoPage>,
    private readonly fetchOne: (id: string) => Observable<TaskResponse>,
    private readonly scheduler: SchedulerLike,
    private readonly backoff: (error: unknown, failures: number) => number,
  ) {}

  /** Whether list pages are read at all: never with `false`, nor once found missing. */
  get enabled(): boolean {
    return this.options.mode !== false && this.lists !== false;
  }

  /** Whether a poll may wait for a page now: not while a list that could not be read rests. */
  private get listing(): boolean {
    return this.enabled && this.scheduler.now() >= this.listAgainAtMs;
  }

  /**
   * Tracks a task while `poll$` runs: its polls may then be answered from pages, and a page that
   * shows it completed or failed (read for other tasks) ends its watch at once, with that task,
   * without waiting for its next poll. A task tracked by no watch keeps nothing in the source.
   * @param planner Sees such an answer first, as the poll loop shows it its own.
   */
  track(
    id: string,
    poll$: Observable<TaskResponse>,
    planner: AnswerObserver = NO_OBSERVER,
  ): Observable<TaskResponse> {
    if (!this.enabled) return poll$;
    return new Observable<TaskResponse>((subscriber) => {
      let tracked = this.tracked.get(id);
      if (tracked === undefined) {
        tracked = newTrackedTask();
        this.tracked.set(id, tracked);
      }
      const task = tracked;
      const watch = { subscriber, planner };
      task.watches.push(watch);
      const subscription = poll$.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        const index = task.watches.indexOf(watch);
        if (index !== -1) task.watches.splice(index, 1);
        if (task.watches.length === 0 && this.tracked.get(id) === task) this.tracked.delete(id);
      };
    });
  }

  /** One look at a task: from a fresh page, from the next sweep, or from its own GET. */
  fetch$(id: string): Observable<TaskResponse> {
    return new Observable<TaskResponse>((subscriber) => {
      const task = this.tracked.get(id);
      if (task === undefined || task.unlisted || !this.listing) {
        return this.fetchOne(id).subscribe(subscriber);
      }
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
      // A task seen on a page goes at once, yet after the polls due at this same moment have
      // joined; a new one waits a little for other new ones, to share the newest page with them,
      // once: while pages fail, its later polls keep their interval.
      const share = !task.seen && !task.waited && this.worthListing();
      task.waited = true;
      this.startIn(share ? this.options.maxAgeMs / 2 : 0);
      return () => this.leave(id, subscriber);
    });
  }

  /** A task watched alone is cheaper by its own GET; `true` lists even then, as the user asked. */
  private worthListing(): boolean {
    return this.options.mode === true || this.tracked.size >= 2;
  }

  /** Starts a sweep within `delayMs`, unless one runs or starts sooner. */
  private startIn(delayMs: number): void {
    if (this.request !== undefined) return;
    const atMs = this.scheduler.now() + delayMs;
    if (this.start !== undefined && this.startAtMs <= atMs) return;
    this.start?.unsubscribe();
    this.startAtMs = atMs;
    this.start = this.scheduler.schedule(() => {
      this.start = undefined;
      this.pump();
    }, delayMs);
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
    const listing = this.waiting.size > 0 && this.worthListing() && this.listing;
    const plan = listing ? this.plan() : undefined;
    if (plan === undefined) {
      for (const id of [...this.waiting.keys()]) this.fallBack(id);
      this.endSweep();
      return;
    }
    const request = new Subscription();
    this.request = request;
    request.add(
      this.fetchPage(plan.after, plan.order).subscribe({
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
   * The next page to ask for: from the top while a due task was never seen on a page, else the
   * one that starts with a due task not yet asked for.
   */
  private plan(): PagePlan | undefined {
    const unseen: string[] = [];
    for (const id of this.waiting.keys()) {
      if (this.tracked.get(id)?.seen === false) unseen.push(id);
    }
    if (unseen.length > 0) return this.planTop(unseen);
    const due = [...this.waiting.keys()].filter((id) => !this.tried.has(id));
    const plan = planNeighbourPage(due, this.tracked, (id) => this.waiting.has(id));
    if (plan?.forId !== undefined) this.tried.add(plan.forId);
    return plan;
  }

  /** The next page from the top, or the first one again for due tasks newer than those read. */
  private planTop(unseen: readonly string[]): PagePlan {
    if (this.topPages === 0 || !unseen.some((id) => this.topCandidates.has(id))) {
      this.topAfter = undefined;
      this.topPages = 0;
      this.topCandidates.clear();
      for (const id of unseen) this.topCandidates.add(id);
    }
    return { after: this.topAfter, order: 'desc', forId: undefined };
  }

  /** A page arrived: answers the polls of its tasks and keeps what it showed of the others. */
  private receive(plan: PagePlan, page: VideoPage): void {
    this.lists = true;
    this.pageFailures = 0;
    notePageOrder(plan, page, this.tracked);
    const now = this.scheduler.now();
    for (const task of page.tasks) {
      const tracked = this.tracked.get(task.id);
      if (tracked === undefined) continue;
      if (task.created !== undefined) tracked.created = task.created;
      const response = { task, pollAfterMs: page.pollAfterMs, serverDate: page.serverDate };
      if (this.waiting.has(task.id)) this.answer(task.id, response);
      else if (isTerminal(task.status)) this.end(tracked, response);
      else {
        tracked.snapshot = response;
        tracked.snapshotAtMs = now;
      }
    }
    if (plan.forId === undefined) {
      this.topAfter = page.ids.at(-1);
      this.topPages += 1;
      if (!page.hasMore || page.ids.length === 0 || this.topPages >= this.maxTopPages()) {
        this.finishTopPaging();
      }
    }
    // A task that did not decode, or is no longer where its neighbour says, gets its own GET.
    for (const id of page.ids) if (this.waiting.has(id)) this.fallBack(id);
    if (plan.forId !== undefined && this.waiting.has(plan.forId)) {
      forgetOrder(this.tracked.get(plan.forId));
      this.fallBack(plan.forId);
    }
  }

  /** How many pages from the top a sweep reads at most: what the tracked tasks fill, plus one. */
  private maxTopPages(): number {
    return Math.max(5, Math.ceil(this.tracked.size / this.options.pageSize) + 1);
  }

  /** The pages from the top are read: a due task they did not show is polled by its own GET. */
  private finishTopPaging(): void {
    for (const id of this.topCandidates) {
      const tracked = this.tracked.get(id);
      if (tracked?.seen === false && this.waiting.has(id)) {
        tracked.unlisted = true;
        this.fallBack(id);
      }
    }
    this.topAfter = undefined;
    this.topPages = 0;
    this.topCandidates.clear();
  }

  /**
   * A page failed: its tasks go to their own GET; a gateway without a list is not asked again,
   * a list that cannot be read not for {@link LIST_RETRY_AFTER_MS}, and one that failed for a
   * passing reason not before the client's retry wait.
   */
  private fail(plan: PagePlan, error: unknown): void {
    const firstPage = plan.after === undefined && this.lists === undefined;
    // A page refused from a task's neighbour: the neighbour may be gone. Not so for a 5xx.
    const neighbourGone = plan.forId !== undefined && isNoList(error);
    if (firstPage && this.options.mode === 'auto' && isNoList(error)) {
      this.lists = false;
      for (const task of this.tracked.values()) task.snapshot = undefined;
    } else if (neighbourGone) {
      forgetOrder(this.tracked.get(plan.forId));
    } else {
      this.listAgainAtMs =
        this.scheduler.now() +
        (isUnreadable(error) ? LIST_RETRY_AFTER_MS : this.backoff(error, ++this.pageFailures));
    }
    for (const id of [...this.waiting.keys()]) this.fallBack(id);
    this.endSweep();
  }

  /** Ends every watch of a task that a page showed terminal, with that task. */
  private end(tracked: TrackedTask, response: TaskResponse): void {
    tracked.snapshot = undefined;
    for (const { subscriber, planner } of tracked.watches.slice()) {
      planner.observe(response);
      subscriber.next(response);
      subscriber.complete();
    }
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

  /** Ends the sweep: aborts its request and its timer, and forgets where it was. */
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
    this.topCandidates.clear();
  }
}

/**
 * Whether a page failed for a reason the next sweep would meet again: a body too large, a 4xx,
 * JSON that is not a list. Not so for a 5xx, a dropped connection or a proxy's HTML page.
 */
function isUnreadable(error: unknown): boolean {
  return isSoraError(error) && !error.retryable;
}
