import { lastValueFrom, type Observable } from 'rxjs';
import { type SoraClient, throwIfFailed, type VideoEvent } from 'sora-rx';

/** Creates a task: one request, retried only where it provably never reached the gateway. */
export function createOne(sora: SoraClient, prompt: string): Promise<string> {
  return lastValueFrom(sora.createVideo$({ prompt, seconds: 10 })).then((task) => task.id);
}

/** Creates a task, watches it to the end, and saves its video into `dir` as soon as it completes. */
export function generateAndSave$(
  sora: SoraClient,
  prompt: string,
  dir: string,
): Observable<VideoEvent> {
  return sora
    .generate$({ prompt, seconds: 10 })
    .pipe(throwIfFailed(), sora.downloadWhenCompleted({ dir }));
}
