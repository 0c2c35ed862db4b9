import { describe, expect, it } from 'vitest';
import { createColors } from '../../../src/cli/render/style.js';
import {
  renderCostTotal,
  renderProblems,
  renderSummaryTable,
} from '../../../src/cli/render/summary.js';
import { ANSI_ESCAPE, boardAfter, makeProgress, makeTask, T0, withCost } from '../fixtures.js';

const board = boardAfter(
  [{ key: 'a', seconds: 10 }, { key: 'b', seconds: 25 }, { key: 'c' }],
  [
    { type: 'task', key: 'a', task: makeTask({ id: 'sora_a', status: 'completed' }) },
    {
      type: 'download',
      key: 'a',
      progress: makeProgress({ bytes: 2 * 1024 * 1024, done: true, file: '/work/out/sora_a.mp4' }),
    },
    {
      type: 'task',
      key: 'b',
      task: makeTask({ id: 'sora_b', status: 'failed', error: 'Blocked.' }),
    },
    { type: 'error', key: 'c', error: { code: 'SORA_NOT_FOUND', message: 'gone' } },
  ],
  { downloads: true, at: T0 + 200_000 },
);
const options = { colors: createColors(false), cwd: '/work' };

describe('renderSummaryTable', () => {
  it('has a row per task: id, seconds, status, time, file and size', () => {
    expect(renderSummaryTable(board, T0 + 300_000, options).split('\n')).toEqual([
      '┌────────┬─────────┬──────────────────────┬───────┬────────────────┬─────────┐',
      '│ id     │ seconds │ status               │ time  │ file           │ size    │',
      '├────────┼─────────┼──────────────────────┼───────┼────────────────┼─────────┤',
      '│ sora_a │ 10s     │ saved                │ 3m20s │ out/sora_a.mp4 │ 2.0 MiB │',
      '│ sora_b │ 25s     │ failed               │ 3m20s │ -              │ -       │',
      '│ c      │ -       │ error SORA_NOT_FOUND │ -     │ -              │ -       │',
      '└────────┴─────────┴──────────────────────┴───────┴────────────────┴─────────┘',
    ]);
  });

  it('draws no box without borders, for pipes and logs: columns two spaces apart', () => {
    expect(
      renderSummaryTable(board, T0 + 300_000, { ...options, borders: false }).split('\n'),
    ).toEqual([
      'id      seconds  status                time   file            size',
      'sora_a  10s      saved                 3m20s  out/sora_a.mp4  2.0 MiB',
      'sora_b  25s      failed                3m20s  -               -',
      'c       -        error SORA_NOT_FOUND  -      -               -',
    ]);
  });

  it('wraps long paths to fit the terminal, keeping every character of them', () => {
    const elsewhere = { ...options, cwd: '/elsewhere', width: 80 };
    const lines = renderSummaryTable(board, T0 + 300_000, elsewhere).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const fileCells = lines.map((line) => line.split('│')[5]?.trim() ?? '');
    expect(fileCells.join('')).toContain('/work/out/sora_a.mp4');
    expect(lines.join('\n')).not.toContain('…');
    expect(renderSummaryTable(board, T0, { ...elsewhere, width: undefined })).toContain(
      '│ /work/out/sora_a.mp4 │',
    );
  });

  it('has no colour codes when colours are off', () => {
    expect(renderSummaryTable(board, T0, options)).not.toMatch(ANSI_ESCAPE);
    expect(renderSummaryTable(board, T0, { ...options, colors: createColors(true) })).toMatch(
      ANSI_ESCAPE,
    );
  });
});

describe('cost in the summary', () => {
  const costed = boardAfter(
    [{ key: 'a', seconds: 10 }, { key: 'b' }, { key: 'c' }],
    [
      {
        type: 'task',
        key: 'a',
        task: withCost(makeTask({ id: 'sora_a', status: 'completed' }), 0.4),
      },
      {
        type: 'task',
        key: 'b',
        task: withCost(makeTask({ id: 'sora_b', status: 'failed' }), 0.25),
      },
      {
        type: 'task',
        key: 'c',
        task: withCost(makeTask({ id: 'sora_c', status: 'completed' }), 'x'),
      },
    ],
    { at: T0 + 60_000 },
  );

  it('adds a cost column when a gateway reported a cost, with - for a task without one', () => {
    expect(renderSummaryTable(costed, T0, { ...options, borders: false }).split('\n')).toEqual([
      'id      seconds  status     time   file  size  cost',
      'sora_a  10s      completed  1m00s  -     -     $0.40',
      'sora_b  -        failed     1m00s  -     -     $0.25',
      'sora_c  -        completed  1m00s  -     -     -',
    ]);
    expect(renderSummaryTable(board, T0, options)).not.toContain('cost');
  });

  it('still fits the terminal with the cost column, wrapping the path', () => {
    const saved = boardAfter(
      [{ key: 'a' }],
      [
        {
          type: 'task',
          key: 'a',
          task: withCost(makeTask({ id: 'sora_a', status: 'completed' }), 12),
        },
        {
          type: 'download',
          key: 'a',
          progress: makeProgress({ bytes: 7, done: true, file: `/x/${'d'.repeat(80)}/a.mp4` }),
        },
      ],
      { downloads: true },
    );
    const lines = renderSummaryTable(saved, T0, { ...options, width: 70 }).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(70);
    expect(lines[3]).toMatch(/│ 7 B +│ \$12\.00 │$/);
    const fileCells = lines.map((line) => line.split('│')[5]?.trim() ?? '');
    expect(fileCells.join('')).toBe(`file/x/${'d'.repeat(80)}/a.mp4`);
  });

  it('adds up the costs under the table, saying when some tasks reported none', () => {
    expect(renderCostTotal(costed)).toBe('Cost: $0.65 (reported for 2 of 3 tasks)');
    const all = boardAfter(
      [{ key: 'a' }],
      [{ type: 'task', key: 'a', task: withCost(makeTask({ status: 'completed' }), 1.2) }],
    );
    expect(renderCostTotal(all)).toBe('Cost: $1.20');
    expect(renderCostTotal(board)).toBeUndefined();
  });
});

describe('renderProblems', () => {
  it('gives the reason of each failure and error', () => {
    expect(renderProblems(board, T0, options)).toEqual([
      '✖ sora_b failed: Blocked.',
      '✖ c error: SORA_NOT_FOUND: gone',
    ]);
  });
});
