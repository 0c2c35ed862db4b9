import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { videoFilePath } from '../../src/download/video-file-name.js';

const dir = path.join(tmpdir(), 'sora-rx-names');

/** Ids from an alphabet small enough that ids which old rules merged come up often. */
const nearIds = fc.string({
  unit: fc.constantFrom('a', 'A', 'c', 'o', 'N', '_', '-', '.', ' ', '/', '\\', '~', '\0', 'é'),
  maxLength: 6,
});
const ids = fc.oneof(
  nearIds,
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[a-z]{2,8}_[a-zA-Z0-9]{1,24}$/),
);

describe('videoFilePath over arbitrary ids', () => {
  it('never maps two different ids to one file, even on a case-insensitive file system', () => {
    fc.assert(
      fc.property(fc.uniqueArray(ids, { minLength: 2, maxLength: 20 }), (unique) => {
        const files = unique.map((id) => videoFilePath(dir, id).toLowerCase());
        return new Set(files).size === unique.length;
      }),
      { numRuns: 500 },
    );
  });

  it('always gives one safe path segment inside the folder', () => {
    fc.assert(
      fc.property(ids, (id) => {
        const file = videoFilePath(dir, id);
        const name = path.basename(file);
        const base = name.split('.')[0] ?? '';
        return (
          path.dirname(file) === path.resolve(dir) &&
          /^[A-Za-z0-9_][A-Za-z0-9._~-]*\.mp4$/.test(name) &&
          Buffer.byteLength(name) <= 255 &&
          !/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)
        );
      }),
      { numRuns: 500 },
    );
  });
});
