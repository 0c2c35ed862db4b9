// Every task reaches its terminal status exactly once: no duplicate terminal event, none missing.
import type { SoakRecord } from '../run-soak.js';
import { type CheckResult, countBy, withExamples } from './check-result.js';

const isTerminal = (status: string) => status === 'completed' || status === 'failed';

/** Judges the terminal events `watchAll$` emitted for the tasks planned to finish. */
export function checkTerminalStatus(
  record: Pick<SoakRecord, 'ids' | 'tasks' | 'watchErrors'>,
): CheckResult {
  const terminalCount = new Map<string, number>();
  for (const { id, status } of record.tasks) {
    if (isTerminal(status)) terminalCount.set(id, (terminalCount.get(id) ?? 0) + 1);
  }
  const errorOf = new Map(record.watchErrors.map((error) => [error.id, error]));
  const once = record.ids.filter((id) => terminalCount.get(id) === 1);
  const twice = record.ids.filter((id) => (terminalCount.get(id) ?? 0) > 1);
  const missing = record.ids.filter((id) => !terminalCount.has(id));
  const errored = missing.filter((id) => errorOf.has(id));
  const unfinished = missing.filter((id) => !errorOf.has(id));
  const planned = new Set(record.ids);
  const pendingTerminal = [...terminalCount.keys()].filter((id) => !planned.has(id));

  const details: string[] = [];
  if (twice.length > 0) details.push(`terminal twice or more: ${withExamples(twice)}`);
  if (errored.length > 0) {
    const errors = errored.map((id) => errorOf.get(id)).filter((error) => error !== undefined);
    details.push(`watch ended in an error: ${countBy(errors, (error) => error.code)}`);
    for (const error of errors.slice(0, 3)) details.push(`  ${error.id}: ${error.message}`);
  }
  if (unfinished.length > 0) {
    details.push(`no terminal event and no error by the end: ${withExamples(unfinished)}`);
  }
  if (pendingTerminal.length > 0) {
    details.push(`terminal though never finishing: ${withExamples(pendingTerminal)}`);
  }
  return {
    name: 'every task reaches its terminal status exactly once',
    passed: details.length === 0,
    summary:
      `${record.ids.length} tasks: ${once.length} terminal once, ${twice.length} twice or more, ` +
      `${missing.length} missing (${errored.length} errored, ${unfinished.length} unfinished)`,
    details,
  };
}
