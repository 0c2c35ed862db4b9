// Plays one drawn run of the hostile gateway against the real client, and checks the invariants
// that no answer of a gateway may break.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { catchError, EMPTY, map, merge, type Observable, type Subscription, tap } from 'rxjs';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import {
  FUZZ_API_KEY,
  type RunScript,
  type Served,
  startHostileGateway,
  VIDEO,
} from './hostile-gateway.js';

/** Something a stream did, for one task. */
type Seen =
  | { readonly kind: 'task'; readonly status: string; readonly value: unknown }
  | { readonly kind: 'download'; readonly done: boolean; readonly file: string }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'complete' };

/** What one run showed. */
export interface Observed {
  /** Per task id, in order. */
  readonly seen: ReadonlyMap<string, readonly Seen[]>;
  readonly served: readonly Served[];
  /** Uncaught exceptions, unhandled rejections and synchronous throws. */
  readonly escaped: readonly unknown[];
  /** Whether every stream ended before the run's cap. */
  readonly ended: boolean;
  /** The files left in the download folder, by name. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/** The longest a run may take: every wait of the client below is bounded well within it. */
const RUN_CAP_MS = 15_000;

/** Options that keep a run short while leaving the 1 s floor of retry waits at its default. */
function clientOf(baseUrl: string): SoraClient {
  return createSoraClient({
    baseUrl,
    apiKey: FUZZ_API_KEY,
    requestTimeoutMs: 300,
    retry: { maxRetries: 2, maxDelayMs: 1_500, maxRetryAfterMs: 2_000 },
    poll: { intervalMs: 20, minHintMs: 10, maxHintMs: 100, maxWaitMs: 2_500 },
  });
}

/** Plays `run` against a fresh gateway and client, saving downloads into `dir`. */
export async function playRun(run: RunScript, dir: string): Promise<Observed> {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  const gateway = await startHostileGateway(run);
  const sora = clientOf(gateway.baseUrl);
  const seen = new Map<string, Seen[]>(run.tasks.map((t) => [t.id, []]));
  const note = (id: string, s: Seen) => seen.get(id)?.push(s);
  let subscription: Subscription | undefined;
  let ended = false;
  try {
    ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), RUN_CAP_MS);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      let streams: Observable<unknown>;
      try {
        streams = streamsOf(run, sora, dir, note);
      } catch (error) {
        escaped.push(error);
        done();
        return;
      }
      subscription = streams.subscribe({ error: (e) => escaped.push(e), complete: done });
    });
  } finally {
    subscription?.unsubscribe();
    await sora.close();
    await gateway.close();
    // A late error of a socket or a timer still has a moment to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  }
  const files = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
  return { seen, served: gateway.served, escaped, ended, files };
}

function streamsOf(
  run: RunScript,
  sora: SoraClient,
  dir: string,
  note: (id: string, s: Seen) => void,
): Observable<unknown> {
  if (run.mode === 'watch-all') {
    return sora
      .watchAll$(run.tasks.map((t) => t.id))
      .pipe(
        map((event) =>
          event.task === undefined
            ? note(event.id, { kind: 'error', error: event.error })
            : note(event.id, { kind: 'task', status: event.task.status, value: event.task }),
        ),
      );
  }
  const download = { dir, idleTimeoutMs: 300, timeoutMs: 4_000, maxResumes: 2 };
  return merge(
    ...run.tasks.map(({ id }) => {
      return sora.videoStatus$(id).pipe(
        sora.downloadWhenCompleted(download),
        tap({
          next: (e) =>
            e.type === 'task'
              ? note(id, { kind: 'task', status: e.task.status, value: e.task })
              : note(id, { kind: 'download', done: e.progress.done, file: e.progress.file }),
          error: (error) => note(id, { kind: 'error', error }),
          complete: () => note(id, { kind: 'complete' }),
        }),
        catchError(() => EMPTY),
      );
    }),
  );
}

const TERMINAL = new Set(['completed', 'failed']);
/** How much earlier than 1 s a retry may reach the server: timers round to the millisecond. */
const FLOOR_SLACK_MS = 2;

