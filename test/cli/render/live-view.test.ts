import { describe, expect, it } from 'vitest';
import { renderLiveView } from '../../../src/cli/render/live-view.js';
import { createColors } from '../../../src/cli/render/style.js';
import { ANSI_ESCAPE, boardAfter, makeProgress, makeTask, T0, withCost } from '../fixtures.js';

const MINUTE = 60_000;
const options = {
  colors: createColors(false),
  width: 120,
  frame: 0,
  cwd: '/work',
  title: 'watching 6 tasks',
  footer: 'Ctrl-C to stop',
};

/** A board with one task in every phase, seen at T0 + 3 min. */
function everyPhase() {
  const rows = ['q', 'p', 'd', 's', 'f', 'e'].map((key, index) => ({
    key,
    seconds: [25, 10, 10, 15, 10, 10][index] ?? 10,
  }));
  return boardAfter(
    rows,
    [
      { type: 'task', key: 'q', task: makeTask({ id: 'sora_q' }) },
      {
        type: 'task',
        key: 'p',
        task: makeTask({ id: 'sora_p', status: 'processing', progress: 42 }),
      },
      { type: 'task', key: 'd', task: makeTask({ id: 'sora_d', status: 'completed' }) },
      {
        type: 'download',
        key: 'd',
        progress: makeProgress({ bytes: 1024 * 1024, file: '/work/videos/sora_d.mp4' }),
      },
      { type: 'task', key: 's', task: makeTask({ id: 'sora_s', status: 'completed' }) },
      {
        type: 'download',
        key: 's',
        progress: makeProgress({
          bytes: 2 * 1024 * 1024,
          file: '/work/videos/sora_s.mp4',
          done: true,
        }),
      },
      {
        type: 'task',
        key: 'f',
        task: makeTask({ id: 'sora_f', status: 'failed', error: 'Blocked by moderation.' }),
      },
      { type: 'error', key: 'e', error: { code: 'SORA_NOT_FOUND', message: 'GET … answered 404' } },
    ],
    { downloads: true, at: T0 + 3 * MINUTE },
  );
}

describe('renderLiveView', () => {
  it("shows a server's id, reason and error with each control character as ?", () => {
    const ESC = String.fromCharCode(27);
    const board = boardAfter(
      [
        { key: 'f', seconds: 10 },
        { key: 'e', seconds: 10 },
      ],
      [
        {
          type: 'task',
          key: 'f',
          task: makeTask({
            id: `sora_${ESC}]0;t\u0007`,
            status: 'failed',
            error: `no${ESC}[2J\rok`,
          }),
        },
        {
          type: 'error',
          key: 'e',
          error: { code: 'SORA_HTTP', message: `teapot\u009b2J${ESC}]52;c;eA==\u0007` },
        },
      ],
      { at: T0 },
    );
    const view = renderLiveView(board, T0, options);
    expect(view).not.toMatch(/(?!\n)\p{Cc}/u);
    expect(view).toContain('sora_?]0;t?');
    expect(view).toContain('no?[2J?ok');
    expect(view).toContain('teapot?2J?]52;c;eA==?');
  });

  it('shows a header with counts, one line per task in every phase, and the footer', () => {
    const lines = renderLiveView(everyPhase(), T0 + 3 * MINUTE, options).split('\n');

    expect(lines).toEqual([
      'sora-rx watching 6 tasks  6 tasks · 2 active · 1 downloading · 1 saved · 1 failed · 1 error',
      '◌ sora_q  25s  queued       3m00s  ~2–12m left',
      '⠋ sora_p  10s  processing   3m00s  ████░░░░░░  42%  <2m left',
      '⠋ sora_d  10s  downloading  3m00s  ████████░░░░░░░░ 50% 1.0 MiB/2.0 MiB',
      '✔ sora_s  15s  saved        3m00s  2.0 MiB  videos/sora_s.mp4',
      '✖ sora_f  10s  failed       3m00s  Blocked by moderation.',
      '✖ e       10s  error               SORA_NOT_FOUND: GET … answered 404',
      'Ctrl-C to stop',
    ]);
  });

  it('shows the cost a gateway reported in a column of its own, only when one did', () => {
    const board = boardAfter(
      [{ key: 'a' }, { key: 'b' }, { key: 'c' }],
      [
        {
          type: 'task',
          key: 'a',
          task: withCost(makeTask({ id: 'sora_a', status: 'completed' }), 12),
        },
        {
          type: 'task',
          key: 'b',
          task: withCost(makeTask({ id: 'sora_b', status: 'failed' }), 0.4),
        },
        { type: 'task', key: 'c', task: withCost(makeTask({ id: 'sora_c' }), Number.NaN) },
      ],
      { at: T0 + MINUTE },
    );
    expect(
      renderLiveView(board, T0 + MINUTE, options)
        .split('\n')
        .slice(1, 4),
    ).toEqual([
      '✔ sora_a  completed    1m00s  $12.00  ready',
      '✖ sora_b  failed       1m00s   $0.40  no reason given',
      '◌ sora_c  queued       1m00s          ~1–7m left',
    ]);
    expect(renderLiveView(everyPhase(), T0, options)).not.toContain('$');
  });

  it('says overdue once a task runs past its longest expected time', () => {
    const board = boardAfter(
      [{ key: 'a', seconds: 10 }],
      [{ type: 'task', key: 'a', task: makeTask({ status: 'processing' }) }],
    );
    expect(renderLiveView(board, T0 + 6 * MINUTE, options)).toMatch(/processing\s+6m00s\s+overdue/);
  });

  it('shows tasks still being created, and no footer in the final frame', () => {
    const board = boardAfter([{ key: '#1' }], []);
    expect(renderLiveView(board, T0, { ...options, footer: undefined }).split('\n')).toEqual([
      'sora-rx watching 6 tasks  1 task · 1 active',
      '⠋ #1  pending      creating…',
    ]);
  });

  it('fits every line in the terminal width', () => {
    const lines = renderLiveView(everyPhase(), T0 + 3 * MINUTE, { ...options, width: 40 }).split(
      '\n',
    );
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[5]).toBe('✖ sora_f  10s  failed       3m00s  Bloc…');
  });

  it('redacts a secret before cutting a line, so that no part of it shows', () => {
    const secret = 'sk-live-0123456789abcdef';
    const board = boardAfter([{ key: secret }], []);
    const redact = (text: string) => text.split(secret).join('[REDACTED]');
    const lines = renderLiveView(board, T0, { ...options, width: 20, redact }).split('\n');
    expect(lines[1]).toBe('⠋ [REDACTED]  pendi…');
    expect(lines.join('\n')).not.toContain('sk-live');
  });

  it('colours the status when colours are on, and only then', () => {
    const coloured = renderLiveView(everyPhase(), T0, { ...options, colors: createColors(true) });
    expect(coloured).toMatch(ANSI_ESCAPE);
    expect(coloured).toContain(createColors(true).red('failed       '));
    expect(renderLiveView(everyPhase(), T0, options)).not.toMatch(ANSI_ESCAPE);
  });

  it('turns the spinner with the frame', () => {
    const board = boardAfter([{ key: '#1' }], []);
    const first = renderLiveView(board, T0, { ...options, frame: 0 }).split('\n')[1];
    const next = renderLiveView(board, T0, { ...options, frame: 1 }).split('\n')[1];
    expect(first?.[0]).not.toBe(next?.[0]);
  });
});
