import { describe, expect, it } from 'vitest';
import { declarationProblems } from './declarations.js';

// What `npm run check:package` finds in dist/ after its build (the build itself is too slow for
// `npm test`), on declarations shaped like those of tsup's builds.

const GOOD_INDEX = `import * as t from 'io-ts';
/** The four statuses of a video task. */
type VideoStatus = 'queued' | 'processing' | 'completed' | 'failed';
/** A video generation task as gateways send it, decoded. */
type VideoTask = {
    readonly id: string;
    readonly status: VideoStatus;
};
declare function decodeVideoTask(input: unknown): t.Validation<VideoTask>;
export { type VideoStatus, type VideoTask, decodeVideoTask };
`;

/** As the build of commit 8efd7a8 declared them: io-ts codecs, in chunks with hashed names. */
const HASHED_INDEX = `import { V as VideoTask } from './sora-error-CtgdnAXI.js';
export { V as VideoStatus, i as isTerminal } from './journal-CSQzxDdT.js';
`;
const HASHED_CHUNK = `import * as t from 'io-ts';
declare const VideoStatus: t.KeyofC<{
    queued: null;
    processing: null;
    completed: null;
    failed: null;
}>;
type VideoStatus = t.TypeOf<typeof VideoStatus>;
export { VideoStatus as V };
`;

describe('the check of the published declarations', () => {
  it('passes declarations per entry, with the model spelled out', () => {
    const files = new Map([
      ['index.d.ts', GOOD_INDEX],
      ['index.d.cts', GOOD_INDEX],
      ['node.d.ts', `import { Dispatcher } from 'undici';\n`],
    ]);
    expect(declarationProblems(files)).toEqual([]);
  });

  it('finds hashed chunk names and io-ts codecs as the model', () => {
    const files = new Map([
      ['index.d.ts', HASHED_INDEX],
      ['index.d.cts', GOOD_INDEX],
      ['journal-CSQzxDdT.d.ts', HASHED_CHUNK],
    ]);
    expect(declarationProblems(files)).toEqual([
      "index.d.ts: imports a hashed chunk (from './sora-error-CtgdnAXI.js')",
      'journal-CSQzxDdT.d.ts: a chunk with a hashed name',
      'index.d.ts: VideoStatus is not declared as the union of the four statuses',
      'index.d.ts: VideoTask is not declared as an object type',
    ]);
  });

  it('finds a VideoStatus declared as a codec in an entry itself', () => {
    const text = `${HASHED_CHUNK.replace('export { VideoStatus as V };', '')}type VideoTask = {};\n`;
    const files = new Map([
      ['index.d.ts', text],
      ['index.d.cts', GOOD_INDEX],
    ]);
    expect(declarationProblems(files)).toEqual([
      'index.d.ts: VideoStatus is not declared as the union of the four statuses',
      'index.d.ts: VideoStatus or VideoTask is declared as an io-ts codec',
    ]);
  });

  it('says when the core has no declarations at all', () => {
    expect(declarationProblems(new Map([['index.d.ts', GOOD_INDEX]]))).toEqual([
      'index.d.cts: missing',
    ]);
  });
});
