import type { SoraDialect } from '../../testing/simulator/index.js';
import { type SoraSimulator, startSoraSimulator } from '../../testing/simulator/index.js';
import { describeError } from '../describe-error.js';
import { onStopSignal } from '../interrupt.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx simulate`. */
export interface SimulateFlags {
  readonly port: number;
  readonly host: string;
  readonly timeScale: number;
  readonly dialect: SoraDialect;
  readonly apiKey?: string | undefined;
  readonly seed?: number | undefined;
  readonly failRate?: number | undefined;
  /** `--cancel`: serve a gateway's `POST /videos/{id}/cancel` (OpenAI's dialect only). */
  readonly cancel?: boolean | undefined;
}

/** Runs the simulator until SIGINT or SIGTERM, then closes it and resolves with 0. */
export async function runSimulateCommand(
  flags: SimulateFlags,
  { io, output }: CommandContext,
): Promise<number> {
  let sim: SoraSimulator;
  try {
    sim = await startSoraSimulator({
      port: flags.port,
      host: flags.host,
      timeScale: flags.timeScale,
      dialect: flags.dialect,
      ...(flags.cancel === true ? { cancel: true } : {}),
      ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.failRate === undefined ? {} : { faults: { failRate: flags.failRate } }),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    output.err(`sora-rx: could not start the simulator: ${describeError(error).message}\n`);
    return 1;
  }
  output.out(
    `Sora simulator listening (${sim.dialect} dialect, time ×${flags.timeScale}, seed ${sim.seed}).\n`,
  );
  // The simulator's own key is printed on purpose, unredacted: clients in other shells need it.
  io.stdout.write(connectionHelp(sim, flags.timeScale));
  output.out('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    const stopListening = onStopSignal(() => {
      stopListening();
      resolve();
    });
  });
  await sim.close();
  output.err('Simulator stopped.\n');
  return 0;
}

/** How to point `sora-rx` (or an app) at the simulator: the variables, or the flags. */
function connectionHelp(sim: SoraSimulator, timeScale: number): string {
  return [
    'Connect from another shell with these variables:',
    `export SORA_BASE_URL=${sim.baseUrl}`,
    `export SORA_API_KEY=${sim.apiKey}`,
    `or with flags: --base-url ${sim.baseUrl} --api-key ${sim.apiKey}`,
    'Then, for example (in a clone of sora-rx, `npm run sora-rx --` in place of `sora-rx`):',
    ...examplesFor(sim.dialect),
    '  sora-rx watch <id...> --download ./videos',
    `Tasks run ${timeScale}× faster than real time, and the simulator's poll hints keep pace with ` +
      'them: no poll flags needed.',
    '',
  ].join('\n');
}

/**
 * Commands to try on a simulator of `dialect`: OpenRouter's needs its dialect named (its address
 * is not openrouter.ai) and makes 4, 8 or 12 seconds.
 */
function examplesFor(dialect: SoraDialect): string[] {
  if (dialect !== 'openrouter') {
    return ['  sora-rx create --prompt "A lighthouse at dusk" --seconds 10 --wait'];
  }
  return [
    '  sora-rx models --dialect openrouter',
    '  sora-rx create --dialect openrouter --prompt "A lighthouse at dusk" --seconds 8 --wait',
  ];
}
