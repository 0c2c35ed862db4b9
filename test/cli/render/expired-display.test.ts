import { describe, expect, it } from 'vitest';
import { renderPlainLines } from '../../../src/cli/render/plain.js';
import { createColors } from '../../../src/cli/render/style.js';
import { renderProblems, renderSummaryTable } from '../../../src/cli/render/summary.js';
import { applyBoardEvent, type BoardEvent, createBoard } from '../../../src/cli/watch/board.js';
import { judgeWatch } from '../../../src/cli/watch/verdict.js';
import { decodeVideoTask } from '../../../src/model/decode-video-task.js';
import type { VideoTask } from '../../../src/model/video-task.js';
import { boardAfter, makeTask, T0 } from '../fixtures.js';

/** A task as a gateway that ends it with status `expired` (OpenRouter's) sends it, decoded. */
function expiredTask(id: string): VideoTask {
  const decoded = decodeVideoTask({ id, status: 'expired' });
  if (decoded._tag === 'Left') throw new Error('did not decode');
  return decoded.right;
}

const refused = {
  code: 'SORA_VIDEO_EXPIRED',
  message:
    'The video expired at 2026-01-01T00:00:00.000Z; gateways keep a video about a day. Generate it again.',
};
const events: BoardEvent[] = [
  { type: 'task', key: 'a', task: expiredTask('gen-a') },
  { type: 'task', key: 'b', task: makeTask({ id: 'sora_b', status: 'completed' }) },
  { type: 'error', key: 'b', error: refused },
  { type: 'task', key: 'c', task: makeTask({ id: 'sora_c', status: 'failed', error: 'Blocked.' }) },
];
const options = { colors: createColors(false), cwd: '/work' };

describe('a video that expired, in the CLI', () => {
  it('says expired in the summary and its problems, with the plain words, and failed only for a failure', () => {
    const board = boardAfter([{ key: 'a' }, { key: 'b' }, { key: 'c' }], events, {
      downloads: true,
      at: T0,
    });
    const table = renderSummaryTable(board, T0, { ...options, borders: false }).split('\n');
    expect(table[1]).toMatch(/^gen-a\s+-\s+expired\s/);
    expect(table[2]).toMatch(/^sora_b\s+-\s+expired\s/);
    expect(table[3]).toMatch(/^sora_c\s+-\s+failed\s/);
    expect(renderProblems(board, T0, options)).toEqual([
      '✖ gen-a expired: The video expired; gateways keep a video about a day. Generate it again. (status "expired")',
      `✖ sora_b expired: SORA_VIDEO_EXPIRED: ${refused.message}`,
      '✖ sora_c failed: Blocked.',
    ]);
    expect(judgeWatch(board).message).toBe(
      '0 of 3 tasks completed, 0 saved, 1 failed, 2 expired (generate them again).',
    );
  });

  it('prints expired, not failed or error, on the plain lines', () => {
    let board = createBoard([{ key: 'a' }, { key: 'b' }, { key: 'c' }], true);
    const lines = events.flatMap((event) => {
      const previous = board;
      board = applyBoardEvent(board, event, T0);
      return renderPlainLines(event, board, previous, T0, '/work');
    });
    expect(lines.filter((line) => / expired /.test(line))).toEqual([
      expect.stringMatching(/^gen-a\s+expired\s+.*The video expired; gateways keep a video/),
      expect.stringMatching(/^sora_b\s+expired\s+SORA_VIDEO_EXPIRED: The video expired at /),
    ]);
    expect(lines.find((line) => line.startsWith('sora_c'))).toMatch(/^sora_c\s+failed\s/);
  });
});
