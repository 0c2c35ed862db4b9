import { describe, expect, it } from 'vitest';
import { createColors } from '../../../src/cli/render/style.js';
import { renderProblems, renderSummaryTable } from '../../../src/cli/render/summary.js';
import { ANSI_ESCAPE, boardAfter, makeProgress, makeTask, T0 } from '../fixtures.js';

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

  it('cuts long paths from the left to fit the terminal, keeping the file name', () => {
    const elsewhere = { ...options, cwd: '/elsewhere', width: 80 };
    const lines = renderSummaryTable(board, T0 + 300_000, elsewhere).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[3]).toContain('│ …/out/sora_a.mp4 │');
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

describe('renderProblems', () => {
  it('gives the reason of each failure and error', () => {
    expect(renderProblems(board, T0, options)).toEqual([
      '✖ sora_b failed: Blocked.',
      '✖ c error: SORA_NOT_FOUND: gone',
    ]);
  });
});
