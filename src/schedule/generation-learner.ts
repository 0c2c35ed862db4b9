import type { Observable } from 'rxjs';
import { Signal } from '../operators/signal.js';

/**
 * How many of the latest completions each kind of task remembers: enough that the low quantile
 * rests on several of them (six), not on the two or three lowest, which wander with each
 * completion that joins or leaves and, censored at the skip, drift above the quantile.
 */
const WINDOW = 100;
/** How many completions a kind of task needs before they count. */
const MIN_SAMPLES = 5;
/**
 * The share of completions the learned shortest time may be later than: a low quantile. About this
 * share of the tasks is first seen done at the skip.
 */
const QUANTILE = 0.06;
/** How much the learned time must fall before waiting watches re-plan: 5 %, and 1 s at least. */
const REPLAN_SHARE = 0.05;
const REPLAN_MIN_MS = 1_000;
/** While a kind scouts, one task in this many that waits for the skip scouts instead. */
const SCOUT_EVERY = 10;
/**
 * The share of the remembered completions first seen after the skip beyond which the skip is
 * taken to be too late, and the kind scouts again.
 */
const LATE_SHARE = 0.2;

/** How a task was seen to complete, as the planner tells the learner. */
export interface Completion {
  /** About how old the task was when it completed. */
  readonly ageMs: number;
  /**
   * Whether a long wait (the skip) came before the answer that saw it done: then the task may
   * have completed long before, and the skip may be too late.
   */
  readonly late: boolean;
  /** Whether the task was a scout: polled densely before the skip. */
  readonly scout: boolean;
}

interface Kind {
  /** The latest completion ages, as a ring. */
  readonly samples: number[];
  /** Whether each of `samples` was first seen after the skip, as the same ring. */
  readonly late: boolean[];
  next: number;
  /** How many of `samples` are late. */
  lateCount: number;
  /** The low quantile of `samples`, once there are enough of them. */
  fromSamplesMs: number | undefined;
  /** The tasks that waited for the skip while the kind scouted: one in {@link SCOUT_EVERY} scouts. */
  waited: number;
  /** The scouts enlisted before the kind had enough samples. */
  scouts: number;
  /** The completion ages of those scouts, in order. */
  readonly scoutAges: number[];
}

/**
 * What one client learns of a gateway's generation times from the tasks it saw complete: for
 * each model, and each model and length when the length is known, a low quantile of the latest
 * completion ages. The schedule's skip (no poll before the shortest generation time) follows it:
 * down for a gateway faster than the published times, up for a slower one.
 *
 * A completion first seen after the skip is censored: it says the task was done by then, not
 * when; the planner counts it half an interval before. While more than the quantile's share of a kind
 * is seen so, the learned time keeps falling. So that a batch created at once learns before its
 * skip ends, a few of its tasks scout: one in ten of
 * those that wait for the skip, while the kind has no completions yet or while too many of them
 * are first seen after the skip. Scouts poll densely between the early-failure check and the skip,
 * and what they see is read as a sample of the whole kind: once the share of scouts done by an
 * age reaches the quantile, that age is the learned time, before any other task completed.
 */
export class GenerationLearner {
  private readonly kinds = new Map<string, Kind>();
  private readonly changed = new Signal();

  /** Emits when a learned shortest time has fallen enough that waiting watches should re-plan. */
  readonly changes: Observable<void> = this.changed;

  /**
   * Records that a task of `model` (and `seconds`, if known) completed at about `ageMs`.
   * @param ageMs The estimated completion age, or how the task was seen to complete.
   */
  record(model: string | undefined, seconds: number | undefined, ageMs: number | Completion): void {
    const seen = typeof ageMs === 'number' ? { ageMs, late: false, scout: false } : ageMs;
    const { late } = seen;
    const age = seen.ageMs;
    if (!(age >= 0 && Number.isFinite(age))) return;
    const own = kindKey(model, seconds);
    let fell = false;
    if (seen.scout) fell = this.addScout(own, age);
    fell = this.add(kindKey(model, undefined), age, late) || fell;
    if (seconds !== undefined) fell = this.add(own, age, late) || fell;
    if (fell) this.changed.emit();
  }

  /**
   * The learned shortest generation time of a task of `model` (and `seconds`, if known), or
   * `undefined` before enough of its kind completed. Without a time of its length, the model's.
   */
  shortestMs(model: string | undefined, seconds: number | undefined): number | undefined {
    return this.ownShortestMs(model, seconds) ?? this.ownShortestMs(model, undefined);
  }

