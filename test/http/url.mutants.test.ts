// The base URL checks name what is wrong without repeating the value.
import { describe, expect, it } from 'vitest';
import { appendPath, normalizeBaseUrl } from '../../src/http/url.js';

describe('normalizeBaseUrl, beyond the basics', () => {
  it.each([
    [42, 'Expected `baseUrl` to be a URL such as https://api.example.com/v1, got number'],
    ['', 'Expected `baseUrl` to be a URL such as https://api.example.com/v1, got an empty string'],
    [
      '   ',
      'Expected `baseUrl` to be a URL such as https://api.example.com/v1, got an empty string',
    ],
  ])('refuses %o, saying what it got', (value, message) => {
    expect(() => normalizeBaseUrl(value)).toThrow(new TypeError(message));
  });

  it.each(['https://user@gateway.example/v1', 'https://:sk-secret@gateway.example/v1'])(
    'refuses credentials in %s, user or password alone',
    (value) => {
      expect(() => normalizeBaseUrl(value)).toThrow(
        new TypeError('Expected `baseUrl` to hold no credentials: pass the key as `apiKey`'),
      );
    },
  );

  it.each(['https://gateway.example/v1?key=sk', 'https://gateway.example/v1#sk'])(
    'refuses a query or a fragment: %s',
    (value) => {
      expect(() => normalizeBaseUrl(value)).toThrow(/no query or fragment/);
    },
  );
});

describe('appendPath, beyond the basics', () => {
  it('names the segment it refuses', () => {
    expect(() => appendPath('https://gateway.example/v1', 'videos', '..')).toThrow(
      new TypeError('Expected a path segment, got ".."'),
    );
  });
});
