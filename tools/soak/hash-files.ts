// The files a soak left in its download folder, each with its SHA-256.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One file found in the download folder. */
export interface SavedFile {
  /** Its absolute path. */
  readonly file: string;
  readonly size: number;
  /** SHA-256 of its bytes, in hex. */
  readonly sha256: string;
}

/** Every file under `dir` (sub-folders included), hashed. */
export async function hashFiles(dir: string): Promise<SavedFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: SavedFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    files.push({
      file,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return files;
}
