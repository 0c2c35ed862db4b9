import { type Dialect, definedFields } from './dialect.js';

/**
 * OpenRouter's video API (openrouter.ai/docs, "Video Generation"): `POST {base}/videos` with
 * `model` (required, a slug such as `openai/sora-2`), `prompt`, `duration` in whole seconds,
 * `size`, and `callback_url` for its webhooks. It answers `{ id, polling_url, status: 'pending' }`.
 * `GET {base}/videos/models` lists its video models with their durations, resolutions and sizes.
 */
export const OPENROUTER_DIALECT: Dialect = {
  name: 'openrouter',
  createPath: ['videos'],
  modelsPath: ['videos', 'models'],
  createBody: ({ prompt, model, seconds, size, webhookUrl }) =>
    definedFields({
      model: model ?? 'openai/sora-2',
      prompt,
      duration: seconds === undefined ? undefined : Number(seconds),
      size,
      callback_url: webhookUrl,
    }),
};
