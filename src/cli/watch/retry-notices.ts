import { Subject } from 'rxjs';
import type { RetryWithBackoffOptions } from '../../index.js';
import type { RetryNotice } from './board-events.js';
import { describeRetryReason } from './retry-reason.js';

/** The retries of one row's requests: the `retry` option that reports them, and their stream. */
export interface RetryNotices {
  /** Retry options whose `onRetry` reports to `notices$`. */
  readonly retry: RetryWithBackoffOptions;
  readonly notices$: Subject<RetryNotice>;
}

/** A fresh channel of retry notices for one row. */
export function createRetryNotices(): RetryNotices {
  const notices$ = new Subject<RetryNotice>();
  return {
    notices$,
    retry: {
      onRetry: (error, attempt, delayMs) =>
        notices$.next({ attempt, delayMs, reason: describeRetryReason(error) }),
    },
  };
}
