import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { walkMp4Boxes } from '../../src/download/mp4-boxes.js';
import { loadVideoPayload, SAMPLE_MP4_URL } from '../../src/testing/simulator/mp4.js';

/** A box of `size` bytes in all (its header included), filled with `fill`. */
function box(type: string, size: number, fill = 0): Buffer {
  const bytes = Buffer.alloc(size, fill);
  bytes.writeUInt32BE(size, 0);
  bytes.write(type, 4, 'latin1');
  return bytes;
}

/** The problem of `file` pushed in chunks of `step` bytes. */
function problemOf(file: Buffer, step = file.length): string | undefined {
  const walk = walkMp4Boxes();
  for (let at = 0; at < file.length; at += step) walk.push(file.subarray(at, at + step));
  return walk.problem()?.detail;
}

describe('walkMp4Boxes', () => {
  it('finds the sample MP4 whole, however its bytes are cut into chunks', async () => {
    const sample = await readFile(SAMPLE_MP4_URL);
    for (const step of [1, 3, 7, 8, 100, sample.length]) {
      expect(problemOf(sample, step)).toBeUndefined();
    }
  });

  it('finds a file cut inside its mdat, or inside a header, or empty', async () => {
    const sample = await readFile(SAMPLE_MP4_URL);
    expect(problemOf(sample.subarray(0, sample.length - 1), 5)).toMatch(
      /"mdat" box at byte \d+ declares \d+ bytes, and the file ends after 7737/,
    );
    expect(problemOf(Buffer.concat([box('ftyp', 16), box('free', 8).subarray(0, 5)]))).toMatch(
      /within the header of the box at byte 16/,
    );
    expect(problemOf(Buffer.alloc(0))).toBe('it holds no box');
    expect(
      problemOf(
        Buffer.concat([box('ftyp', 16), Buffer.from([0, 0, 0, 4, 0x66, 0x72, 0x65, 0x65, 9])]),
        1,
      ),
    ).toMatch(/declares 4 bytes, less than its own header/);
  });

  it('reads a 64-bit largesize, and a last box of size 0 that runs to the end', () => {
    const large = Buffer.alloc(40, 7);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(40n, 8);
    const file = Buffer.concat([box('ftyp', 16), large]);
    expect(problemOf(file, 3)).toBeUndefined();
    expect(problemOf(file.subarray(0, 50), 3)).toMatch(/"mdat" box at byte 16 declares 40 bytes/);
    const huge = Buffer.from(large.subarray(0, 16));
    huge.writeBigUInt64BE(2n ** 63n, 8);
    expect(problemOf(Buffer.concat([box('ftyp', 16), huge]))).toMatch(/declares Infinity bytes/);

    const toEnd = box('mdat', 30);
    toEnd.writeUInt32BE(0, 0);
    expect(problemOf(Buffer.concat([box('ftyp', 16), toEnd]), 4)).toBeUndefined();
  });

  it("finds the simulator's videos whole, a large one too, skipping the bytes in its boxes", async () => {
    for (const size of [undefined, 200_000, 5 * 2 ** 32]) {
      const payload = await loadVideoPayload(size);
      const walk = walkMp4Boxes();
      let at = walk.skipTo(payload.size);
      expect(at).toBe(0);
      while (at < payload.size) {
        walk.push(payload.head.subarray(at, at + 16));
        at = walk.skipTo(payload.size);
      }
      expect(walk.problem()).toBeUndefined();
    }
  });
});

describe('walkMp4Boxes, what it says and where it stops', () => {
  it('says whether a file was cut or is wrong, word for word', () => {
    const fault = walkMp4Boxes();
    fault.push(Buffer.concat([box('ftyp', 16), Buffer.from([0, 0, 0, 4, 0x66, 0x72, 0x65, 0x65])]));
    // A fault holds, whatever comes after it.
    fault.push(box('mdat', 32));
    expect(fault.problem()).toEqual({
      cut: false,
      detail: 'its "free" box at byte 16 declares 4 bytes, less than its own header',
    });
    const inHeader = walkMp4Boxes();
    inHeader.push(Buffer.concat([box('ftyp', 16), box('free', 8).subarray(0, 5)]));
    expect(inHeader.problem()).toEqual({
      cut: true,
      detail: 'it ends within the header of the box at byte 16',
    });
    const inBox = walkMp4Boxes();
    inBox.push(Buffer.concat([box('ftyp', 16), box('mdat', 40).subarray(0, 20)]));
    expect(inBox.problem()).toEqual({
      cut: true,
      detail: 'its "mdat" box at byte 16 declares 40 bytes, and the file ends after 36',
    });
  });

  it('skips to the next header it needs, and anywhere once the last box runs to the end', () => {
    const walk = walkMp4Boxes();
    walk.push(box('ftyp', 16));
    expect(walk.skipTo(100)).toBe(16);
    walk.push(box('free', 8).subarray(0, 4));
    expect(walk.skipTo(100)).toBe(20);
    expect(walk.skipTo(18)).toBe(18);
    const toEnd = walkMp4Boxes();
    const last = box('mdat', 8);
    last.writeUInt32BE(0, 0);
    toEnd.push(Buffer.concat([box('ftyp', 16), last]));
    toEnd.push(Buffer.alloc(64, 1));
    expect(toEnd.skipTo(1_000)).toBe(1_000);
    toEnd.push(Buffer.alloc(64, 2));
    expect(toEnd.problem()).toBeUndefined();
  });
});
