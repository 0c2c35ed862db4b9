import { concat, firstValueFrom, from, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../src/download/download-types.js';
import { SoraVideoExpiredError } from '../../src/errors/download-errors.js';
import { SoraJournalError } from '../../src/errors/journal-errors.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { recordDownload } from '../../src/journal/record-download.js';
import { TaskLog } from '../../src/journal/task-log.js';

const progress = (bytes: number, done = false): DownloadProgress => ({
  file: 'out/v1.mp4',
  bytes,
  totalBytes: 30,
  done,
});
const hash = async () => 'ab12';

function setUp() {
  const journal = memoryJournal();
  return { journal, log: new TaskLog(journal, () => 7) };
}

describe('recordDownload', () => {
  it('writes where the download goes once, then the saved file', async () => {
    const { journal, log } = setUp();
    const events = [progress(0), progress(10), progress(20), progress(30, true)];
    const passed = await firstValueFrom(
      from(events).pipe(recordDownload(log, 'v1', hash), toArray()),
    );
    expect(passed).toEqual(events);
    expect(journal.records).toEqual([
      { type: 'download', at: 7, id: 'v1', file: 'out/v1.mp4' },
      { type: 'saved', at: 7, id: 'v1', file: 'out/v1.mp4', bytes: 30, sha256: 'ab12' },
    ]);
  });

  it('writes a failed download as unsaved, expired when the URL was', async () => {
    const { journal, log } = setUp();
    const expired = new SoraVideoExpiredError('https://cdn/v1.mp4', 410);
    const failed = concat(
      from([progress(0)]),
      throwError(() => expired),
    );
    await expect(
      firstValueFrom(failed.pipe(recordDownload(log, 'v1', hash), toArray())),
    ).rejects.toBe(expired);
    const other = new Error('disk full');
    await expect(
      firstValueFrom(throwError(() => other).pipe(recordDownload(log, 'v1', hash))),
    ).rejects.toBe(other);
    expect(journal.records.slice(1)).toEqual([
      { type: 'unsaved', at: 7, id: 'v1', expired: true, error: expired.message },
      { type: 'unsaved', at: 7, id: 'v1', expired: false, error: 'disk full' },
    ]);
  });

  it('writes nothing more when the journal itself failed', async () => {
    const { journal, log } = setUp();
    const broken = new SoraJournalError('tasks.jsonl', 'could not be written');
    await expect(
      firstValueFrom(throwError(() => broken).pipe(recordDownload(log, 'v1', hash))),
    ).rejects.toBe(broken);
    expect(journal.records).toEqual([]);
  });
});
