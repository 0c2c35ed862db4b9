import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeBodyToWriter } from '../../src/download/download-body.js';
import type { ChunkWriter } from '../../src/download/download-sink.js';
import { settle } from '../helpers/settle.js';

/** A writer that keeps what it is given and stays behind until the test lets it catch up. */
function slowWriter(highWaterMark: number) {
  const written: string[] = [];
  let queued = 0;
  let catchUp: (() => void) | undefined;
  let fail: ((error: unknown) => void) | undefined;
  const writer: ChunkWriter = {
    write(chunk) {
      written.push(chunk.toString());
      queued += chunk.length;
      return queued < highWaterMark;
    },
    drain: () =>
      new Promise<void>((resolve, reject) => {
        catchUp = () => {
          queued = 0;
          resolve();
        };
        fail = reject;
      }),
    flush: async () => {},
    abandon: async () => {},
  };
  return {
    writer,
    written,
    catchUp: () => catchUp?.(),
    fail: (error: unknown) => fail?.(error),
  };
}

/** A body the test pushes chunks into. */
function body(): Readable {
  return new Readable({ read() {} });
}

describe('pipeBodyToWriter', () => {
  it('hands every chunk to onChunk and then to the writer, and resolves at the end', async () => {
    const source = body();
    const { writer, written } = slowWriter(100);
    const seen: string[] = [];
    const piped = pipeBodyToWriter(source, writer, (chunk) => seen.push(chunk.toString()));

    source.push('ab');
    source.push('cd');
    source.push(null);
    await piped;

    expect(seen).toEqual(['ab', 'cd']);
    expect(written).toEqual(['ab', 'cd']);
  });

  it('pauses the body while the writer is behind, and resumes once it has caught up', async () => {
    const source = body();
    const slow = slowWriter(2);
    const piped = pipeBodyToWriter(source, slow.writer, () => {});

    source.push('aa');
    await settle();
    expect(source.isPaused()).toBe(true);
    source.push('bb');
    await settle();
    expect(slow.written).toEqual(['aa']);

    slow.catchUp();
    await settle();
    expect(slow.written).toEqual(['aa', 'bb']);
    slow.catchUp();
    source.push(null);
    await piped;
  });

  it('rejects with what onChunk throws, and leaves the body paused', async () => {
    const source = body();
    const { writer, written } = slowWriter(100);
    const tooLarge = new Error('too large');
    const piped = pipeBodyToWriter(source, writer, () => {
      throw tooLarge;
    });

    source.push('ab');
    await expect(piped).rejects.toBe(tooLarge);
    expect(written).toEqual([]);
    expect(source.isPaused()).toBe(true);
  });

  it('rejects with the error of a failed write', async () => {
    const source = body();
    const slow = slowWriter(1);
    const piped = pipeBodyToWriter(source, slow.writer, () => {});

    source.push('a');
    await settle();
    const full = new Error('disk full');
    slow.fail(full);
    await expect(piped).rejects.toBe(full);
  });

  it('rejects with the body error, and hears a later one instead of letting it escape', async () => {
    const source = body();
    const { writer } = slowWriter(100);
    const piped = pipeBodyToWriter(source, writer, () => {});

    const dropped = new Error('other side closed');
    source.destroy(dropped);
    await expect(piped).rejects.toBe(dropped);
    expect(source.listenerCount('error')).toBeGreaterThan(0);
  });
});

describe('pipeBodyToWriter once settled', () => {
  it('stops listening when the body fails while the writer is behind, and never resumes it', async () => {
    const { writer, written, catchUp } = slowWriter(2);
    const source = body();
    const piped = pipeBodyToWriter(source, writer, () => {});
    source.push('ab');
    await settle();
    expect(source.isPaused()).toBe(true);
    const boom = new Error('reset');
    source.emit('error', boom);
    await expect(piped).rejects.toBe(boom);
    expect(source.listenerCount('data')).toBe(0);
    expect(source.listenerCount('end')).toBe(0);
    catchUp();
    await settle();
    expect(source.isPaused()).toBe(true);
    expect(written).toEqual(['ab']);
  });

  it('settles once: a body error after its end is heard, and changes nothing', async () => {
    const { writer } = slowWriter(100);
    const source = body();
    const piped = pipeBodyToWriter(source, writer, () => {});
    source.push('ab');
    source.push(null);
    source.resume();
    await expect(piped).resolves.toBeUndefined();
    expect(source.listenerCount('data')).toBe(0);
    expect(source.listenerCount('end')).toBe(0);
    source.emit('error', new Error('late'));
    await settle();
    expect(source.isPaused()).toBe(false);
  });
});
