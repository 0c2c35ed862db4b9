import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDownloadFileWriter, onFile } from '../../src/download/download-file-writer.js';
import { isSettled, settle } from '../helpers/settle.js';

interface RecordedWrite {
  readonly position: number;
  readonly bytes: string;
  finish(error?: Error): void;
}

/** A file handle whose writes wait until the test finishes them, one by one. */
function fakeHandle() {
  const writes: RecordedWrite[] = [];
  const record = (buffers: Buffer[], position: number) =>
    new Promise<{ bytesWritten: number }>((resolve, reject) => {
      const bytes = Buffer.concat(buffers);
      writes.push({
        position,
        bytes: bytes.toString(),
        finish: (error) => (error ? reject(error) : resolve({ bytesWritten: bytes.length })),
      });
    });
  const handle = {
    write: (buffer: Buffer, offset: number, length: number, position: number) =>
      record([buffer.subarray(offset, offset + length)], position),
    writev: (buffers: Buffer[], position: number) => record(buffers, position),
  } as unknown as FileHandle;
  return { handle, writes };
}

const chunk = (text: string) => Buffer.from(text);

describe('createDownloadFileWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes at once, then batches the chunks that arrive meanwhile into one write', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, {
      file: 'v.mp4',
      start: 10,
      highWaterMark: 100,
    });

    writer.write(chunk('ab'));
    writer.write(chunk('cd'));
    writer.write(chunk('ef'));
    expect(writes.map((w) => [w.position, w.bytes])).toEqual([[10, 'ab']]);

    writes[0]?.finish();
    await settle();
    expect(writes.map((w) => [w.position, w.bytes])).toEqual([
      [10, 'ab'],
      [12, 'cdef'],
    ]);

    const flushed = writer.flush();
    writes[1]?.finish();
    await flushed;
    expect(writes).toHaveLength(2);
  });

  it('asks the caller to wait once highWaterMark bytes are queued, until the queue is taken', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 4 });

    expect(writer.write(chunk('aaaa'))).toBe(true); // taken at once by the first write
    expect(writer.write(chunk('bb'))).toBe(true);
    expect(writer.write(chunk('cc'))).toBe(false);
    const drain = writer.drain();
    expect(await isSettled(drain)).toBe(false);

    writes[0]?.finish();
    await drain;
    expect(writes.map((w) => w.bytes)).toEqual(['aaaa', 'bbcc']);
  });

  it('fails drain, flush and later writes with SORA_FILE once a write fails', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 4 });
    writer.write(chunk('aaaa'));
    writer.write(chunk('bbbb'));
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

    const drain = writer.drain();
    writes[0]?.finish(full);

    const expected = { code: 'SORA_FILE', file: 'v.mp4', causeCode: 'ENOSPC' };
    await expect(drain).rejects.toMatchObject(expected);
    await expect(writer.flush()).rejects.toMatchObject(expected);
    expect(writer.write(chunk('cc'))).toBe(false);
    await expect(writer.drain()).rejects.toMatchObject(expected);
    expect(writes).toHaveLength(1);
  });

  it('drops the queued chunks on abandon, and resolves once the write in flight is done', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 4 });
    writer.write(chunk('aaaa'));
    writer.write(chunk('bbbb'));

    const abandon = writer.abandon();
    expect(await isSettled(abandon)).toBe(false);

    writes[0]?.finish(new Error('EIO'));
    await abandon;
    expect(writes.map((w) => w.bytes)).toEqual(['aaaa']);
  });

  it('writes a real file byte for byte, from the start position on', async () => {
    const file = path.join(dir, 'v.mp4');
    const handle = await open(file, 'w');
    try {
      await handle.write(Buffer.from('head'), 0, 4, 0);
      const writer = createDownloadFileWriter(handle, { file, start: 4, highWaterMark: 8 });
      const parts = Array.from({ length: 50 }, (_, i) => chunk(`<${i}>`));
      for (const part of parts) {
        if (!writer.write(part)) await writer.drain();
      }
      await writer.flush();
    } finally {
      await handle.close();
    }
    const expected = `head${Array.from({ length: 50 }, (_, i) => `<${i}>`).join('')}`;
    expect((await readFile(file)).toString()).toBe(expected);
  });
  it('resolves drain at once while the queue is below highWaterMark, a write still in flight', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 4 });
    expect(writer.write(chunk('ab'))).toBe(true);
    expect(writer.write(chunk('c'))).toBe(true);
    const drain = writer.drain();
    expect(await isSettled(drain)).toBe(true);
    await drain;
    writes[0]?.finish();
    await settle();
    writes[1]?.finish();
    await writer.flush();
  });

  it('ignores an empty chunk, and chunks written after abandon, asking no wait for them', async () => {
    const { handle, writes } = fakeHandle();
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 1 });
    expect(writer.write(Buffer.alloc(0))).toBe(true);
    expect(writes).toHaveLength(0);
    await writer.abandon();
    expect(writer.write(chunk('late'))).toBe(true);
    await settle();
    expect(writes).toHaveLength(0);
    await writer.flush();
  });

  /** A real file handle whose writes take at most `most` bytes each: short writes. */
  const shortWrites = (real: FileHandle, most: number) =>
    ({
      write: (buffer: Buffer, offset: number, length: number, position: number) =>
        real.write(buffer, offset, Math.min(length, most), position),
      writev: (buffers: Buffer[], position: number) => {
        const bytes = Buffer.concat(buffers);
        return real.write(bytes, 0, Math.min(bytes.length, most), position);
      },
    }) as unknown as FileHandle;

  it('goes on after short writes, each at the byte after the last, single chunks or batches', async () => {
    const file = path.join(dir, 'v.mp4');
    const real = await open(file, 'w');
    try {
      await real.write(Buffer.from('head'), 0, 4, 0);
      const writer = createDownloadFileWriter(shortWrites(real, 3), {
        file,
        start: 4,
        highWaterMark: 64,
      });
      writer.write(chunk('0123456789'));
      writer.write(chunk('abcdefg'));
      writer.write(chunk('hijklmn'));
      await writer.flush();
    } finally {
      await real.close();
    }
    expect((await readFile(file)).toString()).toBe('head0123456789abcdefghijklmn');
  });

  it('fails with SORA_FILE naming the bytes written when a write takes none', async () => {
    let calls = 0;
    const handle = {
      write: async () => ({ bytesWritten: calls++ === 0 ? 2 : 0 }),
      writev: async () => ({ bytesWritten: 0 }),
    } as unknown as FileHandle;
    const writer = createDownloadFileWriter(handle, { file: 'v.mp4', start: 0, highWaterMark: 64 });
    writer.write(chunk('abcdef'));
    const failure = await writer.flush().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'SORA_FILE', file: 'v.mp4' });
    expect(String((failure as Error).message)).toContain('wrote 2 of 6 bytes');
    expect(calls).toBe(2);
  });
});

describe('onFile', () => {
  it('passes a result through, and turns a failure into SORA_FILE naming the file', async () => {
    await expect(onFile('v.mp4', async () => 7)).resolves.toBe(7);
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    await expect(onFile('v.mp4', () => Promise.reject(denied))).rejects.toMatchObject({
      code: 'SORA_FILE',
      file: 'v.mp4',
      causeCode: 'EACCES',
    });
  });
});
