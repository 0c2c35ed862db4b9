// sora-rx as the benchmarks measure it: compiled the way `npm run build` ships it, not as tsx runs
// the sources. tsx compiles with esbuild's `keepNames`, which gives every closure a property of its
// own (about 256 B each, and the CPU to set it), a cost no user's build pays.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

type Core = typeof import('../../src/index.js');
type Testing = typeof import('../../src/testing/index.js');

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules, so that the bundle's imports of rxjs, undici and io-ts resolve as an app's do.
const outdir = `${root}node_modules/.cache/sora-rx-bench/${process.pid}`;

await build({
  entryPoints: { index: `${root}src/index.ts`, testing: `${root}src/testing/index.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  logLevel: 'error',
});

/** The compiled core entry, `sora-rx`. */
export const core: Core = await import(`${outdir}/index.mjs`);
/** The compiled `sora-rx/testing` entry. */
export const testing: Testing = await import(`${outdir}/testing.mjs`);
// Loaded: the files are no longer needed.
rmSync(outdir, { recursive: true, force: true });
