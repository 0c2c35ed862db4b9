import type { CheckedVideoImage } from '../api/video-images.js';
import { type Dialect, definedFields } from './dialect.js';

/**
 * OpenRouter's video API (openrouter.ai/docs, "Video Generation"): `POST {base}/videos` with
 * `model` (required, a slug such as `openai/sora-2`), `prompt`, `duration` in whole seconds,
 * `size`, `frame_images` and `input_references` for image-to-video, and `callback_url` for its
 * webhooks. It answers `{ id, polling_url, status: 'pending' }`.
 * `GET {base}/videos/models` lists its video models with their durations, resolutions, sizes
 * and the frame images each takes. It documents no remix.
 */
export const OPENROUTER_DIALECT: Dialect = {
  name: 'openrouter',
  createPath: ['videos'],
  modelsPath: ['videos', 'models'],
  createBody: ({ prompt, model, seconds, size, webhookUrl, images }) =>
    definedFields({
      model: model ?? 'openai/sora-2',
      prompt,
      duration: seconds === undefined ? undefined : Number(seconds),
      size,
      frame_images: listOrNothing(images.filter(isFrame).map(frameImage)),
      input_references: listOrNothing(
        images.filter((image) => !isFrame(image)).map(inputReference),
      ),
      callback_url: webhookUrl,
    }),
};

function isFrame(image: CheckedVideoImage): boolean {
  return image.role !== 'reference';
}

/** A `FrameImage` of `@openrouter/sdk`: the video's first or last frame. */
function frameImage({ url, role }: CheckedVideoImage) {
  return { type: 'image_url', image_url: { url }, frame_type: role };
}

/** An image `InputReference` of `@openrouter/sdk`: an image that guides the video. */
function inputReference({ url }: CheckedVideoImage) {
  return { type: 'image_url', image_url: { url } };
}

function listOrNothing<T>(list: readonly T[]): readonly T[] | undefined {
  return list.length > 0 ? list : undefined;
}
