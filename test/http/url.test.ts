import { describe, expect, it, vi } from 'vitest';
import { appendPath, isSafePathSegment, normalizeBaseUrl } from '../../src/http/url.js';

describe('normalizeBaseUrl', () => {
  it('keeps the version prefix and drops trailing slashes', () => {
    expect(normalizeBaseUrl('https://api.example.com/v1/')).toBe('https://api.example.com/v1');
    expect(normalizeBaseUrl('http://127.0.0.1:8080/v1')).toBe('http://127.0.0.1:8080/v1');
  });

  it.each([
    [undefined, /`baseUrl` to be a URL/],
    ['', /`baseUrl` to be a URL/],
    ['api.example.com/v1', /absolute http\(s\) URL/],
    ['ftp://api.example.com/v1', /http or https/],
    ['https://user:pass@api.example.com/v1', /no credentials/],
    ['https://api.example.com/v1?key=1', /no query or fragment/],
  ])('refuses %s with a TypeError naming the option', (value, message) => {
    expect(() => normalizeBaseUrl(value)).toThrow(TypeError);
    expect(() => normalizeBaseUrl(value)).toThrow(message);
  });

  it('never echoes credentials it refuses', () => {
    expect(() => normalizeBaseUrl('https://user:hunter22@api.example.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter22') }),
    );
  });
});

describe('appendPath', () => {
  it('percent-encodes each segment so that none can change the path', () => {
    expect(appendPath('https://a.test/v1', 'videos', 'a/b?c#d%e')).toBe(
      'https://a.test/v1/videos/a%2Fb%3Fc%23d%25e',
    );
    expect(appendPath('https://a.test/v1', 'videos', '%2e%2e')).toBe(
      'https://a.test/v1/videos/%252e%252e',
    );
  });

  it.each(['', '.', '..'])('refuses the segment %j', (segment) => {
    expect(() => appendPath('https://a.test/v1', 'videos', segment)).toThrow(TypeError);
  });

  it.each([
    ['a lone high surrogate', 'sora_\ud800x'],
    ['a lone low surrogate', '\udc00'],
    ['a pair in the wrong order', 'a\udc00\ud800b'],
    ['a high surrogate at the end', 'sora_\ud83d'],
  ])('refuses a segment with %s with a TypeError, never a URIError', (_name, segment) => {
    expect(isSafePathSegment(segment)).toBe(false);
    expect(() => appendPath('https://a.test/v1', 'videos', segment)).toThrow(TypeError);
  });

  it('keeps a well-formed surrogate pair, percent-encoded as UTF-8', () => {
    expect(isSafePathSegment('sora_\ud83d\ude00')).toBe(true);
    expect(appendPath('https://a.test/v1', 'videos', 'sora_\ud83d\ude00')).toBe(
      'https://a.test/v1/videos/sora_%F0%9F%98%80',
    );
  });

  it('judges the same segments on a runtime without String.prototype.isWellFormed', async () => {
    const prototype = String.prototype as { isWellFormed?: unknown };
    const original = prototype.isWellFormed;
    delete prototype.isWellFormed;
    try {
      vi.resetModules();
      const url = await import('../../src/http/url.js');
      expect(url.isSafePathSegment('sora_\ud800x')).toBe(false);
      expect(url.isSafePathSegment('a\udc00\ud800b')).toBe(false);
      expect(url.isSafePathSegment('sora_\ud83d\ude00')).toBe(true);
      expect(url.isSafePathSegment('sora_abc')).toBe(true);
    } finally {
      prototype.isWellFormed = original;
      vi.resetModules();
    }
  });
});
