/** Response headers, as undici gives them. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Which version of the video the bytes on disk belong to, from the answer that sent its first byte. */
export interface FileVersion {
  /** What to send as `If-Range`: the strong `ETag`, else `Last-Modified`; none without either. */
  readonly ifRange: string | undefined;
  /** The `ETag` of that answer, weak or strong. */
  readonly etag: string | undefined;
  /** The `Last-Modified` of that answer. */
  readonly lastModified: string | undefined;
  /** The size of the whole file, as the host declared it. */
  readonly totalBytes: number | undefined;
}

/**
 * What one answer to a request for the video from byte `from` means for the bytes kept:
 * - `whole`: the whole file from its first byte (a 200), a version of its own;
 * - `part`: the bytes from `from` of the version kept;
 * - `mismatch`: neither (a 206 from another offset, of another size or version, or a 416): what was
 *   kept must be dropped, and the file asked for again from its first byte.
 */
export type RangeAnswer =
  | { readonly kind: 'whole'; readonly version: FileVersion }
  | { readonly kind: 'part'; readonly version: FileVersion }
  | { readonly kind: 'mismatch'; readonly detail: string };

/**
 * Reads an answer to a request for the video from byte `from` (with `Range` when `from > 0`),
 * given the version of the bytes kept. A 206 continues them only if its `Content-Range` starts at
 * `from`, agrees with its `Content-Length`, and names the same total size, `ETag` and
 * `Last-Modified` as the answer the kept bytes came from: a host that ignores `If-Range` cannot
 * splice two versions into one file.
 */
export function readRangeAnswer(
  status: number,
  headers: Headers,
  from: number,
  kept: FileVersion | undefined,
): RangeAnswer {
  if (status === 200) {
    return { kind: 'whole', version: versionOf(headers, contentLengthOf(headers)) };
  }
  if (status !== 206)
    return { kind: 'mismatch', detail: `asked for bytes from ${from}, got a ${status}` };
  const header = headerOf(headers, 'content-range');
  const range = parseContentRange(header);
  if (range === undefined) {
    return {
      kind: 'mismatch',
      detail: `asked for bytes from ${from}, got a 206 without a readable Content-Range (${JSON.stringify(header ?? null)})`,
    };
  }
  const mismatch = (why: string): RangeAnswer => ({
    kind: 'mismatch',
    detail: `asked for bytes from ${from}, got "${header}"${why}`,
  });
  if (range.start !== from) return mismatch('');
  const length = contentLengthOf(headers);
  if (length !== undefined && length !== range.end - range.start + 1) {
    return mismatch(` with a Content-Length of ${length}`);
  }
  const version = versionOf(headers, range.totalBytes);
  if (kept === undefined || from === 0) return { kind: 'part', version };
  if (
    kept.totalBytes !== undefined &&
    version.totalBytes !== undefined &&
    kept.totalBytes !== version.totalBytes
  ) {
    return mismatch(`, where the file had ${kept.totalBytes} bytes`);
  }
  if (changed(kept.etag, version.etag))
    return mismatch(`, ETag ${version.etag} after ${kept.etag}`);
  if (changed(kept.lastModified, version.lastModified)) {
    return mismatch(`, Last-Modified ${version.lastModified} after ${kept.lastModified}`);
  }
  return { kind: 'part', version: { ...kept, totalBytes: kept.totalBytes ?? version.totalBytes } };
}

/** The first byte, last byte and total size of `bytes a-b/total` (or `bytes a-b/*`); `undefined` when unreadable. */
export function parseContentRange(
  header: string | undefined,
): { start: number; end: number; totalBytes: number | undefined } | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const totalBytes = match[3] === '*' ? undefined : Number(match[3]);
  if (!Number.isSafeInteger(end) || end < start) return undefined;
  if (totalBytes !== undefined && !(Number.isSafeInteger(totalBytes) && end < totalBytes)) {
    return undefined;
  }
  return { start, end, totalBytes };
}

function versionOf(headers: Headers, totalBytes: number | undefined): FileVersion {
  const etag = headerOf(headers, 'etag');
  const lastModified = headerOf(headers, 'last-modified');
  // A weak ETag must not be sent in If-Range: a weakly equal file may differ byte for byte.
  const strongEtag = etag !== undefined && !etag.startsWith('W/') ? etag : undefined;
  return { ifRange: strongEtag ?? lastModified, etag, lastModified, totalBytes };
}

function contentLengthOf(headers: Headers): number | undefined {
  const value = headerOf(headers, 'content-length');
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function headerOf(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether both answers name a validator, and not the same one. */
function changed(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && before !== after;
}
