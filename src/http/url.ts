/**
 * Checks and normalises a base URL such as `https://api.example.com/v1`: http or https, no
 * credentials, query or fragment, no trailing slash. Throws a `TypeError` naming `option`, which
 * never repeats the value, in case it holds a secret.
 */
export function normalizeBaseUrl(value: unknown, option = 'baseUrl'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(
      `Expected \`${option}\` to be a URL such as https://api.example.com/v1, got ${typeof value === 'string' ? 'an empty string' : typeof value}`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not shown: a key pasted into the wrong variable must not reach a log.
    throw new TypeError(
      `Expected \`${option}\` to be an absolute http(s) URL such as https://api.example.com/v1`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Expected \`${option}\` to use http or https, got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      `Expected \`${option}\` to hold no credentials: pass the key as \`apiKey\``,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `Expected \`${option}\` to have no query or fragment: pass the key as \`apiKey\``,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Appends path segments to a base URL, percent-encoding each one so that no segment can change
 * the path: `/`, `?`, `#` and `%` are encoded, and empty, `.` and `..` segments are refused.
 */
export function appendPath(baseUrl: string, ...segments: string[]): string {
  return [baseUrl, ...segments.map(encodePathSegment)].join('/');
}

/**
 * Percent-encodes one path segment, refusing with a `TypeError` those that would be empty, move up
 * the path or hold a lone surrogate.
 */
function encodePathSegment(segment: string): string {
  if (!isSafePathSegment(segment)) {
    throw new TypeError(`Expected a path segment, got ${JSON.stringify(segment)}`);
  }
  return encodeURIComponent(segment);
}

/**
 * A lone UTF-16 surrogate: with the `u` flag, a surrogate that is half of a pair is read as part of
 * its code point and never matches.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Whether a string has no lone surrogate: `String.prototype.isWellFormed` where the runtime has it
 * (Node 20, browsers since 2023), about ten times faster than the expression on a burst of ids.
 */
const isWellFormed: (value: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (value) => (value as string & { isWellFormed(): boolean }).isWellFormed()
    : (value) => !LONE_SURROGATE.test(value);

/**
 * Whether a string can be a path segment: not empty, not `.` or `..` (which would move up the
 * path), and well-formed UTF-16, since `encodeURIComponent` throws on a lone surrogate. It never
 * throws, whatever the string.
 */
export function isSafePathSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && isWellFormed(segment);
}
