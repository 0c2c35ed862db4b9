import type { IncomingMessage } from 'node:http';
import type { SimulatorContext } from './context.js';

/** The first task made for a key, and the body it was made from. */
interface KeyedTask {
  readonly id: string;
  readonly body: string;
}

/** The keyed tasks of each simulator, by its context: they live as long as the simulator. */
const keyedTasks = new WeakMap<SimulatorContext, Map<string, KeyedTask>>();

function tasksOf(context: SimulatorContext): Map<string, KeyedTask> {
  let tasks = keyedTasks.get(context);
  if (tasks === undefined) {
    tasks = new Map();
    keyedTasks.set(context, tasks);
  }
  return tasks;
}

/** The `Idempotency-Key` header of a request, if it has a non-empty one. */
export function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const value = req.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  return key === undefined || key.trim() === '' ? undefined : key.trim();
}

/**
 * What to do with a create that carries `key`: `new` when the key is unseen (then call
 * {@link rememberKeyedTask} with the task made), the id of the first task when it was made from
 * the same body, or `conflict` when the key was used with another body.
 */
export function lookUpKeyedTask(
  context: SimulatorContext,
  key: string,
  body: unknown,
): { kind: 'new' } | { kind: 'replay'; id: string } | { kind: 'conflict' } {
  const first = tasksOf(context).get(key);
  if (first === undefined) return { kind: 'new' };
  return first.body === JSON.stringify(body)
    ? { kind: 'replay', id: first.id }
    : { kind: 'conflict' };
}

/** Remembers the task made for `key`, so that a repeat of the key answers with it. */
export function rememberKeyedTask(
  context: SimulatorContext,
  key: string,
  body: unknown,
  id: string,
): void {
  tasksOf(context).set(key, { id, body: JSON.stringify(body) });
}
