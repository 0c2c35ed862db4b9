import { copyFile, mkdir } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import packageJson from './package.json' with { type: 'json' };

/** The simulator's MP4, which `startSoraSimulator` and `sora-rx demo` serve, shipped in `dist/`. */
async function copySampleMp4(): Promise<void> {
  await mkdir('dist/fixtures', { recursive: true });
  await copyFile('src/testing/fixtures/sample.mp4', 'dist/fixtures/sample.mp4');
}

/** The Node entries of the core's build, besides the core itself, whose declarations are built alone. */
const DECLARED_ENTRIES = {
  node: 'src/node.ts',
  testing: 'src/testing/index.ts',
  bullmq: 'src/bullmq/index.ts',
} as const;

export default defineConfig([
  {
    // The fleet adapter (`sora-rx/bullmq`) runs in Node only, and needs some of the core's
    // internals (src/core-for-fleet.ts): built with the core, sharing its chunks. Splitting is on
    // for CommonJS too, so that `require('sora-rx/bullmq')` runs the very core `require('sora-rx')`
    // loaded (one `SoraError`, one platform), not a copy of its own.
    entry: {
      index: 'src/index.ts',
      ...DECLARED_ENTRIES,
    },
    format: ['esm', 'cjs'],
    // The declarations of the other three are built one entry at a time, below: built together,
    // they would share chunks with hashed names (`journal-Ggq1I8hS.d.ts`) that users would read.
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    shims: true,
    splitting: true,
    onSuccess: copySampleMp4,
  },
  // Each one whole in its own file: `sora-rx/node`, `sora-rx/testing` and `sora-rx/bullmq` repeat
  // the declarations of the core types they name (`HttpTransport`, `Journal`, `VideoTask`, ...).
  // TypeScript compares types by shape, so they are the very types `sora-rx` exports; the classes
  // among them (`SoraError`) have no private members, which would make them differ.
  ...(['node', 'testing', 'bullmq'] as const).map((name) => ({
    entry: { [name]: DECLARED_ENTRIES[name] },
    format: ['esm' as const, 'cjs' as const],
    dts: { only: true },
  })),
  {
    // Browsers, Deno, Bun and edge runtimes: `#platform` resolves to its fetch-based default here.
    entry: { browser: 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The framework adapters import the core as `sora-rx`, kept external: an app holds one copy of
    // it, and its own conditions pick the core's build (`browser` for an Angular app).
    entry: {
      angular: 'src/angular/index.ts',
      nest: 'src/nest/index.ts',
      webhooks: 'src/webhooks/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    platform: 'neutral',
    splitting: false,
    target: 'es2022',
    external: ['sora-rx'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    // The version alone, not the whole package.json inlined to read it.
    define: { __SORA_RX_VERSION__: JSON.stringify(packageJson.version) },
  },
]);
