/** The signals that stop a command. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** The conventional exit code after a signal: 128 + its number (130 for Ctrl-C). */
export function exitCodeOf(signal: StopSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * Calls `stop` on the first SIGINT or SIGTERM, instead of letting it kill the process, so that
 * the command can unsubscribe and restore the terminal. A second signal exits at once. Returns a
 * function that stops listening.
 */
export function onStopSignal(stop: (signal: StopSignal) => void): () => void {
  let stopped = false;
  const listener = (signal: StopSignal) => {
    if (stopped) {
      process.exit(exitCodeOf(signal));
    }
    stopped = true;
    stop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    if (stopped) return; // Keep listening, so that a second signal still exits at once.
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}
