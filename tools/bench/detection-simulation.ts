// One row of scenario c: one schedule watching every task of a workload, through ONE client in ONE
// virtual-time run, tasks created over time, so that a schedule that learns from the client's
// finished tasks can learn as it would in an app.
import { map, type Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type {
  HttpRequest,
  HttpResponse,
  JournalRecord,
  SoraClient,
  VideoTask,
} from '../../src/index.js';
import { median, mulberry32, percentile } from './bench-utils.js';
import { renderTask, type SimulatedTask, statusAt, type TaskShape } from './detection-workloads.js';
import { core, testing } from './library.js';

const { createSoraClient, isTerminal, memoryJournal } = core;
const { jsonResponse, stubTransport } = testing;

/** Virtual time between a request and its answer. */
export const LATENCY_MS = 50;
const BASE_URL = 'https://sora.bench.invalid/v1';

/** A way of watching a task, as a user would write it. */
export interface Schedule {
  /** Its name in the tables. */
  readonly name: string;
  /** Whether the watch creates the task itself (`POST /videos`), rather than getting its id. */
  readonly createsTask: boolean;
  /**
   * Whether each batch's client starts with a journal that holds what the previous batch's
   * client saw: its creates and when it saw each task completed. The first batch's is empty.
   */
  readonly journal?: boolean | undefined;
  /** Watches one task until it is terminal, through the row's client. */
  readonly watch: (sora: SoraClient, task: SimulatedTask) => Observable<VideoTask>;
}

/** What one row measured. */
export interface RowFigures {
  /** `GET /videos/{id}` requests per task, the mean. */
  readonly getsPerTask: number;
  /** `POST /videos` requests per task, the mean. */
  readonly postsPerTask: number;
  /** From `completed` to the emission of the completed task, over the completed tasks. */
  readonly delay: DelayFigures;
  /** From `failed` to the emission of the failed task, over the rejected tasks. */
  readonly failureDelay: DelayFigures;
  /** Watches that ended in an error instead of a terminal task, by error code. */
  readonly errors: ReadonlyMap<string, number>;
  /** The most watches open at once. */
  readonly peakOpen: number;
  /** The wall time the row took. */
  readonly wallSeconds: number;
}

/** Detection delays in milliseconds: how many, and their median, 95th percentile and maximum. */
export interface DelayFigures {
  readonly count: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** What happened to one task during a row. */
interface TaskRecord {
  readonly task: SimulatedTask;
  createdAtMs: number | undefined;
  gets: number;
  posts: number;
  seenAtMs: number | undefined;
  seenStatus: string | undefined;
  /** Whether the watch emitted the terminal task. */
  emitted: boolean;
  error: string | undefined;
}

/**
 * Watches every task with one schedule. Each task is created at its arrival time (or when its
 * create reaches the stub) and watched from then on; answers come {@link LATENCY_MS} later. The
 * tasks of one batch share one client and one virtual-time run; each batch has a fresh client.
 * sora-rx's jitter draws from `Math.random`, replaced by a PRNG seeded with `seed` meanwhile.
 */
export async function simulateRow(
  shape: TaskShape,
  tasks: readonly SimulatedTask[],
  schedule: Schedule,
  seed: number,
): Promise<RowFigures> {
  const started = performance.now();
  const records = new Map<string, TaskRecord>(
    tasks.map((task) => [
      task.id,
      {
        task,
        createdAtMs: undefined,
        gets: 0,
        posts: 0,
        seenAtMs: undefined,
        seenStatus: undefined,
        emitted: false,
        error: undefined,
      },
    ]),
  );
  const noise = mulberry32(seed + 1);
  const originalRandom = Math.random;
  Math.random = mulberry32(seed);
  let open = 0;
  let peakOpen = 0;
  // One fresh client and one virtual-time run per batch: a single one for Poisson arrivals.
  const batches = new Map<number, SimulatedTask[]>();
  for (const task of tasks) batches.set(task.batch, [...(batches.get(task.batch) ?? []), task]);
  let journal: JournalRecord[] = [];
  let respond = (_request: HttpRequest): Observable<HttpResponse> => {
    throw new Error('A request before the run');
  };
  try {
    for (const batch of batches.values()) {
      const scheduler = new TestScheduler(() => {});
      // Made in a run of its own, on the virtual clock, then given the time to read its journal,
      // as a process that starts does, before the run of its watches.
      let sora: SoraClient | undefined;
      scheduler.run(() => {
        sora = createSoraClient({
          baseUrl: BASE_URL,
          apiKey: 'sk-bench',
          transport: stubTransport((request) => respond(request)),
          ...(schedule.journal === true ? { journal: memoryJournal(journal) } : {}),
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
      scheduler.run(() => {
        respond = (request: HttpRequest): Observable<HttpResponse> => {
          const now = scheduler.now();
          const record = records.get(taskIdOf(request));
          if (record === undefined) throw new Error('The stub was asked for an unknown task');
          if (request.method === 'POST') {
            record.posts += 1;
            record.createdAtMs ??= now;
          } else {
            record.gets += 1;
          }
          if (record.createdAtMs === undefined) throw new Error(`${record.task.id} polled unborn`);
          const body = renderTask(record.task, shape, record.createdAtMs, now, noise);
          // Seen when its first terminal answer reaches the client: a client with a journal
          // passes it on once the journal holds it, which virtual time does not wait for.
          const status = statusAt(record.task, now - record.createdAtMs);
          if (status !== 'running' && record.seenAtMs === undefined) {
            record.seenAtMs = now + LATENCY_MS;
            record.seenStatus = status;
          }
          return timer(LATENCY_MS).pipe(map(() => jsonResponse(body)));
        };

        const arrive = (index: number): void => {
          const task = batch[index] as SimulatedTask;
          const record = records.get(task.id) as TaskRecord;
          if (!schedule.createsTask) record.createdAtMs = scheduler.now();
          open += 1;
          peakOpen = Math.max(peakOpen, open);
          schedule.watch(sora as SoraClient, task).subscribe({
            next: (seen) => {
              if (isTerminal(seen.status)) record.emitted = true;
            },
            error: (error: unknown) => {
              record.error = errorCodeOf(error);
              open -= 1;
            },
            complete: () => {
              open -= 1;
            },
          });
          const next = batch[index + 1];
          if (next !== undefined) {
            // One pending arrival at a time: the virtual scheduler sorts its queue on each action.
            scheduler.schedule(() => arrive(index + 1), next.arrivalMs - scheduler.now());
          }
        };
        const first = batch[0];
        if (first !== undefined) scheduler.schedule(() => arrive(0), first.arrivalMs);
      });
      // What a journal holds back until it is written passes on now.
      await new Promise((resolve) => setImmediate(resolve));
      journal = journalOf(batch.map((task) => records.get(task.id) as TaskRecord));
    }
  } finally {
    Math.random = originalRandom;
  }
  return summarize([...records.values()], peakOpen, (performance.now() - started) / 1000);
}

/** The journal a client with one would have written of these tasks, on the virtual clock. */
function journalOf(records: readonly TaskRecord[]): JournalRecord[] {
  return records.flatMap(({ task, createdAtMs, seenAtMs, seenStatus }): JournalRecord[] => {
    if (createdAtMs === undefined || seenAtMs === undefined || seenStatus !== 'completed') {
      return [];
    }
    const key = `key_${task.id}`;
    const params = { prompt: task.id, model: task.model, seconds: task.seconds };
    return [
      { type: 'intent', at: createdAtMs, key, params },
      { type: 'created', at: createdAtMs, key, id: task.id, model: task.model },
      { type: 'status', at: seenAtMs, id: task.id, status: 'completed' },
    ];
  });
}

function summarize(records: TaskRecord[], peakOpen: number, wallSeconds: number): RowFigures {
  const delaysMs: number[] = [];
  const failureDelaysMs: number[] = [];
  const errors = new Map<string, number>();
  for (const record of records) {
    const { task, createdAtMs, seenAtMs, seenStatus, emitted, error } = record;
    if (error !== undefined || !emitted || seenAtMs === undefined || createdAtMs === undefined) {
      const code = error ?? 'never ended';
      errors.set(code, (errors.get(code) ?? 0) + 1);
      continue;
    }
    const endsAtMs = createdAtMs + (task.rejectedAfterMs ?? task.generationMs);
    if (seenStatus !== statusAt(task, seenAtMs - createdAtMs)) {
      throw new Error(`${task.id} was seen ${seenStatus}, which it is not`);
    }
    (seenStatus === 'failed' ? failureDelaysMs : delaysMs).push(seenAtMs - endsAtMs);
  }
  const total = (pick: (record: TaskRecord) => number) =>
    records.reduce((sum, record) => sum + pick(record), 0) / records.length;
  return {
    getsPerTask: total((record) => record.gets),
    postsPerTask: total((record) => record.posts),
    delay: summarizeDelays(delaysMs),
    failureDelay: summarizeDelays(failureDelaysMs),
    errors,
    peakOpen,
    wallSeconds,
  };
}

/** The task a request is about: the id in a GET's path, or the prompt of a create. */
function taskIdOf(request: HttpRequest): string {
  if (request.method === 'POST') {
    // The stub creates a task whose id is the prompt.
    return (JSON.parse(request.body ?? '{}') as { prompt: string }).prompt;
  }
  return decodeURIComponent(request.url.slice(request.url.lastIndexOf('/') + 1));
}

function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}

function summarizeDelays(delaysMs: readonly number[]): DelayFigures {
  return {
    count: delaysMs.length,
    medianMs: median(delaysMs),
    p95Ms: percentile(delaysMs, 0.95),
    maxMs: percentile(delaysMs, 1),
  };
}
