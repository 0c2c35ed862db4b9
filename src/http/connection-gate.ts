/** A request waiting at a {@link ConnectionGate}: started once it gets a place. */
export interface GatedRequest {
  /** Sends the request: it holds a place until it calls the gate's `leave`. */
  start(): void;
  /** The next request in line, while it waits. */
  nextInLine: GatedRequest | undefined;
  /** The request before it in line, while it waits. */
  previousInLine: GatedRequest | undefined;
}

/**
 * Lets at most `limit` requests to one origin through at a time, the others waiting in line,
 * first come, first served. A request given up while it waits leaves the line and is never sent:
 * undici aborts a request that reaches a connection by closing that connection, so a request must
 * wait here, not in undici's queue, if cancelling it is to cost nothing.
 *
 * The place of a request given up in flight is handed on in a microtask: when many are given up
 * in one go (a thousand watches unsubscribed in a loop), the ones in line withdraw first, instead
 * of each freed place starting the next, on a new connection, to be given up a moment later.
 */
export class ConnectionGate {
  private running = 0;
  private first: GatedRequest | undefined;
  private last: GatedRequest | undefined;
  /** Whether {@link startWaiting} is on the stack. */
  private starting = false;
  /** Whether a freed place waits for a microtask to be handed on: newcomers wait in line till then. */
  private handingOn = false;

  constructor(private readonly limit: number) {}

  /** Whether no request runs or waits: the gate may be forgotten. */
  get idle(): boolean {
    return this.running === 0 && this.first === undefined;
  }

  /** Starts `request` at once if a place is free and nobody waits; else puts it in line. */
  enter(request: GatedRequest): void {
    const free = this.running < this.limit && !this.starting && !this.handingOn;
    if (this.first === undefined && free) {
      this.running += 1;
      request.start();
      return;
    }
    request.previousInLine = this.last;
    if (this.last === undefined) this.first = request;
    else this.last.nextInLine = request;
    this.last = request;
    if (!this.handingOn) this.startWaiting();
  }

  /** Takes `request` out of the line, without starting it. */
  withdraw(request: GatedRequest): void {
    const { previousInLine, nextInLine } = request;
    if (previousInLine === undefined) {
      if (this.first !== request) return;
      this.first = nextInLine;
    } else previousInLine.nextInLine = nextInLine;
    if (nextInLine === undefined) this.last = previousInLine;
    else nextInLine.previousInLine = previousInLine;
    request.previousInLine = undefined;
    request.nextInLine = undefined;
  }

  /** Frees the place of a request that was started, and starts the first ones in line. */
  leave(): void {
    this.running -= 1;
    this.startWaiting();
  }

  /**
   * Frees the place of a request that was given up, and starts the first ones in line in a
   * microtask: the other cancellations of the same burst, made in the same task, settle first.
   */
  leaveGivenUp(): void {
    this.running -= 1;
    if (this.handingOn) return;
    this.handingOn = true;
    queueMicrotask(() => {
      this.handingOn = false;
      this.startWaiting();
    });
  }

  /**
   * Starts requests from the head of the line while places are free. A loop, not recursion: a
   * request that fails as it starts leaves at once, and the next one must not deepen the stack.
   */
  private startWaiting(): void {
    if (this.starting) return;
    this.starting = true;
    try {
      while (this.running < this.limit && this.first !== undefined) {
        const next = this.first;
        this.withdraw(next);
        this.running += 1;
        next.start();
      }
    } finally {
      this.starting = false;
    }
  }
}

/** The gates of one transport, one per origin, each forgotten once nothing runs or waits at it. */
export class ConnectionGates {
  private readonly gates = new Map<string, ConnectionGate>();

  constructor(private readonly limit: number) {}

  /** The gate of `origin`. */
  of(origin: string): ConnectionGate {
    let gate = this.gates.get(origin);
    if (gate === undefined) {
      gate = new ConnectionGate(this.limit);
      this.gates.set(origin, gate);
    }
    return gate;
  }

  /** Forgets the gate of `origin` if it is `gate` and nothing runs or waits at it. */
  forgetIfIdle(origin: string, gate: ConnectionGate): void {
    if (gate.idle && this.gates.get(origin) === gate) this.gates.delete(origin);
  }
}
