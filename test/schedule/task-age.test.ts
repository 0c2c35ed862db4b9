import { describe, expect, it } from 'vitest';
import { parseHttpDate, taskAgeMs } from '../../src/schedule/task-age.js';

const NOW = Date.parse('2026-12-01T17:00:00Z');

describe('taskAgeMs', () => {
  it('reads `created` in seconds on the client’s clock without a Date header', () => {
    expect(taskAgeMs(NOW / 1000 - 90, undefined, NOW)).toBe(90_000);
  });

  it('reads a `created` in milliseconds as milliseconds', () => {
    expect(taskAgeMs(NOW - 90_000, undefined, NOW)).toBe(90_000);
  });

  it('measures on the server’s clock when it sent one, whatever the client’s says', () => {
    expect(taskAgeMs(NOW / 1000 - 90, NOW, 0)).toBe(90_000);
    expect(taskAgeMs(NOW / 1000 - 90, NOW, NOW - 3_600_000)).toBe(90_000);
  });

  it('distrusts a task created in the future, beyond the Date header’s one-second steps', () => {
    expect(taskAgeMs(NOW / 1000 + 1, NOW, NOW)).toBe(0);
    expect(taskAgeMs(NOW / 1000 + 60, NOW, NOW)).toBeUndefined();
    expect(taskAgeMs(Number.NaN, NOW, NOW)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('reads an HTTP date, and nothing else', () => {
    expect(parseHttpDate('Tue, 01 Dec 2026 17:00:00 GMT')).toBe(NOW);
    expect(parseHttpDate('soon')).toBeUndefined();
    expect(parseHttpDate(undefined)).toBeUndefined();
  });
});
