import type { SimulationClock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { MetricsRecorder } from './metrics.js';
import type { VideoPayload } from './mp4.js';
import type { TaskStore } from './tasks.js';
import type { TimerRegistry } from './timers.js';
import type { SoraDialect } from './types.js';
import type { WebhookDispatcher } from './webhooks.js';

/** What every request handler of one simulator shares. */
export interface SimulatorContext {
  readonly dialect: SoraDialect;
  /** Whether `POST /videos/{id}/cancel` is served (OpenAI's dialect only). */
  readonly cancel: boolean;
  readonly apiKey: string;
  /** The `openai-poll-after-ms` header of task answers, in clock (real) ms, or `null` for none. */
  readonly pollHintMs: number | null;
  readonly clock: SimulationClock;
  readonly tasks: TaskStore;
  readonly faults: FaultInjector;
  readonly metrics: MetricsRecorder;
  readonly payload: VideoPayload;
  readonly timers: TimerRegistry;
  /** Sends the tasks' webhooks. */
  readonly webhooks: WebhookDispatcher;
  /** The server's origin, such as `http://127.0.0.1:43123`, known once it listens. */
  readonly origin: () => string;
}
