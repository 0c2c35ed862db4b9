import type { Observable } from 'rxjs';
import type { VideoModel } from '../../index.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import { keyRefusedError } from '../key-refused.js';
import { renderModelsTable } from '../render/models.js';
import { jsonLine, printable } from '../render/printable.js';
import { runOnce } from '../run-once.js';
import { UsageError } from '../usage-error.js';
import { EXIT_FAILED } from '../watch/verdict.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx models`. */
export interface ModelsFlags extends ConnectionFlags {
  readonly json?: boolean | undefined;
}

/** Runs `sora-rx models`: the gateway's models list, as a table or NDJSON; resolves with the exit code. */
export async function runModelsCommand(
  flags: ModelsFlags,
  connection: Connection,
  { io, output }: CommandContext,
): Promise<number> {
  const sora = createClient(connection);
  const outcome = await runOnce(modelsOf(() => sora.models$(), connection));
  switch (outcome.kind) {
    case 'value': {
      const models = outcome.value;
      if (flags.json === true) for (const model of models) output.out(jsonLine(model));
      else if (models.length === 0) output.out('The gateway lists no video models.\n');
      else output.out(renderModelsTable(models, io.stdout.isTTY === true));
      return 0;
    }
    case 'error': {
      const { code, message } = describeError(outcome.error);
      const refused = keyRefusedError({ code, message }, connection);
      if (refused !== undefined) throw refused;
      output.err(`sora-rx: ${code}: ${printable(message)}\n`);
      return EXIT_FAILED;
    }
    case 'signal':
      output.err('Interrupted: the request was cancelled.\n');
      return exitCodeOf(outcome.signal);
  }
}

/** The models request; a dialect without a list of models (a `TypeError`) is a usage error. */
function modelsOf(
  models$: () => Observable<VideoModel[]>,
  connection: Connection,
): Observable<VideoModel[]> {
  try {
    return models$();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new UsageError(
      `the ${connection.dialect ?? 'openai'} dialect has no list of models: pass --dialect openrouter for a gateway that has one`,
    );
  }
}
