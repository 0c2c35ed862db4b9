import type { Observable, SchedulerAction, SchedulerLike, Subscriber } from 'rxjs';
import { type InLine, WaitingLine } from '../operators/waiting-line.js';

/**
 * How many poll loops start in one macrotask: about 10 ms of work (a start builds the loop and
 * hands its first request to the transport; 256 took 35 to 40 ms of CPU on the benchmark machine),
 * well under a 100 ms block.
 */
export const STARTS_PER_TURN = 64;
/**
 * How many started loops may wait for their first answer at once: far more than a connection pool
 * serves together, and few enough that a burst on a server that does not answer holds a small
 * line entry per task rather than its whole request chain.
 */
export const MAX_AWAITING_FIRST_ANSWER = 1_024;

/**
 * What starts the watches of a line, each named by a key (a task id): one object for many
 * watches, so that a place in line holds the key and not an object of its own for the watch.
 */
export interface WatchStarter<K, T> {
  /** The line its watches wait in. */
  readonly line: StartLine;
  /**
   * Makes (or finds) the watch of `key` to join, when its turn comes. It calls `place.release()`
   * once the watch's first request has ended (answered, failed or given up), or at once if it
   * makes none.
   */
  start(key: K, place: Releasable): Observable<T>;
}

/** What a started watch tells when its first request has ended. */
export interface Releasable {
  release(): void;
}

/**
 * Paces the start of a client's poll loops, so that tens of thousands of watches subscribed at once
 * never block the event loop: the first {@link STARTS_PER_TURN} of a macrotask start at once, as a
 * few watches always do; the others wait in line, one small object each, and start in slices of a
 * macrotask each, while fewer than {@link MAX_AWAITING_FIRST_ANSWER} started loops wait for their
 * first answer. Unsubscribing a watch that waits in line gives up its place; nothing is left behind.
 */
export class StartLine {
  private readonly line = new WaitingLine<Place<unknown>>();
  /** Loops started in this macrotask. */
  private startedThisTurn = 0;
  /** Started loops that have had no answer, no end and no unsubscription yet. */
  private awaiting = 0;
  /** Whether a timer will start the next turn. */
  private turnAhead = false;

  /** @param scheduler The client's scheduler: it ends a turn with a timer of 0 ms. */
  constructor(private readonly scheduler: SchedulerLike) {}

  /**
   * Subscribes `subscriber` to what `starter.start(key)` makes, at once or once its turn in line comes: a
   * subscriber waiting in line holds no loop, no request and no planner, only its place, among its
   * own teardowns. The end of the subscription gives up the place, or releases a started one.
   */
  join<K, T>(starter: WatchStarter<K, T>, key: K, subscriber: Subscriber<T>): void {
    // A subscriber already closed would run the place's teardown at once, out of a line it never joined.
    if (subscriber.closed) return;
    const place = new Place(starter as WatchStarter<K, unknown>, key);
    // Before it runs: a watch given up in line leaves it, a started one releases its place.
    subscriber.add(place);
    if (this.line.size === 0 && this.hasRoom()) place.run(subscriber as Subscriber<unknown>);
    else {
      place.subscriber = subscriber as Subscriber<unknown>;
      this.line.push(place);
    }
  }

  /** Counts a loop that starts, and ends the turn with a timer when it is the first of it. */
  started(): void {
    this.awaiting += 1;
    this.startedThisTurn += 1;
    this.scheduleTurn();
  }

  /**
   * A started loop had its first answer, ended, or was given up. The place it frees goes to the
   * line in the next turn, not now: watches unsubscribed in a loop would start the very ones the
   * same loop is about to unsubscribe.
   */
  answered(): void {
    this.awaiting -= 1;
    if (this.line.size > 0) this.scheduleTurn();
  }

  /** A new macrotask: starts the next slice of the line. */
  newTurn(): void {
    this.turnAhead = false;
    this.startedThisTurn = 0;
    this.drain();
  }

  /** Takes a place that waits out of the line. */
  cancel(place: Place<unknown>): void {
    this.line.cancel(place);
  }

  private scheduleTurn(): void {
    if (this.turnAhead) return;
    this.turnAhead = true;
    this.scheduler.schedule(endTurn, 0, this);
  }

  private hasRoom(): boolean {
    return this.startedThisTurn < STARTS_PER_TURN && this.awaiting < MAX_AWAITING_FIRST_ANSWER;
  }

  private drain(): void {
    while (this.hasRoom()) {
      const next = this.line.peek();
      if (next === undefined) return;
      this.line.shift();
      next.run();
    }
  }
}

/** The timer that ends a turn of a {@link StartLine}. */
function endTurn(this: SchedulerAction<StartLine>, line: StartLine | undefined): void {
  line?.newTurn();
}

/** Waiting in line; started, with its first request running; started and answered; given up. */
const WAITING = 0;
const AWAITING = 1;
const ANSWERED = 2;
const CANCELLED = 3;

/**
 * One paced subscription: its place in line, then, once started, whether its first request has
 * ended. It stays among its subscriber's teardowns: four fields, no request and no closure.
 */
class Place<K> implements InLine, Releasable {
  /** The subscriber, while it waits in line. */
  subscriber: Subscriber<unknown> | undefined;
  private state = WAITING;

  constructor(
    private readonly starter: WatchStarter<K, unknown>,
    /** The key of the watch to start; `undefined` once started or given up. */
    private key: K | undefined,
  ) {}

  /** Whether it gave up its place in line (the line's view of its state). */
  get cancelled(): boolean {
    return this.state === CANCELLED;
  }

  set cancelled(cancelled: boolean) {
    if (cancelled) this.state = CANCELLED;
  }

  /** Subscribes the watch. */
  run(subscriber = this.subscriber): void {
    const key = this.key as K;
    this.key = undefined;
    this.subscriber = undefined;
    if (this.state !== WAITING) return;
    if (subscriber === undefined || subscriber.closed) {
      // Out of the line already: nothing to give up when its subscription ends.
      this.state = CANCELLED;
      return;
    }
    this.state = AWAITING;
    this.starter.line.started();
    let watch$: Observable<unknown>;
    try {
      watch$ = this.starter.start(key, this);
    } catch (error) {
      this.release();
      subscriber.error(error);
      return;
    }
    subscriber.add(watch$.subscribe(subscriber));
  }

  /** The subscription ended: gives up the place in line, or releases the start. */
  unsubscribe(): void {
    if (this.state === WAITING) {
      this.key = undefined;
      this.subscriber = undefined;
      this.starter.line.cancel(this as Place<unknown>);
    } else {
      this.release();
    }
  }

  /** The first request of the started watch ended: its place goes to the next in line. */
  release(): void {
    if (this.state !== AWAITING) return;
    this.state = ANSWERED;
    this.starter.line.answered();
  }
}
