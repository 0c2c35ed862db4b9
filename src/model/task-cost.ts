import type { VideoTask } from './video-task.js';

/**
 * What a task cost, in US dollars, where the gateway reports it: OpenRouter's video API sends
 * `usage: { cost, is_byok }` once a task has ended. The field comes from the server untouched, so
 * only a finite number of zero or more counts; a string, `null`, `NaN`, a negative or a missing
 * `usage` give `undefined`, never a guess. OpenAI's video API reports no cost.
 *
 * ## Example
 * ```ts
 * const task = await lastValueFrom(sora.videoStatus$(id));
 * const cost = taskCost(task);
 * console.log(cost === undefined ? 'cost not reported' : `cost $${cost.toFixed(2)}`);
 * ```
 *
 * @param task A task as sora-rx decoded it, with the fields the server sent beyond its type.
 * @return The cost in USD, or `undefined` when the task reports none that makes sense.
 */
export function taskCost(task: VideoTask): number | undefined {
  const usage: unknown = (task as Readonly<Record<string, unknown>>).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const cost: unknown = (usage as Readonly<Record<string, unknown>>).cost;
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}
