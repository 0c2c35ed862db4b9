import {
  brotliDecompressSync,
  constants,
  gunzipSync,
  inflateRawSync,
  inflateSync,
  type ZlibOptions,
} from 'node:zlib';

/** The `accept-encoding` of a transport that decodes with {@link decodeContent}. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

/** More codings than this on one body is an attack, not a server's choice (as in undici's fetch). */
const MAX_CODINGS = 5;

/** Lenient as browsers and curl are: a body cut short still gives what it holds. */
const ZLIB_OPTIONS: ZlibOptions = {
  flush: constants.Z_SYNC_FLUSH,
  finishFlush: constants.Z_SYNC_FLUSH,
};

/** The error of a body that, decoded, would pass its limit. */
export class DecodedTooLargeError extends RangeError {
  override readonly name = 'DecodedTooLargeError';
}

/**
 * Whether `contentEncoding` names codings that {@link decodeContent} undoes, so that the body must
 * be decoded: false for none and for `identity`, and for a list that holds a coding it does not
 * know, which is then left as it is, as `fetch` does.
 */
export function needsDecoding(contentEncoding: string | undefined): boolean {
  if (contentEncoding === undefined || contentEncoding === '') return false;
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > MAX_CODINGS) return true;
  let any = false;
  for (const raw of codings) {
    const coding = raw.trim();
    if (coding === 'identity') continue;
    if (!KNOWN_CODINGS.has(coding)) return false;
    any = true;
  }
  return any;
}

const KNOWN_CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/**
 * Undoes the codings of a `content-encoding` header (gzip, deflate, br), last applied first,
 * refusing to produce more than `maxBytes` at any step: a body that would throws a
 * {@link DecodedTooLargeError} once `maxBytes` is passed, before more of it is inflated, so a
 * small bomb cannot exhaust memory. A corrupt body throws zlib's error, with its `code`.
 *
 * It decodes synchronously: an API answer is small and bounded by `maxBytes`, and the zlib
 * streams would cost a round trip to the thread pool for every answer.
 */
export function decodeContent(body: Buffer, contentEncoding: string, maxBytes: number): Buffer {
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > MAX_CODINGS) {
    throw new Error(`too many content-encodings: ${codings.length}, at most ${MAX_CODINGS}`);
  }
  let decoded = body;
  for (let i = codings.length - 1; i >= 0; i--) {
    if (decoded.length === 0) return decoded;
    const coding = (codings[i] as string).trim();
    const options = { ...ZLIB_OPTIONS, maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') decoded = gunzipSync(decoded, options);
      // "deflate" is zlib-wrapped by the spec, raw by some servers: the first byte tells which.
      else if (coding === 'deflate')
        decoded =
          ((decoded[0] as number) & 0x0f) === 0x08
            ? inflateSync(decoded, options)
            : inflateRawSync(decoded, options);
      else if (coding === 'br')
        decoded = brotliDecompressSync(decoded, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DecodedTooLargeError(`decoded body larger than ${maxBytes} bytes`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  return decoded;
}
