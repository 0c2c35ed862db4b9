/**
 * What the sweeps of a queue keep in Redis beside its keys (one small JSON string): where they are
 * in the list, until when a list that was refused is left alone, and, while they run, how long a
 * job may leave its task to them before it looks with its own GET.
 */
export interface SweepState {
  /** The id after which the next page starts; none for the top of the list. */
  readonly after?: string | undefined;
  /** How many watched tasks the pages of this round showed so far. */
  readonly seen?: number | undefined;
  /** Until when (workers' clock, ms) the gateway's list is not asked again: it had none. */
  readonly noListUntilMs?: number | undefined;
  /** Until when (workers' clock, ms) the sweeps count as running: a page came lately. */
  readonly liveUntilMs?: number | undefined;
  /** While they run: the longest a job waits between its own GETs (its safety net), in ms. */
  readonly safetyNetMs?: number | undefined;
}

/** Where the sweeps keep their state, beside the queue's keys. */
export const SWEEP_STATE_KEY = 'sora-rx:sweep';

/** The state as stored, or an empty one for none or one that is not the sweeps' own. */
export function parseSweepState(value: string | null): SweepState {
  if (value === null) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { after, seen, noListUntilMs, liveUntilMs, safetyNetMs } = parsed as Record<
      string,
      unknown
    >;
    return {
      after: typeof after === 'string' ? after : undefined,
      seen: numberOrUndefined(seen),
      noListUntilMs: numberOrUndefined(noListUntilMs),
      liveUntilMs: numberOrUndefined(liveUntilMs),
      safetyNetMs: numberOrUndefined(safetyNetMs),
    };
  } catch {
    return {};
  }
}

/**
 * The safety net of a job's own GETs while the sweeps run, in ms, or `undefined` when they do not
 * run (none scheduled, none lately, a gateway without a list, or `safetyNetMs: 0`): then the job
 * keeps the planner's schedule.
 */
export function liveSafetyNetMs(state: SweepState, nowMs: number): number | undefined {
  const { liveUntilMs, safetyNetMs } = state;
  if (liveUntilMs === undefined || safetyNetMs === undefined || nowMs >= liveUntilMs) return;
  if (state.noListUntilMs !== undefined && nowMs < state.noListUntilMs) return;
  return safetyNetMs > 0 ? safetyNetMs : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
