// The messages between the soak and its simulator process, over Node's IPC channel.
import type { FaultKind } from '../../src/testing/index.js';
import type { SoakOptions } from './soak-options.js';

/** What the simulator process is started with: the soak's options less the client's. */
export type SimProcessConfig = Pick<
  SoakOptions,
  | 'seed'
  | 'taskCount'
  | 'pendingCount'
  | 'failShare'
  | 'timeScale'
  | 'finishWithinMs'
  | 'videoBytes'
  | 'faults'
  | 'storm'
>;

/** Sent once the simulator listens and its tasks are placed. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Tasks planned to finish during the run, in order. */
  readonly ids: readonly string[];
  /** Tasks that never finish. */
  readonly pendingIds: readonly string[];
  /** The size of the video every completed task serves. */
  readonly videoSize: number;
  /** SHA-256 (hex) of that video, computed from the bytes the simulator serves. */
  readonly videoSha256: string;
}

/** One task as the simulator knows it when asked. */
export interface SimTaskState {
  readonly id: string;
  readonly status: 'queued' | 'processing' | 'completed' | 'failed';
  /** Wall-clock ms (`Date.now()`) at which it became terminal, or `null` while it is not. */
  readonly finishedAtMs: number | null;
}

/** What the simulator saw, sent when asked. */
export interface ReportMessage {
  readonly type: 'report';
  readonly tasks: readonly SimTaskState[];
  /** `Date.now()` at the arrival of every HTTP request, in order. */
  readonly requestTimes: readonly number[];
  /** `Date.now()` at every TCP connection accepted, in order. */
  readonly connectionTimes: readonly number[];
  /** The simulator's own counters. */
  readonly metrics: {
    readonly totalRequests: number;
    readonly downloads: number;
    readonly maxRequestsPerSecond: number;
    readonly maxConcurrency: number;
    readonly faults: Readonly<Record<FaultKind, number>>;
  };
}

/** Messages from the soak to the simulator process. */
export type ControlMessage =
  | { readonly type: 'start' }
  | { readonly type: 'report' }
  | { readonly type: 'stop' };

/** Messages from the simulator process to the soak. */
export type SimMessage = ReadyMessage | ReportMessage;
