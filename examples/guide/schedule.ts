import type { Observable } from 'rxjs';
import type { SoraClient, VideoTask } from 'sora-rx';

/** The default schedule: at once, at 30 s, then from the shortest generation time on. */
export function watchOnDefaultSchedule$(sora: SoraClient, id: string): Observable<VideoTask> {
  return sora.videoStatus$(id);
}

/** Every 10 s (± 10 %) from the first answer on, whatever the task's age: what you set wins. */
export function watchEveryTenSeconds$(sora: SoraClient, id: string): Observable<VideoTask> {
  return sora.videoStatus$(id, { intervalMs: 10_000, jitter: 0.1 });
}
