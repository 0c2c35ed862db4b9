import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCost,
  formatDuration,
  formatPercent,
  formatRemaining,
  formatTimeLeft,
  renderBar,
  truncate,
} from '../../src/cli/format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5_000, '0s'],
    [45_900, '45s'],
    [80_000, '1m20s'],
    [605_000, '10m05s'],
    [3_720_000, '1h02m'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatRemaining', () => {
  it.each([
    [40_000, '40s'],
    [40_001, '41s'],
    [60_000, '1m'],
    [61_000, '2m'],
    [7_200_000, '2h'],
  ])('rounds %d ms up to %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});

describe('formatTimeLeft', () => {
  it('shows a range while the shortest time is more than a minute away', () => {
    expect(formatTimeLeft({ kind: 'range', minMs: 120_000, maxMs: 300_000 })).toBe('~2–5m left');
  });

  it('shows only the upper bound once the shortest time is under a minute away', () => {
    expect(formatTimeLeft({ kind: 'range', minMs: 30_000, maxMs: 210_000 })).toBe('<4m left');
    expect(formatTimeLeft({ kind: 'upTo', maxMs: 90_000 })).toBe('<2m left');
  });

  it('says overdue past the longest time', () => {
    expect(formatTimeLeft({ kind: 'overdue', byMs: 1 })).toBe('overdue');
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [12_595, '12.3 KiB'],
    [2 * 1024 * 1024, '2.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatCost', () => {
  it.each([
    [0.4, '$0.40'],
    [12, '$12.00'],
    [1.005, '$1.00'],
    [0.006, '$0.01'],
    [0.004, '<$0.01'],
    [0, '$0.00'],
  ])('shows %d USD as %s', (usd, text) => {
    expect(formatCost(usd)).toBe(text);
  });
});

describe('renderBar', () => {
  it('fills the share done and clamps what is out of range', () => {
    expect(renderBar(0.5, 8)).toBe('████░░░░');
    expect(renderBar(1.7, 4)).toBe('████');
    expect(renderBar(Number.NaN, 4)).toBe('░░░░');
  });
});

describe('truncate and formatPercent', () => {
  it('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(truncate('sora_abc123', 20)).toBe('sora_abc123');
    expect(truncate('sora_abc123', 6)).toBe('sora_…');
  });

  it('floors a percentage, and has none when the whole is unknown', () => {
    expect(formatPercent(999, 1000)).toBe('99%');
    expect(formatPercent(5, undefined)).toBeUndefined();
  });
});
