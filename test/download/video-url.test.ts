import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveVideoUrl, withoutQuery } from '../../src/download/video-url.js';

const BASE = 'https://api.example/v1/';

describe('resolveVideoUrl', () => {
  it.each([
    ['https://cdn.example/v.mp4?sig=1', 'https://cdn.example/v.mp4?sig=1'],
    ['/files/v.mp4', 'https://api.example/files/v.mp4'],
    ['files/v.mp4', 'https://api.example/v1/files/v.mp4'],
    ['//cdn.example/v.mp4', 'https://cdn.example/v.mp4'],
    ['HTTP://CDN.example:80/v.mp4', 'http://cdn.example/v.mp4'],
  ])('resolves %j against the base URL', (reference, expected) => {
    expect(resolveVideoUrl(BASE, reference)).toBe(expected);
  });

  it.each([
    ['', ''],
    [' \t', ''],
    ['http://[::1', 'http://[::1'],
    ['https://user:pw@exa mple/v.mp4?sig=secret', 'https://exa mple/v.mp4'],
    ['mailto:ops@example.com?subject=secret', 'mailto:'],
    ['ws://cdn.example/v.mp4?sig=secret', 'ws://cdn.example/v.mp4'],
  ])('refuses %j with SORA_INVALID_VIDEO_URL, showing %j', (reference, shown) => {
    expect(() => resolveVideoUrl(BASE, reference)).toThrow(
      expect.objectContaining({ code: 'SORA_INVALID_VIDEO_URL', url: shown }),
    );
  });
});

describe('withoutQuery', () => {
  it('keeps the origin and path of an http(s) URL, without credentials, query or fragment', () => {
    expect(withoutQuery('https://u:p@cdn.example:8443/a/v.mp4?X-Amz-Signature=s#t')).toBe(
      'https://cdn.example:8443/a/v.mp4',
    );
  });

  it('never throws, never shows what follows a ? or a #, and stays short, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (prefix, rest) => {
        fc.pre(!prefix.includes('SeCrEt'));
        const shown = withoutQuery(`${prefix}?SeCrEt${rest}`);
        return shown.length <= 200 && !shown.includes('SeCrEt');
      }),
    );
  });
});

describe('resolveVideoUrl says why', () => {
  it.each([
    ['', 'Cannot download the video at "": the URL is empty'],
    [42, 'Cannot download the video at "": the URL is empty'],
    ['http://[::1', 'Cannot download the video at "http://[::1": it is not a valid URL'],
    [
      'ftp://cdn.example/v.mp4?sig=secret',
      'Cannot download the video at "ftp://cdn.example/v.mp4": only http and https are downloaded, not ftp:',
    ],
  ])('refuses %j with the message %j', (reference, message) => {
    expect(() => resolveVideoUrl(BASE, reference as string)).toThrow(
      expect.objectContaining({ code: 'SORA_INVALID_VIDEO_URL', message }),
    );
  });
});

describe('withoutQuery shortens', () => {
  it('keeps a URL of 200 characters whole', () => {
    const url = `https://cdn.example/${'a'.repeat(180)}`;
    expect(url).toHaveLength(200);
    expect(withoutQuery(url)).toBe(url);
  });

  it('cuts a longer URL to 199 characters and an ellipsis', () => {
    const url = `https://cdn.example/${'a'.repeat(181)}`;
    expect(withoutQuery(`${url}?sig=secret`)).toBe(`${url.slice(0, 199)}…`);
  });

  it('cuts a long string that is no URL the same way', () => {
    expect(withoutQuery(`${'x'.repeat(300)}?sig=secret`)).toBe(`${'x'.repeat(199)}…`);
  });
});
