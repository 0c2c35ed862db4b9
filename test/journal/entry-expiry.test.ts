import { describe, expect, it } from 'vitest';
import { entryExpiry } from '../../src/journal/entry-expiry.js';

const DAY = 24 * 3_600_000;

describe('entryExpiry', () => {
  it('has none for a task not completed, even with an expiry reported', () => {
    expect(
      entryExpiry({ id: 'v1', since: 1, updatedAt: 2, status: 'processing', expiresAt: 50 }),
    ).toBeUndefined();
    expect(entryExpiry({ id: 'v1', since: 1, updatedAt: 2 })).toBeUndefined();
  });

  it("is the gateway's expires_at where reported", () => {
    expect(
      entryExpiry({
        id: 'v1',
        since: 1,
        updatedAt: 2,
        completedAt: 2,
        status: 'completed',
        expiresAt: 50,
      }),
    ).toEqual({ at: 50, reported: true });
  });

  it('is estimated as a day after the task was first seen completed, else last updated', () => {
    expect(
      entryExpiry({ id: 'v1', since: 1, updatedAt: 20, completedAt: 10, status: 'completed' }),
    ).toEqual({
      at: 10 + DAY,
      reported: false,
    });
    expect(entryExpiry({ id: 'v1', since: 1, updatedAt: 20, status: 'completed' })).toEqual({
      at: 20 + DAY,
      reported: false,
    });
  });
});
