import { firstValueFrom, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TaskResponse } from '../../src/api/task-response.js';
import { SoraHttpError, SoraServerError } from '../../src/errors/response-errors.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { recordCreate } from '../../src/journal/record-create.js';
import { TaskLog } from '../../src/journal/task-log.js';

// Which failed creates the journal writes as rejected (no task was made, sending again gets the
// same answer) and which it leaves uncertain (the task may exist).

const request = { method: 'POST', url: 'http://127.0.0.1/v1/videos' };

async function failWith(error: unknown) {
  const journal = memoryJournal();
  const log = new TaskLog(journal, () => 7);
  const thrown = await firstValueFrom(
    recordCreate(
      log,
      'k1',
      { prompt: 'a fox' },
      throwError(() => error),
    ),
  ).catch((caught: unknown) => caught);
  return { thrown, records: journal.records };
}

describe('recordCreate', () => {
  it('writes the intent, then the task the create made', async () => {
    const journal = memoryJournal();
    const log = new TaskLog(journal, () => 7);
    const response = {
      task: { id: 'v1', status: 'queued', video_url: null, error: null },
    } as unknown as TaskResponse;
    expect(await firstValueFrom(recordCreate(log, 'k1', { prompt: 'a fox' }, of(response)))).toBe(
      response,
    );
    expect(journal.records.map((record) => record.type)).toEqual(['intent', 'created', 'status']);
  });

  it.each([400, 401, 404, 422, 499])(
    'writes a create refused with %i as rejected, and passes the error on',
    async (status) => {
      const error = new SoraHttpError({ ...request, status });
      const { thrown, records } = await failWith(error);
      expect(thrown).toBe(error);
      expect(records.slice(1)).toEqual([
        { type: 'rejected', at: 7, key: 'k1', status, reason: error.message },
      ]);
    },
  );

  it.each([
    ['a timeout (408)', new SoraHttpError({ ...request, status: 408 })],
    ['a conflict (409)', new SoraHttpError({ ...request, status: 409 })],
    ['a rate limit (429)', new SoraHttpError({ ...request, status: 429 })],
    ['a 399', new SoraHttpError({ ...request, status: 399 })],
    ['a server error (500)', new SoraServerError({ ...request, status: 500 })],
    [
      'a status that is no number',
      Object.assign(new SoraHttpError({ ...request, status: 400 }), { status: '400' }),
    ],
    [
      'an error of something else with a status',
      Object.assign(new Error('socket'), { status: 400 }),
    ],
    ['a plain error', new Error('socket hang up')],
  ])('leaves the create uncertain after %s, and passes the error on', async (_, error) => {
    const { thrown, records } = await failWith(error);
    expect(thrown).toBe(error);
    expect(records.map((record) => record.type)).toEqual(['intent']);
  });
});
