import type { Command } from 'commander';
import type { SoraDialect } from '../../testing/simulator/index.js';
import {
  parseDialect,
  parseInteger,
  parsePort,
  parseRate,
  parseTimeScale,
} from '../parse-options.js';
import type { CommandContext } from './command-context.js';
import type { SimulateFlags } from './simulate-runner.js';

/** Registers `sora-rx simulate`. */
export function defineSimulateCommand(program: Command, context: CommandContext): void {
  program
    .command('simulate')
    .description('run a simulated Sora-style API in the foreground, until Ctrl-C')
    .option('--port <port>', 'the port to listen on; 0 picks a free one', parsePort, 0)
    .option('--host <host>', 'the interface to listen on', '127.0.0.1')
    .option('--time-scale <x>', 'how much faster than real time tasks run', parseTimeScale, 60)
    .option(
      '--dialect <name>',
      'the API shape: seed, openai or openrouter',
      parseDialect,
      'seed' as SoraDialect,
    )
    .option('--api-key <key>', 'the key clients must send (default: a random sim_ key)')
    .option('--seed <n>', 'seed of the random durations and faults, to replay a run', parseInteger)
    .option('--fail-rate <share>', 'share of created tasks that fail, from 0 to 1', parseRate)
    .option(
      '--cancel',
      "serve POST /v1/videos/{id}/cancel, a gateway's extension of OpenAI's shape (--dialect openai)",
    )
    .addHelpText(
      'after',
      '\nThe simulator prints the SORA_BASE_URL and SORA_API_KEY to use. Its key is not a secret:\nit is printed so that other shells can use it. Ctrl-C stops it (exit code 0).',
    )
    .action(async (flags: SimulateFlags) => {
      const { runSimulateCommand } = await import('./simulate-runner.js');
      context.setExitCode(await runSimulateCommand(flags, context));
    });
}
