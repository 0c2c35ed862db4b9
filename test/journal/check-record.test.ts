import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/journal/check-record.js';

// What is wrong with a journal record of a known type: the text that ends up in the error naming
// the broken line of a journal someone edited, so each wording is part of what the user reads.

const entry = (fields: Record<string, unknown>) => ({
  type: 'entry',
  at: 1,
  entry: { since: 1, updatedAt: 2, ...fields },
});

describe('checkRecord', () => {
  it('lets a record of a type it does not know (of a newer version) pass', () => {
    expect(checkRecord({ type: 'future', at: 1 })).toBeUndefined();
    expect(checkRecord({ type: 'future', at: 1, id: 5 })).toBeUndefined();
  });

  it('accepts each record type in its shape', () => {
    const good: Record<string, unknown>[] = [
      { type: 'intent', at: 1, key: 'k', params: { prompt: 'p' } },
      { type: 'created', at: 1, key: 'k', id: 'i' },
      { type: 'status', at: 1, id: 'i', status: 'queued' },
      {
        type: 'status',
        at: 1,
        id: 'i',
        status: 'completed',
        progress: 100,
        videoUrl: null,
        error: null,
        cost: 0.5,
      },
      { type: 'status', at: 1, id: 'i', status: 'completed', videoUrl: 'https://v', error: 'e' },
      { type: 'download', at: 1, id: 'i', file: 'f.mp4' },
      { type: 'destination', at: 1, id: 'i', dir: 'out' },
      { type: 'saved', at: 1, id: 'i', file: 'f.mp4', bytes: 3, sha256: 'ab' },
      { type: 'unsaved', at: 1, id: 'i', expired: false, error: 'gone' },
      { type: 'rejected', at: 1, key: 'k', status: 400, reason: 'bad' },
      { type: 'forget', at: 1, key: 'k' },
      { type: 'forget', at: 1, id: 'i' },
      entry({ key: 'k' }),
      entry({ id: 'i', videoUrl: null, saved: true, expired: false, rejected: 400 }),
    ];
    for (const record of good) expect(checkRecord(record), JSON.stringify(record)).toBeUndefined();
  });

  it.each([
    [{ type: 'intent', at: 1, key: 1, params: {} }, 'key: expected a string, got number'],
    [{ type: 'intent', at: 1, key: 'k', params: null }, 'params: expected an object, got null'],
    [{ type: 'intent', at: 1, key: 'k', params: ['p'] }, 'params: expected an object, got object'],
    [{ type: 'intent', at: 1, key: 'k', params: 'p' }, 'params: expected an object, got string'],
    [{ type: 'intent', at: 1, key: 'k' }, 'params: expected an object, got undefined'],
    [{ type: 'created', at: 1, key: 'k' }, 'id: expected a string, got undefined'],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', progress: '5' },
      'progress: expected a number or nothing, got string',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', progress: null },
      'progress: expected a number or nothing, got null',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', progress: Number.POSITIVE_INFINITY },
      'progress: expected a number or nothing, got number',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', progress: Number.NaN },
      'progress: expected a number or nothing, got number',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', videoUrl: 5 },
      'videoUrl: expected a string or null or nothing, got number',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'failed', error: false },
      'error: expected a string or null or nothing, got boolean',
    ],
    [
      { type: 'status', at: 1, id: 'i', status: 'queued', cost: '1' },
      'cost: expected a number or nothing, got string',
    ],
    [{ type: 'download', at: 1, id: 'i' }, 'file: expected a string, got undefined'],
    [{ type: 'download', at: 1, file: 'f' }, 'id: expected a string, got undefined'],
    [{ type: 'destination', at: 1, id: 'i' }, 'dir: expected a string, got undefined'],
    [{ type: 'destination', at: 1, dir: 'd' }, 'id: expected a string, got undefined'],
    [
      { type: 'saved', at: 1, id: 'i', file: 'f', bytes: 3 },
      'sha256: expected a string, got undefined',
    ],
    [
      { type: 'saved', at: 1, id: 'i', file: 'f', bytes: Number.NEGATIVE_INFINITY, sha256: 'a' },
      'bytes: expected a number, got number',
    ],
    [
      { type: 'saved', id: 'i', at: 1, file: 'f', bytes: '3', sha256: 'a' },
      'bytes: expected a number, got string',
    ],
    [
      { type: 'saved', at: 1, file: 'f', bytes: 3, sha256: 'a' },
      'id: expected a string, got undefined',
    ],
    [{ type: 'unsaved', at: 1, expired: true, error: 'e' }, 'id: expected a string, got undefined'],
    [
      { type: 'unsaved', at: 1, id: 'i', expired: 'yes', error: 'e' },
      'expired: expected a boolean, got string',
    ],
    [{ type: 'unsaved', at: 1, id: 'i', expired: true }, 'error: expected a string, got undefined'],
    [
      { type: 'rejected', at: 1, status: 400, reason: 'r' },
      'key: expected a string, got undefined',
    ],
    [
      { type: 'rejected', at: 1, key: 'k', status: '400', reason: 'r' },
      'status: expected a number, got string',
    ],
    [
      { type: 'rejected', at: 1, key: 'k', status: 400 },
      'reason: expected a string, got undefined',
    ],
    [{ type: 'forget', at: 1, key: 1 }, 'key: expected a string or nothing, got number'],
    [{ type: 'forget', at: 1, key: 'k', id: null }, 'id: expected a string or nothing, got null'],
    [{ type: 'forget', at: 1 }, 'neither key nor id'],
    [{ type: 'entry', at: 1 }, 'entry: expected an object, got undefined'],
    [{ type: 'entry', at: 1, entry: [] }, 'entry: expected an object, got object'],
    [entry({}), 'entry: neither key nor id'],
    [entry({ key: 'k', since: undefined }), 'entry.since: expected a number, got undefined'],
    [entry({ key: 'k', params: 'p' }), 'entry.params: expected an object or nothing, got string'],
    [
      entry({ key: 'k', videoUrl: 1 }),
      'entry.videoUrl: expected a string or null or nothing, got number',
    ],
    [entry({ key: 'k', saved: 'yes' }), 'entry.saved: expected a boolean or nothing, got string'],
    [entry({ key: 'k', status: null }), 'entry.status: expected a string or nothing, got null'],
  ])('refuses %j: %s', (record, why) => {
    expect(checkRecord(record)).toBe(why);
  });

  it('asks a key or an id of a forget and of an entry, either one being enough', () => {
    expect(checkRecord({ type: 'forget', at: 1, id: 'i' })).toBeUndefined();
    expect(checkRecord({ type: 'forget', at: 1, key: 'k' })).toBeUndefined();
    expect(checkRecord(entry({ id: 'i' }))).toBeUndefined();
    expect(checkRecord(entry({ key: 'k' }))).toBeUndefined();
    // Any other record without a key or an id is not asked for one by this rule.
    expect(checkRecord({ type: 'status', at: 1, id: 'i', status: 'queued' })).toBeUndefined();
  });
});
