import { describe, expect, it } from 'vitest';
import {
  type FileVersion,
  parseContentRange,
  readRangeAnswer,
} from '../../src/download/range-answer.js';

const kept: FileVersion = {
  ifRange: '"v1"',
  etag: '"v1"',
  lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT',
  totalBytes: 1000,
};

describe('parseContentRange', () => {
  it.each([
    ['bytes 0-999/1000', { start: 0, end: 999, totalBytes: 1000 }],
    ['bytes 400-999/1000', { start: 400, end: 999, totalBytes: 1000 }],
    ['BYTES  400-499/*', { start: 400, end: 499, totalBytes: undefined }],
  ])('reads %j', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'bytes */1000',
    'bytes 500-400/1000',
    'bytes 0-1000/1000',
    'bytes 0-9/10, 20-29/30',
    'items 0-9/10',
    'bytes -5-9/10',
    'bytes 0-99999999999999999999/*',
  ])('refuses %j', (header) => {
    expect(parseContentRange(header)).toBeUndefined();
  });
});

describe('readRangeAnswer', () => {
  it('takes a 200 as the whole file, with its strong ETag for If-Range and its Content-Length as the size', () => {
    expect(readRangeAnswer(200, { etag: '"v2"', 'content-length': '900' }, 400, kept)).toEqual({
      kind: 'whole',
      version: { ifRange: '"v2"', etag: '"v2"', lastModified: undefined, totalBytes: 900 },
    });
  });

  it('uses Last-Modified for If-Range when the ETag is weak or missing, and none without either', () => {
    const date = 'Thu, 22 Oct 2015 07:28:00 GMT';
    const ifRangeOf = (headers: Record<string, string>) => {
      const answer = readRangeAnswer(200, headers, 0, undefined);
      return answer.kind === 'mismatch' ? 'mismatch' : answer.version.ifRange;
    };
    expect(ifRangeOf({ etag: 'W/"v1"', 'last-modified': date })).toBe(date);
    expect(ifRangeOf({ 'last-modified': date })).toBe(date);
    expect(ifRangeOf({ etag: 'W/"v1"' })).toBeUndefined();
    expect(ifRangeOf({})).toBeUndefined();
  });

  it('continues the kept version with a 206 that starts where asked and agrees with it', () => {
    const headers = {
      'content-range': 'bytes 400-999/1000',
      'content-length': '600',
      etag: '"v1"',
      'last-modified': kept.lastModified as string,
    };
    expect(readRangeAnswer(206, headers, 400, kept)).toEqual({ kind: 'part', version: kept });
  });

  it('fills in the size from the Content-Range total when the first answer did not say', () => {
    const unsized = { ...kept, totalBytes: undefined };
    expect(readRangeAnswer(206, { 'content-range': 'bytes 400-999/1000' }, 400, unsized)).toEqual({
      kind: 'part',
      version: kept,
    });
  });

  it('takes a 206 from byte 0 as a version of its own', () => {
    expect(
      readRangeAnswer(206, { 'content-range': 'bytes 0-499/500', etag: '"v3"' }, 0, undefined),
    ).toEqual({
      kind: 'part',
      version: { ifRange: '"v3"', etag: '"v3"', lastModified: undefined, totalBytes: 500 },
    });
  });

  it.each([
    ['another offset', 206, { 'content-range': 'bytes 0-999/1000' }],
    ['a later offset', 206, { 'content-range': 'bytes 500-999/1000' }],
    ['no Content-Range', 206, {}],
    ['an unreadable Content-Range', 206, { 'content-range': 'bytes 400-999' }],
    [
      'a Content-Length that disagrees',
      206,
      { 'content-range': 'bytes 400-999/1000', 'content-length': '700' },
    ],
    ['another total size', 206, { 'content-range': 'bytes 400-1199/1200' }],
    ['another ETag', 206, { 'content-range': 'bytes 400-999/1000', etag: '"v2"' }],
    [
      'another Last-Modified',
      206,
      { 'content-range': 'bytes 400-999/1000', 'last-modified': 'Fri, 23 Oct 2015 07:28:00 GMT' },
    ],
    ['a 416', 416, { 'content-range': 'bytes */1000' }],
  ])('refuses a resume answered with %s', (_name, status, headers) => {
    expect(readRangeAnswer(status, headers, 400, kept)).toMatchObject({
      kind: 'mismatch',
      detail: expect.stringContaining('400'),
    });
  });
});

