import { decodeVideoId, splitVideosPath } from './videos-path.js';

/** A request that only OpenAI's dialect answers, decided from its method and path alone. */
export type OpenAiRoute =
  | { readonly kind: 'create' }
  | { readonly kind: 'list' }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'cancel'; readonly id: string }
  | { readonly kind: 'remix'; readonly id: string }
  | { readonly kind: 'content'; readonly id: string };

/**
 * The route of `method` and `url` in OpenAI's dialect, or `null` when the routes the dialects
 * share (`GET /v1/videos/{id}`, `/files/…`, the errors) decide it. `POST /v1/videos/{id}/cancel`
 * is a route only with `cancel`, a gateway's extension.
 */
export function matchOpenAiRoute(method: string, url: string, cancel = false): OpenAiRoute | null {
  const parts = splitVideosPath(url);
  if (parts === null) return null;
  const { rawId, action } = parts;
  if (rawId === undefined) {
    if (method === 'POST') return { kind: 'create' };
    return method === 'GET' ? { kind: 'list' } : null;
  }
  const id = decodeVideoId(rawId);
  if (id === null) return null;
  if (action === undefined) return method === 'DELETE' ? { kind: 'delete', id } : null;
  if (action === 'remix' && method === 'POST') return { kind: 'remix', id };
  if (cancel && action === 'cancel' && method === 'POST') return { kind: 'cancel', id };
  if (action === 'content' && (method === 'GET' || method === 'HEAD')) {
    return { kind: 'content', id };
  }
  return null;
}
