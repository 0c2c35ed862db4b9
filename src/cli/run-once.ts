import { type Observable, take } from 'rxjs';
import { onStopSignal, type StopSignal } from './interrupt.js';

/** How a one-shot call ended: a value, an error, or a signal that cancelled it. */
export type OnceOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'signal'; readonly signal: StopSignal };

/**
 * The first value of `source$`, or its error; Ctrl-C unsubscribes, which aborts the request.
 * A source that completes empty resolves with an error.
 */
export function runOnce<T>(source$: Observable<T>): Promise<OnceOutcome<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: OnceOutcome<T>) => {
      if (settled) return;
      settled = true;
      stopListening();
      resolve(outcome);
    };
    const stopListening = onStopSignal((signal) => {
      subscription.unsubscribe();
      settle({ kind: 'signal', signal });
    });
    const subscription = source$.pipe(take(1)).subscribe({
      next: (value) => settle({ kind: 'value', value }),
      error: (error: unknown) => settle({ kind: 'error', error }),
      complete: () => settle({ kind: 'error', error: new Error('No answer') }),
    });
  });
}