describe('range answers at their edges', () => {
  it.each([
    [' bytes 5-5/10 ', { start: 5, end: 5, totalBytes: 10 }],
    ['\tbytes 0-0/*', { start: 0, end: 0, totalBytes: undefined }],
  ])('reads %j: one byte, blanks around', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });

  it.each(['xbytes 0-9/10', 'bytes 0-9/10x', 'bytes 0-9/10 junk', 'abytes 0-9/10'])(
    'refuses %j, with anything before or after',
    (header) => {
      expect(parseContentRange(header)).toBeUndefined();
    },
  );

  const answer = (status: number, headers: Record<string, string>, from = 400) =>
    readRangeAnswer(status, headers, from, kept);

  it('says what each mismatch was, word for word', () => {
    expect(answer(416, {})).toEqual({
      kind: 'mismatch',
      detail: 'asked for bytes from 400, got a 416',
    });
    expect(answer(206, {})).toEqual({
      kind: 'mismatch',
      detail: 'asked for bytes from 400, got a 206 without a readable Content-Range (null)',
    });
    expect(answer(206, { 'content-range': 'bytes 300-999/1000' })).toEqual({
      kind: 'mismatch',
      detail: 'asked for bytes from 400, got "bytes 300-999/1000"',
    });
    expect(answer(206, { 'content-range': 'bytes 400-999/1000', 'content-length': '599' })).toEqual(
      {
        kind: 'mismatch',
        detail: 'asked for bytes from 400, got "bytes 400-999/1000" with a Content-Length of 599',
      },
    );
    expect(answer(206, { 'content-range': 'bytes 400-1999/2000' })).toEqual({
      kind: 'mismatch',
      detail: 'asked for bytes from 400, got "bytes 400-1999/2000", where the file had 1000 bytes',
    });
    expect(answer(206, { 'content-range': 'bytes 400-999/1000', etag: '"v2"' })).toEqual({
      kind: 'mismatch',
      detail: 'asked for bytes from 400, got "bytes 400-999/1000", ETag "v2" after "v1"',
    });
    expect(
      answer(206, {
        'content-range': 'bytes 400-999/1000',
        'last-modified': 'Thu, 22 Oct 2015 07:28:00 GMT',
      }),
    ).toEqual({
      kind: 'mismatch',
      detail:
        'asked for bytes from 400, got "bytes 400-999/1000", Last-Modified Thu, 22 Oct 2015 07:28:00 GMT after Wed, 21 Oct 2015 07:28:00 GMT',
    });
  });

  it('continues a version whose size or validators the 206 leaves unsaid', () => {
    expect(answer(206, { 'content-range': 'bytes 400-999/*' })).toEqual({
      kind: 'part',
      version: kept,
    });
    const sizeless = { ...kept, totalBytes: undefined };
    expect(readRangeAnswer(206, { 'content-range': 'bytes 400-999/1000' }, 400, sizeless)).toEqual({
      kind: 'part',
      version: { ...sizeless, totalBytes: 1000 },
    });
  });

  it.each(['12abc', 'abc12', '1 2'])(
    'reads no size from a Content-Length of %j',
    (contentLength) => {
      const whole = readRangeAnswer(200, { 'content-length': contentLength }, 0, undefined);
      expect(whole).toMatchObject({ kind: 'whole', version: { totalBytes: undefined } });
    },
  );

  it('reads a Content-Length with blanks around it', () => {
    const whole = readRangeAnswer(200, { 'content-length': ' 12 ' }, 0, undefined);
    expect(whole).toMatchObject({ kind: 'whole', version: { totalBytes: 12 } });
  });
});
