import {
  Observable,
  type Observer,
  type Subscriber,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import type { VideoTask } from '../model/video-task.js';
import type { TaskResponse } from './fetch-video-task.js';
import { isSameTaskState } from './watch-video-task.js';

/**
 * One poll loop of a task, shared by every subscriber to it: each gets the latest task at once,
 * then every change. The loop starts with the first subscriber and stops when the last one leaves,
 * or when it ends; `onEnd` then runs once.
 *
 * This is what `share({ connector: () => new ReplaySubject(1) })` after
 * `map(...)` and `distinctUntilChanged(...)` would do, written as one object: those operators hold
 * about 3 KB per task, and a client may watch ten thousand tasks at once.
 */
export class TaskWatch implements Observer<TaskResponse> {
  private subscribers: Subscriber<VideoTask>[] = [];
  private latest: VideoTask | undefined;
  private connection: Subscription | undefined;
  private ended = false;

  constructor(
    private readonly poll$: Observable<TaskResponse>,
    private readonly onEnd: () => void,
  ) {}

  /** Adds a subscriber, starting the poll loop if it is the first; returns its teardown. */
  add(subscriber: Subscriber<VideoTask>): TeardownLogic {
    this.subscribers.push(subscriber);
    if (this.latest !== undefined) subscriber.next(this.latest);
    if (this.connection === undefined) this.connection = this.poll$.subscribe(this);
    return () => this.remove(subscriber);
  }

  next({ task }: TaskResponse): void {
    if (this.latest !== undefined && isSameTaskState(this.latest, task)) return;
    this.latest = task;
    for (const subscriber of this.subscribers.slice()) subscriber.next(task);
  }

  error(error: unknown): void {
    for (const subscriber of this.end()) subscriber.error(error);
  }

  complete(): void {
    for (const subscriber of this.end()) subscriber.complete();
  }

  private remove(subscriber: Subscriber<VideoTask>): void {
    this.subscribers = this.subscribers.filter((other) => other !== subscriber);
    if (this.subscribers.length === 0 && !this.ended) {
      this.end();
      this.connection?.unsubscribe();
    }
  }

  /** Marks the loop ended, once, and returns the subscribers it had. */
  private end(): Subscriber<VideoTask>[] {
    const subscribers = this.subscribers;
    this.subscribers = [];
    if (!this.ended) {
      this.ended = true;
      this.onEnd();
    }
    return subscribers;
  }
}

/** The Observable of a shared watch (temporary). */
export function shareTaskWatch(
  poll$: Observable<TaskResponse>,
  onEnd: () => void,
): Observable<VideoTask> {
  const watch = new TaskWatch(poll$, onEnd);
  return new Observable<VideoTask>((subscriber) => watch.add(subscriber));
}
