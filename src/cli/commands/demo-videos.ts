import type { DialectName } from '../../index.js';
import type { SimulatedTaskError } from '../../testing/simulator/index.js';

/** One video the demo asks for. */
export interface DemoVideo {
  readonly prompt: string;
  /** `sora-2` or `sora-2-pro`; OpenRouter's slugs (`openai/sora-2`) in its dialect. */
  readonly model: string;
  /** 10, 15 or 25; OpenRouter's 4, 8 or 12 in its dialect. */
  readonly seconds: number;
  /** Whether the demo makes this one fail, on purpose. */
  readonly fails?: true;
}

/** Six videos of mixed lengths; 25-second ones need `sora-2-pro`. Exactly one fails. */
export const DEMO_VIDEOS: readonly DemoVideo[] = [
  { prompt: 'A corgi surfing a turquoise wave at sunset', model: 'sora-2', seconds: 10 },
  { prompt: 'Paper boats racing down a rainy cobblestone street', model: 'sora-2', seconds: 15 },
  { prompt: 'Time-lapse of a city skyline from dusk to night', model: 'sora-2-pro', seconds: 25 },
  {
    prompt: 'A knight juggling flaming swords in a crowded market',
    model: 'sora-2',
    seconds: 10,
    fails: true,
  },
  { prompt: 'A hummingbird sipping from a glass flower, macro', model: 'sora-2-pro', seconds: 15 },
  { prompt: 'An astronaut planting a tree on the Moon', model: 'sora-2-pro', seconds: 25 },
];

/** OpenRouter's slug of each demo model. */
const OPENROUTER_MODELS: Readonly<Record<string, string>> = {
  'sora-2': 'openai/sora-2',
  'sora-2-pro': 'openai/sora-2-pro',
};

/** The length OpenRouter makes in place of each demo length: it makes 4, 8 and 12 seconds. */
const OPENROUTER_SECONDS: Readonly<Record<number, number>> = { 10: 4, 15: 8, 25: 12 };

/**
 * The demo's videos as a gateway of `dialect` takes them: {@link DEMO_VIDEOS}, with OpenRouter's
 * slugs and lengths in its dialect, since it refuses any other.
 */
export function demoVideosFor(dialect: DialectName | undefined): readonly DemoVideo[] {
  if (dialect !== 'openrouter') return DEMO_VIDEOS;
  return DEMO_VIDEOS.map((video) => ({
    ...video,
    model: OPENROUTER_MODELS[video.model] ?? video.model,
    seconds: OPENROUTER_SECONDS[video.seconds] ?? video.seconds,
  }));
}

/** The error the failing video ends with. */
export const DEMO_FAILURE: SimulatedTaskError = {
  code: 'moderation_blocked',
  message:
    'Your request was blocked by our moderation system (the demo fails this one on purpose).',
};

/** The demo simulator's seed, so that every run draws the same durations. */
export const DEMO_SEED = 20_251_028;

/** How much faster than real time the demo runs: the slowest job (15 min) takes about 11 s. */
export const DEMO_TIME_SCALE = 80;

/** The size of each demo video: the sample MP4 padded to 2 MiB, so that downloads show. */
export const DEMO_VIDEO_BYTES = 2 * 1024 * 1024;
