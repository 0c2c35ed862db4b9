import { Observable, type Subscriber } from 'rxjs';
import { buildConnector, type Dispatcher } from 'undici';
import { SoraNetworkError, SoraResponseTooLargeError } from '../errors/transport-errors.js';
import { assertCount, assertKnownOptions } from '../util/assert-options.js';
import { connectWhenNeeded } from './connect-when-needed.js';
import { type ConnectionGate, ConnectionGates, type GatedRequest } from './connection-gate.js';
import {
  ACCEPTED_ENCODINGS,
  DecodedTooLargeError,
  decodeContent,
  needsDecoding,
} from './decode-content.js';
import { flattenHeaders } from './flatten-headers.js';
import { holdProcessOpen } from './hold-process-open.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { createUnrefAgent } from './unref-agent.js';

/** Options of {@link undiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * The undici dispatcher to send requests through, to share a pool or add a proxy. When it is
   * omitted, the transport makes its own keep-alive `Agent`, whose idle sockets never keep the
   * process alive.
   */
  readonly dispatcher?: Dispatcher;
  /**
   * The most requests in flight to one origin: a whole number, or `Infinity`. The others wait in
   * sora-rx for a free place, so that one given up while it waits is never sent and costs no
   * connection. It is also the size of the transport's own `Agent`'s pool; with a `dispatcher`,
   * set it to that dispatcher's `connections` (undici closes a connection to cancel a request
   * queued in its own pool).
   * @default 64, or Infinity with a `dispatcher`
   */
  readonly connections?: number;
}

/**
 * The default transport in Node: undici on a keep-alive connection pool.
 *
 * - Unsubscribing aborts the request. At most `connections` requests to one origin are in flight;
 *   the others wait their turn in sora-rx, where giving one up costs nothing. A burst of
 *   cancellations (a thousand watches unsubscribed in a loop) opens no connection: the places it
 *   frees are handed on once it has settled, and its own pool never opens a connection that no
 *   request waits for.
 * - It asks for `gzip, deflate, br` (unless the request sets its own `accept-encoding`) and decodes
 *   them with node:zlib, as `fetch` does; a coding it does not know is left as it came.
 * - The body is read only up to the request's `maxBodyBytes`, counted both as sent and as decoded,
 *   so a small compressed body cannot inflate past it.
 *
 * It speaks undici's dispatch API directly, collecting the body into one buffer: a poll answer is a
 * few hundred bytes, and skipping the body stream, the promise and the `AbortController` of
 * `undici.request` halves the CPU a request costs.
 *
 * `close()` closes the transport's own `Agent` once its requests in flight are done (a
 * `dispatcher` passed in is left open: it is its owner's to close).
 *
 * @example
 * ```ts
 * const sora = createSoraClient({ baseUrl, apiKey, transport: undiciTransport({ connections: 8 }) });
 * ```
 */
export function undiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  assertKnownOptions(options, ['dispatcher', 'connections'], 'options');
  const limit = options.connections ?? (options.dispatcher === undefined ? 64 : Infinity);
  assertCount(limit, 'connections');
  let dispatcher = options.dispatcher;
  let lastHeaders: Readonly<Record<string, string>> | undefined;
  let lastSent: Readonly<Record<string, string>> = {};
  const transport: TransportState = {
    gates: new ConnectionGates(limit),
    awaitingConnection: 0,
    dispatcher: () => {
      // Its own pool opens a connection only for a request that waits for one.
      dispatcher ??= createUnrefAgent(
        limit,
        connectWhenNeeded(buildConnector({}), () => transport.awaitingConnection > 0),
      );
      return dispatcher;
    },
    // A client sends the same headers object with every poll: add the header once, not per request.
    headersToSend: (headers) => {
      if (headers === lastHeaders) return lastSent;
      lastHeaders = headers;
      lastSent =
        headers['accept-encoding'] === undefined
          ? { ...headers, 'accept-encoding': ACCEPTED_ENCODINGS }
          : headers;
      return lastSent;
    },
  };

  const send = (req: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) => {
      const exchange = new Exchange(req, subscriber, transport);
      exchange.enter();
      return () => exchange.cancel();
    });
  const ownsDispatcher = options.dispatcher === undefined;
  // A dispatcher passed in is its owner's to close; only the transport's own pool is closed here.
  const close = async () => {
    if (ownsDispatcher && dispatcher !== undefined) await dispatcher.close();
  };
  return Object.assign(send, { close });
}

