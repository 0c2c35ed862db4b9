// What a gateway's error answer turns into: the request id, the readable excerpt of JSON and HTML
// bodies, and where a success ends.
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { isSuccessStatus, responseToError } from '../../src/http/response-to-error.js';

const req: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.test/v1/videos/sora_1',
  headers: {},
  maxBodyBytes: 1024,
};

const errorOf = (body: string, headers: Record<string, string> = {}) =>
  responseToError(req, { status: 502, headers, body });

describe('responseToError, beyond the basics', () => {
  it('takes a 2xx as a success, and nothing else', () => {
    expect([199, 200, 204, 299, 300, 304].map(isSuccessStatus)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it.each(['x-request-id', 'request-id', 'x-amzn-requestid', 'cf-ray'])(
    'reads the request id from %s alone',
    (header) => {
      expect(errorOf('', { [header]: 'id_1' }).requestId).toBe('id_1');
    },
  );

  it('prefers x-request-id to the other request id headers', () => {
    expect(errorOf('', { 'cf-ray': 'ray_1', 'x-request-id': 'req_1' }).requestId).toBe('req_1');
  });

  it.each([
    ['a string `error`', '{"error":"Rate limited upstream"}', 'Rate limited upstream'],
    ['`error.message`', '{"error":{"message":"Upstream timed out"}}', 'Upstream timed out'],
    ['a top-level `message`', '{"message":"Bad gateway"}', 'Bad gateway'],
    ['`message` when `error` has none', '{"error":{"message":42},"message":"Top"}', 'Top'],
    ['`message` when `error` is null', '{"error":null,"message":"Top"}', 'Top'],
  ])('shows %s of a JSON body', (_name, body, excerpt) => {
    expect(errorOf(body).bodyExcerpt).toBe(excerpt);
  });

  it('shows a JSON body with no readable message as it is', () => {
    expect(errorOf('{"message":5}').bodyExcerpt).toBe('{"message":5}');
  });

  it("shows an HTML page's text, without its scripts and styles", () => {
    const page =
      '<html><style>p{color:red}</style><body>Bad<script>var key = 1;</script>Gateway</body></html>';
    expect(errorOf(page).bodyExcerpt).toBe('Bad Gateway');
  });

  it('cuts an excerpt only past 200 characters', () => {
    const exact = 'x'.repeat(200);
    expect(errorOf(exact).bodyExcerpt).toBe(exact);
    expect(errorOf(`${exact}y`).bodyExcerpt).toBe(`${exact}…`);
  });
});
