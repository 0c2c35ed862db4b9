import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { videoFilePath } from '../../src/download/video-file-name.js';

const dir = path.join(tmpdir(), 'sora-rx-names');
const nameOf = (id: string) => path.basename(videoFilePath(dir, id));

describe('videoFilePath', () => {
  it.each([
    'sora_abc123',
    'video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5',
    'task-1.2',
    '_private',
  ])('keeps the usual id %j as it is', (id) => {
    expect(videoFilePath(dir, id)).toBe(path.join(dir, `${id}.mp4`));
  });

  it('gives ids that differ only in a character it had to replace different files', () => {
    expect(nameOf('a b')).not.toBe(nameOf('a_b'));
    expect(nameOf('a/b')).not.toBe(nameOf('a b'));
    expect(nameOf('a b')).toMatch(/^a_b~[0-9a-f]{16}\.mp4$/);
  });

  it('gives "", "." and ".." three different, visible files inside the folder', () => {
    const names = ['', '.', '..'].map(nameOf);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name).toMatch(/^video~[0-9a-f]{16}\.mp4$/);
  });

  it('gives ids that differ only in case different files, for case-insensitive file systems', () => {
    expect(nameOf('Sora_A').toLowerCase()).not.toBe(nameOf('sora_a').toLowerCase());
    expect(nameOf('sora_a')).toBe('sora_a.mp4');
    expect(nameOf('Sora_A')).toMatch(/^Sora_A~[0-9a-f]{16}\.mp4$/);
  });

  it.each(['CON', 'nul', 'Com1', 'LPT9', 'aux.tar', 'prn.x.y'])(
    'never names a file after the Windows device %j',
    (id) => {
      const base = nameOf(id).split('.')[0] ?? '';
      expect(base).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
      expect(nameOf(id)).toMatch(/~[0-9a-f]{16}\.mp4$/);
    },
  );

  it('gives long ids that differ only past the part kept in the name different files', () => {
    const long = 'a'.repeat(300);
    expect(nameOf(`${long}1`)).not.toBe(nameOf(`${long}2`));
    expect(Buffer.byteLength(nameOf(`${long}1`))).toBeLessThanOrEqual(255);
  });

  it('keeps a path-like id inside the folder, readable', () => {
    expect(videoFilePath(dir, '../../etc/passwd')).toMatch(
      new RegExp(
        `^${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[\\\\/]etc_passwd~[0-9a-f]{16}\\.mp4$`,
      ),
    );
  });
});

describe('videoFilePath at its edges', () => {
  it.each(['xcon', 'comx', 'lptx', 'console', 'com', 'nul_1'])(
    'keeps %j, which only looks like a Windows device',
    (id) => {
      expect(nameOf(id)).toBe(`${id}.mp4`);
    },
  );

  it('makes one _ of each run of other characters, and trims the ends of the readable part', () => {
    expect(nameOf('A  b')).toMatch(/^A_b~[0-9a-f]{16}\.mp4$/);
    expect(nameOf('Sora__')).toMatch(/^Sora~[0-9a-f]{16}\.mp4$/);
    expect(nameOf('__Sora')).toMatch(/^Sora~[0-9a-f]{16}\.mp4$/);
  });

  it('hashes the id as UTF-16 code units', () => {
    // The first 16 hex digits of the SHA-256 of "A b" in UTF-16LE.
    expect(nameOf('A b')).toBe('A_b~344a4fbb149c57eb.mp4');
  });

  it('takes another suffix', () => {
    expect(nameOf('sora_1')).toBe('sora_1.mp4');
    expect(path.basename(videoFilePath(dir, 'sora_1', '.thumbnail.webp'))).toBe(
      'sora_1.thumbnail.webp',
    );
  });

  it('refuses a suffix that would leave the folder', () => {
    expect(() => videoFilePath(dir, 'sora_1', '/x')).toThrow(
      `Refusing a file name outside ${path.resolve(dir)}`,
    );
  });
});
