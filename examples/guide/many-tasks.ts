import { filter, merge, type Observable, reduce } from 'rxjs';
import { isTerminal, type SoraClient } from 'sora-rx';

/** How many tasks completed and how many failed. A failed task does not stop the others. */
export function countOutcomes$(
  sora: SoraClient,
  ids: readonly string[],
): Observable<{ completed: number; failed: number }> {
  return merge(...ids.map((id) => sora.videoStatus$(id))).pipe(
    filter((task) => isTerminal(task.status)),
    reduce(
      (counts, task) => ({ ...counts, [task.status]: counts[task.status as 'completed'] + 1 }),
      { completed: 0, failed: 0 },
    ),
  );
}