/** What every request of one {@link undiciTransport} shares. */
interface TransportState {
  /** Where requests wait for a place, by origin. */
  readonly gates: ConnectionGates;
  /** How many requests handed to undici, and not given up, wait for a connection to be written on. */
  awaitingConnection: number;
  /** The dispatcher, made at the first request if the transport makes its own. */
  dispatcher(): Dispatcher;
  /** A request's headers with `accept-encoding`, unless the request sets its own. */
  headersToSend(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
}

/** The error undici gets for a request given up before it was sent. */
class RequestCancelledError extends Error {
  override readonly name = 'RequestCancelledError';
}

/** Where an {@link Exchange} is: in line, handed to undici, or done (answered or given up). */
type Stage = 'waiting' | 'sent' | 'settled';

/**
 * One request's handler: waits for a place at its origin's gate, hands the request to undici,
 * collects the response and reports it to the subscriber, once.
 */
class Exchange implements Dispatcher.DispatchHandler, GatedRequest {
  nextInLine: GatedRequest | undefined;
  previousInLine: GatedRequest | undefined;
  private stage: Stage = 'waiting';
  /** Whether undici is done with the request, so that its place at the gate is free. */
  private released = false;
  /** Whether the subscriber gave the request up: its place is handed on once the burst settles. */
  private givenUp = false;
  /** Whether it was handed to undici and waits for a connection, counted in the transport's state. */
  private awaiting = false;
  private controller: Dispatcher.DispatchController | undefined;
  private readonly holdRelease = holdProcessOpen();
  private readonly url: URL;
  private readonly gate: ConnectionGate;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly req: HttpRequest,
    private readonly subscriber: Subscriber<HttpResponse>,
    private readonly transport: TransportState,
  ) {
    this.url = new URL(req.url);
    this.gate = transport.gates.of(this.url.origin);
  }

  /** Takes a place at the gate, or waits in line for one. */
  enter(): void {
    this.gate.enter(this);
  }

  /** The gate gave it a place: hands the request to undici. */
  start(): void {
    this.stage = 'sent';
    const { req, url } = this;
    this.awaiting = true;
    this.transport.awaitingConnection += 1;
    this.transport.dispatcher().dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method as Dispatcher.HttpMethod,
        headers: this.transport.headersToSend(req.headers),
        body: req.body ?? null,
      },
      this,
    );
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.stopAwaiting();
    this.controller = controller;
    // Given up while it waited in undici's queue. Aborting through the controller would close the
    // connection it was about to use; a throw here makes undici drop the request and keep it.
    if (this.stage === 'settled') throw new RequestCancelledError('Request cancelled');
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
    if (Number(this.headers['content-length']) > this.req.maxBodyBytes) {
      controller.abort(new SoraResponseTooLargeError(this.req, this.req.maxBodyBytes));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.req.maxBodyBytes) {
      controller.abort(new SoraResponseTooLargeError(this.req, this.req.maxBodyBytes));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.leaveGate();
    if (!this.settle()) return;
    let body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const encoding = this.headers['content-encoding'];
    if (body !== undefined && needsDecoding(encoding)) {
      try {
        body = decodeContent(body, encoding as string, this.req.maxBodyBytes);
      } catch (error) {
        this.subscriber.error(
          error instanceof DecodedTooLargeError
            ? new SoraResponseTooLargeError(this.req, this.req.maxBodyBytes)
            : toTransportError(this.req, error),
        );
        return;
      }
    }
    this.subscriber.next({
      status: this.status,
      headers: this.headers,
      body: body === undefined ? '' : body.toString('utf8'),
    });
    this.subscriber.complete();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopAwaiting();
    this.leaveGate();
    if (this.settle()) this.subscriber.error(toTransportError(this.req, error));
  }

  /** Gives the request up: out of the line if it waits, aborted if it is in flight. */
  cancel(): void {
    const stage = this.stage;
    if (!this.settle()) return;
    this.givenUp = true;
    // Given up before a connection took it: it needs none any more.
    this.stopAwaiting();
    if (stage === 'waiting') {
      this.gate.withdraw(this);
      this.transport.gates.forgetIfIdle(this.url.origin, this.gate);
      return;
    }
    // Sent but not started: onRequestStart drops it. Started: only closing the connection stops it.
    this.controller?.abort(new RequestCancelledError('Request cancelled'));
  }

  /** The request no longer waits for a connection: written on one, failed or given up. */
  private stopAwaiting(): void {
    if (!this.awaiting) return;
    this.awaiting = false;
    this.transport.awaitingConnection -= 1;
  }

  /** Marks the exchange settled; false when it already was. */
  private settle(): boolean {
    if (this.stage === 'settled') return false;
    this.stage = 'settled';
    this.holdRelease();
    return true;
  }

  /** Undici is done with the request: its place goes to the next in line. */
  private leaveGate(): void {
    if (this.released) return;
    this.released = true;
    if (this.givenUp) this.gate.leaveGivenUp();
    else this.gate.leave();
    this.transport.gates.forgetIfIdle(this.url.origin, this.gate);
  }
}

function toTransportError(req: HttpRequest, error: unknown): Error {
  if (error instanceof SoraResponseTooLargeError) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return new SoraNetworkError(req, code ? `${detail} (${code})` : detail, {
    cause: error,
    causeCode: code,
  });
}
