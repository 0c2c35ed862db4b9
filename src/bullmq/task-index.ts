import type { MinimalQueue } from 'bullmq';
import type { FleetJob } from './enqueue.js';

/**
 * The fleet's index of the tasks it watches, a Redis hash beside the queue's keys: task id →
 * `[jobId, status]`, the status the job saw last. A sweep reads it for the tasks of a list page
 * (one `HMGET` a page) and wakes the jobs whose task shows another status on the page. A job
 * writes its entry only when its task's status changes, and takes it out when the task ends: a
 * poll step whose status did not change costs no command here.
 */
const TASK_INDEX_KEY = 'sora-rx:tasks';

/** The few Redis commands of the index, as BullMQ's clients (ioredis, node-redis) all have them. */
export interface IndexClient {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  hset(key: string, data: Record<string, string | number>): Promise<number>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  hlen(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { PX?: number }): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
}

/** The queue of a job (BullMQ keeps it protected; a processor has no other way to it). */
export function queueOf(job: FleetJob): MinimalQueue {
  return (job as unknown as { queue: MinimalQueue }).queue;
}

/** The raw Redis client of a job's queue (BullMQ's Redis backend holds it). */
export function indexClientOf(job: FleetJob): Promise<IndexClient> {
  return redisClientOf(queueOf(job));
}

/** The raw Redis client of a queue: BullMQ's Redis backend holds it. */
export async function redisClientOf(queue: { readonly backend: unknown }): Promise<IndexClient> {
  const backend = queue.backend as { client?: Promise<IndexClient> };
  if (backend.client === undefined) throw new Error('The fleet needs a Redis backend');
  return backend.client;
}

/** How many tasks the index holds: the tasks in flight the fleet's jobs watch. */
export async function countWatchedTasks(job: FleetJob): Promise<number> {
  return (await indexClientOf(job)).hlen(queueOf(job).toKey(TASK_INDEX_KEY));
}

/** Records a task's new status for the sweeps, or takes a task that ended out of the index. */
export async function indexTaskStatus(
  job: FleetJob,
  taskId: string,
  status: string,
  terminal: boolean,
): Promise<void> {
  const client = await indexClientOf(job);
  const key = queueOf(job).toKey(TASK_INDEX_KEY);
  if (terminal) await client.hdel(key, taskId);
  else await client.hset(key, { [taskId]: JSON.stringify([String(job.id), status]) });
}

/** The index's entries of some tasks: the job id and last status of each one it holds. */
export async function readTaskIndex(
  job: FleetJob,
  taskIds: readonly string[],
): Promise<Map<string, { readonly jobId: string; readonly status: string }>> {
  const found = new Map<string, { jobId: string; status: string }>();
  if (taskIds.length === 0) return found;
  const client = await indexClientOf(job);
  const values = await client.hmget(queueOf(job).toKey(TASK_INDEX_KEY), ...taskIds);
  values.forEach((value, i) => {
    const entry = parseEntry(value);
    if (entry !== undefined) found.set(taskIds[i] as string, entry);
  });
  return found;
}

/** An entry of the index, or `undefined` for none or one that is not the index's own. */
function parseEntry(value: string | null): { jobId: string; status: string } | undefined {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { jobId: parsed[0], status: parsed[1] };
    }
  } catch {
    // Not an entry of ours: nothing to wake.
  }
  return undefined;
}
