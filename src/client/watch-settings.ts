import type { MonoTypeOperatorFunction } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import { retryWithBackoff } from '../operators/retry-with-backoff.js';
import { type ResolvedPollOptions, resolvePollOptions } from '../schedule/poll-options.js';
import {
  createPollSchedule,
  type PollSchedule,
  type ScheduleEnvironment,
} from '../schedule/poll-schedule.js';
import { assertKnownOptions } from '../util/assert-options.js';
import { mergeOptions } from '../util/merge-options.js';
import type { VideoStatusOptions } from './client-options.js';
import {
  POLL_OPTIONS,
  RETRY_OPTIONS,
  type ResolvedClientOptions,
} from './resolve-client-options.js';

/** How the watches of one set of options poll and retry. */
export interface WatchSettings {
  /** When to poll and when to give up. */
  readonly schedule: PollSchedule;
  /** How a failed poll is retried. */
  readonly retry: MonoTypeOperatorFunction<TaskResponse>;
}

/**
 * Settles a call's `videoStatus$` options over the client's, checking them at once: a call without
 * options gets the client's settings, resolved once when the client was made.
 */
export type SettleWatch = (callOptions: VideoStatusOptions | undefined) => WatchSettings;

/** The settler of a client's watches, in its schedule environment. */
export function createWatchSettings(
  { retry: clientRetry, poll: clientPoll, pollOptions, scheduler }: ResolvedClientOptions,
  environment: ScheduleEnvironment,
): SettleWatch {
  const settle = (callOptions: VideoStatusOptions, resolved?: ResolvedPollOptions) => {
    const { retry: pollRetry, ...poll } = mergeOptions<VideoStatusOptions>(clientPoll, callOptions);
    return {
      schedule: createPollSchedule(resolved ?? resolvePollOptions(poll), environment),
      retry: retryWithBackoff<TaskResponse>({
        ...mergeOptions(clientRetry, clientPoll.retry, pollRetry),
        scheduler,
      }),
    };
  };
  const defaults = settle({}, pollOptions);
  return (callOptions) => {
    // The common call, with no options: nothing to check, nothing to allocate.
    if (callOptions === undefined) return defaults;
    assertKnownOptions(callOptions, POLL_OPTIONS, 'options');
    assertKnownOptions(callOptions.retry, RETRY_OPTIONS, 'options.retry');
    const hasOptions = Object.values(callOptions).some((value) => value !== undefined);
    return hasOptions ? settle(callOptions) : defaults;
  };
}
