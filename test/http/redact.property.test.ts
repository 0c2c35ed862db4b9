import { inspect } from 'node:util';
import fc from 'fast-check';
import { throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { decodeTaskResponse } from '../../src/api/task-response.js';
import type { HttpRequest, HttpResponse } from '../../src/http/http-transport.js';
import { responseToError } from '../../src/http/response-to-error.js';
import { sendRequest } from '../../src/http/send-request.js';
import { DEFAULT_STATUS_ALIASES, mergeStatusAliases } from '../../src/model/status-aliases.js';

// Whatever key the client accepts and however a server echoes it, the error built from the answer
// shows neither the key nor the echo: not in its message, stack, JSON or util.inspect output.

const aliases = mergeStatusAliases(DEFAULT_STATUS_ALIASES);

/**
 * Keys as the client accepts them (printable ASCII, no space), from the 4 characters on that the
 * redactor looks for: a shorter one would match ordinary words.
 */
const apiKey = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 4,
  maxLength: 64,
});

/** A request that sends `key`. */
function requestWith(key: string): HttpRequest {
  return {
    method: 'GET',
    url: 'https://gateway.test/v1/videos/sora_1',
    headers: { authorization: `Bearer ${key}` },
    maxBodyBytes: 1 << 20,
  };
}

const hex = (char: string, width: number) => char.charCodeAt(0).toString(16).padStart(width, '0');
const jsonInside = (text: string) => JSON.stringify(text).slice(1, -1);

/** How a server may echo a text: each encoder, and whether it yields the inside of a JSON string. */
const encoders: Record<
  string,
  { encode: (text: string, pick: boolean[]) => string; json: boolean }
> = {
  raw: { encode: (text) => text, json: false },
  'JSON-escaped': { encode: jsonInside, json: true },
  'JSON-escaped with \\/': {
    encode: (text) => jsonInside(text).replaceAll('/', '\\/'),
    json: true,
  },
  'some characters as \\uXXXX': {
    encode: (text, pick) =>
      [...text].map((c, i) => (pick[i % pick.length] ? `\\u${hex(c, 4)}` : jsonInside(c))).join(''),
    json: true,
  },
  'some characters as \\uXXXX, upper case': {
    encode: (text, pick) =>
      [...text]
        .map((c, i) => (pick[i % pick.length] ? `\\u${hex(c, 4).toUpperCase()}` : jsonInside(c)))
        .join(''),
    json: true,
  },
  'URL-encoded': { encode: encodeURIComponent, json: false },
  // `%` itself is always encoded, as by every URL encoder: a bare `%19` would mean another text.
  'some characters percent-encoded': {
    encode: (text, pick) =>
      [...text].map((c, i) => (pick[i % pick.length] || c === '%' ? `%${hex(c, 2)}` : c)).join(''),
    json: false,
  },
  'HTML-escaped': {
    encode: (text) =>
      text
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&#39;'),
    json: false,
  },
  base64: { encode: (text) => Buffer.from(text).toString('base64'), json: false },
  base64url: { encode: (text) => Buffer.from(text).toString('base64url'), json: false },
};

/** What the server echoes before encoding: the key, the header, basic auth, the key in a text. */
const echoedText = (key: string) =>
  fc.oneof(
    fc.constant(key),
    fc.constant(`Bearer ${key}`),
    fc.constant(`${key}:`),
    fc
      .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
      .map(([a, b]) => `${a}${key}${b}`),
  );

/** Where in the answer the echo goes, and what error it becomes. */
type Placement = (echo: string, json: boolean) => HttpResponse;
const inJson = (echo: string, json: boolean) => (json ? echo : jsonInside(echo));
const placements: Record<string, Placement> = {
  '401 JSON message': (echo, json) => ({
    status: 401,
    headers: {},
    body: `{"error":{"message":"Incorrect API key ${inJson(echo, json)}"}}`,
  }),
  'x-request-id of a 500': (echo) => ({ status: 500, headers: { 'x-request-id': echo }, body: '' }),
  'cf-ray of a 429': (echo) => ({ status: 429, headers: { 'cf-ray': echo }, body: 'slow down' }),
  '400 HTML page': (echo) => ({
    status: 400,
    headers: { 'content-type': 'text/html' },
    body: `<html><body><p>Rejected ${echo}</p></body></html>`,
  }),
  '200 JSON that is not a task': (echo, json) => ({
    status: 200,
    headers: {},
    body: `{"message":"bad key ${inJson(echo, json)}","nested":[{"k":"${inJson(echo, json)}"}]}`,
  }),
  '200 task whose status echoes it': (echo, json) => ({
    status: 200,
    headers: {},
    body: `{"id":"sora_1","object":"video","created":1,"model":"sora-2","status":"${inJson(echo, json)}","video_url":null,"error":null}`,
  }),
  '200 answer about another task, the id echoing it': (echo, json) => ({
    status: 200,
    headers: {},
    body: `{"id":"${inJson(echo, json)}","object":"video","created":1,"model":"sora-2","status":"queued","video_url":null,"error":null}`,
  }),
  '200 JSON cut short': (echo, json) => ({
    status: 200,
    headers: {},
    body: `{"id":"sora_1","echo":"${inJson(echo, json)}`,
  }),
};

