import { describe, expect, it } from 'vitest';
import { toJsonEvent } from '../../../src/cli/render/json.js';
import { renderLiveView } from '../../../src/cli/render/live-view.js';
import { renderPlainLines } from '../../../src/cli/render/plain.js';
import { createColors } from '../../../src/cli/render/style.js';
import { applyBoardEvent, type BoardEvent, createBoard } from '../../../src/cli/watch/board.js';
import { makeTask, T0 } from '../fixtures.js';

const options = {
  colors: createColors(false),
  width: 120,
  frame: 0,
  cwd: '/work',
  title: 'watching 1 task',
};

const retry: BoardEvent = {
  type: 'retry',
  key: 'sora_abc',
  attempt: 2,
  delayMs: 4_000,
  reason: 'connection refused',
};

describe('a request being retried', () => {
  const watched = createBoard([{ key: 'sora_abc', id: 'sora_abc' }], false);
  const retrying = applyBoardEvent(watched, retry, T0);

  it('shows in the live view with its wait and its reason, counting down', () => {
    expect(renderLiveView(retrying, T0, options)).toContain('retrying in 4s: connection refused');
    expect(renderLiveView(retrying, T0 + 1_500, options)).toContain(
      'retrying in 3s: connection refused',
    );
    expect(renderLiveView(retrying, T0 + 5_000, options)).toContain('retrying: connection refused');
  });

  it('gives way to the task once an answer comes', () => {
    const answered = applyBoardEvent(
      retrying,
      { type: 'task', key: 'sora_abc', task: makeTask({ id: 'sora_abc' }) },
      T0 + 5_000,
    );
    expect(renderLiveView(answered, T0 + 5_000, options)).not.toContain('retrying');
  });

  it('never says "creating" for a task being watched, which creates nothing', () => {
    expect(renderLiveView(watched, T0, options)).not.toContain('creating');
    expect(renderLiveView(watched, T0, options)).toContain('connecting…');
    const created = createBoard([{ key: '#1' }], false);
    expect(renderLiveView(created, T0, options)).toContain('creating…');
  });

  it('is one plain line, and one JSON event', () => {
    expect(renderPlainLines(retry, retrying, watched, T0, '/work')).toEqual([
      'sora_abc  retrying     in 4s: connection refused',
    ]);
    expect(toJsonEvent(retry, retrying, undefined)).toEqual({
      type: 'retry',
      id: 'sora_abc',
      attempt: 2,
      delayMs: 4_000,
      reason: 'connection refused',
    });
  });
});
