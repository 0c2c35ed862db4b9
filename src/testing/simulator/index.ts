/**
 * An embedded simulator of a Sora-style video API, for tests and benchmarks.
 * @module
 */

export type { FaultKind, RateLimitFault, SoraSimulatorFaults } from './fault-types.js';
export { SAMPLE_MP4_URL } from './mp4.js';
export { startSoraSimulator } from './server.js';
export type {
  SimulatedStatus,
  SimulatedTask,
  SimulatedTaskError,
  SimulatedTaskInit,
  SimulatedTaskPatch,
  VideoSeconds,
} from './task-types.js';
export type {
  SimulatorClock,
  SoraDialect,
  SoraSimulator,
  SoraSimulatorMetrics,
  SoraSimulatorOptions,
} from './types.js';
export type {
  SimulatorWebhookFaults,
  SimulatorWebhookOptions,
  SimulatorWebhooks,
} from './webhook-types.js';
export { signWebhook } from './webhooks.js';
