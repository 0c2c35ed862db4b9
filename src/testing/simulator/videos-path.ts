/** A request target under `/v1/videos`, split: the segment after it and the one after that. */
export interface VideosPath {
  /** The raw segment after `/v1/videos` (`models`, or a job id still percent-encoded), if any. */
  readonly rawId: string | undefined;
  /** The segment after the id (`content`, `remix`), if any. */
  readonly action: string | undefined;
}

/**
 * The parts of a request target under `/v1/videos` (its query and fragment left out), or `null`
 * for a target elsewhere or deeper than `/v1/videos/{id}/{action}`.
 */
export function splitVideosPath(url: string): VideosPath | null {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/');
  if (segments[0] !== '' || segments[1] !== 'v1' || segments[2] !== 'videos') return null;
  const [, , , rawId, action, ...rest] = segments;
  return rest.length > 0 ? null : { rawId, action };
}

/** A percent-encoded id segment, decoded; `null` when it is empty or its encoding is broken. */
export function decodeVideoId(rawId: string): string | null {
  try {
    const id = decodeURIComponent(rawId);
    return id === '' ? null : id;
  } catch {
    return null;
  }
}
