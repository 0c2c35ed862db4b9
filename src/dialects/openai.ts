import { type Dialect, definedFields } from './dialect.js';

/**
 * OpenAI's video API and the gateways that copy it: `POST {base}/videos` with `model`, `prompt`,
 * `seconds` and `size`, as sora-rx has always sent; `DELETE {base}/videos/{id}` deletes a video.
 * OpenAI documents no cancel. The default dialect.
 */
export const OPENAI_DIALECT: Dialect = {
  name: 'openai',
  createPath: ['videos'],
  deleteRequest: (id) => ({ method: 'DELETE', path: ['videos', id] }),
  createBody: ({ prompt, model, seconds, size, webhookUrl }) =>
    definedFields({ model: model ?? 'sora-2', prompt, seconds, size, webhook_url: webhookUrl }),
};
