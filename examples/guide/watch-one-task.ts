import { map, type Observable } from 'rxjs';
import type { SoraClient } from 'sora-rx';

/** One line each time the task changes, until it is completed or failed. */
export function statusLines$(sora: SoraClient, id: string): Observable<string> {
  return sora.videoStatus$(id).pipe(map((task) => `${task.id} ${task.status}`));
}
