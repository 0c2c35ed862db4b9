import type { VirtualTimeScheduler } from 'rxjs';

/** How long each wait pending on `scheduler` has yet to run, in ms. */
export function pendingWaits(scheduler: VirtualTimeScheduler): number[] {
  return scheduler.actions.map((action) => action.delay - scheduler.frame);
}

/** Runs what `scheduler` has due within the next `ms`, and moves its clock there. */
export function advance(scheduler: VirtualTimeScheduler, ms: number): void {
  const to = scheduler.frame + ms;
  scheduler.maxFrames = to;
  scheduler.flush();
  scheduler.frame = to;
  scheduler.maxFrames = Number.POSITIVE_INFINITY;
}
