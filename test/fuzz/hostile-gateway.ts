// A hostile gateway for the fuzzer: a real `node:http` server on 127.0.0.1 whose every answer
// comes from a script that fast-check drew (statuses, ids, headers, bodies, connection behaviour),
// and the record of what it served and when, for the invariants to be checked against.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { makeVideo } from '../helpers/video-host.js';

/** The API key of every fuzzed client: distinctive, so that any leak of it is found. */
export const FUZZ_API_KEY = 'sk-fuzz-SECRET-KEY-5b1e9d0c7a';

/** The one video the gateway serves, whole or in parts: a saved file must be exactly this. */
export const VIDEO = makeVideo(7_738);

/** One megabyte and a bit: over the client's default `maxResponseBytes` (1 MiB). */
const OVERSIZE_BYTES = 1024 * 1024 + 17;

/** How an answer travels. */
type Connection =
  | 'length' // a content-length, then the body
  | 'close' // no content-length, no chunking: the body ends when the connection closes
  | 'reset' // the connection destroyed before any answer
  | 'reset-mid' // a content-length, half the body, then the connection destroyed
  | 'stall' // no answer at all (the client's requestTimeoutMs ends it)
  | 'stall-mid'; // the headers and half the body, then silence

/** Retry hints and other headers of one answer. */
interface Hints {
  readonly retryAfter?: string | { readonly dateInSeconds: number } | undefined;
  readonly retryAfterMs?: string | undefined;
  readonly pollAfterMs?: string | undefined;
  readonly contentEncoding?: 'gzip' | 'gzip-lie' | 'br-lie' | 'identity' | 'x-unknown' | undefined;
}

/** One answer to a poll of a task (or to a list page). */
export interface TaskStep {
  readonly status: number;
  readonly body:
    | 'task'
    | 'truncated'
    | 'html'
    | 'wrong-types'
    | 'proto'
    | 'oversize'
    | 'echo-key'
    | 'empty';
  readonly taskStatus: string;
  readonly progress: unknown;
  /** The id the body names: the one asked for, or another. */
  readonly otherId: string | undefined;
  readonly hints: Hints;
  readonly connection: Connection;
  /** Where a truncated body is cut, as a fraction of its length. */
  readonly cut: number;
}

/** One answer to a download of the video. */
export interface VideoStep {
  readonly kind:
    | 'whole' // 200 (or 206 from the requested byte), the rest of the video
    | 'ignore-range' // 200 with the whole video, whatever the Range
    | 'wrong-range' // 206 that claims the requested byte but starts one later
    | 'cut' // a content-length, part of the body, then the connection destroyed
    | 'close-cut' // no content-length, part of the body, then the connection closed cleanly
    | 'close-whole' // no content-length, the whole body, then the connection closed
    | 'refused' // an error status, with hints
    | 'stall';
  readonly status: number;
  readonly cut: number;
  readonly hints: Hints;
}

/** One task of a run: its id, and the answers to its polls and to its downloads, in order. */
export interface TaskScript {
  readonly id: string;
  readonly steps: readonly TaskStep[];
  readonly video: readonly VideoStep[];
}

/** One run: a few tasks watched at once, one way or the other. */
export interface RunScript {
  readonly mode: 'status-and-download' | 'watch-all';
  readonly tasks: readonly TaskScript[];
  /** The answers to list pages (watch-all only). */
  readonly list: readonly TaskStep[];
}

// --- The arbitraries -------------------------------------------------------------------------

