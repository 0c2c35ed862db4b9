import { finalize, Observable, type Subscriber } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import type { PushedEvents } from '../events/pushed-events.js';
import type { VideoTask } from '../model/video-task.js';
import type { KnownTask } from '../schedule/task-planner.js';
import type { Releasable, StartLine, WatchStarter } from '../watch/start-line.js';
import type { TaskSource } from '../watch/task-source.js';
import type { WatchParts } from '../watch/watch-parts.js';
import type { WatchSettings } from './watch-settings.js';

// A burst may subscribe tens of thousands of watches in one loop, and a client may keep as many
// waiting on their timers: each watch here is a few small objects with shared subscribe functions,
// not a chain of `defer`s and closures built for every call.

/** The shared watches of a client, as a watch sees them. */
export interface WatchRegistry {
  /** Paces the start of the poll loops. */
  readonly line: StartLine;
  /** The poll loop and the sharing: hand-written, or in tests their twins. */
  readonly parts: WatchParts;
  /** The client's pushed events, or none. */
  readonly events: PushedEvents;
  /** The running watch of `id` among the watches keyed `key`. */
  running(key: string | undefined, id: string): Observable<VideoTask> | undefined;
  /** Lists a watch that starts. */
  add(key: string | undefined, id: string, watch: Observable<VideoTask>): void;
  /** Forgets a watch that ended, if it is still the one listed. */
  drop(key: string | undefined, id: string, watch: Observable<VideoTask>): void;
}

/**
 * What the watches of one call have in common, made once for every id of a call or a batch: it
 * starts the watch of an id when its turn in the client's start line comes.
 */
export class WatchKind implements WatchStarter<string, VideoTask> {
  constructor(
    readonly registry: WatchRegistry,
    /** The watch's schedule and retries. */
    readonly settings: WatchSettings,
    /** Where the looks at the task come from. */
    readonly source: TaskSource,
    /** What the caller knows beyond the task's fields (its length, its creation). */
    readonly known: KnownTask,
    /** The key under which watches of this kind are shared; `undefined`: never shared. */
    readonly key: string | undefined,
    /** The key of the call's options alone, to tell a call of the same kind. */
    readonly optionsKey: string | undefined,
  ) {}

  get line(): StartLine {
    return this.registry.line;
  }

  /** The running watch of `id` of this kind, if there is one. */
  running(id: string): Observable<VideoTask> | undefined {
    return this.registry.running(this.key, id);
  }

  /** The turn of `id` came: joins the watch started meanwhile, or starts one. */
  start(id: string, place: Releasable): Observable<VideoTask> {
    const running = this.running(id);
    if (running === undefined) return new TaskLoop(this, id, place).shared;
    place.release();
    return running;
  }
}

/**
 * The observable `videoStatus$` returns: its id and kind, nothing else. A subscriber joins the
 * running watch of the task, or waits in the client's start line for its turn to make one; its
 * place there holds the id and the kind, not this object.
 */
export class PacedTaskWatch extends Observable<VideoTask> {
  constructor(
    readonly kind: WatchKind,
    readonly id: string,
  ) {
    super(subscribePaced);
  }
}

function subscribePaced(this: Observable<VideoTask>, subscriber: Subscriber<VideoTask>): void {
  const { kind, id } = this as PacedTaskWatch;
  // Joining a running watch starts no request: it does not wait in line.
  const running = kind.running(id);
  if (running === undefined) kind.line.join(kind, id, subscriber);
  else running.subscribe(subscriber);
}

/**
 * The poll loop of one task, shared by its subscribers: a fresh planner each time it starts (a
 * loop that ends and starts again starts afresh), and its requests built at each poll.
 */
class TaskLoop extends Observable<TaskResponse> {
  /** The place of the first subscriber, released once the first request ends. */
  first: Releasable | undefined;
  /** One look at the task, with its retries. */
  readonly fetch$: Observable<TaskResponse>;
  /** The loop shared, listed in the registry while it runs. */
  readonly shared: Observable<VideoTask>;

  constructor(
    readonly kind: WatchKind,
    readonly id: string,
    first: Releasable,
  ) {
    super(subscribeLoop);
    this.first = first;
    this.fetch$ = new TaskFetch(this);
    this.shared = kind.registry.parts.shareTaskWatch(this, () => this.ended());
    kind.registry.add(kind.key, id, this.shared);
  }

  private ended(): void {
    this.kind.registry.drop(this.kind.key, this.id, this.shared);
  }
}

function subscribeLoop(this: Observable<TaskResponse>, subscriber: Subscriber<TaskResponse>): void {
  const { kind, id, fetch$ } = this as TaskLoop;
  const { schedule } = kind.settings;
  const { events, parts } = kind.registry;
  const planner = schedule.planTask(kind.known);
  const loop$ = events.poll(id, fetch$, schedule, planner, parts.pollUntil);
  // A listed task may end on a page read for others: its planner sees that answer too.
  kind.source.track(id, loop$, planner).subscribe(subscriber);
}

/** One look at a task, built at each poll: between polls a watch holds no request chain. */
class TaskFetch extends Observable<TaskResponse> {
  constructor(readonly loop: TaskLoop) {
    super(subscribeFetch);
  }
}

function subscribeFetch(
  this: Observable<TaskResponse>,
  subscriber: Subscriber<TaskResponse>,
): void {
  const { loop } = this as TaskFetch;
  const { kind, id } = loop;
  const request$ = kind.source.fetch$(id).pipe(kind.settings.retry);
  const first = loop.first;
  if (first === undefined) {
    request$.subscribe(subscriber);
    return;
  }
  // The end of the first request lets the next watch in line start.
  loop.first = undefined;
  request$.pipe(finalize(() => first.release())).subscribe(subscriber);
}
