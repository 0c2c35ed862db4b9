import type { VideoSeconds } from './task-types.js';

/** A video model as OpenRouter's `GET /videos/models` lists it, with its price per second. */
export interface OpenRouterVideoModel {
  readonly id: string;
  readonly name: string;
  readonly durations: readonly VideoSeconds[];
  readonly sizes: readonly string[];
  readonly resolutions: readonly string[];
  readonly aspectRatios: readonly string[];
  /** The frames a job can start or end on from an image (`supported_frame_images`). */
  readonly frameImages: readonly string[];
  /** US dollars per second of video, what `usage.cost` of a completed job adds up. */
  readonly pricePerSecond: number;
}

/** When Sora 2 came out, in Unix seconds: the models' `created`. */
const SORA_2_RELEASED = 1_759_708_800;

const SORA_DURATIONS: readonly VideoSeconds[] = [4, 8, 12];

/** The Sora models OpenRouter routes to, as far as the simulator makes their videos. */
const OPENROUTER_VIDEO_MODELS: readonly OpenRouterVideoModel[] = [
  {
    id: 'openai/sora-2',
    name: 'OpenAI: Sora 2',
    durations: SORA_DURATIONS,
    sizes: ['720x1280', '1280x720'],
    resolutions: ['720p'],
    aspectRatios: ['16:9', '9:16'],
    frameImages: ['first_frame'],
    pricePerSecond: 0.1,
  },
  {
    id: 'openai/sora-2-pro',
    name: 'OpenAI: Sora 2 Pro',
    durations: SORA_DURATIONS,
    sizes: ['720x1280', '1280x720', '1024x1792', '1792x1024'],
    resolutions: ['720p', '1080p'],
    aspectRatios: ['16:9', '9:16'],
    frameImages: ['first_frame'],
    pricePerSecond: 0.3,
  },
];

/** The model with this slug, or `undefined`. */
export function findOpenRouterModel(id: string): OpenRouterVideoModel | undefined {
  return OPENROUTER_VIDEO_MODELS.find((model) => model.id === id);
}

/** What a job of `seconds` on the model with this slug costs; an unknown model costs nothing. */
export function costOfOpenRouterJob(modelId: string, seconds: number): number {
  const price = findOpenRouterModel(modelId)?.pricePerSecond ?? 0;
  return Math.round(price * seconds * 100) / 100;
}

/** The body of `GET /videos/models`, with every field the official SDK requires. */
export function renderOpenRouterModels(): { data: Record<string, unknown>[] } {
  return {
    data: OPENROUTER_VIDEO_MODELS.map((model) => ({
      id: model.id,
      canonical_slug: `${model.id}-2025-10-06`,
      name: model.name,
      description: `${model.name}, simulated by sora-rx.`,
      created: SORA_2_RELEASED,
      allowed_passthrough_parameters: [],
      creativity: null,
      generate_audio: true,
      seed: false,
      supported_durations: [...model.durations],
      supported_resolutions: [...model.resolutions],
      supported_aspect_ratios: [...model.aspectRatios],
      supported_sizes: [...model.sizes],
      supported_frame_images: [...model.frameImages],
      upscale_factor: null,
      pricing_skus: { per_second: String(model.pricePerSecond) },
    })),
  };
}
