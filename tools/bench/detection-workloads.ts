// Scenario c's workloads: which tasks a gateway runs, when the client creates them, and how the
// gateway shows them to a poll.
import { deriveSeed, drawExponential, mulberry32 } from './bench-utils.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Tasks drawn for each workload. */
export const TASKS_PER_WORKLOAD = 3_000;
/** The mean time between two task creations: Poisson arrivals. */
export const MEAN_ARRIVAL_GAP_MS = 2 * SECOND;
/** The error of a task the gateway rejects. */
const REJECTION_ERROR = 'The request was rejected by the content policy';

/** The seed's mix of lengths, with the provider's published generation time of each. */
export const LENGTH_MIX = [
  { share: 0.5, seconds: 10, minMs: 2 * MINUTE, maxMs: 5 * MINUTE },
  { share: 0.35, seconds: 15, minMs: 3 * MINUTE, maxMs: 8 * MINUTE },
  { share: 0.15, seconds: 25, minMs: 5 * MINUTE, maxMs: 15 * MINUTE },
] as const;

/** The earliest and latest age at which a rejected task fails. */
const REJECTED_AFTER_MS = { min: 5 * SECOND, max: 30 * SECOND } as const;

/**
 * How a gateway shows a task: `seed` as the seed contract (`created`, `queued` → `processing`,
 * `video_url`), `openai` as OpenAI (`object: "video"`, `created_at`, `in_progress`, a noisy
 * `progress`, no `video_url`). Neither reports the video's length.
 */
export type TaskShape = 'seed' | 'openai';

/** One workload of the scenario: a gateway and the way the client starts its tasks. */
export interface Workload {
  /** Its name in the tables. */
  readonly name: string;
  /** How the gateway shows a task. */
  readonly shape: TaskShape;
  /** The factor applied to every published generation time: 1/3 for a gateway 3× faster. */
  readonly speed: number;
  /** The share of tasks rejected 5–30 s after their creation, drawn exactly. */
  readonly rejectedShare: number;
  /** Whether the client creates each task with `generate$` (knowing its length) and watches it. */
  readonly viaGenerate: boolean;
  /**
   * Tasks created together by a fresh client, this many per client, all at once; `undefined` for
   * Poisson arrivals watched by one long-lived client.
   */
  readonly batchSize?: number | undefined;
}

/** The workloads, in the order of the tables. */
export const WORKLOADS = {
  seed: {
    name: 'seed durations',
    shape: 'seed',
    speed: 1,
    rejectedShare: 0,
    viaGenerate: false,
  },
  rejected: {
    name: 'seed durations, 5 % rejected after 5–30 s',
    shape: 'seed',
    speed: 1,
    rejectedShare: 0.05,
    viaGenerate: false,
  },
  faster: {
    name: 'gateway 3× faster (durations ÷ 3)',
    shape: 'seed',
    speed: 1 / 3,
    rejectedShare: 0,
    viaGenerate: false,
  },
  slower: {
    name: 'gateway 2× slower (durations × 2)',
    shape: 'seed',
    speed: 2,
    rejectedShare: 0,
    viaGenerate: false,
  },
  batch: {
    name: 'batch created at once, fresh client (100 per client, gateway 3× faster)',
    shape: 'seed',
    speed: 1 / 3,
    rejectedShare: 0,
    viaGenerate: false,
    batchSize: 100,
  },
  secondRun: {
    name: 'second run with the same journal (the batch above)',
    shape: 'seed',
    speed: 1 / 3,
    rejectedShare: 0,
    viaGenerate: false,
    batchSize: 100,
  },
  batchGenerate: {
    name: 'batch created at once, fresh client, length known (`generate$`)',
    shape: 'seed',
    speed: 1 / 3,
    rejectedShare: 0,
    viaGenerate: true,
    batchSize: 100,
  },
  openai: {
    name: 'OpenAI shape, noisy progress',
    shape: 'openai',
    speed: 1,
    rejectedShare: 0,
    viaGenerate: false,
  },
  generate: {
    name: 'seed durations, length known (`generate$`)',
    shape: 'seed',
    speed: 1,
    rejectedShare: 0,
    viaGenerate: true,
  },
} as const satisfies Record<string, Workload>;

/** A key of {@link WORKLOADS}. */
export type WorkloadKey = keyof typeof WORKLOADS;

/** One task of a workload. */
export interface SimulatedTask {
  readonly id: string;
  readonly model: string;
  /** The video's length, which the gateway does not report. */
  readonly seconds: number;
  /** When the client creates the task (or sends its create), in virtual milliseconds. */
  readonly arrivalMs: number;
  /** The client that watches it: 0 for Poisson arrivals, one per batch of a batch workload. */
  readonly batch: number;
  /** How long the task takes from its creation to `completed`. */
  readonly generationMs: number;
  /** For a rejected task, its age when it fails; it then never completes. */
  readonly rejectedAfterMs: number | undefined;
}

