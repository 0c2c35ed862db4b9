// Virtual time for a client that talks to a real server: the clock moves only while no request is
// in flight, from one scheduled wait to the next, so that waits are checked to the millisecond
// while the bytes still cross a real socket.
import { defer, finalize, type VirtualTimeScheduler } from 'rxjs';
import type { HttpTransport } from '../../src/http/http-transport.js';
import { advance } from './virtual-clock.js';

/** A transport that counts its requests in flight. */
export interface CountedTransport {
  readonly transport: HttpTransport;
  /** Requests sent and not yet answered, failed or aborted. */
  inFlight(): number;
}

/** Wraps `transport` to count its requests in flight. */
export function countInFlight(transport: HttpTransport): CountedTransport {
  let inFlight = 0;
  const counted: HttpTransport = Object.assign(
    (req: Parameters<HttpTransport>[0]) =>
      defer(() => {
        inFlight += 1;
        return transport(req).pipe(finalize(() => (inFlight -= 1)));
      }),
    { close: transport.close },
  );
  return { transport: counted, inFlight: () => inFlight };
}

/** When to move the clock, and when to stop. */
export interface RunVirtualClockOptions {
  /** Whether real I/O is still under way: the clock waits for it. */
  readonly busy: () => boolean;
  /** Whether the run is over. */
  readonly done: () => boolean;
  /** The latest virtual time the run may reach, as a guard against a loop that never ends. */
  readonly limitMs: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Moves `scheduler`'s clock to its next scheduled action each time the I/O has settled (`busy()`
 * false across two turns of the event loop), until `done()`. Rejects if nothing is scheduled
 * while the run is not over, or if the next action lies past `limitMs`.
 */
export async function runVirtualClock(
  scheduler: VirtualTimeScheduler,
  options: RunVirtualClockOptions,
): Promise<void> {
  for (;;) {
    await turn();
    if (options.done()) return;
    if (options.busy()) continue;
    await turn();
    if (options.done()) return;
    if (options.busy()) continue;
    const next = scheduler.actions[0];
    if (next === undefined) {
      throw new Error(`Nothing scheduled at ${scheduler.frame} ms, and the run is not over`);
    }
    if (next.delay > options.limitMs) {
      throw new Error(`The next action, at ${next.delay} ms, lies past ${options.limitMs} ms`);
    }
    advance(scheduler, next.delay - scheduler.frame);
  }
}
