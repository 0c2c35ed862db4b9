// No promise of sora-rx rejects unhandled.
import type { SoakRecord } from '../run-soak.js';
import { type CheckResult, countBy } from './check-result.js';

/** Judges the unhandled rejections the run saw. */
export function checkUnhandledRejections(
  record: Pick<SoakRecord, 'unhandledRejections'>,
): CheckResult {
  const rejections = record.unhandledRejections;
  return {
    name: 'no unhandled rejection',
    passed: rejections.length === 0,
    summary: `${rejections.length} unhandled rejections`,
    details: rejections.length === 0 ? [] : [countBy(rejections, (message) => message)],
  };
}
