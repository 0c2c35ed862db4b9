/** What a request asks for, decided from its method and path alone. */
export type Route =
  | { readonly kind: 'create' }
  | { readonly kind: 'task'; readonly id: string }
  | { readonly kind: 'content'; readonly id: string }
  | { readonly kind: 'file'; readonly id: string }
  | { readonly kind: 'methodNotAllowed'; readonly allow: string; readonly api: boolean }
  | { readonly kind: 'notFound'; readonly api: boolean };

/** Percent-decodes one path segment, or `null` if its encoding is broken. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The route of `method` and the path of `url` (a request target such as `/v1/videos?x=1`). */
export function matchRoute(method: string, url: string): Route {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const raw = path.split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    const decoded = decodeSegment(segment);
    if (decoded === null) return { kind: 'notFound', api: raw[1] === 'v1' };
    segments.push(decoded);
  }
  const [root, first, second, third, fourth, ...rest] = segments;
  const download = method === 'GET' || method === 'HEAD';
  if (root !== '' || rest.length > 0) return { kind: 'notFound', api: first === 'v1' };
  if (first === 'files' && second?.endsWith('.mp4') && second.length > 4 && third === undefined) {
    return download
      ? { kind: 'file', id: second.slice(0, -4) }
      : { kind: 'methodNotAllowed', allow: 'GET, HEAD', api: false };
  }
  // The seed gateway's documented create path, beside the `/videos` that OpenAI's shape uses.
  if (first === 'v1' && second === 'sora' && third === 'videos' && fourth === undefined) {
    return method === 'POST'
      ? { kind: 'create' }
      : { kind: 'methodNotAllowed', allow: 'POST', api: true };
  }
  if (first !== 'v1' || second !== 'videos') return { kind: 'notFound', api: first === 'v1' };
  if (third === undefined) {
    return method === 'POST'
      ? { kind: 'create' }
      : { kind: 'methodNotAllowed', allow: 'POST', api: true };
  }
  if (third === '') return { kind: 'notFound', api: true };
  if (fourth === undefined) {
    return method === 'GET'
      ? { kind: 'task', id: third }
      : { kind: 'methodNotAllowed', allow: 'GET', api: true };
  }
  if (fourth === 'content') {
    return download
      ? { kind: 'content', id: third }
      : { kind: 'methodNotAllowed', allow: 'GET, HEAD', api: true };
  }
  return { kind: 'notFound', api: true };
}

/** Whether a route is part of the authenticated, rate-limited `/v1` API. */
export function isApiRoute(route: Route): boolean {
  switch (route.kind) {
    case 'create':
    case 'task':
    case 'content':
      return true;
    case 'file':
      return false;
    default:
      return route.api;
  }
}
