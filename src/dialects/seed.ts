import type { CheckedCreateParams } from '../api/create-params.js';
import { type Dialect, definedFields } from './dialect.js';

/** The most images the seed gateway takes. */
const MAX_SEED_IMAGES = 3;

/**
 * The gateway of the page sora-rx was made from (docs.globalaiopc.com, "Sora Create Video Task"):
 * `POST {base}/sora/videos` with `model`, `prompt`, `seconds` as a whole number, `size`, and up to
 * 3 reference images as `image_urls`. It answers the documented task, `queued`. It documents no
 * remix, and no first or last frame.
 */
export const SEED_DIALECT: Dialect = {
  name: 'seed',
  createPath: ['sora', 'videos'],
  createBody: (params) => {
    const { prompt, model, seconds, size, webhookUrl } = params;
    return definedFields({
      model: model ?? 'sora-2',
      prompt,
      seconds: seconds === undefined ? undefined : Number(seconds),
      size,
      image_urls: imageUrls(params),
      webhook_url: webhookUrl,
    });
  },
};

/**
 * `image_urls`: up to 3 reference images. The gateway's page says nothing of frames, so an image
 * given as a first or last frame is refused rather than sent as something it is not.
 */
function imageUrls({ images }: CheckedCreateParams): readonly string[] | undefined {
  if (images.length === 0) return undefined;
  if (images.length > MAX_SEED_IMAGES) {
    throw new TypeError(
      `The seed dialect takes at most ${MAX_SEED_IMAGES} images in \`images\` (\`image_urls\`), got ${images.length}`,
    );
  }
  const framed = images.findIndex((image) => image.role !== 'reference');
  if (framed !== -1) {
    throw new TypeError(
      `The seed dialect takes reference images only (\`image_urls\`): \`images[${framed}]\` has role '${images[framed]?.role}'`,
    );
  }
  return images.map((image) => image.url);
}
