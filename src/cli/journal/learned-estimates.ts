import type { Journal } from '../../index.js';
import { JournalFold } from '../../journal/journal-fold.js';
import { pastCompletions } from '../../journal/past-completions.js';
import type { LearnedEstimates } from '../watch/board.js';

/** How many earlier tasks of a model and length make an estimate worth showing. */
const ENOUGH = 3;

/**
 * What the journal teaches of this gateway's generation times: for a model and length of which it
 * holds at least three tasks created here and completed, the shortest and longest they took, so
 * that the time left shown is this gateway's, not the published one. Nothing without a journal.
 */
export async function learnedEstimates(journal: Journal | undefined): Promise<LearnedEstimates> {
  if (journal === undefined) return () => undefined;
  const fold = new JournalFold();
  for (const record of await journal.load()) fold.add(record);
  const completions = pastCompletions(fold.entries());
  return (model, seconds) => {
    const ages = completions
      .filter((done) => done.model === model && done.seconds === seconds)
      .map((done) => done.ageMs);
    return ages.length < ENOUGH
      ? undefined
      : { minMs: Math.min(...ages), maxMs: Math.max(...ages) };
  };
}
