import { show } from '../util/assert-options.js';

/** Which file of a task the content endpoint serves, on gateways that offer more than the video. */
export type VideoVariant = 'video' | 'thumbnail' | 'spritesheet';

const VARIANTS: readonly VideoVariant[] = ['video', 'thumbnail', 'spritesheet'];

/** What a download asks the content endpoint for: both `undefined` for the plain video. */
export interface ContentAsset {
  readonly variant: VideoVariant | undefined;
  readonly index: number | undefined;
}

/** Where each variant is saved in `dir`, after the task's name: its own extension, never `.mp4`. */
const VARIANT_SUFFIX: Readonly<Record<VideoVariant, string>> = {
  video: '.mp4',
  thumbnail: '.thumbnail.webp',
  spritesheet: '.spritesheet.jpg',
};

/** Throws a `TypeError` naming the option unless `variant` and `index` are absent or valid. */
export function checkContentAsset(options: {
  readonly variant?: unknown;
  readonly index?: unknown;
}): ContentAsset {
  const { variant, index } = options;
  if (variant !== undefined && !VARIANTS.includes(variant as VideoVariant)) {
    throw new TypeError(
      `Expected \`variant\` to be one of ${VARIANTS.map((v) => `"${v}"`).join(', ')}, got ${show(variant)}`,
    );
  }
  // A safe integer, so that the query says exactly the number given (never `1e+21`).
  if (index !== undefined && !(Number.isSafeInteger(index) && (index as number) >= 0)) {
    throw new TypeError(`Expected \`index\` to be a whole number of 0 or more, got ${show(index)}`);
  }
  return { variant: variant as VideoVariant | undefined, index: index as number | undefined };
}

/** Whether the asset is the task's video, which its `video_url` serves: no index, no other variant. */
export function isPlainVideo({
  variant,
  index,
}: {
  readonly variant?: unknown;
  readonly index?: unknown;
}): boolean {
  return (variant === undefined || variant === 'video') && index === undefined;
}

/** Whether the asset is an MP4 video, checked as one: an image variant is not. */
export function isVideoAsset({ variant }: ContentAsset): boolean {
  return variant === undefined || variant === 'video';
}

/** The content URL with the options the caller set as its query; none set, the URL as it is. */
export function withContentQuery(url: string, { variant, index }: ContentAsset): string {
  const query = new URLSearchParams();
  if (variant !== undefined) query.set('variant', variant);
  if (index !== undefined) query.set('index', String(index));
  const text = query.toString();
  return text === '' ? url : `${url}?${text}`;
}

/**
 * The end of the file name in `dir`, after the task's name: `~index-N` for an index (a `~` and a
 * word, which no other name in `dir` holds there), then the variant's extension. The image variants
 * have their own extensions, so no name of one ever meets a video's.
 */
export function contentFileSuffix({ variant, index }: ContentAsset): string {
  return `${index === undefined ? '' : `~index-${index}`}${VARIANT_SUFFIX[variant ?? 'video']}`;
}

/** The `accept` header of a request for the asset. */
export function contentAccept({ variant }: ContentAsset): string {
  if (variant === 'thumbnail') return 'image/webp, image/jpeg, */*';
  if (variant === 'spritesheet') return 'image/jpeg, */*';
  return 'video/mp4, */*';
}
