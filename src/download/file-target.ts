import { randomBytes } from 'node:crypto';
import { constants, type Stats, statSync, unlinkSync } from 'node:fs';
import { type FileHandle, lstat, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { SoraFileError } from '../errors/download-errors.js';
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
      const part = await openPart(file, temp, keepPartial);
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
 * Opens the part file: a new one, created exclusively, or with `keepPartial` the one an earlier
 * download left, with the number of bytes it holds. A kept part must be a regular file of this
 * user, opened without following a symlink: a link or a file planted at its name fails with
 * `SORA_FILE` naming it, and what it points to is left untouched.
 */
async function openPart(
  file: string,
  temp: string,
  keepPartial: boolean,
): Promise<{ handle: FileHandle; kept: number }> {
  const create = async () => ({ handle: await onFile(file, () => open(temp, 'wx')), kept: 0 });
  if (!keepPartial) return create();
  const found = await onFile(temp, () => lstat(temp)).catch((error: unknown) => {
    if ((error as SoraFileError).causeCode === 'ENOENT') return undefined;
    throw error;
  });
  if (found === undefined) return create();
  checkOwnPart(temp, found);
  // O_NOFOLLOW: a link put in its place since the check is refused by the system itself.
  const handle = await onFile(temp, () =>
    open(temp, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0)),
  );
  try {
    const opened = await onFile(temp, () => handle.stat());
    checkOwnPart(temp, opened);
    if (opened.ino !== found.ino || opened.dev !== found.dev) {
      throw new SoraFileError(temp, new Error('it was replaced while it was being opened'));
    }
    return { handle, kept: opened.size };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** Throws `SORA_FILE` naming `temp` unless it is a regular file owned by this user. */
function checkOwnPart(temp: string, stats: Stats): void {
  if (!stats.isFile()) {
    const what = stats.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
    throw new SoraFileError(temp, new Error(`refused to continue a part file that is ${what}`));
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new SoraFileError(
      temp,
      new Error(
        `refused to continue a part file owned by user ${stats.uid}, not this one (${uid})`,
      ),
    );
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
