// The published declarations, read as users read them: one file per entry, under the entry's own
// name, and the model's types spelled out. `npm run check:package` runs this on dist/ after its
// build (tools/package/check-package.sh); declarations.test.ts shows what it catches.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A declaration chunk rollup names after its first module plus a hash: `journal-Ggq1I8hS.d.ts`. */
const HASHED_FILE = /-[\w$]{8}\.d\.[cm]?ts$/;
/** An import or re-export of such a chunk inside a declaration file. */
const HASHED_IMPORT = /from '\.\/[\w.-]+-[\w$]{8}\.[cm]?js'/;
/** `VideoStatus` as users expect it: the four statuses, in this order. */
const STATUS_UNION =
  /type VideoStatus = ["']queued["'] \| ["']processing["'] \| ["']completed["'] \| ["']failed["'];/;

/**
 * What is wrong with a set of declaration files, named as in dist/: hashed chunk names, in file
 * names or imports, and a `VideoStatus` or `VideoTask` declared as io-ts types.
 *
 * @param files The declaration files' text, by file name.
 * @return One line per problem; none when all is well.
 */
export function declarationProblems(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, text] of files) {
    if (HASHED_FILE.test(name)) problems.push(`${name}: a chunk with a hashed name`);
    const hashed = HASHED_IMPORT.exec(text);
    if (hashed !== null) problems.push(`${name}: imports a hashed chunk (${hashed[0]})`);
  }
  for (const name of ['index.d.ts', 'index.d.cts']) {
    const text = files.get(name);
    if (text === undefined) {
      problems.push(`${name}: missing`);
      continue;
    }
    if (!STATUS_UNION.test(text)) {
      problems.push(`${name}: VideoStatus is not declared as the union of the four statuses`);
    }
    if (/declare const (VideoStatus|VideoTask)\b/.test(text)) {
      problems.push(`${name}: VideoStatus or VideoTask is declared as an io-ts codec`);
    }
    if (!/type VideoTask = \{/.test(text)) {
      problems.push(`${name}: VideoTask is not declared as an object type`);
    }
  }
  return problems;
}

/** The declaration files of a directory, by file name. */
async function readDeclarations(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((name) => /\.d\.[cm]?ts$/.test(name));
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8')));
  return new Map(names.map((name, index) => [name, texts[index] ?? '']));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  const files = await readDeclarations(dist);
  const problems = declarationProblems(files);
  if (problems.length > 0) {
    console.error(
      `The declarations in dist/ are not as users should read them:\n${problems.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`declarations: ${[...files.keys()].sort().join(', ')}`);
}
