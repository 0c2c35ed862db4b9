import { createRedactor } from '../http/redact.js';
import type { CliIo } from './cli-io.js';

/** Everything the CLI prints goes through here, so that no secret ever reaches a terminal or log. */
export interface Output {
  /** The terminal (or pipe) behind stdout, for the live view, which redacts before drawing. */
  readonly stdout: NodeJS.WriteStream;
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** `text` with every secret, in any form a server may echo it in, replaced by `[REDACTED]`. */
  redact(text: string): string;
}

/** An output that redacts `secrets` from everything written to the streams of `io`. */
export function createOutput(io: CliIo, secrets: ReadonlyArray<string | undefined>): Output {
  const redactor = createRedactor(secrets);
  const redact = (text: string) => redactor.redact(text);
  return {
    stdout: io.stdout,
    out: (text) => io.stdout.write(redact(text)),
    err: (text) => io.stderr.write(redact(text)),
    redact,
  };
}

/**
 * The API keys this run may print by accident: the environment's and any `--api-key` value on
 * the command line.
 */
export function collectSecrets(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const secrets = [env.SORA_API_KEY];
  argv.forEach((arg, index) => {
    if (arg === '--api-key') secrets.push(argv[index + 1]);
    else if (arg.startsWith('--api-key=')) secrets.push(arg.slice('--api-key='.length));
  });
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
}
