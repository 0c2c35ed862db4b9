import { describe, expect, it } from 'vitest';
import { renderPlainLines } from '../../../src/cli/render/plain.js';
import { applyBoardEvent, type BoardEvent, createBoard } from '../../../src/cli/watch/board.js';
import { ANSI_ESCAPE, makeProgress, makeTask, T0, withCost } from '../fixtures.js';

/** Every line the events print, each applied at its own time. */
function linesOf(events: ReadonlyArray<readonly [number, BoardEvent]>): string[] {
  let board = createBoard([{ key: 'sora_abc123', seconds: 10 }, { key: 'sora_longer_id' }], true);
  return events.flatMap(([at, event]) => {
    const previous = board;
    board = applyBoardEvent(board, event, at);
    return renderPlainLines(event, board, previous, at, '/work');
  });
}

const key = 'sora_abc123';

describe('renderPlainLines', () => {
  it('prints one aligned line per change, one when a download starts and one when it is saved', () => {
    const lines = linesOf([
      [T0, { type: 'task', key, task: makeTask() }],
      [T0 + 80_000, { type: 'task', key, task: makeTask({ status: 'processing', progress: 42 }) }],
      [T0 + 200_000, { type: 'task', key, task: makeTask({ status: 'completed' }) }],
      [T0 + 201_000, { type: 'download', key, progress: makeProgress({ bytes: 100 }) }],
      [T0 + 201_000, { type: 'download', key, progress: makeProgress({ bytes: 200 }) }],
      [
        T0 + 202_000,
        {
          type: 'download',
          key,
          progress: makeProgress({ bytes: 2 * 1024 * 1024, done: true }),
        },
      ],
    ]);

    expect(lines).toEqual([
      'sora_abc123     queued       0s  ~2–5m left',
      'sora_abc123     processing   42%  1m20s  ~2m left',
      'sora_abc123     completed    3m20s',
      'sora_abc123     downloading  3m20s',
      'sora_abc123     saved        3m20s  2.0 MiB  videos/sora_abc123.mp4',
    ]);
    for (const line of lines) expect(line).not.toMatch(ANSI_ESCAPE);
  });

  it('prints why a task failed, and the code and message of an error', () => {
    const lines = linesOf([
      [T0 + 61_000, { type: 'task', key, task: makeTask({ status: 'failed', error: 'Blocked.' }) }],
      [
        T0,
        {
          type: 'error',
          key: 'sora_longer_id',
          error: { code: 'SORA_NOT_FOUND', message: 'GET /videos/sora_longer_id answered 404' },
        },
      ],
    ]);

    expect(lines).toEqual([
      'sora_abc123     failed       1m01s  Blocked.',
      'sora_longer_id  error        SORA_NOT_FOUND: GET /videos/sora_longer_id answered 404',
    ]);
  });

  it('prints the cost a gateway reported after the time, and nothing for a cost that is not one', () => {
    const lines = linesOf([
      [T0 + 200_000, { type: 'task', key, task: withCost(makeTask({ status: 'completed' }), 0.4) }],
      [T0 + 202_000, { type: 'download', key, progress: makeProgress({ bytes: 512, done: true }) }],
      [
        T0 + 61_000,
        {
          type: 'task',
          key: 'sora_longer_id',
          task: withCost(makeTask({ id: 'sora_longer_id', status: 'failed' }), '\u001b[2J$9'),
        },
      ],
    ]);

    expect(lines).toEqual([
      'sora_abc123     completed    3m20s  $0.40',
      'sora_abc123     saved        3m20s  $0.40  512 B  videos/sora_abc123.mp4',
      'sora_longer_id  failed       1m01s  no reason given',
    ]);
  });
});
