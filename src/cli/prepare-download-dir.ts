import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../download/make-directory.js';
import { oneLine } from './describe-error.js';
import { UsageError } from './usage-error.js';

/**
 * Makes `--download`'s folder and writes a file into it, before any task is created or watched:
 * a video must never be paid for when it cannot be saved. A folder that cannot be made or written
 * to is a {@link UsageError} (exit 2) naming it.
 */
export async function prepareDownloadDir(dir: string, cwd: string): Promise<void> {
  const folder = path.resolve(cwd, dir);
  const probe = path.join(folder, `.sora-rx-${randomBytes(6).toString('hex')}.probe`);
  try {
    await makeDirectory(folder);
    await (await open(probe, 'wx')).close();
    await unlink(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot save videos into ${dir}: ${oneLine(reason)}`);
  }
}
