import { describe, expect, it } from 'vitest';
import { learnedEstimates } from '../../../src/cli/journal/learned-estimates.js';
import { rowCells } from '../../../src/cli/render/row-cells.js';
import { applyBoardEvent, createBoard } from '../../../src/cli/watch/board.js';
import type { JournalRecord } from '../../../src/journal/journal-record.js';
import { memoryJournal } from '../../../src/journal/memory-journal.js';
import { makeTask, T0 } from '../fixtures.js';

/** A task created at `at`, seen completed `tookMs` later: what a journal holds of it. */
function finished(n: number, at: number, tookMs: number): JournalRecord[] {
  const key = `key-${n}`;
  const id = `video_${n}`;
  const params = { prompt: `video ${n}`, model: 'openai/sora-2', seconds: 4 };
  return [
    { type: 'intent', at, key, params },
    { type: 'created', at, key, id },
    { type: 'status', at: at + tookMs, id, status: 'completed' },
  ];
}

async function journalOf(...records: JournalRecord[][]) {
  const journal = memoryJournal();
  await journal.append(records.flat());
  return journal;
}

describe('learnedEstimates', () => {
  it("gives a model and length's time from three earlier tasks of it, and nothing from fewer", async () => {
    const learned = await learnedEstimates(
      await journalOf(finished(1, T0, 75_000), finished(2, T0, 80_000), finished(3, T0, 90_000)),
    );
    // Each seen done half a 30 s interval after it was: 60, 65 and 75 s.
    expect(learned('openai/sora-2', 4)).toEqual({ minMs: 60_000, maxMs: 75_000 });
    expect(learned('openai/sora-2', 8)).toBeUndefined();
    expect(learned('openai/sora-2-pro', 4)).toBeUndefined();
    const few = await learnedEstimates(await journalOf(finished(1, T0, 75_000)));
    expect(few('openai/sora-2', 4)).toBeUndefined();
    expect((await learnedEstimates(undefined))('openai/sora-2', 4)).toBeUndefined();
  });

  it("makes the time left on a row this gateway's, not the published one", async () => {
    const learned = await learnedEstimates(
      await journalOf(finished(1, T0, 75_000), finished(2, T0, 80_000), finished(3, T0, 90_000)),
    );
    const created = Math.floor(T0 / 1000);
    const task = makeTask({ id: 'video_9', status: 'queued', created, model: 'openai/sora-2' });
    const event = { type: 'task', key: '#1', task } as const;
    const taught = applyBoardEvent(
      createBoard([{ key: '#1', seconds: 4 }], false, learned),
      event,
      T0,
    );
    const published = applyBoardEvent(createBoard([{ key: '#1', seconds: 4 }], false), event, T0);

    const at = T0 + 30_000;
    expect(rowCells(taught.rows[0] ?? never(), at, '/').timeLeft).toBe('<45s left');
    expect(rowCells(published.rows[0] ?? never(), at, '/').timeLeft).toBe('~2–5m left');
  });
});

function never(): never {
  throw new Error('no row');
}
