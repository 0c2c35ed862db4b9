import { isRecord } from './is-record.js';
/**
 * A model a gateway offers for video, and what it accepts, as its models list says (OpenRouter's
 * `GET /videos/models`). A field the gateway leaves out, or sends garbled, is `undefined`: nothing
 * is then known of it.
 */
export interface VideoModel {
  /** The model to pass as `model` in a create, such as `openai/sora-2`. */
  readonly id: string;
  /** A name for people. */
  readonly name: string | undefined;
  /** The lengths it makes, in seconds. */
  readonly durations: readonly number[] | undefined;
  /** The resolutions it makes, such as `720p`. */
  readonly resolutions: readonly string[] | undefined;
  /** The aspect ratios it makes, such as `16:9`. */
  readonly aspectRatios: readonly string[] | undefined;
  /** The sizes it makes, width by height, such as `1280x720`. */
  readonly sizes: readonly string[] | undefined;
  /**
   * The frames it can start or end on from an image (`supported_frame_images`): `first_frame`,
   * `last_frame`, both, or none (an empty list).
   */
  readonly frameImages: readonly string[] | undefined;
}

/**
 * The models of a list body `{ data: [...] }`, each read field by field from untrusted data: an
 * item without a string `id` is left out, and a field that is not a list of the right kind is
 * `undefined`. `undefined` for a body that is no such list.
 */
export function readVideoModels(body: unknown): VideoModel[] | undefined {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) return undefined;
  const models: VideoModel[] = [];
  for (const item of data) {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') continue;
    models.push({
      id: item.id,
      name: typeof item.name === 'string' ? item.name : undefined,
      durations: listOf(item.supported_durations, isDuration),
      resolutions: listOf(item.supported_resolutions, isText),
      aspectRatios: listOf(item.supported_aspect_ratios, isText),
      sizes: listOf(item.supported_sizes, isText),
      frameImages: listOf(item.supported_frame_images, isText),
    });
  }
  return models;
}

function listOf<T>(value: unknown, is: (item: unknown) => item is T): readonly T[] | undefined {
  return Array.isArray(value) && value.every(is) ? [...value] : undefined;
}

function isDuration(item: unknown): item is number {
  return typeof item === 'number' && Number.isInteger(item) && item > 0;
}

function isText(item: unknown): item is string {
  return typeof item === 'string';
}
