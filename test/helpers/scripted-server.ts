import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How a response ended, as the server saw it. */
export interface ResponseClose {
  /** Whether the status line and headers had gone out when the response closed. */
  readonly headersSent: boolean;
  /** Whether the whole response had been handed to the socket: false when the client went away first. */
  readonly finished: boolean;
}

/** One request the server received. */
export interface RecordedRequest {
  /** 0 for the first request the server received, 1 for the next... */
  readonly index: number;
  readonly method: string;
  /** The request target exactly as it arrived, percent-encoding included. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Which connection it came on: 0 for the first the server accepted. */
  readonly connection: number;
  /** Resolves once the response closes, finished or not. */
  readonly closed: Promise<ResponseClose>;
  /** Resolves once the connection it came on is closed. */
  readonly socketClosed: Promise<void>;
}

/** Answers one request. It may never answer, to hold the request open. */
export type ScriptedHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  recorded: RecordedRequest,
) => void;

/** A `node:http` server on 127.0.0.1 that answers from a script and records what it saw. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/v1`, the base URL of a client. */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** How many connections the server accepted. */
  readonly connections: number;
  /** The underlying server, to tune it (such as `keepAliveTimeout`). */
  readonly httpServer: Server;
  /** Replaces the script: request n gets `handlers[n]`, or the last handler once they run out. */
  script(...handlers: ScriptedHandler[]): void;
  /** Resolves with request `index` once it has arrived. */
  waitForRequest(index: number): Promise<RecordedRequest>;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

const started = new Set<ScriptedServer>();

/** Starts a scripted server on 127.0.0.1, on a free port. Close it, or call {@link closeScriptedServers}. */
export async function startScriptedServer(...handlers: ScriptedHandler[]): Promise<ScriptedServer> {
  let script = handlers.length > 0 ? handlers : [hold()];
  const requests: RecordedRequest[] = [];
  const waiters = new Map<number, Array<(request: RecordedRequest) => void>>();
  const sockets = new Map<Socket, number>();
  const socketClosed = new Map<Socket, Promise<void>>();
  let connections = 0;

  const server: Server = createServer((req, res) => {
    const socket = req.socket;
    const recorded: RecordedRequest = {
      index: requests.length,
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      connection: sockets.get(socket) ?? -1,
      closed: new Promise((resolve) => {
        res.once('close', () =>
          resolve({ headersSent: res.headersSent, finished: res.writableFinished }),
        );
      }),
      socketClosed: socketClosed.get(socket) ?? Promise.resolve(),
    };
    requests.push(recorded);
    for (const resolve of waiters.get(recorded.index) ?? []) resolve(recorded);
    waiters.delete(recorded.index);
    const handler = script[Math.min(recorded.index, script.length - 1)] as ScriptedHandler;
    handler(req, res, recorded);
  });
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, connections);
    connections += 1;
    socketClosed.set(
      socket,
      new Promise((resolve) => {
        socket.once('close', () => {
          sockets.delete(socket);
          resolve();
        });
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const scripted: ScriptedServer = {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    httpServer: server,
    get connections() {
      return connections;
    },
    script: (...next) => {
      if (next.length === 0) throw new TypeError('Expected at least one handler');
      script = next;
    },
    waitForRequest: (index) => {
      const arrived = requests[index];
      if (arrived !== undefined) return Promise.resolve(arrived);
      return new Promise((resolve) => {
        waiters.set(index, [...(waiters.get(index) ?? []), resolve]);
      });
    },
    close: async () => {
      if (!started.delete(scripted)) return;
      for (const socket of sockets.keys()) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  started.add(scripted);
  return scripted;
}

/** Closes every scripted server still open: call it in `afterEach`. */
export async function closeScriptedServers(): Promise<void> {
  await Promise.all([...started].map((server) => server.close()));
}

/** A port on 127.0.0.1 that nothing listens on: connecting to it is refused. */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers with `body` as JSON. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): ScriptedHandler {
  return text(JSON.stringify(body), status, { 'content-type': 'application/json', ...headers });
}

/** Answers with `body` as it is, with a content-length. */
export function text(
  body: string,
  status = 200,
  headers: Record<string, string> = {},
): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };
}

/** Never answers: the request stays open until the client goes away or the server closes. */
export function hold(): ScriptedHandler {
  return () => {};
}

/**
 * Sends the headers, then `totalBytes` of body in chunks, honouring backpressure and stopping
 * when the client goes away. `declareLength` sends a content-length; otherwise the body is chunked.
 * `onWritten` gets the bytes handed to the socket once the response closes.
 */
export function streamBody(options: {
  readonly totalBytes: number;
  readonly declareLength: boolean;
  readonly onWritten?: (bytes: number) => void;
}): ScriptedHandler {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(options.declareLength ? { 'content-length': options.totalBytes } : {}),
    });
    let written = 0;
    let open = true;
    res.once('close', () => {
      open = false;
      options.onWritten?.(written);
    });
    const pump = () => {
      while (open && written < options.totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.totalBytes - written));
        written += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (open) res.end();
    };
    pump();
  };
}

/** A task as the API documents it, with `overrides` on top. */
export function wireTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'sora_1',
    object: 'video.generation',
    created: 1761635478,
    model: 'sora-2',
    status: 'processing',
    video_url: null,
    error: null,
    ...overrides,
  };
}
