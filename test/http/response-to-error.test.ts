import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { responseToError } from '../../src/http/response-to-error.js';

const req: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.test/v1/videos/sora_1',
  headers: { authorization: 'Bearer sk-live-SECRET' },
  maxBodyBytes: 1024,
};

describe('responseToError', () => {
  it.each([
    [401, 'SORA_AUTH'],
    [403, 'SORA_AUTH'],
    [404, 'SORA_NOT_FOUND'],
    [408, 'SORA_HTTP'],
    [422, 'SORA_HTTP'],
    [429, 'SORA_RATE_LIMITED'],
    [500, 'SORA_SERVER'],
    [504, 'SORA_SERVER'],
  ])('maps %i to %s', (status, code) => {
    expect(responseToError(req, { status, headers: {}, body: '' })).toMatchObject({ code, status });
  });

  it('retries a 408 but no other 4xx', () => {
    expect(responseToError(req, { status: 408, headers: {}, body: '' }).retryable).toBe(true);
    expect(responseToError(req, { status: 409, headers: {}, body: '' }).retryable).toBe(false);
  });

  it("keeps the JSON error message, the request id and the server's Retry-After", () => {
    const error = responseToError(req, {
      status: 429,
      headers: { 'x-request-id': 'req_42', 'retry-after': '3' },
      body: JSON.stringify({ error: { message: 'Slow down', type: 'rate_limit' } }),
    });
    expect(error).toMatchObject({
      bodyExcerpt: 'Slow down',
      requestId: 'req_42',
      retryAfterMs: 3000,
    });
  });

  it('reduces an HTML error page to its text', () => {
    const body =
      '<html><head><style>p{}</style><title>502</title></head><body><h1>Bad   Gateway</h1></body></html>';
    expect(responseToError(req, { status: 502, headers: {}, body }).bodyExcerpt).toBe(
      '502 Bad Gateway',
    );
  });

  it('cuts a long body to an excerpt', () => {
    const error = responseToError(req, { status: 400, headers: {}, body: 'x'.repeat(5000) });
    expect(error.bodyExcerpt).toHaveLength(201);
  });

  it('removes the credential when the server echoes it back', () => {
    const body = JSON.stringify({
      error: { message: 'Incorrect API key provided: sk-live-SECRET.' },
    });
    const error = responseToError(req, { status: 401, headers: {}, body });
    expect(error.bodyExcerpt).toBe('Incorrect API key provided: [REDACTED].');
    expect(error.message).not.toContain('sk-live-SECRET');
  });
});
