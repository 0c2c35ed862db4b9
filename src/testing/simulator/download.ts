import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { parseRange, payloadChunks } from './mp4.js';

/** Resolves on the response's next `event`, or when it closes, whichever comes first. */
function nextEventOrClose(res: ServerResponse, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off(event, done);
      res.off('close', done);
      resolve();
    };
    res.once(event, done);
    res.once('close', done);
  });
}

/**
 * Writes chunks with backpressure. Resolves once the last chunk was handed to the socket, `true`
 * if every chunk was written, `false` if the response closed first.
 */
async function writeChunks(
  res: ServerResponse,
  chunks: Iterable<Uint8Array>,
  onWritten: (bytes: number) => void,
): Promise<boolean> {
  let flushed: Promise<void> = Promise.resolve();
  for (const chunk of chunks) {
    if (res.destroyed) return false;
    let ok = true;
    flushed = new Promise((resolve) => {
      ok = res.write(chunk, () => resolve());
    });
    onWritten(chunk.length);
    if (!ok) await nextEventOrClose(res, 'drain');
  }
  if (res.destroyed) return false;
  await Promise.race([flushed, nextEventOrClose(res, 'close')]);
  return !res.destroyed;
}

/**
 * Sends the task's MP4 with `Range` and `If-Range` support. A `dropDownloadAtByte` or
 * `dropDownloadRate` fault sends the bytes before the cut, then closes the connection.
 */
export async function sendVideo(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  taskId: string,
): Promise<void> {
  const { payload, metrics, faults } = context;
  metrics.countDownload();
  const ifRange = req.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === payload.etag
      ? parseRange(req.headers.range, payload.size)
      : null;
  const common = {
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    etag: payload.etag,
    'cache-control': 'private, max-age=86400',
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, {
      ...common,
      'content-range': `bytes */${payload.size}`,
      'content-length': 0,
    });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: payload.size };
  res.writeHead(range === null ? 200 : 206, {
    ...common,
    'content-length': end - start,
    ...(range === null ? {} : { 'content-range': `bytes ${start}-${end - 1}/${payload.size}` }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const cut = faults.downloadCut(taskId, start, end);
  const complete = await writeChunks(res, payloadChunks(payload, start, cut ?? end), (bytes) =>
    metrics.countBytes(bytes),
  );
  if (!complete) return;
  if (cut === null) {
    res.end();
  } else {
    metrics.countFault('downloadDropped');
    // A half-close after the bytes already written: the client sees the body end too early.
    res.socket?.end();
  }
}
