import { Observable, type SchedulerAction, type SchedulerLike, Subscriber } from 'rxjs';
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
   * `start()` makes at once or once its turn in line comes: a watch waiting in line holds no loop,
   * no request and no planner, only its place.
   * @param running The watch's loop if it runs already: joining it starts no request.
   * @param start Makes (or finds) the watch to join, when its turn comes.
   * @param scheduler The client's scheduler: it ends a turn with a timer of 0 ms.
   */
  pace<T>(
    running: () => Observable<T> | undefined,
    start: () => Observable<T>,
    scheduler: SchedulerLike,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const now = running();
      if (now !== undefined) return now.subscribe(subscriber);
      const place = new Start(this, start, scheduler, subscriber);
      if (this.line.size === 0 && this.hasRoom()) place.run();
      else this.line.push(place);
      // `place` is already among the subscriber's teardowns: it made itself one as it was built.
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
 * One paced subscription: its place in line, then the subscriber that forwards its loop's values
 * and tells the line of its first answer.
 */
class Start extends Subscriber<unknown> implements InLine {
  cancelled = false;
  private state: 'waiting' | 'awaiting' | 'answered' = 'waiting';

  constructor(
    private readonly startLine: StartLine,
    private make: (() => Observable<unknown>) | undefined,
    private readonly scheduler: SchedulerLike,
    destination: Subscriber<unknown>,
  ) {
    super(destination);
  }

  /** Subscribes the loop. */
  run(): void {
    const make = this.make;
    if (make === undefined || this.closed) return;
    this.make = undefined;
    this.state = 'awaiting';
    this.startLine.started(this.scheduler);
    // As an operator does: the watch's teardown joins this subscriber's.
    make().subscribe(this);
  }

  protected override _next(value: unknown): void {
    this.firstAnswer();
    this.destination.next(value);
  }

  protected override _error(error: unknown): void {
    this.firstAnswer();
    super._error(error);
  }

  protected override _complete(): void {
    this.firstAnswer();
    super._complete();
  }

  override unsubscribe(): void {
    if (this.closed) return;
    super.unsubscribe();
    if (this.state === 'waiting') {
      this.cancelled = true;
      this.make = undefined;
      this.startLine.cancel(this);
    } else {
      this.firstAnswer();
    }
  }

  private firstAnswer(): void {
    if (this.state !== 'awaiting') return;
    this.state = 'answered';
    this.startLine.answered(this.scheduler);
  }
}
