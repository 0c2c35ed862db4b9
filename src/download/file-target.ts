import { randomBytes } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { isSoraError } from '../errors/is-sora-error.js';
import { createDownloadFileWriter, onFile } from './download-file-writer.js';
import type { DownloadSink } from './download-sink.js';
import type { DownloadProgress } from './download-types.js';
import { makeDirectory } from './make-directory.js';
import type { DownloadTarget } from './transfer-video.js';

/**
 * How many bytes may wait in the writer's queue while the disk catches up: enough for the network
 * to keep going during a write, little enough for memory to stay flat whatever the size of the file.
 */
const QUEUE_BYTES = 1024 * 1024;

/**
 * A download to disk: into a part file beside `file` (`<file>.part` with `keepPartial`, continued
 * if an earlier download left one; else a random name), renamed to `file` only once the whole file
 * has arrived and is checked. A failure removes the part file, unless `keepPartial` keeps bytes
 * worth continuing; unsubscribing always removes it.
 */
export function fileTarget(file: string, keepPartial: boolean): DownloadTarget<DownloadProgress> {
  const temp = keepPartial ? `${file}.part` : `${file}.${randomBytes(6).toString('hex')}.part`;
  let handle: FileHandle | undefined;
  let tempExists = false;
  const removeTemp = () => {
    if (!tempExists) return;
    tempExists = false;
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  };
  return {
    open: async () => {
      await onFile(file, () => makeDirectory(path.dirname(file)));
      const part = await onFile(file, () => openPart(temp, keepPartial));
      handle = part.handle;
      tempExists = true;
      return fileSink(part.handle, file, part.kept);
    },
    progress: (progress) => ({ file, ...progress }),
    release: async () => {
      await handle?.close().catch(() => {});
    },
    complete: async ({ bytes, totalBytes }) => {
      await onFile(file, () => rename(temp, file));
      tempExists = false;
      return { file, bytes, totalBytes, done: true };
    },
    discard: (failure) => {
      // A part kept for a later download to continue stays; unsubscribing still removes it.
      if (failure === undefined || !keepPartial || !isWorthKeeping(temp, failure.error)) {
        removeTemp();
      }
    },
  };
}

/** The sink of an open part file that holds `kept` bytes. */
function fileSink(handle: FileHandle, file: string, kept: number): DownloadSink {
  return {
    kept,
    read: async (position, length) => {
      const bytes = Buffer.alloc(length);
      const { bytesRead } = await onFile(file, () => handle.read(bytes, 0, length, position));
      return bytes.subarray(0, bytesRead);
    },
    writer: (start) =>
      createDownloadFileWriter(handle, { file, start, highWaterMark: QUEUE_BYTES }),
    restart: async () => {
      await onFile(file, () => handle.truncate(0));
      return true;
    },
    // A restart from the first byte wrote over what an earlier attempt left; nothing may stay
    // past the end. (Truncating before the body is read would leave its errors unheard.)
    end: (bytes) => onFile(file, () => handle.truncate(bytes)),
  };
}

/**
 * Opens the part file: a new one, or with `keepPartial` the one an earlier download left, with the
 * number of bytes it holds.
 */
async function openPart(
  temp: string,
  keepPartial: boolean,
): Promise<{ handle: FileHandle; kept: number }> {
  if (!keepPartial) return { handle: await open(temp, 'wx'), kept: 0 };
  try {
    const handle = await open(temp, 'r+');
    return { handle, kept: (await handle.stat()).size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { handle: await open(temp, 'wx'), kept: 0 };
  }
}

/** Whether a part file is worth continuing: it holds bytes, and they are not known to be wrong. */
function isWorthKeeping(temp: string, error: unknown): boolean {
  if (
    isSoraError(error, 'SORA_INVALID_VIDEO') ||
    isSoraError(error, 'SORA_VIDEO_MISMATCH') ||
    isSoraError(error, 'SORA_RESPONSE_TOO_LARGE')
  ) {
    return false;
  }
  try {
    return statSync(temp).size > 0;
  } catch {
    return false;
  }
}