const ids = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^sora_[a-z0-9]{1,12}$/) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'sora_\ud800x',
      'sora_\udc00',
      '..',
      '.',
      'sora_../../etc/passwd',
      'sora_%2e%2e',
      'sora_a/b',
      'sora_ a',
      'CON',
      'sora_\u0000',
      'sora_\u001b]0;owned\u0007',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.nat({ max: 5_000 }).map((n) => `sora_${'x'.repeat(200 + n)}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
);

const retryAfter = fc.oneof(
  fc.constantFrom('0', '1', '2', '-1', '1.5', 'soon', '99999999999', ''),
  fc.record({ dateInSeconds: fc.constantFrom(-3_600, -1, 0, 1, 2) }),
  fc.constant('Thu, 01 Jan 1970 00:00:00 GMT'),
);

const hints: fc.Arbitrary<Hints> = fc.record(
  {
    retryAfter,
    retryAfterMs: fc.constantFrom('0', '1', '500', '1500', '-5', 'abc'),
    pollAfterMs: fc.constantFrom('0', '10', '100000', 'x', '-1'),
    contentEncoding: fc.constantFrom(
      'gzip' as const,
      'gzip-lie' as const,
      'br-lie' as const,
      'identity' as const,
      'x-unknown' as const,
    ),
  },
  { requiredKeys: [] },
);

const connection = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Connection>('length') },
  { weight: 3, arbitrary: fc.constant<Connection>('close') },
  { weight: 1, arbitrary: fc.constantFrom<Connection>('reset', 'reset-mid', 'stall', 'stall-mid') },
);

const taskStep: fc.Arbitrary<TaskStep> = fc.record({
  status: fc.oneof(
    { weight: 14, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.constantFrom(429, 503) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(201, 204, 299, 301, 400, 401, 404, 418, 500, 502, 599),
    },
  ),
  body: fc.oneof(
    { weight: 10, arbitrary: fc.constant<TaskStep['body']>('task') },
    {
      weight: 4,
      arbitrary: fc.constantFrom<TaskStep['body']>(
        'truncated',
        'html',
        'wrong-types',
        'proto',
        'oversize',
        'echo-key',
        'empty',
      ),
    },
  ),
  taskStatus: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('queued', 'in_progress', 'processing') },
    { weight: 4, arbitrary: fc.constantFrom('completed', 'failed') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('cancelled', 'succeeded', 'exploded', '', 'COMPLETED'),
    },
  ),
  progress: fc.constantFrom(undefined, 0, 50, 100, 101, -1, '50', null, 1e308),
  otherId: fc.option(ids, { nil: undefined, freq: 8 }),
  hints,
  connection,
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** What the arbitraries may leave out: draws that break the client in a way still open. */
export interface DrawOptions {
  /**
   * Whether a video may be cut short on a connection without a content-length (issue 21,
   * defect 5, open: the client saves the part as the whole file).
   */
  readonly closeDelimitedCuts: boolean;
}

function videoStepOf({ closeDelimitedCuts }: DrawOptions): fc.Arbitrary<VideoStep> {
  const hostile: VideoStep['kind'][] = [
    'ignore-range',
    'wrong-range',
    'cut',
    'close-whole',
    'refused',
    'stall',
  ];
  if (closeDelimitedCuts) hostile.push('close-cut');
  return fc.record({
    kind: fc.oneof(
      { weight: 6, arbitrary: fc.constant<VideoStep['kind']>('whole') },
      { weight: 4, arbitrary: fc.constantFrom(...hostile) },
    ),
    status: fc.constantFrom(429, 503, 404, 500, 403),
    cut: fc.double({ min: 0, max: 0.99, noNaN: true }),
    hints,
  });
}

/** A run of one to three tasks with distinct ids, watched one by one (with downloads) or all at once. */
export function runScriptOf(options: DrawOptions): fc.Arbitrary<RunScript> {
  const taskScript: fc.Arbitrary<TaskScript> = fc.record({
    id: ids,
    steps: fc.array(taskStep, { minLength: 1, maxLength: 4 }),
    video: fc.array(videoStepOf(options), { minLength: 1, maxLength: 3 }),
  });
  return fc.record({
    mode: fc.constantFrom<RunScript['mode']>('status-and-download', 'watch-all'),
    tasks: fc.uniqueArray(taskScript, { minLength: 1, maxLength: 3, selector: (t) => t.id }),
    list: fc.array(taskStep, { minLength: 0, maxLength: 2 }),
  });
}

// --- The server --------------------------------------------------------------------------------

/** One request the gateway received, and what it answered. */
export interface Served {
  readonly path: string;
  readonly arrivedAt: number;
  /** The status sent, once sent; undefined for a reset or a stall. */
  status?: number | undefined;
  /** When the answer was wholly handed to the socket. */
  sentAt?: number | undefined;
  readonly authorization: string | undefined;
}

/** The hostile gateway of one run. */
export interface HostileGateway {
  readonly baseUrl: string;
  readonly served: readonly Served[];
  close(): Promise<void>;
}

/** Starts a gateway that plays `run`: request n of a task's path gets its step n, then `completed`; a list, its
 * step n, then 404. */
export async function startHostileGateway(run: RunScript): Promise<HostileGateway> {
  const served: Served[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const byPath = new Map<string, TaskScript>();
  for (const task of run.tasks) {
    const segment = safeEncode(task.id);
    if (segment !== undefined) byPath.set(`/v1/videos/${segment}`, task);
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const record: Served = {
      path,
      arrivedAt: performance.now(),
      authorization: req.headers.authorization,
    };
    served.push(record);
    const n = counts.get(path) ?? 0;
    counts.set(path, n + 1);
    const answer: Answer = (status) => {
      record.status = status;
      return () => {
        record.sentAt = performance.now();
      };
    };
    if (path.endsWith('/content')) {
      const task = byPath.get(path.slice(0, -'/content'.length));
      const step = task?.video[n];
      sendVideo(req, res, answer, step ?? WHOLE);
      return;
    }
    const task = byPath.get(path);
    if (task !== undefined) {
      const step = task.steps[n] ?? COMPLETED;
      sendTask(req, res, answer, step, task.id);
      return;
    }
    if (path === '/v1/videos') {
      const step = run.list[n] ?? NO_LIST;
      sendTask(req, res, answer, step, undefined);
      return;
    }
    const sent = answer(404);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"no such path"}}', sent);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    served,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const NO_HINTS: Hints = {};
/** A poll answered with a completed task: what every poll past a task's script gets. */
export const COMPLETED: TaskStep = {
  status: 200,
  body: 'task',
  taskStatus: 'completed',
  progress: 100,
  otherId: undefined,
  hints: NO_HINTS,
  connection: 'length',
  cut: 1,
};
/** A list the gateway does not have: what every list request past the run's script gets. */
const NO_LIST: TaskStep = { ...COMPLETED, body: 'html', status: 404 };
/** The whole video, with a content-length. */
export const WHOLE: VideoStep = { kind: 'whole', status: 200, cut: 1, hints: NO_HINTS };

/** Notes the status about to be sent; the callback notes when it was wholly sent. */
type Answer = (status: number) => () => void;

/** The path segment of an id as the client sends it, or undefined if no URL can carry it. */
function safeEncode(id: string): string | undefined {
  try {
    return encodeURIComponent(id);
  } catch {
    return undefined;
  }
}

function bodyOf(step: TaskStep, id: string | undefined, req: IncomingMessage): string {
  const task = {
    id: step.otherId ?? id ?? 'sora_list',
    object: 'video',
    created: 1_761_635_478,
    model: 'sora-2',
    status: step.taskStatus,
    ...(step.progress === undefined ? {} : { progress: step.progress }),
    error: step.taskStatus === 'failed' ? { code: 'x', message: 'it failed' } : null,
  };
  const whole = id === undefined ? { object: 'list', data: [task], has_more: false } : task;
  switch (step.body) {
    case 'task':
      return JSON.stringify(whole);
    case 'truncated': {
      const text = JSON.stringify(whole);
      return text.slice(0, Math.floor(text.length * step.cut));
    }
    case 'html':
      return '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    case 'wrong-types':
      return JSON.stringify({
        id: 5,
        status: ['completed'],
        progress: '50',
        created: 'yesterday',
        data: 'x',
      });
    case 'proto':
      return `{"__proto__":{"status":"completed","id":"sora_polluted"},"constructor":{"prototype":{"polluted":1}},"id":${JSON.stringify(task.id)},"status":${JSON.stringify(task.status)},"data":{"__proto__":[]}}`;
    case 'oversize':
      return `{"id":${JSON.stringify(task.id)},"status":"processing","pad":"${'x'.repeat(OVERSIZE_BYTES)}"}`;
    case 'echo-key':
      return JSON.stringify({
        error: { message: `Incorrect API key provided: ${req.headers.authorization ?? ''}` },
      });
    case 'empty':
      return id === undefined ? '{"object":"list","data":[],"has_more":false}' : '';
  }
}

function headersOf(hints: Hints): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof hints.retryAfter === 'string') headers['retry-after'] = hints.retryAfter;
  else if (hints.retryAfter !== undefined) {
    headers['retry-after'] = new Date(
      Date.now() + hints.retryAfter.dateInSeconds * 1_000,
    ).toUTCString();
  }
  if (hints.retryAfterMs !== undefined) headers['retry-after-ms'] = hints.retryAfterMs;
  if (hints.pollAfterMs !== undefined) headers['openai-poll-after-ms'] = hints.pollAfterMs;
  return headers;
}

function encode(body: Buffer, hints: Hints, headers: Record<string, string>): Buffer {
  switch (hints.contentEncoding) {
    case undefined:
      return body;
    case 'gzip':
      headers['content-encoding'] = 'gzip';
      return gzipSync(body);
    case 'gzip-lie':
      headers['content-encoding'] = 'gzip';
      return body;
    case 'br-lie':
      headers['content-encoding'] = 'br';
      return body;
    default:
      headers['content-encoding'] = hints.contentEncoding;
      return body;
  }
}

function sendTask(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  step: TaskStep,
  id: string | undefined,
): void {
  const headers = { 'content-type': 'application/json', ...headersOf(step.hints) };
  const body = encode(Buffer.from(bodyOf(step, id, req)), step.hints, headers);
  deliver(res, answer, step.status, headers, body, step.connection);
}

/** Sends `body` the way `connection` says. */
function deliver(
  res: ServerResponse,
  answer: Answer,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  connection: Connection,
): void {
  const socket = res.socket;
  const half = body.subarray(0, Math.floor(body.length / 2));
  switch (connection) {
    case 'length': {
      const sent = answer(status);
      res.writeHead(status, { ...headers, 'content-length': String(body.length) });
      res.end(body, sent);
      return;
    }
    case 'close': {
      // Written on the socket itself: node:http would chunk a body without a length.
      const sent = answer(status);
      const head = Object.entries({ ...headers, connection: 'close' })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket?.end(
        Buffer.concat([Buffer.from(`HTTP/1.1 ${status} Whatever\r\n${head}\r\n`), body]),
        sent,
      );
      return;
    }
    case 'reset':
      socket?.destroy();
      return;
    case 'reset-mid':
      res.writeHead(status, { ...headers, 'content-length': String(body.length) });
      res.write(half, () => socket?.destroy());
      return;
    case 'stall':
      return;
    case 'stall-mid':
      res.writeHead(status, { ...headers, 'content-length': String(body.length) });
      res.write(half);
      return;
  }
}

function requestedStart(range: string | undefined): number {
  return Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? 0);
}

function sendVideo(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  step: VideoStep,
): void {
  const start = Math.min(requestedStart(req.headers.range), VIDEO.length - 1);
  const ranged = req.headers.range !== undefined && start > 0;
  const headers: Record<string, string> = {
    'content-type': 'video/mp4',
    etag: '"v1"',
    ...headersOf(step.hints),
  };
  const cutAt = (from: number) => from + Math.floor((VIDEO.length - from) * step.cut);
  const from = ranged ? start : 0;
  const rest = VIDEO.subarray(from);
  const rangeOfRest = `bytes ${start}-${VIDEO.length - 1}/${VIDEO.length}`;
  if (step.kind === 'stall') return;
  if (step.kind === 'cut') {
    if (ranged) headers['content-range'] = rangeOfRest;
    res.writeHead(ranged ? 206 : 200, { ...headers, 'content-length': String(rest.length) });
    res.write(VIDEO.subarray(from, cutAt(from)), () => res.socket?.destroy());
    return;
  }
  const [status, body, connection] = ((): [number, Buffer, Connection] => {
    switch (step.kind) {
      case 'whole':
      case 'close-whole':
      case 'close-cut': {
        if (ranged) headers['content-range'] = rangeOfRest;
        const body = step.kind === 'close-cut' ? VIDEO.subarray(from, cutAt(from)) : rest;
        return [ranged ? 206 : 200, body, step.kind === 'whole' ? 'length' : 'close'];
      }
      case 'ignore-range':
        return [200, VIDEO, 'length'];
      case 'wrong-range':
        headers['content-range'] = rangeOfRest;
        return [206, Buffer.concat([VIDEO.subarray(start + 1), Buffer.from([0])]), 'length'];
      case 'refused':
        headers['content-type'] = 'application/json';
        return [step.status, Buffer.from('{"error":{"message":"no"}}'), 'length'];
    }
  })();
  deliver(res, answer, status, headers, body, connection);
}
