import { describe, expect, it } from 'vitest';
import {
  boardCost,
  elapsedOf,
  isRowEnded,
  phaseOf,
  rowCost,
  rowLabel,
  summarizeBoard,
} from '../../../src/cli/watch/board.js';
import { boardAfter, makeProgress, makeTask, T0, withCost } from '../fixtures.js';

const error = { code: 'SORA_NOT_FOUND', message: 'not found' };

describe('the board', () => {
  it('fills a row from its tasks: id, length and model the server reports, and when it ended', () => {
    const board = boardAfter(
      [{ key: '#1' }],
      [
        { type: 'task', key: '#1', task: makeTask({ seconds: '15', model: 'sora-2-pro' }) },
        {
          type: 'task',
          key: '#1',
          task: makeTask({ status: 'completed', video_url: 'https://x/v.mp4' }),
        },
      ],
      { at: T0 + 200_000 },
    );

    const [row] = board.rows;
    expect(row).toMatchObject({ key: '#1', id: 'sora_abc123', seconds: 15, model: 'sora-2-pro' });
    expect(row?.finishedAt).toBe(T0 + 200_000);
    expect(row && rowLabel(row)).toBe('sora_abc123');
  });

  it('keeps what the command knew over what the server says', () => {
    const board = boardAfter(
      [{ key: '#1', seconds: 25, model: 'sora-2-pro' }],
      [{ type: 'task', key: '#1', task: makeTask({ seconds: 10 }) }],
    );
    expect(board.rows[0]).toMatchObject({ seconds: 25, model: 'sora-2-pro' });
  });

  it('takes the finish time from completed_at where the gateway sends it', () => {
    const task = { ...makeTask({ status: 'completed' }), completed_at: T0 / 1000 + 90 };
    const board = boardAfter([{ key: 'a' }], [{ type: 'task', key: 'a', task }], {
      at: T0 + 999_000,
    });
    const [row] = board.rows;
    expect(row && elapsedOf(row, T0 + 999_000)).toBe(90_000);
  });

  it('measures elapsed time from created to now while running, never below zero', () => {
    const board = boardAfter([{ key: 'a' }], [{ type: 'task', key: 'a', task: makeTask() }]);
    const [row] = board.rows;
    expect(row && elapsedOf(row, T0 + 80_000)).toBe(80_000);
    expect(row && elapsedOf(row, T0 - 5_000)).toBe(0);
  });

  it.each([
    ['pending', [], false],
    ['queued', [{ type: 'task', task: makeTask() }], false],
    ['processing', [{ type: 'task', task: makeTask({ status: 'processing' }) }], false],
    ['completed', [{ type: 'task', task: makeTask({ status: 'completed' }) }], false],
    [
      'downloading',
      [
        { type: 'task', task: makeTask({ status: 'completed' }) },
        { type: 'download', progress: makeProgress({ bytes: 10 }) },
      ],
      false,
    ],
    [
      'saved',
      [
        { type: 'task', task: makeTask({ status: 'completed' }) },
        { type: 'download', progress: makeProgress({ bytes: 10, done: true }) },
      ],
      true,
    ],
    ['failed', [{ type: 'task', task: makeTask({ status: 'failed', error: 'no' }) }], true],
    [
      'error',
      [
        { type: 'task', task: makeTask({ status: 'completed' }) },
        { type: 'error', error },
      ],
      true,
    ],
  ] as const)('is %s after its events (ended with downloads: %s)', (phase, events, ended) => {
    const board = boardAfter(
      [{ key: 'a' }],
      events.map((event) => ({ ...event, key: 'a' })),
      { downloads: true },
    );
    const [row] = board.rows;
    expect(row && phaseOf(row)).toBe(phase);
    expect(row && isRowEnded(row, true)).toBe(ended);
  });

  it('counts the rows by outcome, and is ok only when every task ended as it should', () => {
    const board = boardAfter(
      [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd' }],
      [
        { type: 'task', key: 'a', task: makeTask({ id: 'a', status: 'completed' }) },
        { type: 'download', key: 'a', progress: makeProgress({ done: true }) },
        { type: 'task', key: 'b', task: makeTask({ id: 'b', status: 'failed' }) },
        { type: 'error', key: 'c', error },
        { type: 'task', key: 'd', task: makeTask({ id: 'd', status: 'processing' }) },
      ],
      { downloads: true },
    );

    expect(summarizeBoard(board)).toEqual({
      total: 4,
      completed: 1,
      failed: 1,
      errors: 1,
      saved: 1,
      unfinished: 1,
      ok: false,
    });
    const allSaved = boardAfter(
      [{ key: 'a' }],
      [
        { type: 'task', key: 'a', task: makeTask({ status: 'completed' }) },
        { type: 'download', key: 'a', progress: makeProgress({ done: true }) },
      ],
      { downloads: true },
    );
    expect(summarizeBoard(allSaved).ok).toBe(true);
  });

  it('adds up the cost of the rows whose task reported one, ignoring what is not a cost', () => {
    const board = boardAfter(
      [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd' }],
      [
        { type: 'task', key: 'a', task: withCost(makeTask({ id: 'a', status: 'completed' }), 0.4) },
        { type: 'task', key: 'b', task: withCost(makeTask({ id: 'b', status: 'failed' }), 0.25) },
        { type: 'task', key: 'c', task: withCost(makeTask({ id: 'c', status: 'completed' }), '9') },
      ],
    );
    expect(board.rows.map(rowCost)).toEqual([0.4, 0.25, undefined, undefined]);
    expect(boardCost(board)).toEqual({ total: 0.65, costed: 2 });
    expect(boardCost(boardAfter([{ key: 'a' }], []))).toBeUndefined();
  });
});
