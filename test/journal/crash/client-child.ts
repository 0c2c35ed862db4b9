// A client process of the crash test, with the journal on. `run` creates COUNT videos at once,
// watches them and saves each as it completes, printing one line per step (`created <id>`,
// `progress <id> <bytes>`, `saved <id>`) for the test to choose when to kill it. `resume` runs
// `resume$` with `recreateUncertain` to the end and prints `resumed <json summary>`.
import { concatMap, lastValueFrom, mergeMap, range, tap, toArray } from 'rxjs';
import { createSoraClient } from '../../../src/client.js';
import { fileJournal } from '../../../src/journal/file-journal.js';

const [mode, baseUrl, apiKey = '', journalPath, dir, count] = process.argv.slice(2);
if (mode === undefined || baseUrl === undefined || journalPath === undefined || dir === undefined) {
  throw new Error('usage: client-child run|resume BASE_URL API_KEY JOURNAL DIR COUNT');
}
const journal = fileJournal(journalPath);
const sora = createSoraClient({
  baseUrl,
  apiKey,
  journal,
  poll: { intervalMs: 100, ageAware: false, jitter: 0 },
  retry: { baseDelayMs: 10, maxDelayMs: 100 },
});
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'run') {
  await lastValueFrom(
    range(0, Number(count)).pipe(
      mergeMap((i) =>
        sora.createVideo$({ prompt: `video ${i}` }).pipe(
          tap((task) => say(`created ${task.id}`)),
          concatMap((task) => sora.videoStatus$(task.id)),
          sora.downloadWhenCompleted({ dir }),
          tap((event) => {
            if (event.type !== 'download') return;
            const { progress } = event;
            say(`${progress.done ? 'saved' : 'progress'} ${event.task.id} ${progress.bytes}`);
          }),
        ),
      ),
    ),
    { defaultValue: undefined },
  );
  say('finished');
} else {
  const events = await lastValueFrom(
    sora.resume$({ dir, recreateUncertain: true }).pipe(toArray()),
  );
  const errors = events
    .filter((event) => event.type === 'error' || event.type === 'uncertain')
    .map((event) => String((event as { error: unknown }).error));
  const saved = events.filter((event) => event.type === 'download' && event.progress.done).length;
  await journal.close();
  say(`resumed ${JSON.stringify({ saved, errors })}`);
}
