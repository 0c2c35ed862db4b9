// The short fault soak, inside `npm test`: 300 tasks against the simulator in its own process,
// with every fault on. `npm run soak` runs the full one (2,000 tasks).
import { describe, expect, it } from 'vitest';
import { checkSoak } from './checks/soak-checks.js';
import { runSoak } from './run-soak.js';
import { randomSeed, shortSoakOptions } from './soak-options.js';
import { formatSoakReport } from './soak-report.js';

describe('the short fault soak', () => {
  it('keeps every promise under 5xx, drops, slow and malformed answers, a 429 storm and cut downloads', async () => {
    const seed = Number(process.env.SORA_SOAK_SEED ?? randomSeed());
    const record = await runSoak(shortSoakOptions(seed));
    const results = checkSoak(record);
    const report = formatSoakReport(record, results, true).join('\n');
    console.log(report);

    expect(record.timedOut, report).toBe(false);
    expect(results).toHaveLength(6);
    expect(
      results.filter((result) => !result.passed).map((result) => result.name),
      report,
    ).toEqual([]);
  }, 60_000);
});
