import { describe, expect, it } from 'vitest';
import {
  shouldReportDownload,
  toInterruptedEvent,
  toJsonEvent,
  toSummaryEvent,
} from '../../../src/cli/render/json.js';
import { boardAfter, makeProgress, makeTask, T0, withCost } from '../fixtures.js';

const MIB = 1024 * 1024;

describe('toJsonEvent', () => {
  it('gives a task event with its id, status, progress and the whole task', () => {
    const task = makeTask({ status: 'processing', progress: 42 });
    const board = boardAfter([{ key: '#1' }], [{ type: 'task', key: '#1', task }]);
    expect(toJsonEvent({ type: 'task', key: '#1', task }, board, undefined)).toEqual({
      type: 'task',
      id: 'sora_abc123',
      status: 'processing',
      progress: 42,
      task,
    });
  });

  it('gives the cost of a task event where the gateway reported one', () => {
    const task = withCost(makeTask({ status: 'completed' }), 0.4);
    const board = boardAfter([{ key: '#1' }], [{ type: 'task', key: '#1', task }]);
    expect(toJsonEvent({ type: 'task', key: '#1', task }, board, undefined)).toEqual({
      type: 'task',
      id: 'sora_abc123',
      status: 'completed',
      cost: 0.4,
      task,
    });
  });

  it('gives download and error events by task id, and null for a task never created', () => {
    const task = makeTask({ status: 'completed' });
    const progress = makeProgress({ bytes: MIB, totalBytes: 2 * MIB });
    const error = { code: 'SORA_HTTP', message: 'POST … answered 400' };
    const board = boardAfter(
      [{ key: '#1' }, { key: '#2' }],
      [
        { type: 'task', key: '#1', task },
        { type: 'download', key: '#1', progress },
        { type: 'error', key: '#2', error },
      ],
    );

    expect(toJsonEvent({ type: 'download', key: '#1', progress }, board, undefined)).toEqual({
      type: 'download',
      id: 'sora_abc123',
      bytes: MIB,
      totalBytes: 2 * MIB,
      file: progress.file,
      done: false,
    });
    expect(toJsonEvent({ type: 'error', key: '#2', error }, board, undefined)).toEqual({
      type: 'error',
      id: null,
      code: 'SORA_HTTP',
      message: 'POST … answered 400',
    });
  });
});

describe('shouldReportDownload', () => {
  const of100 = (bytes: number, done = false) =>
    makeProgress({ bytes: bytes * MIB, totalBytes: 100 * MIB, done });

  it('reports the first and the last progress, and then one per percent', () => {
    expect(shouldReportDownload(undefined, of100(0.01))).toBe(true);
    expect(shouldReportDownload(of100(0.01), of100(0.5))).toBe(false);
    expect(shouldReportDownload(of100(0.01), of100(1.01))).toBe(true);
    expect(shouldReportDownload(of100(99.9), of100(100, true))).toBe(true);
  });

  it('steps by 256 KiB at least for small files, and by 1 MiB when the size is unknown', () => {
    const small = (bytes: number) => makeProgress({ bytes, totalBytes: MIB });
    expect(shouldReportDownload(small(0), small(200 * 1024))).toBe(false);
    expect(shouldReportDownload(small(0), small(256 * 1024))).toBe(true);
    const unknown = (bytes: number) => makeProgress({ bytes, totalBytes: undefined });
    expect(shouldReportDownload(unknown(0), unknown(MIB - 1))).toBe(false);
    expect(shouldReportDownload(unknown(0), unknown(MIB))).toBe(true);
  });
});

describe('toSummaryEvent and toInterruptedEvent', () => {
  const board = boardAfter(
    [{ key: 'a', seconds: 10 }, { key: 'b' }],
    [
      { type: 'task', key: 'a', task: makeTask({ id: 'a', status: 'completed' }) },
      {
        type: 'download',
        key: 'a',
        progress: makeProgress({ bytes: 7, done: true, file: '/v/a.mp4' }),
      },
      { type: 'task', key: 'b', task: makeTask({ id: 'b', status: 'failed', error: 'Blocked.' }) },
    ],
    { downloads: true, at: T0 + 90_000 },
  );

  it('sums the outcome up with the verdict and one entry per task', () => {
    const verdict = {
      ok: false,
      exitCode: 1,
      message: '1 of 2 tasks completed, 1 saved, 1 failed.',
    };
    expect(toSummaryEvent(board, verdict, T0 + 100_000)).toEqual({
      type: 'summary',
      ok: false,
      exitCode: 1,
      message: verdict.message,
      total: 2,
      completed: 1,
      failed: 1,
      errors: 0,
      saved: 1,
      cost: null,
      costed: 0,
      tasks: [
        {
          id: 'a',
          seconds: 10,
          status: 'saved',
          elapsedMs: 90_000,
          file: '/v/a.mp4',
          bytes: 7,
          cost: null,
          error: null,
        },
        {
          id: 'b',
          seconds: null,
          status: 'failed',
          elapsedMs: 90_000,
          file: null,
          bytes: null,
          cost: null,
          error: { code: 'SORA_TASK_FAILED', message: 'Blocked.' },
        },
      ],
    });
  });

  it('gives the cost of each task that reported one, their total and how many there are', () => {
    const costed = boardAfter(
      [{ key: 'a' }, { key: 'b' }, { key: 'c' }],
      [
        { type: 'task', key: 'a', task: withCost(makeTask({ id: 'a', status: 'completed' }), 0.4) },
        { type: 'task', key: 'b', task: withCost(makeTask({ id: 'b', status: 'failed' }), 0.5) },
        { type: 'task', key: 'c', task: withCost(makeTask({ id: 'c', status: 'completed' }), -1) },
      ],
    );
    const verdict = { ok: false, exitCode: 1, message: '2 of 3 tasks completed, 1 failed.' };
    const summary = toSummaryEvent(costed, verdict, T0);
    expect(summary).toMatchObject({ cost: 0.9, costed: 2 });
    expect((summary.tasks as Array<{ cost: unknown }>).map((task) => task.cost)).toEqual([
      0.4,
      0.5,
      null,
    ]);
  });

  it('names the signal that interrupted the watch', () => {
    expect(toInterruptedEvent(board, 'SIGINT', T0)).toMatchObject({
      type: 'interrupted',
      signal: 'SIGINT',
      tasks: [{ id: 'a' }, { id: 'b' }],
    });
  });
});
