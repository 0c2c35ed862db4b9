import type { CliIo } from '../cli-io.js';
import type { Output } from '../output.js';

/** What every command gets: the process's streams, a redacting output, and its exit code. */
export interface CommandContext {
  readonly io: CliIo;
  readonly output: Output;
  /** Records the exit code the process ends with. */
  setExitCode(code: number): void;
}
