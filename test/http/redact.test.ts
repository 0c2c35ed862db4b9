import { describe, expect, it } from 'vitest';
import { createRedactor, credentialOf, redactSecrets } from '../../src/http/redact.js';

const key = 'sk-proj/AbC+dEf=gh"ij\\kl<m>&n\'0123456789';
const redactor = createRedactor([key]);
const hex4 = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');

/** Forms a gateway may echo the key in, each in a sentence. */
const forms: Record<string, string> = {
  raw: key,
  'JSON-escaped': JSON.stringify(key).slice(1, -1),
  'JSON-escaped with \\/': JSON.stringify(key).slice(1, -1).replaceAll('/', '\\/'),
  'JSON-escaped twice': JSON.stringify(JSON.stringify(key)).slice(3, -3),
  'every character as \\uXXXX': [...key].map((c) => `\\u${hex4(c)}`).join(''),
  'every character as \\uXXXX, upper case': [...key]
    .map((c) => `\\u${hex4(c).toUpperCase()}`)
    .join(''),
  'HTML-safe JSON': JSON.stringify(key)
    .slice(1, -1)
    .replace(/[<>&']/g, (c) => `\\u${hex4(c)}`),
  'JavaScript \\x escapes': [...key]
    .map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .join(''),
  'URL-encoded': encodeURIComponent(key),
  'URL-encoded in upper and lower case': encodeURIComponent(key).replace(/%2F/g, '%2f'),
  'URL-encoded twice': encodeURIComponent(encodeURIComponent(key)),
  'HTML-escaped': key
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;'),
  'HTML numeric references': [...key].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
  'base64 of the header': Buffer.from(`Bearer ${key}`).toString('base64'),
  'base64 of the key': Buffer.from(key).toString('base64'),
  'base64url of the key': Buffer.from(key).toString('base64url'),
  'base64 of basic auth': Buffer.from(`${key}:`).toString('base64'),
  'base64 of a JSON document': Buffer.from(JSON.stringify({ auth: key })).toString('base64'),
  'base64, then JSON-escaped': Buffer.from(`xx${key}`).toString('base64').replaceAll('/', '\\/'),
  'base64, then URL-encoded': encodeURIComponent(Buffer.from(`x${key}`).toString('base64')),
};

describe('createRedactor', () => {
  it.each(Object.entries(forms))('finds and removes the key echoed %s', (_name, echo) => {
    const text = `before ${echo} after`;
    expect(redactor.test(text)).toBe(true);
    const redacted = redactor.redact(text);
    expect(redacted).toMatch(/^before .*\[REDACTED\].* after$/);
    expect(redacted).not.toContain(echo);
    expect(redacted).not.toContain(key);
  });

  it('keeps the scheme of a whole Authorization header', () => {
    expect(redactor.redact(`got Bearer ${key}.`)).toBe('got Bearer [REDACTED].');
  });

  it('leaves text without the key untouched, as the same string', () => {
    const text =
      'GET https://gateway.test/v1/videos/sora_1 answered 500, server error: %2F &amp; \\u0041';
    expect(redactor.test(text)).toBe(false);
    expect(redactor.redact(text)).toBe(text);
  });

  it('redacts every occurrence and every secret it was given', () => {
    const both = createRedactor(['first-secret', 'second-secret', undefined]);
    expect(both.redact('first-secret, second-secret, first-secret')).toBe(
      '[REDACTED], [REDACTED], [REDACTED]',
    );
  });

  it('ignores secrets shorter than 4 characters, which would match ordinary words', () => {
    expect(createRedactor(['abc']).redact('abc abcd')).toBe('abc abcd');
  });

  it('never leaves a key that the marker itself completes', () => {
    for (const odd of ['ACTED]', '[RED', 'D]x[R']) {
      const redacted = createRedactor([odd]).redact(`a ${odd} b [RE${odd}DACTED]`);
      expect(redacted, odd).not.toContain(odd);
    }
  });

  it('is memoised by its secrets', () => {
    // Made and asked for again at once: the cache is shared with whatever ran before, and is
    // emptied when full.
    const made = createRedactor([key, 'second-secret']);
    expect(createRedactor([key, 'second-secret'])).toBe(made);
  });
});

describe('redactSecrets', () => {
  it('redacts each secret from a text', () => {
    expect(redactSecrets('a sk-123456 b', ['sk-123456'])).toBe('a [REDACTED] b');
  });
});

describe('credentialOf', () => {
  it('is the part after the scheme, the whole value without one, undefined without a header', () => {
    expect(credentialOf({ authorization: 'Bearer sk-1 2' })).toBe('sk-1 2');
    expect(credentialOf({ authorization: 'sk-1' })).toBe('sk-1');
    expect(credentialOf({})).toBeUndefined();
  });
});