  /**
   * The learned shortest generation time of exactly this kind (of this length, when `seconds` is
   * given), without falling back to the model's: the one a schedule may also raise its skip to.
   */
  ownShortestMs(model: string | undefined, seconds: number | undefined): number | undefined {
    const kind = this.kinds.get(kindKey(model, seconds));
    return kind === undefined ? undefined : learnedMs(kind);
  }

  /**
   * Asked for a task that is about to wait for the skip: whether it should scout instead, polling
   * densely until then. Yes for one in ten of them, while the kind has no learned time or while
   * more than a fifth of its remembered completions were first seen after the skip.
   */
  enlistScout(model: string | undefined, seconds: number | undefined): boolean {
    const kind = this.kindOf(kindKey(model, seconds));
    if (!needsScouts(kind)) return false;
    // The tenth, the twentieth…: a client watching a few tasks polls them as it always did.
    kind.waited += 1;
    const enlisted = kind.waited % SCOUT_EVERY === 0;
    if (enlisted && kind.samples.length < MIN_SAMPLES) kind.scouts += 1;
    return enlisted;
  }

  /**
   * Whether a kind still needs its scouts: while it has no learned time, or while more than a
   * fifth of its remembered completions were first seen after the skip. A scout stops scouting
   * once its kind no longer does, and waits for the skip like the others.
   */
  needsScouts(model: string | undefined, seconds: number | undefined): boolean {
    const kind = this.kinds.get(kindKey(model, seconds));
    return kind === undefined || needsScouts(kind);
  }

  private kindOf(key: string): Kind {
    let kind = this.kinds.get(key);
    if (kind === undefined) {
      kind = {
        samples: [],
        late: [],
        next: 0,
        lateCount: 0,
        fromSamplesMs: undefined,
        waited: 0,
        scouts: 0,
        scoutAges: [],
      };
      this.kinds.set(key, kind);
    }
    return kind;
  }

  /** Adds a scout's completion to a kind that is still learning; whether its time fell. */
  private addScout(key: string, ageMs: number): boolean {
    const kind = this.kindOf(key);
    if (kind.samples.length >= MIN_SAMPLES || kind.scoutAges.length >= kind.scouts) return false;
    const before = learnedMs(kind);
    kind.scoutAges.push(ageMs);
    kind.scoutAges.sort((a, b) => a - b);
    return fellEnough(before, learnedMs(kind));
  }

  /** Adds a sample to a kind; whether its learned time fell enough to re-plan. */
  private add(key: string, ageMs: number, late: boolean): boolean {
    const kind = this.kindOf(key);
    const before = learnedMs(kind);
    if (kind.late[kind.next] === true) kind.lateCount -= 1;
    kind.samples[kind.next] = ageMs;
    kind.late[kind.next] = late;
    if (late) kind.lateCount += 1;
    kind.next = (kind.next + 1) % WINDOW;
    if (kind.samples.length >= MIN_SAMPLES) {
      kind.fromSamplesMs = quantile(kind.samples.slice().sort((a, b) => a - b));
    }
    return fellEnough(before, learnedMs(kind));
  }
}

/** While a kind has no learned time, or while too many of its completions come after the skip. */
function needsScouts(kind: Kind): boolean {
  return learnedMs(kind) === undefined || kind.lateCount > LATE_SHARE * kind.samples.length;
}

/**
 * A kind's learned time: the low quantile of its completions once there are enough; before, the
 * age by which the quantile's share of its scouts completed, once they have.
 */
function learnedMs(kind: Kind): number | undefined {
  if (kind.fromSamplesMs !== undefined) return kind.fromSamplesMs;
  const needed = Math.max(1, Math.ceil(QUANTILE * kind.scouts));
  return kind.scoutAges[needed - 1];
}

/** The {@link QUANTILE} of sorted samples, between the two nearest where it falls between. */
function quantile(sorted: readonly number[]): number {
  const at = QUANTILE * (sorted.length - 1);
  const below = sorted[Math.floor(at)] as number;
  const above = sorted[Math.ceil(at)] as number;
  return below + (above - below) * (at - Math.floor(at));
}

function fellEnough(before: number | undefined, after: number | undefined): boolean {
  if (after === undefined) return false;
  return before === undefined || before - after >= Math.max(REPLAN_MIN_MS, before * REPLAN_SHARE);
}

function kindKey(model: string | undefined, seconds: number | undefined): string {
  // Tasks of a gateway that names no model are one kind of their own.
  const name = model ?? '';
  return seconds === undefined ? name : `${name}\u0000${seconds}`;
}
