import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { videoFilePath } from '../core-for-fleet.js';

/** The temporary file names of a download to `file`: `<file>.<12 hex digits>.part`. */
const PART = /^\.[0-9a-f]{12}\.part$/;

/**
 * Removes what earlier downloads of a task into `dir` left: a worker killed mid-download leaves
 * its temporary file behind. Run by the job's download step, which holds the job's lock: a worker
 * that could still write one of these lost that lock, and its own step fails anyway.
 * @return How many files were removed.
 */
export async function sweepTaskParts(dir: string, taskId: string): Promise<number> {
  const file = videoFilePath(dir, taskId);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(path.dirname(file));
  } catch {
    return 0; // No directory yet: nothing was left.
  }
  const parts = names.filter((name) => name.startsWith(base) && PART.test(name.slice(base.length)));
  await Promise.all(parts.map((name) => rm(path.join(path.dirname(file), name), { force: true })));
  return parts.length;
}
