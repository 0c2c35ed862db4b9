import { type Dialect, definedFields } from './dialect.js';

/**
 * The gateway of the page sora-rx was made from (docs.globalaiopc.com, "Sora Create Video Task"):
 * `POST {base}/sora/videos` with `model`, `prompt`, `seconds` as a whole number, and `size`. It
 * answers the documented task, `queued`.
 */
export const SEED_DIALECT: Dialect = {
  name: 'seed',
  createPath: ['sora', 'videos'],
  createBody: ({ prompt, model, seconds, size, webhookUrl }) =>
    definedFields({
      model: model ?? 'sora-2',
      prompt,
      seconds: seconds === undefined ? undefined : Number(seconds),
      size,
      webhook_url: webhookUrl,
    }),
};
