import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/download/make-directory.js';
import { useDownloadFolder } from '../helpers/download-folder.js';

describe('makeDirectory', () => {
  let dir: string;
  useDownloadFolder('sora-rx-mkdir-', (folder) => (dir = folder));

  it('makes every missing level, outermost first', async () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    await makeDirectory(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await makeDirectory(deep);
  });

  it('takes folders made meanwhile by another download into the same place', async () => {
    const deep = path.join(dir, 'x', 'y', 'z');
    await Promise.all(Array.from({ length: 6 }, () => makeDirectory(deep)));
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('makes nothing below a level that exists as something else, leaving the error to whoever opens a file there', async () => {
    const file = path.join(dir, 'file.txt');
    await writeFile(file, 'not a folder');
    await expect(makeDirectory(path.join(file, 'sub'))).resolves.toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')(
    'fails with the error of the level that cannot be made, where Node would loop',
    async () => {
      await expect(makeDirectory('/proc/sora-rx-nope/deeper')).rejects.toMatchObject({
        code: 'ENOENT',
        path: '/proc/sora-rx-nope',
      });
    },
  );
});
