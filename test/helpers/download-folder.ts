import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { closeScriptedServers } from './scripted-server.js';

/**
 * Gives each test of the file a fresh temporary folder named from `prefix`, handed to `use`; after
 * each test, closes the scripted servers it started and removes the folder.
 */
export function useDownloadFolder(prefix: string, use: (dir: string) => void): void {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    use(dir);
  });
  afterEach(async () => {
    await closeScriptedServers();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
}
