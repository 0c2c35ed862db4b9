import { describe, expect, it } from 'vitest';
import { bufferTarget } from '../../src/download/buffer-target.js';

const bytes = (length: number, fill = 7) => Buffer.alloc(length, fill);

describe('bufferTarget', () => {
  it('never asks the source to wait, and holds nothing to read', async () => {
    const sink = await bufferTarget(1024).open();
    expect(sink.kept).toBe(0);
    expect(await sink.read(0, 8)).toEqual(Buffer.alloc(0));
    const writer = sink.writer(0, undefined);
    expect(writer.write(bytes(10))).toBe(true);
    await writer.drain();
    await writer.flush();
  });

  it('emits exactly the bytes written, in order, with no spare capacity', async () => {
    const target = bufferTarget(1024 * 1024);
    const writer = (await target.open()).writer(0, undefined);
    for (let i = 0; i < 40; i++) writer.write(bytes(3000, i));
    const data = await target.complete({ bytes: 120_000, totalBytes: 120_000 });
    expect(data.length).toBe(120_000);
    expect(data.buffer.byteLength).toBe(120_000);
    expect(data[2999]).toBe(0);
    expect(data[3000]).toBe(1);
    expect(data[119_999]).toBe(39);
  });

  it('fills one buffer of the declared size, emitted as it is with no copy', async () => {
    const target = bufferTarget(10 * 1024 * 1024);
    const writer = (await target.open()).writer(0, 100_000);
    for (let i = 0; i < 10; i++) writer.write(bytes(10_000, i));
    const received = { bytes: 100_000, totalBytes: 100_000 };
    const data = await target.complete(received);
    expect(data.length).toBe(100_000);
    expect(data[99_999]).toBe(9);
    // The same buffer twice: it was never copied to trim spare capacity.
    expect(await target.complete(received)).toBe(data);
  });

  it('starts again from the first byte, and drops what an earlier attempt left past the end', async () => {
    const target = bufferTarget(1024);
    const sink = await target.open();
    sink.writer(0, undefined).write(Buffer.from('abcdef'));
    expect(await sink.restart()).toBe(true);
    sink.writer(0, undefined).write(Buffer.from('xyz'));
    await sink.end(2);
    expect(Buffer.from(await target.complete({ bytes: 2, totalBytes: 2 })).toString()).toBe('xy');
  });

  it('lets the bytes go on discard', async () => {
    const target = bufferTarget(1024);
    (await target.open()).writer(0, undefined).write(Buffer.from('abc'));
    target.discard({ error: new Error('not an MP4') }, undefined);
    expect((await target.complete({ bytes: 3, totalBytes: 3 })).length).toBe(0);
  });
});
