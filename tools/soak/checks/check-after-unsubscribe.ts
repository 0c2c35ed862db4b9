// Nothing is left after the unsubscribe: no handle, no request sent, no connection opened.
import type { SoakRecord } from '../run-soak.js';
import { type CheckResult, countBy } from './check-result.js';

/**
 * How long after the unsubscribe a request may still arrive: it was on the wire already, and the
 * simulator's process stamps it when its own event loop gets to it.
 */
const IN_FLIGHT_MS = 100;

/** Judges what the client did and held once `watchAll$` was unsubscribed. */
export function checkAfterUnsubscribe(
  record: Pick<SoakRecord, 'leftoverResources' | 'simulator' | 'unsubscribedAtMs'>,
): CheckResult {
  const after = record.unsubscribedAtMs + IN_FLIGHT_MS;
  const requests = record.simulator.requestTimes.filter((time) => time > after).length;
  const connections = record.simulator.connectionTimes.filter((time) => time > after).length;
  const leftovers = record.leftoverResources;
  const details: string[] = [];
  if (leftovers.length > 0) details.push(`handles left: ${countBy(leftovers, (kind) => kind)}`);
  if (requests > 0) details.push(`${requests} requests arrived after the unsubscribe`);
  if (connections > 0) details.push(`${connections} connections opened after the unsubscribe`);
  return {
    name: 'no handle, request or connection after the unsubscribe',
    passed: details.length === 0,
    summary: `${leftovers.length} handles above the baseline, ${requests} requests and ${connections} connections after it`,
    details,
  };
}
