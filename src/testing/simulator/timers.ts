import type { EventEmitter } from 'node:events';

/** Real-time waits that `cancelAll` ends at once, so that nothing outlives the simulator. */
export class TimerRegistry {
  readonly #pending = new Set<() => void>();
  #closed = false;

  /** How many waits are pending. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Waits `ms` of wall-clock time. Resolves `true` when the time is up, `false` when cancelled by
   * `cancelAll` or by a `close` event of `until` (the response, when the client goes away).
   */
  sleep(ms: number, until?: EventEmitter): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (elapsed: boolean): void => {
        clearTimeout(timer);
        this.#pending.delete(cancel);
        until?.off('close', cancel);
        resolve(elapsed);
      };
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.#pending.add(cancel);
      until?.once('close', cancel);
    });
  }

  /** Cancels every pending wait, and every later one at once. */
  cancelAll(): void {
    this.#closed = true;
    for (const cancel of [...this.#pending]) cancel();
  }
}
