/**
 * What an image given to a create is for:
 * - `'reference'`: it guides the video (OpenAI's shape shows it as the first frame);
 * - `'first_frame'`: the video starts on it;
 * - `'last_frame'`: the video ends on it.
 */
export type VideoImageRole = 'reference' | 'first_frame' | 'last_frame';

/**
 * An image a create starts from: its URL and what it is for. A plain string in `images` is a
 * `'reference'` image.
 *
 * ## Example
 * ```ts
 * sora.generate$({
 *   prompt: 'The fox runs off into the woods',
 *   images: [
 *     { url: 'https://cdn.example/fox-sitting.png', role: 'first_frame' },
 *     { url: 'https://cdn.example/empty-woods.png', role: 'last_frame' },
 *   ],
 * });
 * ```
 */
export interface VideoImage {
  /**
   * Where the image is: an absolute `https:` (or `http:`) URL the gateway can fetch, or the image
   * itself as a `data:image/png;base64,…` URL.
   */
  readonly url: string;
  /**
   * What the image is for.
   * @default 'reference'
   */
  readonly role?: VideoImageRole | undefined;
}

/** An image of a create, checked: its URL and its role, the default filled in. */
export interface CheckedVideoImage {
  readonly url: string;
  readonly role: VideoImageRole;
}

/** The most images a create takes, whatever the dialect; each dialect may take fewer. */
export const MAX_VIDEO_IMAGES = 10;

const ROLES: readonly VideoImageRole[] = ['reference', 'first_frame', 'last_frame'];

/** An image carried in the URL itself: a base64 `data:image/…` URL with some data. */
const DATA_IMAGE_URL = /^data:image\/[a-z0-9.+-]+;base64,[a-z0-9+/]+={0,2}$/i;

/**
 * Checks the `images` of a create: a list of at most {@link MAX_VIDEO_IMAGES}, each an absolute
 * http(s) URL or a base64 `data:image/…` URL, as a string or a {@link VideoImage}, with at most
 * one first frame and one last frame. Throws a `TypeError` naming `images[i]`; the value is not
 * repeated in full, as a data URL can be megabytes long.
 */
export function checkVideoImages(images: unknown): readonly CheckedVideoImage[] {
  if (images === undefined) return [];
  if (!Array.isArray(images)) {
    throw new TypeError(
      'Expected `images` to be a list of image URLs or { url, role } objects, got ' +
        (images === null ? 'null' : typeof images),
    );
  }
  if (images.length > MAX_VIDEO_IMAGES) {
    throw new TypeError(
      `Expected \`images\` to hold at most ${MAX_VIDEO_IMAGES} images, got ${images.length}`,
    );
  }
  const checked = images.map((image: unknown, i) => checkVideoImage(image, `images[${i}]`));
  for (const role of ['first_frame', 'last_frame'] as const) {
    const at = checked.flatMap((image, i) => (image.role === role ? [i] : []));
    if (at.length > 1) {
      throw new TypeError(
        `Expected one ${role} at most in \`images\`, got ${at.length} (images[${at.join('], images[')}])`,
      );
    }
  }
  return checked;
}

function checkVideoImage(image: unknown, name: string): CheckedVideoImage {
  if (typeof image === 'string') return { url: checkImageUrl(image, name), role: 'reference' };
  if (typeof image !== 'object' || image === null || Array.isArray(image)) {
    throw new TypeError(
      `Expected \`${name}\` to be an image URL or a { url, role } object, got ${image === null ? 'null' : typeof image}`,
    );
  }
  const { url, role = 'reference' } = image as { url?: unknown; role?: unknown };
  if (!ROLES.includes(role as VideoImageRole)) {
    throw new TypeError(
      `Expected \`${name}.role\` to be 'reference', 'first_frame' or 'last_frame', got ${JSON.stringify(role) ?? String(role)}`,
    );
  }
  return { url: checkImageUrl(url, `${name}.url`), role: role as VideoImageRole };
}

function checkImageUrl(url: unknown, name: string): string {
  if (typeof url === 'string') {
    if (DATA_IMAGE_URL.test(url)) return url;
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if ((parsed?.protocol === 'https:' || parsed?.protocol === 'http:') && parsed.host !== '') {
      return url;
    }
  }
  throw new TypeError(
    `Expected \`${name}\` to be an absolute http(s) URL or a data:image/…;base64, URL, got ${preview(url)}`,
  );
}

/** The start of a bad value, enough to recognise it. */
function preview(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
