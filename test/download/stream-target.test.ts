import { describe, expect, it } from 'vitest';
import { checkWritableStream, streamTarget } from '../../src/download/stream-target.js';
import { isSettled, settle } from '../helpers/settle.js';

/** A stream whose writes wait until the test finishes them, one by one, recording what it gets. */
function recordingStream(highWaterMark = 1) {
  const chunks: string[] = [];
  const pending: Array<{ finish(error?: Error): void }> = [];
  const events: string[] = [];
  const aborts: unknown[] = [];
  let closeError: Error | undefined;
  const stream = new WritableStream<Uint8Array>(
    {
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          chunks.push(Buffer.from(chunk).toString());
          pending.push({ finish: (error) => (error ? reject(error) : resolve()) });
        }),
      close: () => {
        events.push('close');
        if (closeError !== undefined) throw closeError;
      },
      abort: (reason) => {
        aborts.push(reason);
      },
    },
    new CountQueuingStrategy({ highWaterMark }),
  );
  return {
    stream,
    chunks,
    pending,
    events,
    aborts,
    failClose: (error: Error) => {
      closeError = error;
    },
  };
}

const NOT_A_STREAM =
  'Expected `to` to be a WritableStream (for a Node stream, `Writable.toWeb(stream)`)';
const chunk = (text: string) => Buffer.from(text);
const received = { bytes: 3, totalBytes: 3 };

describe('checkWritableStream', () => {
  it('refuses what is not a WritableStream with a TypeError saying so', () => {
    const withGetWriter = Object.assign(() => {}, { getWriter: () => {} });
    for (const to of [undefined, null, 42, 'stream', {}, withGetWriter]) {
      expect(() => checkWritableStream(to)).toThrow(new TypeError(NOT_A_STREAM));
    }
  });

  it('refuses a locked stream, and takes a free one', () => {
    const { stream } = recordingStream();
    expect(() => checkWritableStream(stream)).not.toThrow();
    stream.getWriter();
    expect(() => checkWritableStream(stream)).toThrow(
      new TypeError(
        'Expected `to` to be a WritableStream that no one else writes to: it is locked',
      ),
    );
  });
});

describe('streamTarget', () => {
  it('holds nothing to read, and can start again only while nothing was written', async () => {
    const { stream, chunks } = recordingStream();
    const target = streamTarget(stream);
    const sink = await target.open();
    expect(sink.kept).toBe(0);
    expect(await sink.read(0, 8)).toEqual(Buffer.alloc(0));
    const writer = sink.writer(0, undefined);
    expect(writer.write(Buffer.alloc(0))).toBe(true);
    expect(chunks).toEqual([]);
    expect(await sink.restart()).toBe(true);
    writer.write(chunk('ab'));
    expect(await sink.restart()).toBe(false);
  });

  it('asks the caller to wait once the stream is behind, and drain waits for it to catch up', async () => {
    const { stream, chunks, pending } = recordingStream(2);
    const writer = (await streamTarget(stream).open()).writer(0, undefined);
    expect(writer.write(chunk('a'))).toBe(true);
    expect(writer.write(chunk('b'))).toBe(false);
    const drain = writer.drain();
    expect(await isSettled(drain)).toBe(false);
    pending[0]?.finish();
    await settle();
    pending[1]?.finish();
    await drain;
    const flush = writer.flush();
    await flush;
    expect(chunks).toEqual(['a', 'b']);
  });

  it('flushes once the last write is done, and fails drain, flush and writes with SORA_FILE after a failed write', async () => {
    const { stream, chunks, pending } = recordingStream(4);
    const writer = (await streamTarget(stream).open()).writer(0, undefined);
    writer.write(chunk('a'));
    const flush = writer.flush();
    expect(await isSettled(flush)).toBe(false);
    pending[0]?.finish();
    await flush;

    writer.write(chunk('b'));
    pending[1]?.finish(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' }));
    const expected = { code: 'SORA_FILE', file: 'the `to` stream', causeCode: 'EPIPE' };
    await expect(writer.flush()).rejects.toMatchObject(expected);
    await expect(writer.drain()).rejects.toMatchObject(expected);
    expect(writer.write(chunk('c'))).toBe(false);
    expect(chunks).toEqual(['a', 'b']);
  });

  it('writes nothing more once abandoned, resolving once the write in flight is done', async () => {
    const { stream, chunks, pending } = recordingStream(4);
    const writer = (await streamTarget(stream).open()).writer(0, undefined);
    writer.write(chunk('a'));
    const abandon = writer.abandon();
    expect(await isSettled(abandon)).toBe(false);
    pending[0]?.finish();
    await abandon;
    expect(writer.write(chunk('late'))).toBe(true);
    await settle();
    expect(chunks).toEqual(['a']);
  });

  it('closes the stream on complete and lets it go', async () => {
    const { stream, events, aborts } = recordingStream();
    const target = streamTarget(stream);
    await target.open();
    expect(stream.locked).toBe(true);
    await expect(target.complete(received)).resolves.toEqual({ ...received, done: true });
    expect(events).toEqual(['close']);
    expect(stream.locked).toBe(false);
    target.discard(undefined, new Error('unsubscribed'));
    await settle();
    expect(aborts).toEqual([]);
  });

  it('fails complete with SORA_FILE when the stream cannot close, and still lets it go', async () => {
    const { stream, failClose } = recordingStream();
    failClose(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' }));
    const target = streamTarget(stream);
    await target.open();
    await expect(target.complete(received)).rejects.toMatchObject({
      code: 'SORA_FILE',
      file: 'the `to` stream',
      causeCode: 'EPIPE',
    });
    expect(stream.locked).toBe(false);
  });

  it('aborts the stream with the failure, or the reason of unsubscribing, and lets it go', async () => {
    const failed = recordingStream();
    const failure = new Error('not an MP4');
    const onFailure = streamTarget(failed.stream);
    onFailure.discard({ error: failure }, new Error('unused'));
    await settle();
    expect(failed.aborts).toEqual([failure]);
    expect(failed.stream.locked).toBe(false);

    const left = recordingStream();
    const reason = new Error('unsubscribed');
    streamTarget(left.stream).discard(undefined, reason);
    await settle();
    expect(left.aborts).toEqual([reason]);
    expect(left.stream.locked).toBe(false);
  });
});
