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
    expect(fresh).toMatchObject({
      state: 'completed',
      urlLeftMs: 23 * HOUR,
      expiryReported: false,
      atRisk: false,
    });
    expect(old).toMatchObject({ urlLeftMs: 3 * HOUR, atRisk: true });
    expect(renderJournalWarnings([fresh])).toBe('');
    expect(renderJournalWarnings([fresh, old])).toMatch(
      /warning: 1 completed video is not saved and within 4 h of expiring.*: v2\. Run `sora-rx resume/,
    );
    const table = renderJournalTable([fresh, old], '/tmp');
    expect(table).toContain('expires in ~23h00m');
    expect(table).toContain('expires in ~3h00m');
  });

  it("counts to the gateway's expires_at where the journal has it, and says expired once past", () => {
    const entry = {
      since: now - 2 * HOUR,
      updatedAt: now - HOUR,
      status: 'completed' as const,
      completedAt: now - HOUR,
    };
    const soon = journalRow(
      { ...entry, id: 'v8', expiresAt: now + 3 * HOUR + 12 * 60_000 },
      'j',
      now,
    );
    const gone = journalRow({ ...entry, id: 'v9', expiresAt: now - 1 }, 'j', now);
    const guessedGone = journalRow({ ...entry, id: 'v10', completedAt: now - 25 * HOUR }, 'j', now);
    const saved = journalRow({ ...entry, id: 'v11', expiresAt: now - 1, saved: true }, 'j', now);
    expect(soon).toMatchObject({
      urlLeftMs: 3 * HOUR + 12 * 60_000,
      expiryReported: true,
      atRisk: true,
    });
    expect(gone).toMatchObject({ urlLeftMs: -1, expiryReported: true, atRisk: false });
    expect(guessedGone).toMatchObject({ expiryReported: false, atRisk: true });
    expect(saved).toMatchObject({ urlLeftMs: undefined, atRisk: false });
    const lines = renderJournalTable([soon, gone, guessedGone, saved], '/tmp').split('\n');
    expect(lines.find((line) => line.includes('v8'))).toContain('expires in 3h12m');
    expect(lines.find((line) => line.includes('v9'))).toMatch(/ expired /);
    expect(lines.find((line) => line.includes('v10'))).toContain('expired?');
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
