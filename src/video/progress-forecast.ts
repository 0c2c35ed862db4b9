/** The least noise assumed in one progress reading, in points: the readings may show more. */
const PRIOR_NOISE_POINTS = 6;

/** When a task whose progress grows with time should reach 100 %, and how sure that is. */
export interface ProgressForecast {
  /** The predicted age at which progress reaches 100, in milliseconds. */
  readonly finishAgeMs: number;
  /** One standard deviation of that prediction, in milliseconds. */
  readonly spreadMs: number;
}

/**
 * A least-squares line through the origin of progress (0–100) against the task's age: progress
 * that grows with time predicts when it reaches 100. It keeps three sums, not the readings, so a
 * watched task holds a few numbers whatever its number of polls.
 */
export class ProgressFit {
  private count = 0;
  private sumAgeSquared = 0;
  private sumAgeProgress = 0;
  private sumProgressSquared = 0;

  /** Adds one reading: `progress` percent at `ageMs`. Readings of 0 or 100 and over say nothing. */
  add(ageMs: number, progress: number): void {
    if (!(ageMs > 0 && progress > 0 && progress < 100)) return;
    this.count += 1;
    this.sumAgeSquared += ageMs * ageMs;
    this.sumAgeProgress += ageMs * progress;
    this.sumProgressSquared += progress * progress;
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
    return { finishAgeMs, spreadMs: (finishAgeMs * slopeSpread) / slope };
  }
}
