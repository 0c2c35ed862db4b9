import { type SchedulerLike, timer } from 'rxjs';

/**
 * Resolves after `ms` on `scheduler`, for async code that must wait in the scheduler's time (a
 * `VirtualTimeScheduler` in tests). Rejects with the signal's reason once it aborts, cancelling
 * the timer: an aborted wait leaves nothing scheduled.
 */
export function wait(ms: number, scheduler: SchedulerLike, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      subscription.unsubscribe();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const subscription = timer(ms, scheduler).subscribe(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
