// The tests Stryker runs against each mutant (see stryker.config.json): the core project only,
// without the suites that start other processes (their coverage is invisible to Stryker, and one
// run of them costs seconds per mutant).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    testTimeout: base.test?.testTimeout ?? 10_000,
    // The folders whose tests reach the mutated code (Stryker's own `testFiles` would activate
    // static mutants too late: stryker-js#6144).
    include: [
      'test/{operators,http,integration,client,api,schedule,watch,events,list,download,journal,webhooks}/**/*.test.ts',
    ],
    exclude: [
      'node_modules/**',
      'test/angular/**',
      'test/nest/**',
      'test/cli/e2e/**',
      'test/integration/process-liveness.test.ts',
      'test/journal/crash.test.ts',
      'test/fuzz/**',
    ],
  },
});
