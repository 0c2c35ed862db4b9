import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { readJournalFile } from '../../src/journal/read-journal-file.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-read-journal-'));
  file = path.join(dir, 'tasks.jsonl');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const intent: JournalRecord = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };

describe('readJournalFile', () => {
  it('a missing journal has no records', async () => {
    await expect(readJournalFile(file)).resolves.toEqual([]);
  });

  it('reads the whole records, leaving out a torn last one, without changing the file', async () => {
    const content = `{"sora-rx-journal":1}\n${JSON.stringify(intent)}\n{"type":"crea`;
    await writeFile(file, content);
    await expect(readJournalFile(file)).resolves.toEqual([intent]);
  });

  it('a journal that cannot be read: SORA_JOURNAL "could not be read" with its cause', async () => {
    await mkdir(file);
    await expect(readJournalFile(file)).rejects.toMatchObject({
      code: 'SORA_JOURNAL',
      message: `The task journal ${file} could not be read`,
      cause: { code: 'EISDIR' },
    });
  });
});
