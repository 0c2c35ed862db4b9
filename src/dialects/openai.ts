import type { CheckedCreateParams } from '../api/create-params.js';
import { type Dialect, definedFields } from './dialect.js';

/**
 * OpenAI's video API and the gateways that copy it: `POST {base}/videos` with `model`, `prompt`,
 * `seconds` and `size`, as sora-rx has always sent, and one image as `input_reference:
 * { image_url }`, which the video starts from. A remix is `POST {base}/videos/{id}/remix` with
 * the new `prompt`. Its tasks are listed in pages at `GET {base}/videos`. `DELETE {base}/videos/{id}` deletes a video; OpenAI documents no cancel. The default dialect.
 */
export const OPENAI_DIALECT: Dialect = {
  name: 'openai',
  createPath: ['videos'],
  listPath: ['videos'],
  createBody: (params) => {
    const { prompt, model, seconds, size, webhookUrl } = params;
    if (params.remixOf !== undefined) return remixBody(params);
    return definedFields({
      model: model ?? 'sora-2',
      prompt,
      seconds,
      size,
      input_reference: inputReference(params),
      webhook_url: webhookUrl,
    });
  },
  remixPath: (id) => ['videos', id, 'remix'],
  deleteRequest: (id) => ({ method: 'DELETE', path: ['videos', id] }),
};

/**
 * OpenAI's `input_reference` as JSON (its `ImageRefParam`, `{ image_url }`): one image, shown as
 * the first frame, so a reference and a first frame are sent alike.
 */
function inputReference({ images }: CheckedCreateParams): { image_url: string } | undefined {
  const [image] = images;
  if (image === undefined) return undefined;
  if (images.length > 1) {
    throw new TypeError(
      `The openai dialect takes one image in \`images\`, the first frame or reference (\`input_reference\`), got ${images.length}`,
    );
  }
  if (image.role === 'last_frame') {
    throw new TypeError(
      "The openai dialect takes no last frame: `images[0]` may be a reference or a first frame ('input_reference'), got role 'last_frame'",
    );
  }
  return { image_url: image.url };
}

/** A remix says only its new prompt: the source's model, length and size carry over. */
function remixBody(params: CheckedCreateParams): Record<string, unknown> {
  const given = (['model', 'seconds', 'size'] as const).find((name) => params[name] !== undefined);
  const name = given ?? (params.images.length > 0 ? 'images' : undefined);
  if (name !== undefined) {
    throw new TypeError(
      `Expected no \`${name}\` beside \`remixOf\`: a remix keeps its source's model, length and size and takes only a new \`prompt\``,
    );
  }
  return definedFields({ prompt: params.prompt, webhook_url: params.webhookUrl });
}
