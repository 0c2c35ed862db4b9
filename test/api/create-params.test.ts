import { describe, expect, it } from 'vitest';
import { checkCreateParams } from '../../src/api/create-params.js';
import { MAX_VIDEO_IMAGES } from '../../src/api/video-images.js';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC';

describe('the images of a create', () => {
  it('reads a plain string as a reference image and keeps the role of the others', () => {
    const checked = checkCreateParams({
      prompt: 'p',
      images: [
        'https://cdn.test/a.png',
        { url: PNG, role: 'first_frame' },
        { url: 'http://cdn.test/b.jpg', role: 'last_frame' },
        { url: 'https://cdn.test/c.webp' },
      ],
    });
    expect(checked.images).toEqual([
      { url: 'https://cdn.test/a.png', role: 'reference' },
      { url: PNG, role: 'first_frame' },
      { url: 'http://cdn.test/b.jpg', role: 'last_frame' },
      { url: 'https://cdn.test/c.webp', role: 'reference' },
    ]);
  });

  it('is an empty list when none are given, and remixOf undefined', () => {
    expect(checkCreateParams({ prompt: 'p' })).toMatchObject({ images: [], remixOf: undefined });
  });

  it.each([
    ['a relative URL', ['/a.png'], /`images\[0\]` to be an absolute http\(s\) URL or a data:image/],
    ['an ftp URL', ['https://cdn.test/a.png', 'ftp://cdn.test/a.png'], /`images\[1\]`/],
    ['a file URL', ['file:///etc/passwd'], /`images\[0\]`/],
    ['a data URL of text', ['data:text/plain;base64,aGk='], /`images\[0\]`/],
    ['a data URL that is not base64', ['data:image/png,abc'], /`images\[0\]`/],
    ['an empty data URL', ['data:image/png;base64,'], /`images\[0\]`/],
    ['a number', [42], /`images\[0\]` to be an image URL or a \{ url, role \} object, got number/],
    ['an object without url', [{ role: 'first_frame' }], /`images\[0\].url`/],
    ['an unknown role', [{ url: 'https://cdn.test/a.png', role: 'middle' }], /`images\[0\].role`/],
    ['no list', 'https://cdn.test/a.png', /`images` to be a list/],
    [
      'two first frames',
      [
        { url: 'https://cdn.test/a.png', role: 'first_frame' },
        'https://cdn.test/b.png',
        { url: 'https://cdn.test/c.png', role: 'first_frame' },
      ],
      /one first_frame at most in `images`, got 2 \(images\[0\], images\[2\]\)/,
    ],
    [
      'too many',
      Array.from({ length: MAX_VIDEO_IMAGES + 1 }, (_, i) => `https://cdn.test/${i}.png`),
      /`images` to hold at most 10 images, got 11/,
    ],
  ])('refuses %s with a TypeError naming it', (_, images, message) => {
    expect(() => checkCreateParams({ prompt: 'p', images: images as never })).toThrow(message);
  });

  it('does not repeat a long bad value in full', () => {
    const long = `data:image/png;base64,${'A'.repeat(1000)}!`;
    const error = (() => {
      try {
        checkCreateParams({ prompt: 'p', images: [long] });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message.length).toBeLessThan(200);
  });
});

describe('remixOf', () => {
  it('is kept as given', () => {
    expect(checkCreateParams({ prompt: 'p', remixOf: 'video_123' }).remixOf).toBe('video_123');
  });

  it.each([[''], ['..'], ['.'], [42], [null]])(
    'refuses %j, which is no id that stays in its path segment',
    (remixOf) => {
      expect(() => checkCreateParams({ prompt: 'p', remixOf: remixOf as never })).toThrow(
        /`remixOf` to be the id of a completed video/,
      );
    },
  );
});
