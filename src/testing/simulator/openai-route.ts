/** A request that only OpenAI's dialect answers, decided from its method and path alone. */
export type OpenAiRoute =
  | { readonly kind: 'create' }
  | { readonly kind: 'list' }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'remix'; readonly id: string }
  | { readonly kind: 'content'; readonly id: string };

/**
 * The route of `method` and `url` in OpenAI's dialect, or `null` when the routes the dialects
 * share (`GET /v1/videos/{id}`, `/files/…`, the errors) decide it.
 */
export function matchOpenAiRoute(method: string, url: string): OpenAiRoute | null {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/');
  if (segments[0] !== '' || segments[1] !== 'v1' || segments[2] !== 'videos') return null;
  const [, , , rawId, action, ...rest] = segments;
  if (rest.length > 0) return null;
  if (rawId === undefined) {
    if (method === 'POST') return { kind: 'create' };
    return method === 'GET' ? { kind: 'list' } : null;
  }
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  if (id === '') return null;
  if (action === undefined) return method === 'DELETE' ? { kind: 'delete', id } : null;
  if (action === 'remix' && method === 'POST') return { kind: 'remix', id };
  if (action === 'content' && (method === 'GET' || method === 'HEAD')) {
    return { kind: 'content', id };
  }
  return null;
}
