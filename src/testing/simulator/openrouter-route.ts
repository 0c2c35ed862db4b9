import { decodeVideoId, splitVideosPath } from './videos-path.js';

/** A request that OpenRouter's dialect answers, decided from its method and path alone. */
export type OpenRouterRoute =
  | { readonly kind: 'create' }
  | { readonly kind: 'models' }
  | { readonly kind: 'task'; readonly id: string }
  | { readonly kind: 'content'; readonly id: string };

/**
 * The route of `method` and `url` in OpenRouter's dialect, or `null` when the shared routes (the
 * `/files/…` of no dialect here, the 404s and 405s) decide it. `/videos/models` is the models
 * list, never a job.
 */
export function matchOpenRouterRoute(method: string, url: string): OpenRouterRoute | null {
  const parts = splitVideosPath(url);
  if (parts === null) return null;
  const { rawId, action } = parts;
  if (rawId === undefined) return method === 'POST' ? { kind: 'create' } : null;
  if (rawId === 'models' && action === undefined) {
    return method === 'GET' ? { kind: 'models' } : null;
  }
  const id = decodeVideoId(rawId);
  if (id === null) return null;
  if (action === undefined) return method === 'GET' ? { kind: 'task', id } : null;
  if (action === 'content' && (method === 'GET' || method === 'HEAD')) {
    return { kind: 'content', id };
  }
  return null;
}
