import fc from 'fast-check';
import { either } from 'fp-ts';
import { describe, expect, it } from 'vitest';
import { decodeTaskResponse } from '../../src/api/task-response.js';
import { isSoraError } from '../../src/errors/is-sora-error.js';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { decodeVideoTask } from '../../src/model/decode-video-task.js';
import { DEFAULT_STATUS_ALIASES, mergeStatusAliases } from '../../src/model/status-aliases.js';
import { VideoStatusCodec } from '../../src/model/video-status.js';

// Whatever JSON a server sends, decoding never throws, and a task it returns is a plain object:
// no prototype of the server's choosing, no own `__proto__` key, nothing added to Object.prototype.

const aliases = mergeStatusAliases(DEFAULT_STATUS_ALIASES, { rendering: 'processing' });
const request: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.test/v1/videos/sora_1',
  headers: { authorization: 'Bearer sk-test-property-key' },
  maxBodyBytes: 1 << 20,
};

/** Keys that mean something to JavaScript objects, and any other. */
const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__defineGetter__',
    'status',
    'error',
    'created',
  ),
  fc.string(),
);

/** A status as gateways send them: documented, aliased in any case, or unknown. */
const status = fc.oneof(
  fc.constantFrom('queued', 'processing', 'completed', 'failed'),
  fc.constantFrom(...Object.keys(aliases), '__proto__', 'constructor', 'toString'),
  fc.constantFrom('IN_PROGRESS', 'Succeeded', 'Rendering'),
  fc.string(),
);

/** The fields of a valid task in either shape, some of them replaced by anything. */
const taskFields = fc.record(
  {
    id: fc.oneof(fc.constant('sora_1'), fc.jsonValue()),
    object: fc.constantFrom('video.generation', 'video'),
    created: fc.oneof(fc.integer(), fc.jsonValue()),
    created_at: fc.integer(),
    model: fc.constantFrom('sora-2', 'sora-2-pro'),
    status,
    video_url: fc.oneof(fc.constant(null), fc.webUrl()),
    error: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.record({ code: fc.string(), message: fc.string() }, { requiredKeys: [] }),
    ),
    progress: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.jsonValue()),
    seconds: fc.oneof(fc.integer(), fc.string()),
  },
  { requiredKeys: ['id', 'object', 'model', 'status'] },
);

/** JSON text of a task with hostile extra keys, in random order, parsed as a server's body is. */
const hostileTaskText = fc
  .tuple(taskFields, fc.array(fc.tuple(hostileKey, fc.jsonValue()), { maxLength: 6 }))
  .chain(([fields, extra]) =>
    fc.shuffledSubarray([...Object.entries(fields), ...extra], {
      minLength: Object.keys(fields).length + extra.length,
    }),
  )
  .map(
    (entries) =>
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
  );

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPlainTask(task: unknown): void {
  const prototype = Object.getPrototypeOf(task);
  expect(prototype === Object.prototype || prototype === null).toBe(true);
  expect(Object.hasOwn(task as object, '__proto__')).toBe(false);
  // Copied the way users copy objects, it stays plain too.
  expect(Object.getPrototypeOf(Object.assign({}, task))).toBe(Object.prototype);
  expect(VideoStatusCodec.is((task as { status: unknown }).status)).toBe(true);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
}

describe('decodeVideoTask over arbitrary JSON', () => {
  it('never throws, and returns only plain tasks, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeVideoTask(value, aliases);
        if (either.isRight(result)) expectPlainTask(result.right);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, and returns only plain tasks, for tasks with hostile keys', () => {
    fc.assert(
      fc.property(hostileTaskText, (text) => {
        const result = decodeVideoTask(JSON.parse(text), aliases);
        if (either.isRight(result)) expectPlainTask(result.right);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeTaskResponse over arbitrary bodies', () => {
  const body = fc.oneof(
    hostileTaskText,
    fc.jsonValue().map((value) => JSON.stringify(value)),
    // Cut short, as a dropped proxy connection leaves it.
    hostileTaskText.chain((text) => fc.nat({ max: text.length }).map((n) => text.slice(0, n))),
    fc.string(),
  );

  it('returns a plain task of the id asked for, or fails with SORA_DECODE or SORA_TASK_MISMATCH', () => {
    fc.assert(
      fc.property(body, (text) => {
        const response = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: text,
        };
        let task: unknown;
        try {
          task = decodeTaskResponse(request, response, aliases, 'sora_1');
        } catch (error) {
          expect(
            isSoraError(error, 'SORA_DECODE') || isSoraError(error, 'SORA_TASK_MISMATCH'),
          ).toBe(true);
          return;
        }
        expectPlainTask(task);
        expect((task as { id: unknown }).id).toBe('sora_1');
      }),
      { numRuns: 500 },
    );
  });
});
