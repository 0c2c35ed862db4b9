import type { Command } from 'commander';
import { parseDialect, parseTimeScale } from '../parse-options.js';
import type { CommandContext } from './command-context.js';
import type { DemoFlags } from './demo-runner.js';
import { DEMO_TIME_SCALE, DEMO_VIDEOS } from './demo-videos.js';

/** Registers `sora-rx demo`. */
export function defineDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'generate six videos on an embedded simulator, watch them live and save them; one fails on purpose',
    )
    .option('--dir <dir>', 'where to save the videos', './sora-videos')
    .option('--json', 'print NDJSON events instead of the live view')
    .option(
      '--time-scale <x>',
      'how much faster than real time the simulated jobs run',
      parseTimeScale,
      DEMO_TIME_SCALE,
    )
    .option(
      '--dialect <name>',
      "the simulated gateway's API shape: seed, openai or openrouter (OpenRouter's models and lengths: 4, 8 or 12 s; default: seed)",
      parseDialect,
    )
    .addHelpText(
      'after',
      '\nNo key or network needed. Times shown are simulated. Exit code 0 means the demo behaved as\ndesigned: five videos saved and the one meant to fail failed.',
    )
    .action(async (flags: DemoFlags) => {
      // Said before the runner loads the simulator and the library: no blank screen meanwhile.
      if (flags.json !== true) {
        context.output.out(
          `sora-rx demo: ${DEMO_VIDEOS.length} videos on an embedded simulated API, ${flags.timeScale}× ` +
            `faster than real time.\nTimes shown are simulated; videos go to ${flags.dir}.\n`,
        );
      }
      const { runDemoCommand } = await import('./demo-runner.js');
      context.setExitCode(await runDemoCommand(flags, context));
    });
}
