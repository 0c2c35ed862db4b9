import type { FaultKind } from './fault-types.js';
import { SlidingWindow } from './sliding-window.js';
import type { SoraSimulatorMetrics } from './types.js';

function noFaults(): Record<FaultKind, number> {
  return {
    rateLimited: 0,
    serverError: 0,
    dropped: 0,
    slow: 0,
    malformedJson: 0,
    htmlBody: 0,
    unknownStatus: 0,
    expiredUrl: 0,
    failedTask: 0,
    downloadDropped: 0,
  };
}

/** Counts what the simulator sees; read through the {@link SoraSimulatorMetrics} view. */
export class MetricsRecorder implements SoraSimulatorMetrics {
  #totalRequests = 0;
  #creates = 0;
  #createsByKey: Record<string, number> = Object.create(null);
  #polls: Record<string, number> = Object.create(null);
  #cancels: Record<string, number> = Object.create(null);
  #deletes: Record<string, number> = Object.create(null);
  #downloads = 0;
  #bytesSent = 0;
  #inFlight = 0;
  #maxConcurrency = 0;
  #maxRequestsPerSecond = 0;
  #faults = noFaults();
  /** Clock times of the requests of the last second, for the rate high-water mark. */
  readonly #recent = new SlidingWindow();
  readonly #now: () => number;

  /** A recorder measuring request rates on `now` (the unscaled clock). */
  constructor(now: () => number) {
    this.#now = now;
  }

  get totalRequests(): number {
    return this.#totalRequests;
  }
  get creates(): number {
    return this.#creates;
  }
  get createsByKey(): Readonly<Record<string, number>> {
    return Object.assign(Object.create(null), this.#createsByKey);
  }
  get pollsByTask(): Readonly<Record<string, number>> {
    return Object.assign(Object.create(null), this.#polls);
  }
  get cancelsByTask(): Readonly<Record<string, number>> {
    return Object.assign(Object.create(null), this.#cancels);
  }
  get deletesByTask(): Readonly<Record<string, number>> {
    return Object.assign(Object.create(null), this.#deletes);
  }
  get downloads(): number {
    return this.#downloads;
  }
  get bytesSent(): number {
    return this.#bytesSent;
  }
  get inFlight(): number {
    return this.#inFlight;
  }
  get maxConcurrency(): number {
    return this.#maxConcurrency;
  }
  get maxRequestsPerSecond(): number {
    return this.#maxRequestsPerSecond;
  }
  get faults(): Readonly<Record<FaultKind, number>> {
    return { ...this.#faults };
  }

  reset(): void {
    this.#totalRequests = 0;
    this.#creates = 0;
    this.#createsByKey = Object.create(null);
    this.#polls = Object.create(null);
    this.#cancels = Object.create(null);
    this.#deletes = Object.create(null);
    this.#downloads = 0;
    this.#bytesSent = 0;
    this.#maxConcurrency = this.#inFlight;
    this.#maxRequestsPerSecond = 0;
    this.#faults = noFaults();
    this.#recent.clear();
  }

  /** A request arrived; returns the function to call once, when it is over. */
  requestStarted(): () => void {
    this.#totalRequests += 1;
    this.#inFlight += 1;
    this.#maxConcurrency = Math.max(this.#maxConcurrency, this.#inFlight);
    const now = this.#now();
    this.#recent.prune(now);
    this.#recent.push(now);
    this.#maxRequestsPerSecond = Math.max(this.#maxRequestsPerSecond, this.#recent.size);
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.#inFlight -= 1;
    };
  }

  /** A `POST /videos` arrived. */
  countCreate(): void {
    this.#creates += 1;
  }

  /** A valid `POST /videos` with an `Idempotency-Key` reached the create. */
  countKeyedCreate(key: string): void {
    this.#createsByKey[key] = (this.#createsByKey[key] ?? 0) + 1;
  }

  /** A `GET /videos/{id}` arrived. */
  countPoll(id: string): void {
    this.#polls[id] = (this.#polls[id] ?? 0) + 1;
  }

  /** A `POST /videos/{id}/cancel` arrived. */
  countCancel(id: string): void {
    this.#cancels[id] = (this.#cancels[id] ?? 0) + 1;
  }

  /** A `DELETE /videos/{id}` arrived. */
  countDelete(id: string): void {
    this.#deletes[id] = (this.#deletes[id] ?? 0) + 1;
  }

  /** A video download arrived. */
  countDownload(): void {
    this.#downloads += 1;
  }

  /** Bytes of video were written. */
  countBytes(bytes: number): void {
    this.#bytesSent += bytes;
  }

  /** A fault was injected. */
  countFault(kind: FaultKind): void {
    this.#faults[kind] += 1;
  }
}
