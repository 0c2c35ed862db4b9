/** The times of events in the last `widthMs`, oldest first, with amortised O(1) updates. */
export class SlidingWindow {
  #times: number[] = [];
  #head = 0;
  readonly #widthMs: number;

  /** A window `widthMs` wide. */
  constructor(widthMs = 1000) {
    this.#widthMs = widthMs;
  }

  /** How many events the window holds after the last `prune`. */
  get size(): number {
    return this.#times.length - this.#head;
  }

  /** The oldest event still in the window, if any. */
  get oldest(): number | undefined {
    return this.#times[this.#head];
  }

  /** Forgets the events that are `widthMs` or more older than `now`. */
  prune(now: number): void {
    const times = this.#times;
    while (this.#head < times.length && (times[this.#head] ?? now) <= now - this.#widthMs) {
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > times.length) {
      this.#times = times.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Records an event at `now`. */
  push(now: number): void {
    this.#times.push(now);
  }

  /** Forgets every event. */
  clear(): void {
    this.#times = [];
    this.#head = 0;
  }
}
