import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/http-transport.js';

/** How the server and the connections of a {@link pooledTransport} behave. */
export interface PoolModel {
  /** How many connections the pool opens at most; further requests wait for a free one. */
  readonly connections: number;
  /** How long opening a connection takes, before the request on it can go out. */
  readonly connectMs: number;
  /**
   * The answer to the n-th request to reach the server (from 0), and how long it takes; `id` is
   * the last segment of the request's URL.
   */
  readonly answer: (
    index: number,
    sentAt: number,
    id: string,
  ) => { ms: number; response: HttpResponse };
}

/** A transport that models a connection pool in virtual time and records when requests arrive. */
export interface PooledTransport extends HttpTransport {
  /** When each request reached the server, in virtual time, in order. */
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
 * opens (`connectMs`) before its first request goes out, and the server answers after the model's
 * time. It calls each request's `onSent` as the request goes out, as the undici transport does, and
 * records the arrival. Cancelling a request in flight closes its connection.
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
    const sentAt = scheduler.now();
    const index = arrivals.length;
    arrivals.push(sentAt);
    pending.req.onSent?.();
    const id = decodeURIComponent(pending.req.url.slice(pending.req.url.lastIndexOf('/') + 1));
    const { ms, response } = model.answer(index, sentAt, id);
    pending.timer = scheduler.schedule(() => {
      pending.cancelled = true;
      idle += 1;
      pending.answer(response);
      pump();
    }, ms);
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
  return Object.assign(transport, { arrivals, reportsSent: true });
}
