import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultJournalDir,
  isJournalName,
  sideJournalName,
} from '../../../src/cli/journal/journal-location.js';

describe('where the CLI keeps its journal', () => {
  it('is $XDG_STATE_HOME/sora-rx, else ~/.local/state/sora-rx', () => {
    expect(defaultJournalDir({ XDG_STATE_HOME: '/state', HOME: '/home/u' })).toBe(
      path.join('/state', 'sora-rx'),
    );
    expect(defaultJournalDir({ HOME: '/home/u' })).toBe(
      path.join('/home/u', '.local', 'state', 'sora-rx'),
    );
  });

  it('ignores a relative XDG_STATE_HOME, as the XDG spec says', () => {
    expect(defaultJournalDir({ XDG_STATE_HOME: 'state', HOME: '/home/u' })).toBe(
      path.join('/home/u', '.local', 'state', 'sora-rx'),
    );
  });

  it('names the side journal of a run by its pid, and finds both kinds', () => {
    expect(sideJournalName(4242)).toBe('tasks.4242.jsonl');
    expect(
      ['tasks.jsonl', 'tasks.4242.jsonl', 'tasks.jsonl.lock', 'other.jsonl'].filter(isJournalName),
    ).toEqual(['tasks.jsonl', 'tasks.4242.jsonl']);
  });
});
