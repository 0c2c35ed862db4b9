import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContentAsset,
  checkContentAsset,
  contentAccept,
  contentFileSuffix,
  isVideoAsset,
  type VideoVariant,
  withContentQuery,
} from '../../src/download/content-asset.js';
import { videoFilePath } from '../../src/download/video-file-name.js';

const CONTENT = 'https://api.example.com/v1/videos/sora_1/content';
const dir = path.join(tmpdir(), 'sora-rx-asset-names');

describe('the content asset of a download', () => {
  it.each<[ContentAsset, string, string]>([
    [{ variant: undefined, index: undefined }, CONTENT, '.mp4'],
    [{ variant: 'video', index: undefined }, `${CONTENT}?variant=video`, '.mp4'],
    [{ variant: 'thumbnail', index: undefined }, `${CONTENT}?variant=thumbnail`, '.thumbnail.webp'],
    [
      { variant: 'spritesheet', index: undefined },
      `${CONTENT}?variant=spritesheet`,
      '.spritesheet.jpg',
    ],
    [{ variant: undefined, index: 0 }, `${CONTENT}?index=0`, '~index-0.mp4'],
    [
      { variant: 'thumbnail', index: 3 },
      `${CONTENT}?variant=thumbnail&index=3`,
      '~index-3.thumbnail.webp',
    ],
  ])('%j is asked for as %s and saved with the suffix %s', (asset, url, suffix) => {
    expect(withContentQuery(CONTENT, asset)).toBe(url);
    expect(contentFileSuffix(asset)).toBe(suffix);
  });

  it('accepts every safe whole number as an index, and nothing else', () => {
    expect(checkContentAsset({ index: Number.MAX_SAFE_INTEGER }).index).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(() => checkContentAsset({ index: -0.5 })).toThrow(/`index`/);
    expect(() => checkContentAsset({ index: 1n })).toThrow(/`index`/);
  });

  it('never saves two different files of two tasks under one name', () => {
    const asset = fc.record({
      variant: fc.constantFrom(undefined, 'video', 'thumbnail', 'spritesheet' as const),
      index: fc.option(fc.nat(), { nil: undefined }),
    });
    const ids = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '1', '.', '~', '-', 'i', 'x', ' '), maxLength: 10 }),
      fc.stringMatching(/^[a-z]{1,4}(\.thumbnail|~index-\d|\.\d)?$/),
    );
    fc.assert(
      fc.property(ids, ids, asset, asset, (idA, idB, a, b) => {
        const fileA = videoFilePath(dir, idA, contentFileSuffix(a)).toLowerCase();
        const fileB = videoFilePath(dir, idB, contentFileSuffix(b)).toLowerCase();
        const sameFile =
          idA === idB && (a.variant ?? 'video') === (b.variant ?? 'video') && a.index === b.index;
        return (fileA === fileB) === sameFile;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('content assets, word for word', () => {
  it('names the variants it takes when given another', () => {
    expect(() => checkContentAsset({ variant: 'poster' })).toThrow(
      'Expected `variant` to be one of "video", "thumbnail", "spritesheet", got "poster"',
    );
  });

  it('checks as an MP4 only the video itself', () => {
    expect(isVideoAsset({ variant: undefined, index: undefined })).toBe(true);
    expect(isVideoAsset({ variant: 'video', index: 2 })).toBe(true);
    expect(isVideoAsset({ variant: 'thumbnail', index: undefined })).toBe(false);
    expect(isVideoAsset({ variant: 'spritesheet', index: undefined })).toBe(false);
  });

  it('asks for the type of each variant', () => {
    const accept = (variant?: VideoVariant) => contentAccept({ variant, index: undefined });
    expect(accept()).toBe('video/mp4, */*');
    expect(accept('video')).toBe('video/mp4, */*');
    expect(accept('thumbnail')).toBe('image/webp, image/jpeg, */*');
    expect(accept('spritesheet')).toBe('image/jpeg, */*');
  });
});
