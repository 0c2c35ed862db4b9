/** The least noise assumed in one progress reading, in points: the readings may show more. */
const PRIOR_NOISE_POINTS = 6;
/**
 * How far a progress reading is taken to stray from a steady rate, in points (10, and half a
 * point of rounding). Each reading then bounds the finish on both sides.
 */
const NOISE_BOUND_POINTS = 10.5;
/** The spread of a finish known to lie within bounds, as a share of their width. */
const BOUNDED_SPREAD = 0.25;

/** When a task whose progress grows with time should reach 100 %, and how sure that is. */
export interface ProgressForecast {
  /** The predicted age at which progress reaches 100, in milliseconds. */
  readonly finishAgeMs: number;
  /** One standard deviation of that prediction, in milliseconds. */
  readonly spreadMs: number;
}

/**
 * Predicts when a task whose progress (0–100) grows steadily with its age reaches 100. It keeps a
 * few numbers, not the readings, so a watched task costs the same whatever its number of polls.
 *
 * - Least squares: a line through the origin, with its spread from the readings' own noise.
 * - Bounds: a reading within {@link NOISE_BOUND_POINTS} of the line puts the finish between two
 *   ages; all readings together narrow it much faster than least squares, and the forecast is
 *   the rate halfway between the slowest and the fastest they allow. Readings that contradict each other stray further than a
 *   steady rate allows: then there is no forecast, and the schedule polls by the interval.
 */
export class ProgressFit {
  private count = 0;
  private sumAgeSquared = 0;
  private sumAgeProgress = 0;
  private sumProgressSquared = 0;
  /** The earliest and the latest finish that every reading allows. */
  private earliestMs = 0;
  private latestMs = Number.POSITIVE_INFINITY;

  /** Adds one reading: `progress` percent at `ageMs`. Readings of 0 or 100 and over say nothing. */
  add(ageMs: number, progress: number): void {
    if (!(ageMs > 0 && progress > 0 && progress < 100)) return;
    this.count += 1;
    this.sumAgeSquared += ageMs * ageMs;
    this.sumAgeProgress += ageMs * progress;
    this.sumProgressSquared += progress * progress;
    this.earliestMs = Math.max(this.earliestMs, (100 * ageMs) / (progress + NOISE_BOUND_POINTS));
    if (progress > NOISE_BOUND_POINTS) {
      this.latestMs = Math.min(this.latestMs, (100 * ageMs) / (progress - NOISE_BOUND_POINTS));
    }
  }

  /**
   * The forecast from the readings so far, or `undefined` before two: one reading cannot tell a
   * steady rate from a task that waited in a queue before it started.
   */
  forecast(): ProgressForecast | undefined {
    if (this.count < 2) return undefined;
    const slope = this.sumAgeProgress / this.sumAgeSquared;
    // Σ(p − slope·a)², from the sums: the readings' own noise, once there are two of them.
    const residual = Math.max(0, this.sumProgressSquared - slope * this.sumAgeProgress);
    const noise = Math.max(PRIOR_NOISE_POINTS, Math.sqrt(residual / (this.count - 1)));
    const slopeSpread = noise / Math.sqrt(this.sumAgeSquared);
    const finishAgeMs = 100 / slope;
    const spreadMs = (finishAgeMs * slopeSpread) / slope;
    const { earliestMs, latestMs } = this;
    // Readings that contradict each other stray further than a steady rate allows: not followed.
    if (earliestMs > latestMs) return undefined;
    if (latestMs === Number.POSITIVE_INFINITY) return { finishAgeMs, spreadMs };
    return {
      // The rate halfway between the slowest and the fastest that every reading allows.
      finishAgeMs: (2 * earliestMs * latestMs) / (earliestMs + latestMs),
      spreadMs: Math.min(spreadMs, BOUNDED_SPREAD * (latestMs - earliestMs)),
    };
  }
}
