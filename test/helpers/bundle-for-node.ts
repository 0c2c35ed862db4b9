import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const FIXTURE = fileURLToPath(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));

/** What to bundle, and where. */
export interface BundleForNodeOptions<Name extends string> {
  /** The scripts, by the name of their bundle: `{ cli: 'src/cli/main.ts' }` gives `bin/cli.mjs`. */
  readonly entryPoints: Readonly<Record<Name, string>>;
  /** The folder the bundles go to, in `bin/`, with the simulator's MP4 in `fixtures/`. */
  readonly outDir: string;
  /** Constants replaced at build time, as tsup's `define`. */
  readonly define?: Readonly<Record<string, string>>;
}

/**
 * Bundles TypeScript scripts that tests run as child processes into plain ESM, dependencies
 * included: a process then starts in a fraction of a second, where `--import tsx` transpiles the
 * sources at every start. Resolves with the path of each bundle, by name.
 */
export async function bundleForNode<Name extends string>(
  options: BundleForNodeOptions<Name>,
): Promise<Record<Name, string>> {
  const bin = path.join(options.outDir, 'bin');
  await build({
    entryPoints: { ...options.entryPoints },
    bundle: true,
    // `platform: 'node'` sets the `node` condition: `#platform` resolves to src/platform/node.ts.
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: bin,
    outExtension: { '.js': '.mjs' },
    define: { ...options.define },
    logLevel: 'warning',
    // Bundled CommonJS (undici, commander) still calls require.
    banner: {
      js: "import { createRequire as soraCreateRequire } from 'node:module'; const require = soraCreateRequire(import.meta.url);",
    },
  });
  // The simulator finds its sample MP4 at ../fixtures beside its module.
  await mkdir(path.join(options.outDir, 'fixtures'), { recursive: true });
  await copyFile(FIXTURE, path.join(options.outDir, 'fixtures', 'sample.mp4'));
  return Object.fromEntries(
    Object.keys(options.entryPoints).map((name) => [name, path.join(bin, `${name}.mjs`)]),
  ) as Record<Name, string>;
}
