import type { Observable, Subscription } from 'rxjs';
import { describeError } from '../describe-error.js';
import { onStopSignal, type StopSignal } from '../interrupt.js';
import { applyBoardEvent, type Board, type BoardEvent, isRowEnded } from './board.js';
import type { BoardReporter } from './reporter.js';

/** How a watch ended: the final board, and the signal that stopped it, if one did. */
export interface WatchOutcome {
  readonly board: Board;
  readonly signal: StopSignal | undefined;
}

/**
 * Subscribes to the events, folds them into the board and shows each on `reporter`. Resolves
 * when every row has ended, or at the first SIGINT or SIGTERM, after unsubscribing from
 * everything: that aborts the requests in flight and removes partial downloads.
 */
export function runWatch(
  events$: Observable<BoardEvent>,
  initial: Board,
  reporter: BoardReporter,
  now: () => number,
): Promise<WatchOutcome> {
  return new Promise((resolve) => {
    let board = initial;
    let subscription: Subscription | undefined;
    let ended = false;
    const end = (signal: StopSignal | undefined) => {
      if (ended) return;
      ended = true;
      stopListening();
      resolve({ board, signal });
    };
    const stopListening = onStopSignal((signal) => {
      subscription?.unsubscribe();
      reporter.interrupt(board, signal);
      end(signal);
    });
    const apply = (event: BoardEvent) => {
      const previous = board;
      board = applyBoardEvent(board, event, now());
      reporter.update(event, board, previous);
    };

    reporter.start(board);
    subscription = events$.subscribe({
      next: apply,
      error: (error: unknown) => {
        // Each row catches its own errors; this is a bug, shown on every unfinished row.
        for (const row of board.rows) {
          if (!isRowEnded(row, board.downloads))
            apply({ type: 'error', key: row.key, error: describeError(error) });
        }
        end(undefined);
      },
      complete: () => end(undefined),
    });
  });
}
