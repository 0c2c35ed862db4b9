import { describe, expect, it } from 'vitest';
import { journalRow } from '../../../src/cli/journal/journal-rows.js';
import {
  renderJournalTable,
  renderJournalWarnings,
} from '../../../src/cli/journal/render-journal.js';

const HOUR = 3_600_000;
const now = 100 * HOUR;

describe('the rows of `sora-rx ls`', () => {
  it('says how long a completed, unsaved video URL has left, and warns past 20 hours', () => {
    const fresh = journalRow(
      {
        id: 'v1',
        since: now - 2 * HOUR,
        updatedAt: now - HOUR,
        status: 'completed',
        completedAt: now - HOUR,
      },
      'j',
      now,
    );
    const old = journalRow(
      {
        id: 'v2',
        since: now - 22 * HOUR,
        updatedAt: now - 21 * HOUR,
        status: 'completed',
        completedAt: now - 21 * HOUR,
      },
      'j',
      now,
    );
    expect(fresh).toMatchObject({ state: 'completed', urlLeftMs: 23 * HOUR, atRisk: false });
    expect(old).toMatchObject({ urlLeftMs: 3 * HOUR, atRisk: true });
    expect(renderJournalWarnings([fresh])).toBe('');
    expect(renderJournalWarnings([fresh, old])).toMatch(
      /warning: 1 completed video is not saved and over 20 h old.*: v2\. Run `sora-rx resume/,
    );
  });

  it('shows an uncertain create by its key, a saved video by its file, a failure by its error', () => {
    const rows = [
      journalRow({ key: 'k-1', params: { prompt: 'a fox' }, since: now, updatedAt: now }, 'j', now),
      journalRow(
        {
          id: 'v3',
          since: now - HOUR,
          updatedAt: now,
          status: 'completed',
          saved: true,
          file: '/tmp/x/v3.mp4',
        },
        'j',
        now,
      ),
      journalRow(
        { id: 'v4', since: now - HOUR, updatedAt: now, status: 'failed', error: 'moderation' },
        'j',
        now,
      ),
    ];
    expect(rows.map((row) => [row.state, row.urlLeftMs, row.atRisk])).toEqual([
      ['uncertain', undefined, false],
      ['saved', undefined, false],
      ['failed', undefined, false],
    ]);
    const table = renderJournalTable(rows, '/tmp');
    expect(table).toContain('? key k-1');
    expect(table).toContain('x/v3.mp4');
    expect(table).toContain('moderation');
  });

  it('shows the cost a gateway reported in a column of its own, and none from a bad journal value', () => {
    const entry = { since: now - HOUR, updatedAt: now, status: 'failed' as const };
    const rows = [
      journalRow({ ...entry, id: 'v5', cost: 0.4 }, 'j', now),
      journalRow({ ...entry, id: 'v6', cost: '\u001b[2J9' as never }, 'j', now),
      journalRow({ ...entry, id: 'v7', cost: -1 }, 'j', now),
    ];
    expect(rows.map((row) => row.cost)).toEqual([0.4, undefined, undefined]);
    const lines = renderJournalTable(rows, '/tmp').split('\n');
    expect(lines[1]).toMatch(/│ cost +│$/);
    expect(lines[3]).toMatch(/^│ v5 .*│ \$0\.40 │$/);
    expect(lines[4]).toMatch(/^│ v6 .*│ - +│$/);
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(renderJournalTable(rows.slice(1), '/tmp')).not.toContain('cost');
  });
});
