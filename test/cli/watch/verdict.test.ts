import { describe, expect, it } from 'vitest';
import { judgeDemo } from '../../../src/cli/commands/demo-runner.js';
import { DEMO_VIDEOS } from '../../../src/cli/commands/demo-videos.js';
import type { BoardEvent } from '../../../src/cli/watch/board.js';
import { judgeWatch } from '../../../src/cli/watch/verdict.js';
import { boardAfter, makeProgress, makeTask } from '../fixtures.js';

const completed = (key: string): BoardEvent => ({
  type: 'task',
  key,
  task: makeTask({ id: `sora_${key}`, status: 'completed' }),
});
const saved = (key: string): BoardEvent => ({
  type: 'download',
  key,
  progress: makeProgress({ done: true }),
});
const failed = (key: string): BoardEvent => ({
  type: 'task',
  key,
  task: makeTask({ id: `sora_${key}`, status: 'failed', error: 'Blocked.' }),
});

describe('judgeWatch', () => {
  it('exits 0 when every task completed, and saved with downloads', () => {
    expect(judgeWatch(boardAfter([{ key: 'a' }], [completed('a')]))).toEqual({
      ok: true,
      exitCode: 0,
      message: 'The task completed.',
    });
    expect(
      judgeWatch(boardAfter([{ key: 'a' }], [completed('a'), saved('a')], { downloads: true })),
    ).toMatchObject({ exitCode: 0, message: 'The task completed and was saved.' });
    expect(
      judgeWatch(boardAfter([{ key: 'a' }, { key: 'b' }], [completed('a'), completed('b')])),
    ).toMatchObject({ exitCode: 0, message: 'Both tasks completed.' });
    const three = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    expect(
      judgeWatch(boardAfter(three, [completed('a'), completed('b'), completed('c')])),
    ).toMatchObject({ exitCode: 0, message: 'All 3 tasks completed.' });
  });

  it('exits 1 when a task failed or errored, or a video was not saved', () => {
    const board = boardAfter(
      [{ key: 'a' }, { key: 'b' }, { key: 'c' }],
      [
        completed('a'),
        failed('b'),
        { type: 'error', key: 'c', error: { code: 'SORA_NOT_FOUND', message: '' } },
      ],
    );
    expect(judgeWatch(board)).toEqual({
      ok: false,
      exitCode: 1,
      message: '1 of 3 tasks completed, 1 failed, 1 error.',
    });
    const unsaved = boardAfter([{ key: 'a' }], [completed('a')], { downloads: true });
    expect(judgeWatch(unsaved).exitCode).toBe(1);
  });
});

describe('judgeDemo', () => {
  const keys = DEMO_VIDEOS.map((_video, index) => `#${index + 1}`);
  const failing = DEMO_VIDEOS.findIndex((video) => video.fails === true);

  it('exits 0 when exactly the video meant to fail failed and the others were saved', () => {
    expect(DEMO_VIDEOS.filter((video) => video.fails === true)).toHaveLength(1);
    const events = keys.flatMap((key, index) =>
      index === failing ? [failed(key)] : [completed(key), saved(key)],
    );
    const verdict = judgeDemo(
      boardAfter(
        keys.map((key) => ({ key })),
        events,
        { downloads: true },
      ),
      './sora-videos',
    );
    expect(verdict).toMatchObject({ ok: true, exitCode: 0 });
    expect(verdict.message).toBe(
      `Demo OK: 5 of 6 videos saved to ./sora-videos; sora_#${failing + 1} failed on purpose (moderation_blocked), as designed.`,
    );
  });

  it('exits 1 when another video failed too, or the one meant to fail did not', () => {
    const allSaved = keys.flatMap((key) => [completed(key), saved(key)]);
    const twoFailed = keys.flatMap((key, index) =>
      index === failing || index === 0 ? [failed(key)] : [completed(key), saved(key)],
    );
    for (const events of [allSaved, twoFailed]) {
      const board = boardAfter(
        keys.map((key) => ({ key })),
        events,
        { downloads: true },
      );
      expect(judgeDemo(board, './sora-videos')).toMatchObject({ ok: false, exitCode: 1 });
    }
  });
});
