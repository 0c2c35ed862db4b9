import { describe, expect, it } from 'vitest';
import { loadVideoPayload, parseRange, payloadChunks } from '../../../src/testing/simulator/mp4.js';
import { readFixture } from '../simulator-helpers.js';

describe('the simulated MP4 payload', () => {
  it('pads past 4 GiB with a 64-bit free box, in chunks of at most 64 KiB', async () => {
    const size = 5 * 1024 ** 3;
    const fixture = await readFixture();
    const payload = await loadVideoPayload(size);

    let total = 0;
    let largest = 0;
    for (const chunk of payloadChunks(payload, 0, size)) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    const header = new DataView(payload.head.buffer, fixture.length, 16);

    expect(total).toBe(size);
    expect(largest).toBe(64 * 1024);
    expect(payload.head.length).toBe(fixture.length + 16);
    expect(header.getUint32(0)).toBe(1);
    expect(
      Buffer.from(payload.head.subarray(fixture.length + 4, fixture.length + 8)).toString(),
    ).toBe('free');
    expect(header.getBigUint64(8)).toBe(BigInt(size - fixture.length));
  });

  it('generates any slice of the file, across the end of the head', async () => {
    const payload = await loadVideoPayload(100_000);
    const whole = Buffer.concat([...payloadChunks(payload, 0, 100_000)]);

    const slice = Buffer.concat([...payloadChunks(payload, payload.head.length - 10, 90_000)]);

    expect(whole.length).toBe(100_000);
    expect(slice.length).toBe(90_010 - payload.head.length);
    expect(slice.equals(whole.subarray(payload.head.length - 10, 90_000))).toBe(true);
  });

  it('refuses sizes between the fixture and a free box header', async () => {
    const fixture = await readFixture();

    await expect(loadVideoPayload(fixture.length + 7)).rejects.toThrow(/`videoBytes`/);
    await expect(loadVideoPayload(1.5)).rejects.toThrow(/`videoBytes`/);
    expect((await loadVideoPayload(fixture.length + 8)).size).toBe(fixture.length + 8);
  });

  it.each([
    [undefined, null],
    ['bytes=0-', { start: 0, end: 1000 }],
    ['bytes=10-19', { start: 10, end: 20 }],
    ['bytes=990-2000', { start: 990, end: 1000 }],
    ['bytes=-100', { start: 900, end: 1000 }],
    ['bytes=-5000', { start: 0, end: 1000 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=20-10', null],
    ['bytes=0-1,5-6', null],
    ['items=0-1', null],
  ])('reads the Range header %s of a 1000-byte file as %o', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});
