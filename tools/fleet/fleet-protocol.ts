// The messages between the fleet run and its processes (the simulator, the workers), over IPC.

/** What the simulator process is started with. */
export interface FleetSimConfig {
  readonly seed: number;
  readonly timeScale: number;
  readonly videoBytes?: number | undefined;
  /** How long the simulator takes to answer each request, in ms, as a real API does. */
  readonly latencyMs?: number | undefined;
}

/** What a worker process is started with. */
export interface FleetWorkerConfig {
  readonly redisPort: number;
  readonly queueName: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Where videos go; none for a run that only watches. */
  readonly dir?: string | undefined;
  /** The gateway's dialect, when not the seed's. */
  readonly dialect?: 'openai' | undefined;
  readonly limiter: { readonly max: number; readonly duration: number };
  readonly concurrency: number;
  readonly lockDuration: number;
  readonly stalledInterval: number;
  /** The poll interval, when the run fixes one. */
  readonly intervalMs?: number | undefined;
}

/** Sent by the simulator once it listens. */
export interface SimReady {
  readonly type: 'ready';
  readonly baseUrl: string;
  readonly apiKey: string;
  /** SHA-256 (hex) of the video every completed task serves. */
  readonly videoSha256: string;
}

/** What the simulator saw, sent when asked. */
export interface SimReport {
  readonly type: 'report';
  /** `Date.now()` at the arrival of every `/v1` request, in order. */
  readonly requestTimes: readonly number[];
  /** How many creates each `Idempotency-Key` sent, and how many of them were answered 200. */
  readonly creates: Readonly<Record<string, { readonly sent: number; readonly created: number }>>;
  /** The status of every task the simulator holds, by id. */
  readonly tasks: Readonly<Record<string, string>>;
  /** Video file requests. */
  readonly downloads: number;
  /** 429s sent. */
  readonly refused: number;
}

/** Sent by a worker once it is connected. */
export interface WorkerReady {
  readonly type: 'ready';
}

/** A worker's heap, after a full collection, sent when asked. */
export interface WorkerHeap {
  readonly type: 'heap';
  readonly heapUsed: number;
  readonly activations: number;
}

/** Messages to a child: ask for a report (or the heap), or stop. */
export type FleetControl =
  | { readonly type: 'report' }
  | { readonly type: 'heap' }
  | { readonly type: 'stop' };
