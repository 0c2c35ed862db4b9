import { SoraInvalidVideoUrlError } from '../errors/download-errors.js';

/** How much of a URL an error may show; a `data:` URL or a junk string can be megabytes long. */
const MAX_SHOWN = 200;

/**
 * The absolute http(s) URL that `reference` names, resolved against `base` as a browser resolves
 * a link: an absolute URL stays as it is, `/files/v.mp4` lands on `base`'s origin, `files/v.mp4`
 * under its path. A reference that is empty, does not parse or is not http(s) fails with
 * {@link SoraInvalidVideoUrlError}, which shows it without query string or credentials.
 */
export function resolveVideoUrl(base: string, reference: string): string {
  if (typeof reference !== 'string' || reference.trim() === '') {
    throw new SoraInvalidVideoUrlError('', 'the URL is empty');
  }
  let url: URL;
  try {
    url = new URL(reference, base);
  } catch {
    throw new SoraInvalidVideoUrlError(withoutQuery(reference), 'it is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SoraInvalidVideoUrlError(
      withoutQuery(url.href),
      `only http and https are downloaded, not ${url.protocol}`,
    );
  }
  return url.href;
}

/**
 * The URL as far as it is safe to show in an error: no query string or fragment (a signed URL
 * keeps its signature there), no user or password. An http(s) URL keeps its origin and path;
 * another scheme keeps its host and path, or only its scheme when it has no host (`data:`);
 * a string that is not a URL is cut at its query. Never throws.
 */
export function withoutQuery(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return shorten(
      String(url)
        .replace(/[?#][\s\S]*$/, '')
        .replace(/\/\/[^/]*@/, '//'),
    );
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    return shorten(`${parsed.origin}${parsed.pathname}`);
  }
  const hasHost = parsed.href.startsWith(`${parsed.protocol}//`);
  return hasHost
    ? shorten(`${parsed.protocol}//${parsed.host}${parsed.pathname}`)
    : parsed.protocol;
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
