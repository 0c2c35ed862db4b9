// The soak's report, as lines to print: the run, then one verdict per check with its counts.
import type { CheckResult } from './checks/check-result.js';
import type { SoakRecord } from './run-soak.js';
import { fullSoakOptions, type SoakOptions, shortSoakOptions } from './soak-options.js';

/** The command that replays a soak run with these options. */
export function replayCommand(options: SoakOptions, short: boolean): string {
  const preset = short ? shortSoakOptions(options.seed) : fullSoakOptions(options.seed);
  const tasks = options.taskCount === preset.taskCount ? '' : ` --tasks ${options.taskCount}`;
  return `npm run soak -- --seed ${options.seed}${short ? ' --short' : ''}${tasks}`;
}

/** The lines of the report of one run. */
export function formatSoakReport(
  record: SoakRecord,
  results: readonly CheckResult[],
  short: boolean,
): string[] {
  const { options, simulator } = record;
  const faults = Object.entries(simulator.metrics.faults)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const lines = [
    `fault soak, seed ${options.seed}: ${record.ids.length} tasks (+${record.pendingIds.length} never finishing), ` +
      `rate ${options.rateLimit.requestsPerSecond}/s + burst ${options.rateLimit.burst}, ` +
      `client ${(record.clientMs / 1000).toFixed(1)} s${record.timedOut ? ' (deadline reached)' : ''}, ` +
      `in all ${(record.wallMs / 1000).toFixed(1)} s`,
    `simulator: ${simulator.metrics.totalRequests} requests, ${simulator.metrics.downloads} downloads; ` +
      `faults injected: ${faults || 'none'}`,
  ];
  for (const result of results) {
    lines.push(`${result.passed ? 'PASS' : 'FAIL'} ${result.name}: ${result.summary}`);
    for (const detail of result.details) lines.push(`     ${detail}`);
  }
  const failed = results.filter((result) => !result.passed).length;
  lines.push(
    failed === 0
      ? 'every check passed'
      : `${failed} of ${results.length} checks failed; replay with: ${replayCommand(options, short)}`,
  );
  return lines;
}
