import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Core files that need a process and a module graph of their own, each: the rest of the core
 * shares them, file after file, in each worker.
 */
const ISOLATED = [
  // vi.mock replaces a module in the whole module graph it is loaded into.
  'test/cli/commands/demo-banner.test.ts',
  // Counts the process's timers, and the module's own requests in flight.
  'test/http/hold-process-open.test.ts',
  // Log every request that any HTTP server of the process receives (a diagnostics channel).
  'test/bullmq/fleet.test.ts',
  'test/bullmq/stalled.test.ts',
  'test/bullmq/fleet-sweep.test.ts',
  // Counts the process's handles and unhandled rejections from start to end.
  'tools/soak/fault-soak.test.ts',
];

export default defineConfig({
  resolve: {
    // The adapters and examples import sora-rx by its package name, as apps do: tests run the
    // sources (the same mapping as tsconfig.json's `paths`).
    alias: [
      { find: /^sora-rx$/, replacement: source('./src/index.ts') },
      { find: /^sora-rx\/angular$/, replacement: source('./src/angular/index.ts') },
      { find: /^sora-rx\/bullmq$/, replacement: source('./src/bullmq/index.ts') },
      { find: /^sora-rx\/nest$/, replacement: source('./src/nest/index.ts') },
      { find: /^sora-rx\/node$/, replacement: source('./src/node.ts') },
      { find: /^sora-rx\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^sora-rx\/webhooks$/, replacement: source('./src/webhooks/index.ts') },
    ],
  },
  test: {
    testTimeout: 10_000,
    // Vitest's default is one worker fewer than the cores: a single one on a two-core machine,
    // where most files wait on sockets, child processes, Redis and the wall clock, not the CPU.
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          // The tools' own short checks (the short soak, the pictures, the package) run here too.
          include: ['test/**/*.test.ts', 'tools/**/*.test.ts'],
          exclude: ['node_modules/**', 'test/angular/**', 'test/nest/**', ...ISOLATED],
          // Loading the core again for each of its ~130 files was half the suite's CPU time.
          isolate: false,
          // The CLI and the other child scripts, bundled once for the run: see the file.
          globalSetup: ['test/helpers/child-scripts.setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED },
      },
      // The adapters' files share one module graph per framework: each file would otherwise load
      // Angular or Nest, and the core, again, which is most of their time.
      {
        extends: true,
        test: {
          name: 'angular',
          include: ['test/angular/**/*.test.ts'],
          setupFiles: ['test/angular/angular-test-bed.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'nest', include: ['test/nest/**/*.test.ts'], isolate: false },
      },
    ],
  },
});
