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

/** A watch that waits for its turn to start: usually the observable `videoStatus$` returned. */
export interface PacedWatch<T> {
  /**
   * Makes (or finds) the watch to join, when its turn comes. It calls `place.release()` once its
   * first request has ended (answered, failed or given up), or at once if it makes none.
   */
  start(place: Releasable): Observable<T>;
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
  private readonly line = new WaitingLine<Place>();
  /** Loops started in this macrotask. */
  private startedThisTurn = 0;
  /** Started loops that have had no answer, no end and no unsubscription yet. */
  private awaiting = 0;
  /** Whether a timer will start the next turn. */
  private turnAhead = false;

  /** @param scheduler The client's scheduler: it ends a turn with a timer of 0 ms. */
  constructor(private readonly scheduler: SchedulerLike) {}

  /**
   * Subscribes `subscriber` to what `watch.start` makes, at once or once its turn in line comes: a
   * subscriber waiting in line holds no loop, no request and no planner, only its place, among its
   * own teardowns. The end of the subscription gives up the place, or releases a started one.
   */
  join<T>(watch: PacedWatch<T>, subscriber: Subscriber<T>): void {
    const place = new Place(this, watch as PacedWatch<unknown>);
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
  cancel(place: Place): void {
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

/** Waiting in line; started, with its first request running; started and answered. */
const WAITING = 0;
const AWAITING = 1;
const ANSWERED = 2;

/**
 * One paced subscription: its place in line, then, once started, whether its first request has
 * ended. It stays among its subscriber's teardowns: four fields, no request and no closure.
 */
class Place implements InLine, Releasable {
  cancelled = false;
  /** The subscriber, while it waits in line. */
  subscriber: Subscriber<unknown> | undefined;
  private state = WAITING;

  constructor(
    private readonly startLine: StartLine,
    /** The watch to start; `undefined` once started or given up. */
    private watch: PacedWatch<unknown> | undefined,
  ) {}

  /** Subscribes the watch. */
  run(subscriber = this.subscriber): void {
    const watch = this.watch;
    this.watch = undefined;
    this.subscriber = undefined;
    if (watch === undefined || subscriber === undefined || subscriber.closed) return;
    this.state = AWAITING;
    this.startLine.started();
    let watch$: Observable<unknown>;
    try {
      watch$ = watch.start(this);
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
      if (this.cancelled || this.watch === undefined) return;
      this.cancelled = true;
      this.watch = undefined;
      this.subscriber = undefined;
      this.startLine.cancel(this);
    } else {
      this.release();
    }
  }

  /** The first request of the started watch ended: its place goes to the next in line. */
  release(): void {
    if (this.state !== AWAITING) return;
    this.state = ANSWERED;
    this.startLine.answered();
  }
}