/** Every broken invariant of a run, in words; empty when the run kept them all. */
export function violationsOf(run: RunScript, observed: Observed): string[] {
  const violations: string[] = [];
  for (const error of observed.escaped) violations.push(`escaped: ${inspect(error)}`);
  if (!observed.ended) violations.push(`a stream did not end within ${RUN_CAP_MS} ms`);

  // Nothing is emitted after a terminal task; every error is a typed one.
  for (const [id, events] of observed.seen) {
    const terminal = events.findIndex((e) => e.kind === 'task' && TERMINAL.has(e.status));
    const after = terminal < 0 ? [] : events.slice(terminal + 1);
    const late =
      run.mode === 'watch-all'
        ? after
        : after.filter((e) => e.kind === 'task' || e.kind === 'error');
    if (late.length > 0 && !(run.mode === 'status-and-download' && late.every(isDownloadError))) {
      violations.push(`${show(id)}: ${late.map((e) => e.kind).join(', ')} after a terminal task`);
    }
    for (const e of events) {
      if (e.kind !== 'error') continue;
      const code = (e.error as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !code.startsWith('SORA_')) {
        violations.push(`${show(id)}: an untyped error: ${inspect(e.error)}`);
      }
    }
  }

  // No file is saved unless its bytes are what was served.
  for (const [name, bytes] of observed.files) {
    if (name.endsWith('.part')) continue;
    if (!bytes.equals(VIDEO)) {
      violations.push(`${name}: saved with ${bytes.length} bytes that are not the video served`);
    }
  }
  for (const [id, events] of observed.seen) {
    for (const e of events) {
      if (e.kind !== 'download' || !e.done) continue;
      const name = e.file.split(/[\\/]/).pop() ?? '';
      if (!observed.files.get(name)?.equals(VIDEO)) {
        violations.push(`${show(id)}: reported done, but ${name} is not the video served`);
      }
    }
  }

  // No request goes out sooner than 1 s after a 429 or a 503.
  const byPath = new Map<string, Served[]>();
  for (const s of observed.served) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s]);
  for (const [path, requests] of byPath) {
    requests.slice(1).forEach((next, i) => {
      const refused = requests[i] as Served;
      if (refused.status !== 429 && refused.status !== 503) return;
      const gap = next.arrivedAt - (refused.sentAt ?? refused.arrivedAt);
      if (gap < 1_000 - FLOOR_SLACK_MS) {
        violations.push(`${show(path)}: retried ${gap.toFixed(1)} ms after a ${refused.status}`);
      }
    });
  }

  // The key appears in no value, no error (message, stack, cause) and no file name.
  const secret = FUZZ_API_KEY.slice('sk-fuzz-'.length);
  for (const [id, events] of observed.seen) {
    for (const e of events) {
      const text = inspect(e, { depth: 8, maxStringLength: Number.POSITIVE_INFINITY });
      const stack = e.kind === 'error' ? String((e.error as Error | null)?.stack) : '';
      if (text.includes(secret) || stack.includes(secret)) {
        violations.push(`${show(id)}: the API key in a ${e.kind}`);
      }
    }
  }
  for (const name of observed.files.keys()) {
    if (name.includes(secret)) violations.push(`the API key in the file name ${show(name)}`);
  }
  return violations;
}

/** A download's error after a completed task is its own: the task itself was terminal once. */
function isDownloadError(e: Seen): boolean {
  return e.kind === 'error';
}

function show(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 80 ? `${json.slice(0, 77)}..."` : json;
}

/** What a run came to, in words, to count over many runs: proof that the runs reach each outcome. */
export function outcomesOf(observed: Observed): string[] {
  const outcomes: string[] = [];
  for (const events of observed.seen.values()) {
    for (const e of events) {
      if (e.kind === 'task' && TERMINAL.has(e.status)) outcomes.push(e.status);
      if (e.kind === 'download' && e.done) outcomes.push('video saved');
      if (e.kind === 'error') outcomes.push(String((e.error as { code?: unknown } | null)?.code));
    }
  }
  const retried = observed.served.filter(
    (s, i) =>
      (s.status === 429 || s.status === 503) &&
      observed.served.slice(i + 1).some((next) => next.path === s.path),
  );
  if (retried.length > 0) outcomes.push('retried after a 429 or 503');
  return outcomes;
}
