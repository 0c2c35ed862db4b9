import { createHmac } from 'node:crypto';
import type { TaskBody } from './render-task.js';

/**
 * OpenRouter's webhook body for a job as `GET /videos/{id}` shows it:
 * `{ type: 'video.generation.<status>', created_at, data }`.
 */
export function openRouterEnvelope(data: TaskBody): Record<string, unknown> {
  return {
    type: `video.generation.${String(data.status)}`,
    created_at: new Date().toISOString(),
    data,
  };
}

/**
 * OpenRouter's signature headers of a delivery: `X-OpenRouter-Signature: t=<unix>,v1=<hex>`,
 * the hex HMAC-SHA256 of `${t},${body}` keyed with the workspace secret as it is, and
 * `X-OpenRouter-Idempotency-Key: <job id>-<status>`, the same for each retry.
 */
export function openRouterHeaders(
  secret: string,
  key: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  const v1 = createHmac('sha256', secret).update(`${timestamp},${body}`).digest('hex');
  return {
    'x-openrouter-signature': `t=${timestamp},v1=${v1}`,
    'x-openrouter-idempotency-key': key,
  };
}
