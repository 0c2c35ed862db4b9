import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCliJournal } from '../../../src/cli/journal/open-cli-journal.js';
import type { Output } from '../../../src/cli/output.js';
import { UsageError } from '../../../src/cli/usage-error.js';

let state: string;
let errors: string[];
const output = { err: (text: string) => errors.push(text) } as unknown as Output;

beforeEach(async () => {
  state = await mkdtemp(path.join(tmpdir(), 'sora-rx-cli-journal-'));
  errors = [];
});

afterEach(() => rm(state, { recursive: true, force: true }));

describe('openCliJournal', () => {
  it('opens tasks.jsonl in the state folder, and a side journal when another run holds it', async () => {
    const env = { XDG_STATE_HOME: state };
    const first = await openCliJournal({}, env, output);
    const second = await openCliJournal({}, env, output);
    expect(first?.name).toBe(path.join(state, 'sora-rx', 'tasks.jsonl'));
    expect(second?.name).toBe(path.join(state, 'sora-rx', `tasks.${process.pid}.jsonl`));
    expect(errors.join('')).toMatch(
      /is in use by process \d+; recording this run in .*tasks\.\d+\.jsonl/,
    );
    await Promise.all([first?.close(), second?.close()]);
    expect((await readdir(path.join(state, 'sora-rx'))).sort()).toEqual([
      `tasks.${process.pid}.jsonl`,
      'tasks.jsonl',
    ]);
  });

  it('opens none with --no-journal, and refuses a --journal PATH in use as a usage error', async () => {
    expect(await openCliJournal({ journal: false }, { XDG_STATE_HOME: state }, output)).toBe(
      undefined,
    );
    expect(await readdir(state)).toEqual([]);
    const file = path.join(state, 'mine.jsonl');
    const held = await openCliJournal({ journal: file }, {}, output);
    const refused = openCliJournal({ journal: file }, {}, output);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/in use by process/);
    await held?.close();
  });
});
