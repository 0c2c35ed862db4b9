import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { defineCancelDeleteCommands } from './commands/cancel-delete.js';
import type { CommandContext } from './commands/command-context.js';
import { defineCreateCommand } from './commands/create.js';
import { defineDemoCommand } from './commands/demo.js';
import { defineForgetCommand } from './commands/forget.js';
import { defineLsCommand } from './commands/ls.js';
import { defineModelsCommand } from './commands/models.js';
import { defineResumeCommand } from './commands/resume.js';
import { defineSimulateCommand } from './commands/simulate.js';
import { defineWatchCommand } from './commands/watch.js';
import { isJournalError } from './journal/journal-error.js';
import { collectSecrets, createOutput } from './output.js';
import { printable } from './render/printable.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';
import { VERSION } from './version.js';

/** The `sora-rx` program: its commands, help and version, writing through `context`. */
function createProgram(context: CommandContext): Command {
  const { output } = context;
  const program = new Command('sora-rx')
    .description('Watch, create and download Sora-style video generation tasks.')
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  // Set on the program first, so that every command inherits the output and the exit override.
  defineWatchCommand(program, context);
  defineCreateCommand(program, context);
  defineSimulateCommand(program, context);
  defineDemoCommand(program, context);
  defineResumeCommand(program, context);
  defineLsCommand(program, context);
  defineForgetCommand(program, context);
  defineModelsCommand(program, context);
  defineCancelDeleteCommands(program, context);
  program.addHelpText(
    'after',
    '\nExamples:\n  sora-rx demo\n  sora-rx watch sora_abc123 sora_def456 --download ./videos\n  sora-rx create --prompt "A cat surfing" --seconds 10 --wait',
  );
  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after the script) and resolves with the exit code:
 * a usage or configuration error prints one line and gives 2, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const output = createOutput(io, collectSecrets(argv, io.env));
  const context: CommandContext = { io, output, setExitCode: (code) => (exitCode = code) };
  try {
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version exit 0, every other case is usage.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || isJournalError(error)) {
      output.err(`sora-rx: ${printable((error as Error).message)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`sora-rx: unexpected error: ${printable(message.split('\n')[0] ?? '')}\n`);
    return 1;
  }
}
