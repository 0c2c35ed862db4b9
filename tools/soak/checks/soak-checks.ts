// Every check of a soak run, in the order the report shows them.
import type { SoakRecord } from '../run-soak.js';
import { checkAfterUnsubscribe } from './check-after-unsubscribe.js';
import { checkRequestRate } from './check-request-rate.js';
import type { CheckResult } from './check-result.js';
import { checkSavedVideos } from './check-saved-videos.js';
import { checkSimulatorAgreement } from './check-simulator-agreement.js';
import { checkTerminalStatus } from './check-terminal-status.js';
import { checkUnhandledRejections } from './check-unhandled-rejections.js';

/** Runs every check on a soak run. */
export function checkSoak(record: SoakRecord): CheckResult[] {
  return [
    checkTerminalStatus(record),
    checkSavedVideos(record),
    checkSimulatorAgreement(record),
    checkRequestRate(record),
    checkUnhandledRejections(record),
    checkAfterUnsubscribe(record),
  ];
}
