import type { TimeLeft } from './estimates.js';

/** Formats an elapsed time: `45s`, `1m20s`, `1h02m`. Negative times count as zero. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Formats a coarse time to come, rounded up: `40s`, `3m`, `2h`. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes}m` : `${Math.ceil(minutes / 60)}h`;
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * Formats a cost in US dollars to the cent: `$0.40`, `$12.00`; a cost under half a cent (and not
 * zero) is `<$0.01`, so that it never reads as free.
 */
export function formatCost(usd: number): string {
  return usd > 0 && usd < 0.005 ? '<$0.01' : `$${usd.toFixed(2)}`;
}

/** Formats a byte count: `512 B`, `12.3 KiB`, `2.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A bar of `width` cells, filled to `fraction` (clamped to 0–1): `████░░░░`. */
export function renderBar(fraction: number, width: number): string {
  const clamped = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const filled = Math.round(clamped * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Cuts `text` to at most `width` characters, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 0) return '';
  return `${text.slice(0, width - 1)}…`;
}

/** A percentage of `part` in `whole`, floored: `42%`, or `undefined` when `whole` is unknown. */
export function formatPercent(part: number, whole: number | undefined): string | undefined {
  if (whole === undefined || whole <= 0) return undefined;
  return `${Math.floor(Math.min(Math.max(part / whole, 0), 1) * 100)}%`;
}

/** Says how long a task should still take: `~2–5m left`, `<3m left` or `overdue`. */
export function formatTimeLeft(left: TimeLeft): string {
  switch (left.kind) {
    case 'range': {
      // Under a minute to the shortest time, the lower bound is noise: say only the upper one.
      if (left.minMs < 60_000) return `<${formatRemaining(left.maxMs)} left`;
      const from = formatRemaining(left.minMs);
      const to = formatRemaining(left.maxMs);
      const sameUnit = from.at(-1) === to.at(-1);
      return `~${sameUnit ? from.slice(0, -1) : from}–${to} left`;
    }
    case 'upTo':
      return `<${formatRemaining(left.maxMs)} left`;
    case 'about':
      return `~${formatRemaining(left.ms)} left`;
    case 'overdue':
      return 'overdue';
  }
}
