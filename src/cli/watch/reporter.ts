import type { StopSignal } from '../interrupt.js';
import type { Board, BoardEvent } from './board.js';

/** How a watch ended, as the command judges it. */
export interface Verdict {
  /** Whether everything went as it should. */
  readonly ok: boolean;
  /** The process's exit code. */
  readonly exitCode: number;
  /** One sentence for humans. */
  readonly message: string;
}

/** Shows a watch as it happens: a live view, plain lines, or NDJSON. */
export interface BoardReporter {
  /** Before the first event. */
  start(board: Board): void;
  /** After each event, with the board before and after it. */
  update(event: BoardEvent, board: Board, previous: Board): void;
  /** Once every row has ended. */
  finish(board: Board, verdict: Verdict): void;
  /** When a signal stopped the watch; everything has been unsubscribed. */
  interrupt(board: Board, signal: StopSignal): void;
  /** When a configuration error ended the watch, to be told on its own: takes back what it drew. */
  abandon?(): void;
}
