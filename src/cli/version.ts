import { readFileSync } from 'node:fs';

/** The version, set by the build (tsup's `define`); absent when the sources run as they are. */
declare const __SORA_RX_VERSION__: string | undefined;

/** Reads the version from package.json: the sources (tests, tsx) have no build to set it. */
function readSourceVersion(): string {
  const packageJson = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** The version of sora-rx: set at build time in `dist/cli.js`, read from package.json in `src/`. */
export const VERSION: string =
  typeof __SORA_RX_VERSION__ === 'string' ? __SORA_RX_VERSION__ : readSourceVersion();
