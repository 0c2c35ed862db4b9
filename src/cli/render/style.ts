import pc from 'picocolors';
import type { RowPhase } from '../watch/board.js';

/** Colour functions; all of them return the text unchanged when colours are off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Colour functions that are on or off. */
export function createColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Whether the terminal supports colours (honours NO_COLOR and FORCE_COLOR). */
export const COLORS_SUPPORTED: boolean = pc.isColorSupported;

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The symbol of a phase; active phases spin with `frame`. */
export function phaseSymbol(phase: RowPhase, frame: number): string {
  switch (phase) {
    case 'queued':
      return '◌';
    case 'completed':
    case 'saved':
      return '✔';
    case 'failed':
    case 'error':
      return '✖';
    default:
      return SPINNER[Math.abs(Math.trunc(frame)) % SPINNER.length] ?? '•';
  }
}

/** The colour of a phase. */
export function phaseColor(phase: RowPhase, colors: Colors): (text: string) => string {
  switch (phase) {
    case 'pending':
    case 'queued':
      return colors.gray;
    case 'processing':
      return colors.cyan;
    case 'downloading':
      return colors.blue;
    case 'completed':
    case 'saved':
      return colors.green;
    case 'failed':
    case 'error':
      return colors.red;
  }
}
