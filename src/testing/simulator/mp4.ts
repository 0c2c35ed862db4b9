import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Finds the fixture in the source tree (`src/testing/fixtures/`, for the tests and tsx), or, when
 * this module was bundled into `dist/`, in the `dist/fixtures/` the build copies it to.
 */
function locateSampleMp4(): URL {
  const inSource = new URL('../fixtures/sample.mp4', import.meta.url);
  const inDist = new URL('./fixtures/sample.mp4', import.meta.url);
  return existsSync(inSource) || !existsSync(inDist) ? inSource : inDist;
}

/** Where the committed sample MP4 lives: 2 s of test pattern, 160×90, H.264, a few KB. */
export const SAMPLE_MP4_URL: URL = locateSampleMp4();

/** Bytes per chunk of generated padding. */
const CHUNK_SIZE = 64 * 1024;

/** One shared chunk of zeros: padding is only ever read from it, so it is never copied. */
const ZEROS = new Uint8Array(CHUNK_SIZE);

/** The MP4 every completed task serves: `head` (the fixture, then a padding box header) then zeros. */
export interface VideoPayload {
  /** Total size in bytes. */
  readonly size: number;
  /** The bytes that are not zero padding. */
  readonly head: Uint8Array;
  /** A strong validator for `If-Range`. */
  readonly etag: string;
}

/** The header of a `free` box of `size` bytes in all: 8 bytes, or 16 above 4 GiB. */
function freeBoxHeader(size: number): Uint8Array {
  const large = size > 0xffff_ffff;
  const header = new Uint8Array(large ? 16 : 8);
  const view = new DataView(header.buffer);
  view.setUint32(0, large ? 1 : size);
  header.set([0x66, 0x72, 0x65, 0x65], 4); // 'free'
  if (large) view.setBigUint64(8, BigInt(size));
  return header;
}

/** Reads the fixture and plans an MP4 of `videoBytes` bytes (or the fixture's own size). */
export async function loadVideoPayload(videoBytes?: number): Promise<VideoPayload> {
  const fixture = new Uint8Array(await readFile(SAMPLE_MP4_URL));
  const size = videoBytes ?? fixture.length;
  const padding = size - fixture.length;
  if (!Number.isSafeInteger(size) || (padding !== 0 && padding < 8) || padding < 0) {
    throw new TypeError(
      `Expected \`videoBytes\` to be ${fixture.length}, or an integer of at least ${fixture.length + 8} (the fixture and a free box header), got ${String(videoBytes)}`,
    );
  }
  const boxHeader = padding === 0 ? new Uint8Array(0) : freeBoxHeader(padding);
  const head = new Uint8Array(fixture.length + boxHeader.length);
  head.set(fixture);
  head.set(boxHeader, fixture.length);
  return { size, head, etag: `"sora-sim-${size.toString(16)}"` };
}

/**
 * The bytes of the payload from `start` (inclusive) to `end` (exclusive), in chunks of at most
 * 64 KiB, generated as they are read so that any size takes constant memory.
 */
export function* payloadChunks(
  payload: VideoPayload,
  start: number,
  end: number,
): Generator<Uint8Array> {
  const { head } = payload;
  let position = start;
  while (position < end && position < head.length) {
    const next = Math.min(end, head.length, position + CHUNK_SIZE);
    yield head.subarray(position, next);
    position = next;
  }
  while (position < end) {
    const length = Math.min(CHUNK_SIZE, end - position);
    yield ZEROS.subarray(0, length);
    position += length;
  }
}

/** A range of bytes to send: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a `Range` header for a file of `size` bytes: a range to send, `'unsatisfiable'` (416), or
 * `null` to send the whole file (no header, a malformed one, or several ranges).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '') {
    if (last === '') return null;
    const suffix = Number(last);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(size - suffix, 0), end: size };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size : Math.min(Number(last) + 1, size) };
}
