import type { Observable } from 'rxjs';
import type { JournalEntry, SoraClient, VideoTask } from '../../index.js';
import { JournalFold } from '../../journal/journal-fold.js';
import type { JournalRecord } from '../../journal/journal-record.js';
import { batchKeys } from '../batch/batch-keys.js';
import { type PromptLine, readPromptsFile } from '../batch/prompts-file.js';
import type { Connection } from '../config.js';
import { createClient } from '../create-client.js';
import { resumeCommandOf } from '../journal/journal-flags.js';
import { learnedEstimates } from '../journal/learned-estimates.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { prepareDownloadDir } from '../prepare-download-dir.js';
import { printable } from '../render/printable.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import type { WatchTarget } from '../watch/board-events.js';
import { createRetryNotices } from '../watch/retry-notices.js';
import { judgeWatch } from '../watch/verdict.js';
import { watchAndReport } from '../watch/watch-and-report.js';
import type { CommandContext } from './command-context.js';
import { pollOptionsOf } from './connection-options.js';
import type { CreateFlags } from './create-runner.js';

/** What a rerun does with one line of the file, from what the journal holds of its key. */
type LinePlan =
  | { readonly kind: 'create'; readonly key: string }
  | { readonly kind: 'watch'; readonly id: string }
  | { readonly kind: 'done'; readonly entry: JournalEntry }
  | { readonly kind: 'uncertain' };

/**
 * Runs `sora-rx create --from FILE`: one video per line, each created with an idempotency key
 * derived from the line, under the client's rate limit, journaled, watched in one live view and
 * saved with `--download`. A rerun of the same file skips the lines the journal has settled
 * (saved or failed), watches again those created and not finished, and creates the others.
 */
export async function runBatchCreate(
  flags: CreateFlags & { readonly from: string },
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  const { io, output } = context;
  const lines = await readPromptsFile(flags.from, {
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.seconds === undefined ? {} : { seconds: flags.seconds }),
    ...(flags.size === undefined ? {} : { size: flags.size }),
  });
  // Videos must never be paid for when they cannot be saved: the folder is checked first.
  if (flags.download !== undefined) await prepareDownloadDir(flags.download, io.cwd);
  const journal = await openCliJournal(flags, io.env, output);
  try {
    const entries = journal === undefined ? [] : await entriesOf(journal.load());
    const plans = planLines(lines, entries);
    output.err(`${describePlans(flags.from, plans)}\n`);
    const sora = createClient(connection, { journal });
    const targets = lines.flatMap((line, index) => {
      const target = targetOf(sora, line, plans[index] as LinePlan, flags);
      return target === undefined ? [] : [target];
    });
    if (targets.length === 0) return 0;
    return await watchAndReport({
      sora,
      targets,
      dir: flags.download,
      allowPrivateAddresses: flags.allowPrivateAddresses === true,
      mode: chooseReporterMode(flags.json === true, io.stdout.isTTY),
      output,
      cwd: io.cwd,
      now: Date.now,
      title: `creating ${targets.length} ${targets.length === 1 ? 'video' : 'videos'} from ${flags.from}`,
      table: true,
      judge: judgeWatch,
      connection,
      resumeCommand: resumeCommandOf(flags),
      learned: await learnedEstimates(journal),
    });
  } finally {
    await journal?.close();
  }
}

async function entriesOf(records: Promise<readonly JournalRecord[]>): Promise<JournalEntry[]> {
  const fold = new JournalFold();
  for (const record of await records) fold.add(record);
  return fold.entries();
}

/** What to do with each line, by the journal's entry of its key. */
function planLines(lines: readonly PromptLine[], entries: readonly JournalEntry[]): LinePlan[] {
  const byKey = new Map(
    entries.flatMap((entry) => (entry.key === undefined ? [] : [[entry.key, entry]])),
  );
  const keys = batchKeys(lines.map((line) => line.params));
  return keys.map((key) => {
    const entry = byKey.get(key);
    if (entry === undefined) return { kind: 'create', key };
    if (entry.saved === true || entry.status === 'failed' || entry.expired === true) {
      return { kind: 'done', entry };
    }
    return entry.id === undefined ? { kind: 'uncertain' } : { kind: 'watch', id: entry.id };
  });
}

/** `prompts.jsonl: 3 prompts; 1 done before, 2 to create.` */
function describePlans(file: string, plans: readonly LinePlan[]): string {
  const count = (kind: LinePlan['kind']) => plans.filter((plan) => plan.kind === kind).length;
  const parts = [
    [count('done'), 'done before (skipped)'],
    [count('watch'), 'created before, watched again'],
    [count('create'), 'to create'],
    [
      count('uncertain'),
      'sent before without an answer (skipped: see `sora-rx resume --recreate-uncertain`)',
    ],
  ].filter(([n]) => (n as number) > 0);
  const total = `${plans.length} ${plans.length === 1 ? 'prompt' : 'prompts'}`;
  return `${printable(file)}: ${total}; ${parts.map(([n, what]) => `${n} ${what}`).join(', ')}.`;
}

/** The row of a line to create or watch again; none for a line settled or uncertain. */
function targetOf(
  sora: SoraClient,
  line: PromptLine,
  plan: LinePlan,
  flags: CreateFlags,
): WatchTarget | undefined {
  // Each row's polls report their retries to that row.
  const { retry, notices$ } = createRetryNotices();
  const options = { ...pollOptionsOf(flags), retry };
  let task$: Observable<VideoTask>;
  if (plan.kind === 'create') {
    task$ = sora.generate$({ ...line.params, idempotencyKey: plan.key }, options);
  } else if (plan.kind === 'watch') {
    task$ = sora.videoStatus$(plan.id, options);
  } else return undefined;
  const { model, seconds } = line.params;
  return {
    init: {
      key: `line ${line.line}`,
      ...(model === undefined ? {} : { model }),
      ...(seconds === undefined ? {} : { seconds: Number(seconds) }),
    },
    task$,
    retries$: notices$,
  };
}
