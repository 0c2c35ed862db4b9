// A client process of the crash test, with the journal on.
//
// `run POINT N`: creates COUNT videos at once, watches them and saves each as it completes, and
// kills itself with SIGKILL (a real one: no handler, no flush) at the point named:
// - `mid-create`: as the answer to the N-th create arrives, before the client reads it: that task
//   exists at the server, and the journal holds only its intent;
// - `mid-watch`: once every task is created, as they are being watched;
// - `mid-download`: after N videos are saved, at a progress report of another one, in the first
//   half of its file.
// `resume`: runs `resume$` with `recreateUncertain` to the end and prints `resumed <json summary>`.
import { existsSync } from 'node:fs';
import { concatMap, lastValueFrom, mergeMap, range, tap, toArray } from 'rxjs';
import { createSoraClient } from '../../../src/client/create-sora-client.js';
import type { HttpTransport } from '../../../src/http/http-transport.js';
import { undiciTransport } from '../../../src/http/undici-transport.js';
import { fileJournal } from '../../../src/journal/file-journal.js';

const [mode, baseUrl, apiKey = '', journalPath, dir, count, point, nth] = process.argv.slice(2);
if (mode === undefined || baseUrl === undefined || journalPath === undefined || dir === undefined) {
  throw new Error('usage: client-child run|resume BASE_URL API_KEY JOURNAL DIR COUNT [POINT N]');
}
const total = Number(count);
const n = Number(nth);
const die = () => process.kill(process.pid, 'SIGKILL');

const base = undiciTransport();
let creates = 0;
const transport: HttpTransport = (request) =>
  base(request).pipe(
    tap(() => {
      if (point === 'mid-create' && request.method === 'POST' && ++creates === n) die();
    }),
  );

const journal = fileJournal(journalPath);
const sora = createSoraClient({
  baseUrl,
  apiKey,
  journal,
  transport,
  poll: { intervalMs: 100, ageAware: false, jitter: 0 },
  retry: { baseDelayMs: 10, maxDelayMs: 100 },
});
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'run') {
  let created = 0;
  let saved = 0;
  await lastValueFrom(
    range(0, total).pipe(
      mergeMap((i) =>
        sora.createVideo$({ prompt: `video ${i}` }).pipe(
          tap((task) => {
            say(`created ${task.id}`);
            if (point === 'mid-watch' && ++created === total) die();
          }),
          concatMap((task) => sora.videoStatus$(task.id)),
          sora.downloadWhenCompleted({ dir }),
          tap((event) => {
            if (event.type !== 'download') return;
            const { progress } = event;
            say(`${progress.done ? 'saved' : 'progress'} ${event.task.id} ${progress.bytes}`);
            if (progress.done) saved += 1;
            const early =
              progress.totalBytes !== undefined && progress.bytes < progress.totalBytes / 2;
            // A progress report may arrive after its file is whole (the journal's write of the
            // download's start comes first): kill only while the part file is really there.
            const partial = existsSync(`${progress.file}.part`);
            if (point === 'mid-download' && !progress.done && early && partial && saved >= n) die();
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
