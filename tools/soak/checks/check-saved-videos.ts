// Every completed video is saved byte-identical exactly once, and nothing else is left behind.
import type { SoakRecord } from '../run-soak.js';
import { type CheckResult, countBy, withExamples } from './check-result.js';

/** Judges the downloads of the tasks `watchAll$` reported completed. */
export function checkSavedVideos(
  record: Pick<SoakRecord, 'tasks' | 'saved' | 'downloadErrors' | 'files' | 'video'>,
): CheckResult {
  const completed = [
    ...new Set(record.tasks.filter((t) => t.status === 'completed').map((t) => t.id)),
  ];
  const savedBy = new Map<string, string[]>();
  for (const { id, file } of record.saved) savedBy.set(id, [...(savedBy.get(id) ?? []), file]);
  const fileAt = new Map(record.files.map((file) => [file.file, file]));
  const errorsOf = new Map<string, string[]>();
  for (const { id, code } of record.downloadErrors) {
    errorsOf.set(id, [...(errorsOf.get(id) ?? []), code]);
  }

  const good: string[] = [];
  const twice: string[] = [];
  const notSaved: string[] = [];
  const missingFile: string[] = [];
  const corrupt: string[] = [];
  for (const id of completed) {
    const files = savedBy.get(id) ?? [];
    if (files.length === 0) {
      notSaved.push(id);
      continue;
    }
    if (files.length > 1) twice.push(id);
    const file = fileAt.get(files[0] ?? '');
    if (file === undefined) missingFile.push(id);
    else if (file.sha256 !== record.video.sha256 || file.size !== record.video.size)
      corrupt.push(id);
    else if (files.length === 1) good.push(id);
  }
  const ownerOf = new Map<string, string>();
  const shared: string[] = [];
  for (const { id, file } of record.saved) {
    const owner = ownerOf.get(file);
    if (owner !== undefined && owner !== id) shared.push(`${owner} and ${id}`);
    ownerOf.set(file, id);
  }
  const stray = record.files.filter((file) => !ownerOf.has(file.file)).map((file) => file.file);

  const details: string[] = [];
  if (notSaved.length > 0) {
    const failed = notSaved.flatMap((id) => (errorsOf.get(id) ?? []).slice(-1));
    details.push(`completed but not saved: ${withExamples(notSaved)}`);
    if (failed.length > 0) details.push(`  download errors: ${countBy(failed, (code) => code)}`);
    const silent = notSaved.length - failed.length;
    if (silent > 0) details.push(`  ${silent} with no error and no end (cut off by the deadline)`);
  }
  if (twice.length > 0) details.push(`saved twice or more: ${withExamples(twice)}`);
  if (corrupt.length > 0)
    details.push(`saved with other bytes than served: ${withExamples(corrupt)}`);
  if (missingFile.length > 0) details.push(`reported saved, no file: ${withExamples(missingFile)}`);
  if (shared.length > 0) details.push(`two tasks saved to one file: ${withExamples(shared)}`);
  if (stray.length > 0) details.push(`files nobody reported: ${withExamples(stray)}`);
  return {
    name: 'every completed video is saved byte-identical exactly once',
    passed: details.length === 0,
    summary:
      `${completed.length} completed: ${good.length} saved once and identical, ` +
      `${notSaved.length} not saved, ${twice.length} saved twice, ${corrupt.length} corrupt, ` +
      `${stray.length} stray files`,
    details,
  };
}
