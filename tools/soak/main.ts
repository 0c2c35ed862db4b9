// `npm run soak [-- --seed N] [--short] [--tasks N] [--keep]`: the fault soak, at most 2 minutes.
// Prints the seed first and a verdict per check; exits 1 if any check failed.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSoak } from './checks/soak-checks.js';
import { runSoak } from './run-soak.js';
import { fullSoakOptions, randomSeed, shortSoakOptions } from './soak-options.js';
import { formatSoakReport, replayCommand } from './soak-report.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    short: { type: 'boolean', default: false },
    tasks: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
if (!Number.isSafeInteger(seed))
  throw new TypeError(`Expected \`--seed\` to be an integer, got ${values.seed}`);
const preset = values.short ? shortSoakOptions(seed) : fullSoakOptions(seed);
const taskCount = values.tasks === undefined ? preset.taskCount : Number(values.tasks);
if (!Number.isSafeInteger(taskCount) || taskCount < 1) {
  throw new TypeError(
    `Expected \`--tasks\` to be a whole number of at least 1, got ${values.tasks}`,
  );
}
const options = { ...preset, taskCount };

console.log(`fault soak: seed ${seed}; replay with: ${replayCommand(options, values.short)}`);
const record = await runSoak(options, values.keep);
const results = checkSoak(record);
for (const line of formatSoakReport(record, results, values.short)) console.log(line);
const kept = record.files[0]?.file;
if (values.keep && kept !== undefined) console.log(`files kept in ${path.dirname(kept)}`);
process.exitCode = results.every((result) => result.passed) ? 0 : 1;
