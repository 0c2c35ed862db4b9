import type { OpenRouterVideoModel } from './openrouter-models.js';
import { isImageUrl } from './validate-create.js';

/** An entry's `image_url: { url }`, if it holds an image URL. */
function imageUrlOf(entry: Record<string, unknown>): string | undefined {
  const imageUrl = entry.image_url;
  if (typeof imageUrl !== 'object' || imageUrl === null) return undefined;
  const { url } = imageUrl as { url?: unknown };
  return isImageUrl(url) ? url : undefined;
}

function isEntry(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why the `frame_images` of a create are refused, or `null`: a list of `{ type: 'image_url',
 * image_url: { url }, frame_type }`, one `first_frame` and one `last_frame` at most, each a frame
 * the model takes (its `supported_frame_images`).
 */
export function frameImagesProblem(value: unknown, model: OpenRouterVideoModel): string | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return "'frame_images' must be a list.";
  const seen = new Set<unknown>();
  for (const [i, entry] of value.entries()) {
    if (!isEntry(entry) || entry.type !== 'image_url' || imageUrlOf(entry) === undefined) {
      return `'frame_images[${i}]' must be { type: 'image_url', image_url: { url }, frame_type }, with an http(s) or data:image URL.`;
    }
    const frameType = entry.frame_type;
    if (frameType !== 'first_frame' && frameType !== 'last_frame') {
      return `'frame_images[${i}].frame_type' must be 'first_frame' or 'last_frame'.`;
    }
    if (seen.has(frameType)) return `Only one ${frameType} may be given.`;
    seen.add(frameType);
    if (!model.frameImages.includes(frameType)) {
      return `Model ${model.id} does not support ${frameType} images. Supported: ${model.frameImages.join(', ') || 'none'}.`;
    }
  }
  return null;
}

/** Why the `input_references` of a create are refused, or `null`: a list of image references. */
export function inputReferencesProblem(value: unknown): string | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return "'input_references' must be a list.";
  const bad = value.findIndex(
    (entry) => !isEntry(entry) || entry.type !== 'image_url' || imageUrlOf(entry) === undefined,
  );
  return bad === -1
    ? null
    : `'input_references[${bad}]' must be { type: 'image_url', image_url: { url } }, with an http(s) or data:image URL.`;
}
