import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTarget } from '../../src/download/file-target.js';
import { SoraInvalidVideoError, SoraVideoMismatchError } from '../../src/errors/download-errors.js';
import { SoraResponseTooLargeError } from '../../src/errors/transport-errors.js';
import { useDownloadFolder } from '../helpers/download-folder.js';

let dir: string;
let file: string;
let part: string;

useDownloadFolder('sora-rx-file-target-', (folder) => {
  dir = folder;
  file = path.join(dir, 'v.mp4');
  part = `${file}.part`;
});

const url = 'https://videos.example/v.mp4';
const networkDrop = { error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) };

/** Opens a target, writes `text` through its sink and waits for it to be on disk. */
async function openWith(keepPartial: boolean, text: string) {
  const target = fileTarget(file, keepPartial);
  const sink = await target.open();
  const writer = sink.writer(sink.kept, undefined);
  writer.write(Buffer.from(text));
  await writer.flush();
  return { target, sink };
}

/** Resolves with the error `promise` rejects with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

describe('fileTarget', () => {
  it('releases nothing and removes nothing when unsubscribed before it opened', async () => {
    await writeFile(part, 'kept by an earlier download');
    const target = fileTarget(file, true);
    await target.release();
    target.discard(undefined, new Error('unsubscribed'));
    expect(await readFile(part, 'utf8')).toBe('kept by an earlier download');
  });

  it('continues a kept part: it holds its bytes and reads them back', async () => {
    await writeFile(part, 'abcdef');
    const target = fileTarget(file, true);
    const sink = await target.open();
    expect(sink.kept).toBe(6);
    expect((await sink.read(2, 3)).toString()).toBe('cde');
    expect((await sink.read(4, 10)).toString()).toBe('ef');
    await target.release();
  });

  it('ends the file at the size given, starts it again empty, and renames it into place on complete', async () => {
    const { target, sink } = await openWith(true, 'abcdef');
    await sink.end(4);
    expect(await readFile(part, 'utf8')).toBe('abcd');
    expect(await sink.restart()).toBe(true);
    expect(await readFile(part, 'utf8')).toBe('');
    const writer = sink.writer(0, 2);
    writer.write(Buffer.from('xy'));
    await writer.flush();
    await expect(target.complete({ bytes: 2, totalBytes: 2 })).resolves.toEqual({
      file,
      bytes: 2,
      totalBytes: 2,
      done: true,
    });
    await target.release();
    expect(await readdir(dir)).toEqual(['v.mp4']);
    expect(await readFile(file, 'utf8')).toBe('xy');
  });

  it('removes its part file on a failure without keepPartial', async () => {
    const { target } = await openWith(false, 'abc');
    await target.release();
    target.discard(networkDrop, undefined);
    expect(await readdir(dir)).toEqual([]);
  });

  it('with keepPartial keeps a part that holds bytes after a network failure, but not on unsubscribing', async () => {
    const { target } = await openWith(true, 'abc');
    await target.release();
    target.discard(networkDrop, undefined);
    expect(await readFile(part, 'utf8')).toBe('abc');

    const again = await openWith(true, 'def');
    await again.target.release();
    again.target.discard(undefined, new Error('unsubscribed'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('with keepPartial removes an empty part, and bytes known to be wrong', async () => {
    const wrong = [
      new SoraInvalidVideoError(url, 'no ftyp box'),
      new SoraVideoMismatchError(url, 'a resume at another offset'),
      new SoraResponseTooLargeError({ method: 'GET', url }, 3),
    ];
    for (const error of wrong) {
      const { target } = await openWith(true, 'abc');
      await target.release();
      target.discard({ error }, undefined);
      expect(await readdir(dir), error.code).toEqual([]);
    }
    const empty = fileTarget(file, true);
    await empty.open();
    await empty.release();
    empty.discard(networkDrop, undefined);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a folder or a symbolic link at <file>.part, saying which, and leaves it there', async () => {
    await mkdir(part);
    const folder = await rejection(fileTarget(file, true).open());
    expect(folder).toMatchObject({ code: 'SORA_FILE', file: part });
    expect(folder.message).toBe(
      `Could not write ${part}: refused to continue a part file that is not a regular file`,
    );
    await rm(part, { recursive: true });

    await writeFile(path.join(dir, 'other'), 'other');
    await symlink(path.join(dir, 'other'), part);
    const link = await rejection(fileTarget(file, true).open());
    expect(link.message).toBe(
      `Could not write ${part}: refused to continue a part file that is a symbolic link`,
    );
    expect(await readFile(path.join(dir, 'other'), 'utf8')).toBe('other');
  });

  it('fails with SORA_FILE naming <file>.part when it cannot even look at it', async () => {
    const notAFolder = path.join(dir, 'file.txt');
    await writeFile(notAFolder, 'a file');
    file = path.join(notAFolder, 'v.mp4');
    const error = await rejection(fileTarget(file, true).open());
    expect(error).toMatchObject({ code: 'SORA_FILE', file: `${file}.part`, causeCode: 'ENOTDIR' });
  });
});
