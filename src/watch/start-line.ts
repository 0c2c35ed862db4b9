import { Observable, type SchedulerAction, type SchedulerLike, type Subscriber } from 'rxjs';
import { type InLine, WaitingLine } from '../operators/waiting-line.js';

/** How many poll loops start in one macrotask: about 10 ms of work, well under a 100 ms block. */
export const STARTS_PER_TURN = 256;
/**
 * How many started loops may wait for their first answer at once: far more than a connection pool
 * serves together, and few enough that a burst on a server that does not answer holds a small
 * line entry per task rather than its whole request chain.
 */
export const MAX_AWAITING_FIRST_ANSWER = 1_024;

/**
 * Paces the start of a client's poll loops, so that tens of thousands of watches subscribed at once
 * never block the event loop: the first {@link STARTS_PER_TURN} of a macrotask start at once, as a
 * few watches always do; the others wait in line, one small object each, and start in slices of a
 * macrotask each, while fewer than {@link MAX_AWAITING_FIRST_ANSWER} started loops wait for their
 * first answer. Unsubscribing a watch that waits in line gives up its place; nothing is left behind.
 */
export class StartLine {
  private readonly line = new WaitingLine<Start>();
  /** Loops started in this macrotask. */
  private startedThisTurn = 0;
  /** Started loops that have had no answer, no end and no unsubscription yet. */
  private awaiting = 0;
  /** Whether a timer will start the next turn. */
  private turnAhead = false;

  /**
   * A watch that joins `running()` at once when it returns one, and otherwise subscribes to what
   * `start(release)` makes at once or once its turn in line comes: a watch waiting in line holds
   * no loop, no request and no planner, only its place. `start` calls `release` once its first
   * request has ended (answered, failed or given up), or at once if it makes none; the end of the
   * subscription releases it too.
   * @param running The watch's loop if it runs already: joining it starts no request.
   * @param start Makes (or finds) the watch to join, when its turn comes.
   * @param scheduler The client's scheduler: it ends a turn with a timer of 0 ms.
   */
  pace<T>(
    running: () => Observable<T> | undefined,
    start: (release: () => void) => Observable<T>,
    scheduler: SchedulerLike,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const now = running();
      if (now !== undefined) return now.subscribe(subscriber);
      const place = new Start(
        this,
        start as (release: () => void) => Observable<unknown>,
        scheduler,
      );
      // Before it runs: a watch given up in line leaves it, a started one releases its place.
      subscriber.add(place);
      if (this.line.size === 0 && this.hasRoom()) place.run(subscriber);
      else {
        place.subscriber = subscriber;
        this.line.push(place);
      }
      return undefined;
    });
  }

  /** Counts a loop that starts, and ends the turn with a timer when it is the first of it. */
  started(scheduler: SchedulerLike): void {
    this.awaiting += 1;
    this.startedThisTurn += 1;
    this.scheduleTurn(scheduler);
  }

  /**
   * A started loop had its first answer, ended, or was given up. The place it frees goes to the
   * line in the next turn, not now: watches unsubscribed in a loop would start the very ones the
   * same loop is about to unsubscribe.
   */
  answered(scheduler: SchedulerLike): void {
    this.awaiting -= 1;
    if (this.line.size > 0) this.scheduleTurn(scheduler);
  }

  /** A new macrotask: starts the next slice of the line. */
  newTurn(): void {
    this.turnAhead = false;
    this.startedThisTurn = 0;
    this.drain();
  }

  private scheduleTurn(scheduler: SchedulerLike): void {
    if (this.turnAhead) return;
    this.turnAhead = true;
    scheduler.schedule(endTurn, 0, this);
  }

  /** Takes a start that waits out of the line. */
  cancel(start: Start): void {
    this.line.cancel(start);
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

/**
 * One paced subscription: its place in line, then, once started, whether its first request has
 * ended. It stays among its subscriber's teardowns: a few fields, no request and no closure.
 */
class Start implements InLine {
  cancelled = false;
  /** The subscriber, while it waits in line. */
  subscriber: Subscriber<unknown> | undefined;
  private state: 'waiting' | 'awaiting' | 'answered' = 'waiting';

  constructor(
    private readonly startLine: StartLine,
    private make: ((release: () => void) => Observable<unknown>) | undefined,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** Subscribes the watch. */
  run(subscriber = this.subscriber): void {
    const make = this.make;
    this.make = undefined;
    this.subscriber = undefined;
    if (make === undefined || subscriber === undefined || subscriber.closed) return;
    this.state = 'awaiting';
    this.startLine.started(this.scheduler);
    let watch$: Observable<unknown>;
    try {
      watch$ = make(() => this.release());
    } catch (error) {
      this.release();
      subscriber.error(error);
      return;
    }
    subscriber.add(watch$.subscribe(subscriber));
  }

  /** The subscription ended: gives up the place in line, or releases the start. */
  unsubscribe(): void {
    if (this.state === 'waiting') {
      if (this.cancelled || this.make === undefined) return;
      this.cancelled = true;
      this.make = undefined;
      this.subscriber = undefined;
      this.startLine.cancel(this);
    } else {
      this.release();
    }
  }

  private release(): void {
    if (this.state !== 'awaiting') return;
    this.state = 'answered';
    this.startLine.answered(this.scheduler);
  }
}
