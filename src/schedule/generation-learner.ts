import { type Observable, Subject } from 'rxjs';

/** How many of the latest completions each kind of task remembers. */
const WINDOW = 50;
/** How many completions a kind of task needs before they count. */
const MIN_SAMPLES = 5;
/** The share of completions the learned shortest time may be later than: a low quantile. */
const QUANTILE = 0.1;
/** How much the learned time must fall before waiting watches re-plan: 5 %, and 1 s at least. */
const REPLAN_SHARE = 0.05;
const REPLAN_MIN_MS = 1_000;

interface Kind {
  /** The latest completion ages, as a ring. */
  readonly samples: number[];
  next: number;
  /** The low quantile of `samples`, once there are enough of them. */
  shortestMs: number | undefined;
}

/**
 * What one client learns of a gateway's generation times from the tasks it saw complete: for
 * each model, and each model and length when the length is known, a low quantile of the latest
 * completion ages. A gateway faster than the published times pulls the schedule's skip down.
 */
export class GenerationLearner {
  private readonly kinds = new Map<string, Kind>();
  private readonly changed = new Subject<void>();

  /** Emits when a learned shortest time has fallen enough that waiting watches should re-plan. */
  readonly changes: Observable<void> = this.changed.asObservable();

  /**
   * Records that a task of `model` (and `seconds`, if known) completed at about `ageMs`.
   * @param ageMs The estimated completion age: between the last answer that was not done and the
   *   first that was.
   */
  record(model: string | undefined, seconds: number | undefined, ageMs: number): void {
    if (!(ageMs >= 0 && Number.isFinite(ageMs))) return;
    let fell = this.add(kindKey(model, undefined), ageMs);
    if (seconds !== undefined) fell = this.add(kindKey(model, seconds), ageMs) || fell;
    if (fell) this.changed.next();
  }

  /**
   * The learned shortest generation time of a task of `model` (and `seconds`, if known), or
   * `undefined` before enough of its kind completed.
   */
  shortestMs(model: string | undefined, seconds: number | undefined): number | undefined {
    const ofLength = seconds === undefined ? undefined : this.kinds.get(kindKey(model, seconds));
    return ofLength?.shortestMs ?? this.kinds.get(kindKey(model, undefined))?.shortestMs;
  }

  /** Adds a sample to a kind; whether its learned time fell enough to re-plan. */
  private add(key: string, ageMs: number): boolean {
    let kind = this.kinds.get(key);
    if (kind === undefined) {
      kind = { samples: [], next: 0, shortestMs: undefined };
      this.kinds.set(key, kind);
    }
    kind.samples[kind.next] = ageMs;
    kind.next = (kind.next + 1) % WINDOW;
    if (kind.samples.length < MIN_SAMPLES) return false;
    const before = kind.shortestMs;
    const sorted = kind.samples.slice().sort((a, b) => a - b);
    kind.shortestMs = sorted[Math.floor(QUANTILE * (sorted.length - 1))] as number;
    return (
      before === undefined ||
      before - kind.shortestMs >= Math.max(REPLAN_MIN_MS, before * REPLAN_SHARE)
    );
  }
}

function kindKey(model: string | undefined, seconds: number | undefined): string {
  // Tasks of a gateway that names no model are one kind of their own.
  const name = model ?? '';
  return seconds === undefined ? name : `${name}\u0000${seconds}`;
}
