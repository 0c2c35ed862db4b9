import type { SimulatorClock } from './types.js';

/**
 * Turns a clock into simulated time: it starts at `startTime` and runs `timeScale` times faster.
 * Tasks live on simulated time; what the API reports of them is mapped back to the clock's own
 * pace by {@link SimulationClock.reportedTime}.
 */
export class SimulationClock {
  readonly #source: SimulatorClock;
  readonly #manual: { time: number } | undefined;
  readonly #origin: number;
  readonly #startTime: number;
  readonly #timeScale: number;

  /** Reads `source` (or a manual clock at 0) from now on. */
  constructor(source: 'system' | 'manual' | SimulatorClock, timeScale: number, startTime: number) {
    if (source === 'manual') {
      const manual = { time: 0 };
      this.#manual = manual;
      this.#source = { now: () => manual.time };
    } else {
      this.#manual = undefined;
      this.#source = source === 'system' ? Date : source;
    }
    this.#origin = this.#source.now();
    this.#startTime = startTime;
    this.#timeScale = timeScale;
  }

  /** The clock's own time, before scaling: rate windows are measured on it. */
  sourceNow(): number {
    return this.#source.now();
  }

  /** The simulated time, in ms since the epoch. */
  now(): number {
    return this.#startTime + (this.#source.now() - this.#origin) * this.#timeScale;
  }

  /**
   * The time the API reports for the simulated instant `simulatedMs`: `startTime` plus the clock
   * time it takes to get there, unscaled. Once the clock has run `x` ms, `now()` is
   * `startTime + x × timeScale` and this maps it to `startTime + x`, so that a client that takes
   * a task's age from its `created` sees the time that really passed.
   */
  reportedTime(simulatedMs: number): number {
    return this.#startTime + (simulatedMs - this.#startTime) / this.#timeScale;
  }

  /** Moves a manual clock forward; any other clock cannot be moved. */
  advance(ms: number): void {
    if (this.#manual === undefined) {
      throw new TypeError("`advance()` needs the simulator option `clock: 'manual'`");
    }
    if (!Number.isFinite(ms) || ms < 0) {
      throw new TypeError(`Expected \`ms\` to be a non-negative number, got ${String(ms)}`);
    }
    this.#manual.time += ms;
  }
}
