// Which folder of src/ imports which: read from the sources themselves, for the architecture
// picture. TypeScript's own pre-parser finds the imports (comments and strings are no imports).
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** A source file: its path from the repository's root (with `/`), and its text. */
export interface SourceFile {
  /** For example `src/client/create-sora-client.ts`. */
  readonly path: string;
  /** Its TypeScript. */
  readonly text: string;
}

/** Imports from one box of the picture to another. */
export interface FolderImport {
  /** The importing box: a top-level folder of src/, or an entry file such as `index.ts`. */
  readonly from: string;
  /** The imported box. */
  readonly to: string;
  /** How many import statements (type-only ones included) make the arrow. */
  readonly count: number;
}

/** Every `.ts` file under `root`, sorted by path. */
export function readSources(root = 'src'): SourceFile[] {
  const paths = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => posix.join(root, name.split('\\').join('/')))
    .sort();
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/**
 * The module names that are not relative paths but still lead into src/, each with the file it
 * leads to: the package's own name and subpaths (tsconfig.json `paths`), and its `#` imports
 * (package.json `imports`, by the first condition: the one TypeScript reads).
 */
export function readAliases(): Record<string, string> {
  const tsconfig = ts.readConfigFile('tsconfig.json', ts.sys.readFile).config as {
    compilerOptions: { paths?: Record<string, string[]> };
  };
  const aliases: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths ?? {})) {
    if (target !== undefined) aliases[name] = posix.normalize(target);
  }
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
    imports?: Record<string, unknown>;
  };
  for (const [name, target] of Object.entries(packageJson.imports ?? {})) {
    const first = typeof target === 'string' ? target : Object.values(target as object)[0];
    if (typeof first === 'string') aliases[name] = posix.normalize(first);
  }
  return aliases;
}

/** The box of a path under src/: its top-level folder, or the file itself at the top. */
export function boxOf(path: string): string | undefined {
  const [root, top, ...rest] = path.split('/');
  if (root !== 'src' || top === undefined) return undefined;
  return rest.length === 0 ? top.replace(/[.]js$/, '.ts') : top;
}

/** Where `specifier`, imported by `file`, leads under src/; undefined for a package. */
function resolve(file: string, specifier: string, aliases: Record<string, string>) {
  const alias = aliases[specifier];
  if (alias !== undefined) return alias;
  if (specifier.startsWith('.')) return posix.join(posix.dirname(file), specifier);
  return undefined;
}

/** The imports between boxes, one entry per pair (a box's imports of itself left out), sorted. */
export function folderImports(
  files: readonly SourceFile[],
  aliases: Record<string, string>,
): FolderImport[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    const from = boxOf(file.path);
    for (const { fileName } of ts.preProcessFile(file.text, true, true).importedFiles) {
      const target = resolve(file.path, fileName, aliases);
      const to = target === undefined ? undefined : boxOf(target);
      if (from === undefined || to === undefined || to === from) continue;
      const key = `${from}\n${to}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.keys()].sort().map((key) => {
    const [from, to] = key.split('\n') as [string, string];
    return { from, to, count: counts.get(key) as number };
  });
}
