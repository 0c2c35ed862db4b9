// One row of scenario f: a thousand tasks created over time and watched by ONE `watchAll$` of ONE
// client, in virtual time, against a stub gateway in OpenAI's shape that also lists its videos
// (`GET /videos?limit=&order=&after=`), newest first by default, as the simulator does.
import { map, type Observable, Subject, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { HttpRequest, HttpResponse, ListPollingOptions } from '../../src/index.js';
import { median, mulberry32, percentile } from './bench-utils.js';
import { renderTask, type SimulatedTask, statusAt } from './detection-workloads.js';
import { core, testing } from './library.js';

const { createSoraClient, isTerminal } = core;
const { jsonResponse, stubTransport } = testing;

/** Virtual time between a request and its answer. */
const LATENCY_MS = 50;
const BASE_URL = 'https://sora.bench.invalid/v1';

/** What one row measured. */
export interface ListRowFigures {
  /** `GET /videos/{id}` requests per task. */
  readonly getsPerTask: number;
  /** `GET /videos` (list page) requests per task. */
  readonly pagesPerTask: number;
  /** From `completed` to the emission of the completed task: median, 95th percentile, max. */
  readonly delayMedianMs: number;
  readonly delayP95Ms: number;
  readonly delayMaxMs: number;
  /** Watches that never saw their task end, or ended in an error. */
  readonly unfinished: number;
  /** The wall time the row took. */
  readonly wallSeconds: number;
}

interface TaskRecord {
  readonly task: SimulatedTask;
  createdAtMs: number | undefined;
  gets: number;
  seenAtMs: number | undefined;
  seenStatus: string | undefined;
}

/**
 * Watches every task with `watchAll$` on the client's default schedule, each id added as its task
 * is created, with `listPolling` as given. sora-rx's jitter draws from a PRNG seeded with `seed`.
 */
export function simulateListRow(
  tasks: readonly SimulatedTask[],
  listPolling: false | ListPollingOptions,
  seed: number,
): ListRowFigures {
  const started = performance.now();
  const records = new Map<string, TaskRecord>(
    tasks.map((task) => [
      task.id,
      { task, createdAtMs: undefined, gets: 0, seenAtMs: undefined, seenStatus: undefined },
    ]),
  );
  /** The tasks created so far, the newest first, as the list shows them. */
  const listed: TaskRecord[] = [];
  let pages = 0;
  const noise = mulberry32(seed + 1);
  const originalRandom = Math.random;
  Math.random = mulberry32(seed);
  try {
    const scheduler = new TestScheduler(() => {});
    scheduler.run(() => {
      const render = (record: TaskRecord) =>
        renderTask(record.task, 'openai', record.createdAtMs ?? 0, scheduler.now(), noise);
      const respond = (request: HttpRequest): Observable<HttpResponse> => {
        const url = new URL(request.url);
        let body: unknown;
        if (url.pathname.endsWith('/videos')) {
          pages += 1;
          const after = url.searchParams.get('after');
          const limit = Number(url.searchParams.get('limit'));
          const order = url.searchParams.get('order') === 'asc' ? [...listed].reverse() : listed;
          const start = after === null ? 0 : order.findIndex((r) => r.task.id === after) + 1;
          const data = order.slice(start, start + limit).map(render);
          body = { object: 'list', data, has_more: start + limit < order.length };
        } else {
          const id = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
          const record = records.get(id);
          if (record === undefined) throw new Error(`The stub was asked for ${id}`);
          record.gets += 1;
          body = render(record);
        }
        return timer(LATENCY_MS).pipe(map(() => jsonResponse(body)));
      };
      const sora = createSoraClient({
        baseUrl: BASE_URL,
        apiKey: 'sk-bench',
        transport: stubTransport(respond),
        listPolling,
      });
      const ids = new Subject<string>();
      sora.watchAll$(ids).subscribe(({ id, task }) => {
        const record = records.get(id) as TaskRecord;
        if (task === undefined || !isTerminal(task.status) || record.seenAtMs !== undefined) return;
        record.seenAtMs = scheduler.now();
        record.seenStatus = task.status;
      });
      const arrive = (index: number): void => {
        const task = tasks[index] as SimulatedTask;
        const record = records.get(task.id) as TaskRecord;
        record.createdAtMs = scheduler.now();
        listed.unshift(record);
        ids.next(task.id);
        const next = tasks[index + 1];
        if (next === undefined) ids.complete();
        else scheduler.schedule(() => arrive(index + 1), next.arrivalMs - scheduler.now());
      };
      const first = tasks[0];
      if (first !== undefined) scheduler.schedule(() => arrive(0), first.arrivalMs);
    });
  } finally {
    Math.random = originalRandom;
  }
  const delays: number[] = [];
  let unfinished = 0;
  for (const { task, createdAtMs, seenAtMs, seenStatus } of records.values()) {
    if (seenAtMs === undefined || createdAtMs === undefined) {
      unfinished += 1;
      continue;
    }
    if (seenStatus !== statusAt(task, seenAtMs - createdAtMs)) {
      throw new Error(`${task.id} was seen ${seenStatus}, which it is not`);
    }
    delays.push(seenAtMs - createdAtMs - task.generationMs);
  }
  const gets = [...records.values()].reduce((sum, record) => sum + record.gets, 0);
  return {
    getsPerTask: gets / tasks.length,
    pagesPerTask: pages / tasks.length,
    delayMedianMs: median(delays),
    delayP95Ms: percentile(delays, 0.95),
    delayMaxMs: percentile(delays, 1),
    unfinished,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