/** The error the client builds from the answer, at the boundary that builds it. */
function errorFor(req: HttpRequest, res: HttpResponse): unknown {
  if (res.status !== 200) return responseToError(req, res);
  try {
    decodeTaskResponse(req, res, aliases, 'sora_1');
  } catch (error) {
    return error;
  }
  throw new Error('Expected the answer to fail');
}

/** The error of a request that sends `key`, when its transport fails quoting `echo`. */
function transportError(key: string, echo: string): unknown {
  const cause = new Error(`proxy said ${echo}`);
  let caught: unknown;
  sendRequest(
    () => throwError(() => new Error(`refused: ${echo}`, { cause })),
    requestWith(key),
  ).subscribe({ error: (error: unknown) => (caught = error) });
  return caught;
}

/** Every way a user might print an error, with JSON's and inspect's escapes undone where known. */
function renderings(error: unknown): string[] {
  const json = JSON.stringify(error);
  const shown = inspect(error, { depth: 20, showHidden: true });
  return [
    (error as Error).message,
    String((error as Error).stack),
    json,
    JSON.stringify(JSON.parse(json), (_k, v: unknown) => v, 0),
    ...collectStrings(JSON.parse(json)),
    shown,
  ];
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...collectStrings(v)]);
}

function expectNoLeak(error: unknown, key: string, echo: string): void {
  expect(error).toBeInstanceOf(Error);
  // How JSON and inspect would print the key if it were there.
  const shapes = [key, echo, jsonInside(key), key.replaceAll('\\', '\\\\').replaceAll("'", "\\'")];
  for (const rendered of renderings(error)) {
    for (const shape of shapes) expect(rendered.includes(shape), shape).toBe(false);
  }
}

describe('redaction of an echoed key, over arbitrary keys and echoes', () => {
  it('leaves neither the key nor its echo in the error a response becomes', () => {
    fc.assert(
      fc.property(
        apiKey.chain((key) =>
          fc.record({
            key: fc.constant(key),
            text: echoedText(key),
            encoder: fc.constantFrom(...Object.keys(encoders)),
            placement: fc.constantFrom(...Object.keys(placements)),
            pick: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          }),
        ),
        ({ key, text, encoder, placement, pick }) => {
          const { encode, json } = encoders[encoder] as (typeof encoders)[string];
          const echo = encode(text, pick);
          const place = placements[placement] as Placement;
          // A key that is a word of the error's own text, such as `status` or `true` in its JSON,
          // cannot be told from it: such keys are not the point.
          const baseline = renderings(errorFor(requestWith('sk-other-key'), place('ECHO', json)));
          fc.pre(!baseline.some((rendered) => rendered.includes(key)));
          expectNoLeak(errorFor(requestWith(key), place(echo, json)), key, echo);
        },
      ),
      { numRuns: 1000 },
    );
    // A thousand runs take 3–6 s on a quiet two-core machine; room for one that is busy.
  }, 30_000);

  it('leaves neither the key nor its echo in a transport error, nor in its cause', () => {
    fc.assert(
      fc.property(
        apiKey.chain((key) =>
          fc.record({
            key: fc.constant(key),
            text: echoedText(key),
            encoder: fc.constantFrom(...Object.keys(encoders)),
          }),
        ),
        ({ key, text, encoder }) => {
          const echo = (encoders[encoder] as (typeof encoders)[string]).encode(text, [true, false]);
          fc.pre(!renderings(transportError('sk-other-key', 'ECHO')).some((r) => r.includes(key)));
          expectNoLeak(transportError(key, echo), key, echo);
        },
      ),
      { numRuns: 300 },
    );
  });
});
