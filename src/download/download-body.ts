import type { Readable } from 'node:stream';
import type { ChunkWriter } from './download-sink.js';

/**
 * Reads a response body into `writer`, calling `onChunk` first on each chunk, and pauses the body
 * while the writer is behind. It listens for `data` rather than iterating: an async iterator reads
 * whatever the body holds as one buffer, copying every chunk once more to join them.
 *
 * Resolves once the body has ended, with its last chunks possibly still queued in the writer.
 * Rejects with the body's error, with what `onChunk` threw (the body is then left paused), or with
 * the writer's error. The body never errors unheard, even after it settles.
 */
export function pipeBodyToWriter(
  body: Readable,
  writer: ChunkWriter,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      if (error === undefined) {
        resolve();
      } else {
        body.pause();
        reject(error);
      }
    };
    const resume = () => {
      if (!settled) body.resume();
    };
    const onData = (chunk: Buffer) => {
      try {
        onChunk(chunk);
      } catch (error) {
        settle(error);
        return;
      }
      if (!writer.write(chunk)) {
        body.pause();
        writer.drain().then(resume, settle);
      }
    };
    const onEnd = () => settle();
    // Stays on after settling: the caller may destroy the body, which then reports an abort.
    body.on('error', (error) => settle(error));
    body.on('end', onEnd);
    body.on('data', onData);
  });
}