/**
 * Draws a workload's tasks. Lengths, arrivals and rejections come from streams of their own, so
 * that every workload of a seed has the same arrivals and the same lengths, its generation times
 * only scaled; a rejected task keeps the length it would have had.
 */
export function drawTasks(workload: Workload, seed: number): SimulatedTask[] {
  const lengths = mulberry32(deriveSeed(seed, 0));
  const arrivals = mulberry32(deriveSeed(seed, 1));
  const rejections = mulberry32(deriveSeed(seed, 2));
  const rejected = drawSubset(
    rejections,
    TASKS_PER_WORKLOAD,
    Math.round(workload.rejectedShare * TASKS_PER_WORKLOAD),
  );
  const { min, max } = REJECTED_AFTER_MS;
  const tasks: SimulatedTask[] = [];
  let arrivalMs = 0;
  for (let index = 0; index < TASKS_PER_WORKLOAD; index++) {
    arrivalMs += Math.round(drawExponential(arrivals, MEAN_ARRIVAL_GAP_MS));
    const { seconds, minMs, maxMs } = pickLength(lengths());
    const publishedMs = minMs + lengths() * (maxMs - minMs);
    const { batchSize } = workload;
    tasks.push({
      id: `sora_${index.toString(16).padStart(8, '0')}`,
      model: seconds === 25 ? 'sora-2-pro' : 'sora-2',
      seconds,
      // A batch's tasks are all created at the start of its client's run.
      arrivalMs: batchSize === undefined ? arrivalMs : 0,
      batch: batchSize === undefined ? 0 : Math.floor(index / batchSize),
      generationMs: Math.round(publishedMs * workload.speed),
      rejectedAfterMs: rejected.has(index)
        ? Math.round(min + rejections() * (max - min))
        : undefined,
    });
  }
  return tasks;
}

/** `size` distinct indices below `count`, drawn uniformly (a partial Fisher–Yates shuffle). */
function drawSubset(random: () => number, count: number, size: number): Set<number> {
  const indices = Array.from({ length: count }, (_, index) => index);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (count - i));
    [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
  }
  return new Set(indices.slice(0, size));
}

function pickLength(draw: number): (typeof LENGTH_MIX)[number] {
  let rest = draw;
  for (const length of LENGTH_MIX) {
    if (rest < length.share) return length;
    rest -= length.share;
  }
  return LENGTH_MIX[LENGTH_MIX.length - 1] as (typeof LENGTH_MIX)[number];
}

/** Where a task is at a given age. */
export function statusAt(task: SimulatedTask, ageMs: number): 'running' | 'completed' | 'failed' {
  if (task.rejectedAfterMs !== undefined)
    return ageMs >= task.rejectedAfterMs ? 'failed' : 'running';
  return ageMs >= task.generationMs ? 'completed' : 'running';
}

/**
 * The body of `GET /videos/{id}` (or of the create) for a task created at `createdAtMs`, asked at
 * `nowMs`. `created` is in seconds of the same virtual clock, so the age sora-rx computes from it
 * is the true age. `noise` draws the OpenAI shape's progress noise, once per answer.
 */
export function renderTask(
  task: SimulatedTask,
  shape: TaskShape,
  createdAtMs: number,
  nowMs: number,
  noise: () => number,
): unknown {
  const ageMs = nowMs - createdAtMs;
  const status = statusAt(task, ageMs);
  if (shape === 'openai') {
    return {
      id: task.id,
      object: 'video',
      created_at: createdAtMs / SECOND,
      model: task.model,
      status: status === 'running' ? 'in_progress' : status,
      progress: status === 'completed' ? 100 : noisyProgress(ageMs / task.generationMs, noise),
      ...(status === 'failed'
        ? { error: { code: 'moderation_blocked', message: REJECTION_ERROR } }
        : {}),
    };
  }
  // Queued for the first tenth of the generation time, as the simulator does.
  const queued = status === 'running' && ageMs < task.generationMs / 10;
  return {
    id: task.id,
    object: 'video.generation',
    created: createdAtMs / SECOND,
    model: task.model,
    status: queued ? 'queued' : status === 'running' ? 'processing' : status,
    video_url: status === 'completed' ? `https://cdn.bench.invalid/${task.id}.mp4` : null,
    error: status === 'failed' ? REJECTION_ERROR : null,
  };
}

/** clamp(round(100·elapsed/duration + uniform(−10, 10)), 0, 99). */
function noisyProgress(elapsedShare: number, noise: () => number): number {
  const progress = Math.round(100 * elapsedShare + (noise() * 20 - 10));
  return Math.min(99, Math.max(0, progress));
}
