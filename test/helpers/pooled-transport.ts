import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/http-transport.js';

/** How the server and the connections of a {@link pooledTransport} behave. */
export interface PoolModel {
  /** How many connections the pool opens at most; further requests wait for a free one. */
  readonly connections: number;
  /** How long opening a connection takes, before the request on it can go out. */
  readonly connectMs: number;
  /**
   * How long the n-th request to go out (from 0) takes to reach the server, on a loaded network
   * or event loop: it arrives then, and its answer takes `answer`'s time from there.
   * @default 0
   */
  readonly latencyMs?: (index: number) => number;
  /**
   * The answer to the n-th request to reach the server (from 0), and how long it takes; `id` is
   * the last segment of the request's URL.
   */
  readonly answer: (
    index: number,
    arrivedAt: number,
    id: string,
  ) => { ms: number; response: HttpResponse };
}

/** A transport that models a connection pool in virtual time and records when requests arrive. */
export interface PooledTransport extends HttpTransport {
  /** When each request reached the server, in virtual time, in the order they went out. */
  readonly arrivals: readonly number[];
}

interface Pending {
  readonly req: HttpRequest;
  readonly answer: (response: HttpResponse) => void;
  cancelled: boolean;
  timer?: Subscription;
}

/**
 * A transport on a modelled connection pool: a request waits for a free connection, a connection
 * opens (`connectMs`) before its first request goes out, the request reaches the server, late on a
 * loaded network (`latencyMs`), and the server answers after the model's time. It records each
 * arrival. Cancelling a request in flight closes its connection.
 */
export function pooledTransport(scheduler: SchedulerLike, model: PoolModel): PooledTransport {
  const arrivals: number[] = [];
  const queue: Pending[] = [];
  let open = 0;
  let idle = 0;

  const pump = () => {
    while (queue.length > 0) {
      const next = queue[0] as Pending;
      if (next.cancelled) {
        queue.shift();
        continue;
      }
      if (idle > 0) {
        idle -= 1;
        queue.shift();
        send(next);
      } else if (open < model.connections) {
        open += 1;
        queue.shift();
        next.timer = scheduler.schedule(() => send(next), model.connectMs);
      } else return;
    }
  };

  const send = (pending: Pending) => {
    const index = arrivals.length;
    const arrivedAt = scheduler.now() + (model.latencyMs?.(index) ?? 0);
    arrivals.push(arrivedAt);
    const id = decodeURIComponent(pending.req.url.slice(pending.req.url.lastIndexOf('/') + 1));
    const { ms, response } = model.answer(index, arrivedAt, id);
    pending.timer = scheduler.schedule(
      () => {
        pending.cancelled = true;
        idle += 1;
        pending.answer(response);
        pump();
      },
      arrivedAt - scheduler.now() + ms,
    );
  };

  const transport = (req: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) => {
      const pending: Pending = {
        req,
        cancelled: false,
        answer: (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
      };
      queue.push(pending);
      pump();
      return () => {
        if (pending.cancelled) return;
        pending.cancelled = true;
        if (pending.timer !== undefined) {
          // Out on a connection (or opening one): cancelling it closes that connection.
          pending.timer.unsubscribe();
          open -= 1;
          pump();
        }
      };
    });
  return Object.assign(transport, { arrivals });
}
